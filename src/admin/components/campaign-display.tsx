import { Badge, StatusBadge, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { AbMetric, CampaignEstimate, CampaignMessageStatus, CampaignStatus } from "../hooks/campaigns"

type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

export const CAMPAIGN_STATUS_LABELS: Record<CampaignStatus, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  sending: "Sending",
  paused: "Paused",
  sent: "Sent",
  cancelled: "Cancelled",
}

const CAMPAIGN_STATUS_COLORS: Record<CampaignStatus, BadgeColor> = {
  draft: "grey",
  scheduled: "blue",
  sending: "orange",
  paused: "red",
  sent: "green",
  cancelled: "grey",
}

export const CampaignStatusBadge = ({ status }: { status: CampaignStatus }) => (
  <StatusBadge color={CAMPAIGN_STATUS_COLORS[status] ?? "grey"} data-testid="campaign-status" data-status={status}>
    {CAMPAIGN_STATUS_LABELS[status] ?? status}
  </StatusBadge>
)

export const MESSAGE_STATUS_LABELS: Record<CampaignMessageStatus, string> = {
  held: "Held",
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  skipped: "Skipped",
  cancelled: "Cancelled",
}

const MESSAGE_STATUS_COLORS: Record<CampaignMessageStatus, BadgeColor> = {
  held: "purple",
  queued: "blue",
  sending: "orange",
  sent: "green",
  failed: "red",
  skipped: "grey",
  cancelled: "grey",
}

export const MessageStatusBadge = ({ status }: { status: CampaignMessageStatus }) => (
  <StatusBadge color={MESSAGE_STATUS_COLORS[status] ?? "grey"}>{MESSAGE_STATUS_LABELS[status] ?? status}</StatusBadge>
)

export const SKIP_REASON_LABELS: Record<string, string> = {
  suppressed: "Suppressed",
  unsubscribed: "Unsubscribed",
  topic_opt_out: "Opted out of the topic",
  frequency_cap: "Frequency cap",
}

export const AB_METRIC_LABELS: Record<AbMetric, string> = {
  open_rate: "Open rate",
  click_rate: "Click rate",
  revenue_per_recipient: "Revenue per recipient",
}

/** Variant 0 is "A". */
export const variantLetter = (i: number) => String.fromCharCode(65 + i)

export const formatPercent = (value: number, digits = 1) =>
  `${value.toLocaleString(undefined, { maximumFractionDigits: digits })}%`

/** Seconds as "45 s", "12 min", "2 h 5 min". */
export function formatEta(seconds: number | null | undefined) {
  if (seconds === null || seconds === undefined) {
    return "—"
  }
  if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`
  const m = Math.round(seconds / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`
}

export const formatRate = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? "—" : `${rate.toLocaleString(undefined, { maximumFractionDigits: 1 })} msg/s`

/** The browser's time zone, e.g. "Europe/London". */
export const browserTimeZone = () => {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || "local time"
  } catch {
    return "local time"
  }
}

/** A UTC ISO time shown in the browser's time zone, with the zone's short name. */
export function formatSendTime(value?: string | null) {
  if (!value) {
    return "-"
  }
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) {
    return value
  }
  return d.toLocaleString(undefined, {
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  })
}

/** What a not-yet-tracked number shows. */
export const NotTracked = () => (
  <span className="text-ui-fg-muted" title="Tracking is not available yet">
    —
  </span>
)

const ESTIMATE_ROWS: { key: keyof CampaignEstimate; label: string; hint: string; minus?: boolean }[] = [
  { key: "audience", label: "Audience", hint: "In the included segments, minus the excluded ones" },
  { key: "suppressed", label: "Suppressed", hint: "Bounced, complained or blocked addresses", minus: true },
  { key: "unsubscribed", label: "Unsubscribed", hint: "Not subscribed to marketing mail", minus: true },
  { key: "topic_opt_out", label: "Topic opt-outs", hint: "Opted out of the campaign's topic", minus: true },
  { key: "frequency_cap", label: "Frequency-capped", hint: "Mailed too recently", minus: true },
]

/**
 * Who a campaign reaches: the audience, what is taken off and why, and the
 * number that will get the mail. Shared by the audience step, the review and
 * the campaign page.
 */
export const EstimateFigures = ({
  estimate,
  pending,
  testId = "campaign-estimate",
}: {
  estimate?: CampaignEstimate | null
  pending?: boolean
  testId?: string
}) => (
  <div className="flex flex-col" data-testid={testId} data-pending={pending ? "true" : "false"}>
    {ESTIMATE_ROWS.map((row) => (
      <div key={row.key} className="flex items-center justify-between gap-x-4 py-1.5" title={row.hint}>
        <Text size="small" className="text-ui-fg-subtle">
          {row.label}
        </Text>
        <Text
          size="small"
          className="text-ui-fg-base tabular-nums"
          data-testid={`${testId}-${row.key}`}
          data-value={estimate ? String(estimate[row.key]) : ""}
        >
          {estimate ? `${row.minus && estimate[row.key] > 0 ? "−" : ""}${estimate[row.key].toLocaleString()}` : "…"}
        </Text>
      </div>
    ))}
    <div className="mt-1 flex items-center justify-between gap-x-4 border-t pt-2">
      <Text size="small" weight="plus" className="text-ui-fg-base">
        Sendable
      </Text>
      <span
        className="txt-compact-xlarge-plus text-ui-fg-base tabular-nums"
        data-testid={`${testId}-sendable`}
        data-value={estimate ? String(estimate.sendable) : ""}
      >
        {estimate ? estimate.sendable.toLocaleString() : "…"}
      </span>
    </div>
  </div>
)

/** A small label/value stat in a row of stats. */
export const Stat = ({
  label,
  children,
  testId,
}: {
  label: string
  children: ReactNode
  testId?: string
}) => (
  <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={testId}>
    <Text size="xsmall" className="text-ui-fg-muted">
      {label}
    </Text>
    <div className="txt-compact-medium-plus text-ui-fg-base">{children}</div>
  </div>
)

export const VariantBadge = ({ index, winner }: { index: number; winner?: boolean }) => (
  <Badge size="2xsmall" color={winner ? "green" : "grey"}>
    {winner ? `${variantLetter(index)} · winner` : variantLetter(index)}
  </Badge>
)
