import { Alert, clx, Container, Heading, Text } from "@medusajs/ui"
import type { Campaign, CampaignProgress } from "../hooks/campaigns"
import { formatEta, formatPercent, formatRate, formatSendTime } from "./campaign-display"
import { formatDuration } from "./segment-display"

const COUNTS: { key: keyof CampaignProgress; label: string; hint: string }[] = [
  { key: "queued", label: "Queued", hint: "Waiting for their turn (and retries after a temporary failure)" },
  { key: "sent", label: "Sent", hint: "Accepted by the mail provider" },
  { key: "failed", label: "Failed", hint: "Gave up after the retries" },
  { key: "skipped", label: "Skipped", hint: "Left out when the audience was taken: suppressed, unsubscribed, topic opt-out, frequency cap" },
  { key: "held", label: "Held", hint: "The A/B test's remainder, waiting for the winner" },
]

/**
 * How far the send is: a bar with the share done, the counts by state, the
 * current rate and the time left. The page refetches every 2 s while it sends.
 */
export const CampaignProgressSection = ({ campaign }: { campaign: Campaign }) => {
  const p = campaign.progress
  if (!p) {
    return null
  }
  const live = campaign.status === "sending"
  const paused = campaign.status === "paused"
  const percent = Math.max(0, Math.min(100, p.percent))
  return (
    <Container className="divide-y p-0" data-testid="campaign-progress">
      <div className="flex flex-col gap-y-3 px-6 py-4">
        <div className="flex items-center justify-between gap-x-4">
          <Heading level="h2">Progress</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {campaign.completed_at
              ? `Finished ${formatSendTime(campaign.completed_at)}`
              : campaign.started_at
                ? `Started ${formatSendTime(campaign.started_at)}`
                : null}
          </Text>
        </div>
        <div className="flex items-center gap-x-4">
          <div
            className="bg-ui-bg-switch-off h-2 flex-1 overflow-hidden rounded-full"
            role="progressbar"
            aria-label="Send progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            data-testid="campaign-progress-bar"
          >
            <div
              className={clx(
                "h-full rounded-full transition-[width] duration-500",
                paused ? "bg-ui-tag-orange-icon" : campaign.status === "cancelled" ? "bg-ui-fg-muted" : "bg-ui-fg-interactive"
              )}
              style={{ width: `${percent}%` }}
            />
          </div>
          <span
            className="txt-compact-medium-plus text-ui-fg-base w-16 text-right tabular-nums"
            data-testid="campaign-progress-percent"
            data-value={String(p.percent)}
          >
            {formatPercent(p.percent)}
          </span>
        </div>
        <Text size="small" className="text-ui-fg-subtle" data-testid="campaign-progress-summary">
          {p.sent.toLocaleString()} of {(p.sent + p.failed + p.remaining).toLocaleString()} sendable messages sent
          {p.total !== p.sent + p.failed + p.remaining ? ` (${p.total.toLocaleString()} in the audience)` : ""}
          {campaign.snapshot_ms != null ? ` · audience taken in ${formatDuration(campaign.snapshot_ms)}` : ""}
        </Text>
      </div>
      <div className="grid grid-cols-2 divide-x md:grid-cols-7" data-testid="campaign-progress-counts">
        {COUNTS.map((c) => (
          <div key={c.key} className="flex flex-col gap-y-1 px-6 py-4" title={c.hint}>
            <Text size="xsmall" className="text-ui-fg-muted">
              {c.label}
            </Text>
            <span
              className={clx(
                "txt-compact-medium-plus tabular-nums",
                c.key === "failed" && (p.failed ?? 0) > 0 ? "text-ui-fg-error" : "text-ui-fg-base"
              )}
              data-testid={`campaign-progress-${c.key}`}
              data-value={String(p[c.key] ?? 0)}
            >
              {Number(p[c.key] ?? 0).toLocaleString()}
            </span>
          </div>
        ))}
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Text size="xsmall" className="text-ui-fg-muted">
            Rate
          </Text>
          <span className="txt-compact-medium-plus text-ui-fg-base tabular-nums" data-testid="campaign-progress-rate">
            {live ? formatRate(p.rate_per_s) : "—"}
          </span>
        </div>
        <div className="flex flex-col gap-y-1 px-6 py-4">
          <Text size="xsmall" className="text-ui-fg-muted">
            Time left
          </Text>
          <span className="txt-compact-medium-plus text-ui-fg-base tabular-nums" data-testid="campaign-progress-eta">
            {live ? formatEta(p.eta_s) : paused ? "Paused" : "—"}
          </span>
        </div>
      </div>
      {p.cancelled > 0 && (
        <div className="px-6 py-3">
          <Text size="small" className="text-ui-fg-subtle">
            {p.cancelled.toLocaleString()} {p.cancelled === 1 ? "message was" : "messages were"} cancelled before
            going out.
          </Text>
        </div>
      )}
    </Container>
  )
}

/** Why a paused campaign stopped, as the first thing on its page. */
export const PauseReason = ({ campaign }: { campaign: Campaign }) => {
  if (campaign.status !== "paused") {
    return null
  }
  const last = [...(campaign.transitions ?? [])]
    .filter((t) => t.to_status === "paused")
    .sort((a, b) => b.created_at.localeCompare(a.created_at))[0]
  const automatic = last ? !last.actor || last.actor === "system" : Boolean(campaign.pause_reason)
  return (
    <Alert variant={automatic ? "error" : "warning"} dismissible={false} data-testid="campaign-pause-reason">
      <div className="flex flex-col gap-y-1">
        <Text size="small" weight="plus">
          {automatic ? "Paused automatically" : "Paused"}
          {campaign.paused_at ? ` ${formatSendTime(campaign.paused_at)}` : ""}
        </Text>
        <Text size="small">
          {campaign.pause_reason ||
            (automatic ? "The sender stopped the campaign." : "Paused by a team member.")}{" "}
          Nothing more goes out until you resume it; resume continues where it stopped.
        </Text>
      </div>
    </Alert>
  )
}
