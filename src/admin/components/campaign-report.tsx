import { Badge, Container, Heading, Table, Text, Tooltip } from "@medusajs/ui"
import { InformationCircleSolid } from "@medusajs/icons"
import type { CampaignReport, ReportLink } from "../hooks/analytics"
import {
  AnalyticsEmpty,
  formatCount,
  formatMoneyList,
  formatRatio,
  HUMAN_NOTE,
} from "./analytics-display"
import { Stat, variantLetter } from "./campaign-display"

/** Rates are of delivered mail once the mail provider reported deliveries for the campaign, else of sent mail. */
export const hasDeliveryReports = (report: CampaignReport) =>
  report.rate_basis ? report.rate_basis === "delivered" : report.totals.delivered > 0

/* --------------------------------- summary -------------------------------- */

/** The report's headline rates and money, in a row of stats. */
export const CampaignReportStats = ({ report }: { report: CampaignReport }) => {
  const t = report.totals
  const base = hasDeliveryReports(report) ? "delivered" : "sent"
  return (
    <Container className="p-0" data-testid="campaign-report-stats">
      <div className="grid grid-cols-2 divide-x md:grid-cols-4 xl:grid-cols-8">
        <Stat label="Open rate" testId="campaign-report-open-rate">
          <RateValue value={t.open_rate} hint={`Unique human opens of ${base} emails`} />
        </Stat>
        <Stat label="Click rate" testId="campaign-report-click-rate">
          <RateValue value={t.click_rate} hint={`Unique human clicks of ${base} emails`} />
        </Stat>
        <Stat label="Click-to-open" testId="campaign-report-ctor">
          <RateValue value={t.click_to_open_rate} hint="Of the people who opened, the share who clicked" />
        </Stat>
        <Stat label="Unsubscribe rate" testId="campaign-report-unsubscribe-rate">
          <RateValue value={t.unsubscribe_rate} hint={`${formatCount(t.unsubscribes)} unsubscribed from this email`} />
        </Stat>
        <Stat label="Bounce rate" testId="campaign-report-bounce-rate">
          <RateValue
            value={t.bounce_rate}
            hint={`${formatCount(t.bounced)} bounced, ${formatCount(t.hard_bounced)} of them permanently`}
          />
        </Stat>
        <Stat label="Complaint rate" testId="campaign-report-complaint-rate">
          <RateValue value={t.complaint_rate} hint={`${formatCount(t.complaints)} marked it as spam`} />
        </Stat>
        <Stat label="Revenue" testId="campaign-report-revenue">
          <span className="tabular-nums" title={`${formatCount(t.orders)} attributed orders`}>
            {formatMoneyList(t.revenue)}
          </span>
        </Stat>
        <Stat label="Revenue per recipient" testId="campaign-report-rpr">
          <span className="tabular-nums">{formatMoneyList(t.revenue_per_recipient)}</span>
        </Stat>
      </div>
    </Container>
  )
}

const RateValue = ({ value, hint }: { value: number; hint: string }) => (
  <span className="tabular-nums" title={hint} data-value={value}>
    {formatRatio(value)}
  </span>
)

/* --------------------------------- funnel --------------------------------- */

type Stage = {
  key: string
  label: string
  /** the human number (what the bar shows) */
  value: number
  /** the number with machine opens and scanner clicks, when it differs */
  raw?: number
  hint: string
}

/**
 * Recipients -> delivered -> opened -> clicked -> ordered, as bars scaled to
 * the recipients. Each stage shows the human number, the share of the
 * previous stage, and the raw number (machines included) smaller.
 */
