import { Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import {
  Clock,
  CursorArrowRays,
  ExclamationCircle,
  Eye,
  Mailbox,
  MinusCircle,
  Robot,
  ThumbDown,
  Window,
} from "@medusajs/icons"
import type { ComponentType } from "react"
import { useState } from "react"
import { Link } from "react-router-dom"
import { ActivityEvent, ActivityType, useContactActivity } from "../hooks/analytics"
import { formatDateTime } from "../lib/format"
import { botReasonLabel, formatCount } from "./analytics-display"

const PAGE_SIZE = 20

const TYPES: Record<ActivityType, { label: string; Icon: ComponentType<{ className?: string }> }> = {
  open: { label: "Opened", Icon: Eye },
  click: { label: "Clicked", Icon: CursorArrowRays },
  view: { label: "Viewed in the browser", Icon: Window },
  unsubscribe: { label: "Unsubscribed", Icon: MinusCircle },
  delivered: { label: "Delivered", Icon: Mailbox },
  bounce: { label: "Bounced", Icon: ExclamationCircle },
  complaint: { label: "Marked as spam", Icon: ThumbDown },
  deferred: { label: "Delivery delayed", Icon: Clock },
}

const PROBLEM_TYPES: ActivityType[] = ["bounce", "complaint", "unsubscribe"]

/**
 * What this contact did with the emails they got, newest first: opens,
 * clicks (with the link), views, unsubscribes and the provider's delivery
 * reports. Events made by machines (privacy proxies, link scanners) are
 * listed with a "Machine" badge and why, and are not in the human numbers.
 */
export const ContactActivity = ({ contactId }: { contactId: string }) => {
  const [limit, setLimit] = useState(PAGE_SIZE)
  const { events, count, isLoading, isFetching, isError } = useContactActivity(contactId, { limit, offset: 0 })
  const list = events ?? []
  const total = count ?? 0

  return (
    <Container className="divide-y p-0" data-testid="contact-activity">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Email activity</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Opens, clicks and delivery reports for the emails this contact got.
          </Text>
        </div>
        {total > 0 && (
          <Text size="small" className="text-ui-fg-muted tabular-nums" data-testid="contact-activity-count">
            {formatCount(total)} {total === 1 ? "event" : "events"}
          </Text>
        )}
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            Loading activity…
          </Text>
        </div>
      ) : isError ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            The activity could not be loaded. Reload the page to try again.
          </Text>
        </div>
      ) : list.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-8 text-center" data-testid="contact-activity-empty">
          <Text size="small" weight="plus">
            No email activity yet
          </Text>
          <Text size="small" className="text-ui-fg-subtle max-w-[420px]">
            When this contact opens or clicks one of your campaigns, or the mail provider reports a delivery or a
            bounce, it shows up here.
          </Text>
        </div>
      ) : (
        <>
          <ol className="flex flex-col px-6 py-2">
            {list.map((e) => (
              <ActivityItem key={e.id} event={e} />
            ))}
          </ol>
          {list.length < total && (
            <div className="flex justify-center px-6 py-3">
              <Button
                size="small"
                variant="transparent"
                onClick={() => setLimit((l) => l + PAGE_SIZE)}
                isLoading={isFetching}
                data-testid="contact-activity-more"
              >
                Show more ({formatCount(total - list.length)} older)
              </Button>
            </div>
          )}
        </>
      )}
    </Container>
  )
}

const ActivityItem = ({ event: e }: { event: ActivityEvent }) => {
  const type = TYPES[e.type] ?? { label: e.type, Icon: Eye }
  const { Icon } = type
  const problem = PROBLEM_TYPES.includes(e.type)
  return (
    <li
      className="flex items-start gap-x-3 py-2"
      data-testid="contact-activity-event"
      data-type={e.type}
      data-bot={e.is_bot ? "true" : "false"}
    >
      <div
        className={
          "mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-full border " +
          (e.is_bot
            ? "bg-ui-bg-subtle text-ui-fg-muted"
            : problem
              ? "bg-ui-tag-red-bg text-ui-tag-red-icon"
              : "bg-ui-bg-base text-ui-fg-subtle")
        }
      >
        {e.is_bot ? <Robot className="h-4 w-4" /> : <Icon className="h-4 w-4" />}
      </div>
      <div className="flex min-w-0 flex-1 flex-col gap-y-0.5">
        <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <Text size="small" weight="plus" className={e.is_bot ? "text-ui-fg-subtle" : "text-ui-fg-base"}>
            {type.label}
            {e.type === "bounce" && e.bounce_kind
              ? e.bounce_kind === "hard"
                ? " (permanent)"
                : " (temporary)"
              : ""}
          </Text>
          {e.campaign_id && (
            <Link
              to={`/marketing/campaigns/${e.campaign_id}/report`}
              className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small truncate"
              data-testid="contact-activity-campaign"
            >
              {e.campaign_name ?? e.campaign_id}
            </Link>
          )}
          {e.is_bot && (
            <span className="flex items-center gap-x-1" data-testid="contact-activity-machine">
              <Badge size="2xsmall" color="orange">
                Machine
              </Badge>
              <Text size="xsmall" className="text-ui-fg-muted">
                {botReasonLabel(e.bot_reason)}
              </Text>
            </span>
          )}
        </div>
        {e.type === "click" && e.link_url && (
          <a
            href={e.link_url}
            target="_blank"
            rel="noreferrer noopener"
            className="text-ui-fg-subtle hover:text-ui-fg-base txt-compact-xsmall truncate"
            title={e.link_url}
            data-testid="contact-activity-link"
          >
            {e.link_url}
          </a>
        )}
        {e.detail && e.type !== "click" && (
          <Text size="xsmall" className="text-ui-fg-subtle truncate" title={e.detail}>
            {e.detail}
          </Text>
        )}
      </div>
      <Text size="xsmall" className="text-ui-fg-muted shrink-0 whitespace-nowrap pt-1">
        {formatDateTime(e.occurred_at)}
      </Text>
    </li>
  )
}