export const CampaignFunnel = ({ report }: { report: CampaignReport }) => {
  const t = report.totals
  const reports = hasDeliveryReports(report)
  const stages: Stage[] = [
    {
      key: "recipients",
      label: "Recipients",
      value: t.recipients,
      hint: `Messages made for this campaign${t.skipped ? `; ${formatCount(t.skipped)} contacts were skipped (suppressed, unsubscribed, opted out or capped)` : ""}`,
    },
    reports
      ? {
          key: "delivered",
          label: "Delivered",
          value: t.delivered,
          hint: `Reported delivered by the mail provider; ${formatCount(t.sent)} sent, ${formatCount(t.bounced)} bounced, ${formatCount(t.failed)} failed`,
        }
      : {
          key: "delivered",
          label: "Sent",
          value: t.sent,
          hint: `Accepted by the mail server (no delivery reports from the provider yet); ${formatCount(t.failed)} failed`,
        },
    {
      key: "opened",
      label: "Opened",
      value: t.unique_human_opens,
      raw: t.unique_opens,
      hint: `People who opened it (or clicked, which proves an open). ${formatCount(t.human_opens)} human opens in all`,
    },
    {
      key: "clicked",
      label: "Clicked",
      value: t.unique_human_clicks,
      raw: t.unique_clicks,
      hint: `People who clicked a link. ${formatCount(t.human_clicks)} human clicks in all`,
    },
    {
      key: "ordered",
      label: "Ordered",
      value: t.orders,
      hint: "Orders credited to this campaign: the buyer's last click before ordering was in this email",
    },
  ]
  const top = Math.max(1, stages[0].value)
  return (
    <Container className="divide-y p-0" data-testid="campaign-funnel">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h2">Funnel</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          From the people it was sent to, to the orders it earned. Big numbers are people; the small ones include
          machines.
        </Text>
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        {stages.map((s, i) => {
          const prev = i > 0 ? stages[i - 1].value : null
          const share = prev ? s.value / prev : null
          const width = Math.max(s.value > 0 ? 1 : 0, Math.round((s.value / top) * 100))
          return (
            <div
              key={s.key}
              className="grid grid-cols-[110px_1fr_150px] items-center gap-x-4"
              data-testid={`campaign-funnel-${s.key}`}
              data-value={s.value}
              data-raw={s.raw ?? s.value}
              title={s.hint}
            >
              <Text size="small" weight="plus" className="text-ui-fg-subtle">
                {s.label}
              </Text>
              <div className="bg-ui-bg-subtle h-7 w-full overflow-hidden rounded-md">
                <div
                  className="h-full rounded-md transition-[width]"
                  style={{ width: `${width}%`, background: "var(--tag-blue-icon)", opacity: 1 - i * 0.12 }}
                />
              </div>
              <div className="flex items-baseline justify-end gap-x-2">
                <span className="txt-compact-medium-plus text-ui-fg-base tabular-nums" data-testid={`campaign-funnel-${s.key}-value`}>
                  {formatCount(s.value)}
                </span>
                {share !== null && (
                  <span className="text-ui-fg-subtle txt-compact-xsmall tabular-nums">{formatRatio(share)}</span>
                )}
                {s.raw !== undefined && s.raw !== s.value && (
                  <span
                    className="text-ui-fg-muted txt-compact-xsmall tabular-nums"
                    title="Including machine opens and scanner clicks"
                    data-testid={`campaign-funnel-${s.key}-raw`}
                  >
                    ({formatCount(s.raw)} raw)
                  </span>
                )}
              </div>
            </div>
          )
        })}
      </div>
      <div className="flex items-start gap-x-2 px-6 py-3" data-testid="campaign-funnel-note">
        <InformationCircleSolid className="text-ui-fg-muted mt-0.5 shrink-0" />
        <Text size="xsmall" className="text-ui-fg-subtle">
          {HUMAN_NOTE}
          {!reports && " Your mail provider has sent no delivery reports for this campaign, so rates are of the emails sent."}
        </Text>
      </div>
    </Container>
  )
}

/* -------------------------------- variants -------------------------------- */

/** The A/B variants side by side, the winner marked once it is picked. */
export const CampaignVariantsTable = ({ report }: { report: CampaignReport }) => {
  const winner = report.campaign.winner_variant
  return (
    <Container className="divide-y p-0" data-testid="campaign-report-variants">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h2">Variants</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {winner !== null && winner !== undefined
            ? `Variant ${variantLetter(winner)} won the test and went to the rest of the audience.`
            : "How each version of the email did. The winner is marked once it is picked."}
        </Text>
      </div>
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Variant</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Recipients</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Sent</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Open rate</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Click rate</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Click-to-open</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Unsubscribes</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Revenue</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {report.variants.map((v) => {
            const won = winner === v.variant
            return (
              <Table.Row key={v.variant} data-testid="campaign-report-variant" data-variant={v.label}>
                <Table.Cell>
                  <div className="flex items-center gap-x-2">
                    <Badge size="2xsmall" color={won ? "green" : "grey"}>
                      {v.label || variantLetter(v.variant)}
                    </Badge>
                    {won && (
                      <Badge size="2xsmall" color="green" data-testid="campaign-report-winner">
                        Winner
                      </Badge>
                    )}
                  </div>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatCount(v.recipients)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatCount(v.sent)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums" data-testid="campaign-report-variant-open-rate">
                  {formatRatio(v.open_rate)}
                  <span className="text-ui-fg-muted txt-compact-xsmall ml-1">({formatCount(v.unique_human_opens)})</span>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums" data-testid="campaign-report-variant-click-rate">
                  {formatRatio(v.click_rate)}
                  <span className="text-ui-fg-muted txt-compact-xsmall ml-1">({formatCount(v.unique_human_clicks)})</span>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatRatio(v.click_to_open_rate)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatCount(v.unsubscribes)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatCount(v.orders)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoneyList(v.revenue)}</Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
    </Container>
  )
}

/* --------------------------------- links ---------------------------------- */

/** Which links people clicked: human clicks, distinct clickers and each link's share of the clicks. */
export const CampaignLinksTable = ({ report }: { report: CampaignReport }) => {
  const links = report.links
  const total = links.reduce((n, l) => n + l.human_clicks, 0)
  const showVariant = report.variants.length > 1
  return (
    <Container className="divide-y p-0" data-testid="campaign-report-links">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h2">Link clicks</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          Every tracked link in the email. Scanner clicks are left out of the human numbers.
        </Text>
      </div>
      {links.length === 0 ? (
        <AnalyticsEmpty
          title="No tracked links"
          description="This campaign's email has no links to track. Add a button or a link to your template to see which ones people click."
          height={100}
          testId="campaign-report-links-empty"
        />
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Link</Table.HeaderCell>
              {showVariant && <Table.HeaderCell>Variant</Table.HeaderCell>}
              <Table.HeaderCell className="text-right">Human clicks</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Unique clickers</Table.HeaderCell>
              <Table.HeaderCell className="w-[200px]">Share</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {links.map((l) => (
              <LinkRow key={`${l.variant ?? "all"}-${l.position}`} link={l} total={total} showVariant={showVariant} />
            ))}
          </Table.Body>
        </Table>
      )}
    </Container>
  )
}

const LinkRow = ({ link, total, showVariant }: { link: ReportLink; total: number; showVariant: boolean }) => {
  const share = total > 0 ? link.human_clicks / total : 0
  return (
    <Table.Row data-testid="campaign-report-link" data-position={link.position}>
      <Table.Cell className="max-w-[420px]">
        <div className="flex min-w-0 flex-col py-1">
          {link.label && (
            <span className="text-ui-fg-base truncate" title={link.label}>
              {link.label}
            </span>
          )}
          <a
            href={link.url}
            target="_blank"
            rel="noreferrer noopener"
            className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover txt-compact-small truncate"
            title={link.url}
            data-testid="campaign-report-link-url"
          >
            {link.url}
          </a>
        </div>
      </Table.Cell>
      {showVariant && (
        <Table.Cell>
          {link.variant === null ? (
            <span className="text-ui-fg-muted">All</span>
          ) : (
            <Badge size="2xsmall">{variantLetter(link.variant)}</Badge>
          )}
        </Table.Cell>
      )}
      <Table.Cell className="text-right tabular-nums" data-testid="campaign-report-link-human-clicks">
        {formatCount(link.human_clicks)}
        {link.clicks !== link.human_clicks && (
          <Tooltip content="All clicks, scanner clicks included">
            <span className="text-ui-fg-muted txt-compact-xsmall ml-1">({formatCount(link.clicks)} raw)</span>
          </Tooltip>
        )}
      </Table.Cell>
      <Table.Cell className="text-right tabular-nums" data-testid="campaign-report-link-unique">
        {formatCount(link.unique_human_clickers)}
      </Table.Cell>
      <Table.Cell>
        <div className="flex items-center gap-x-2">
          <div className="bg-ui-bg-subtle h-2 flex-1 overflow-hidden rounded-full">
            <div className="h-full rounded-full" style={{ width: `${share * 100}%`, background: "var(--tag-orange-icon)" }} />
          </div>
          <span className="txt-compact-xsmall text-ui-fg-subtle w-[44px] text-right tabular-nums">{formatRatio(share)}</span>
        </div>
      </Table.Cell>
    </Table.Row>
  )
}
