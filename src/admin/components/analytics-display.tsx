import { Container, Heading, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { Money } from "../hooks/analytics"

/**
 * Formatting and building blocks shared by the analytics dashboard, the
 * campaign report, the contact activity and the order widget. Numbers go
 * through Intl in the admin's locale; money with its own currency code.
 */

const countFormat = new Intl.NumberFormat(undefined)
const percentFormat = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 1 })

export const formatCount = (n: number | null | undefined) =>
  n === null || n === undefined || Number.isNaN(n) ? "—" : countFormat.format(n)

/** A fraction 0..1 as "12.5%". */
export const formatRatio = (fraction: number | null | undefined) =>
  fraction === null || fraction === undefined || Number.isNaN(fraction) ? "—" : percentFormat.format(fraction)

const moneyFormats = new Map<string, Intl.NumberFormat | null>()

function moneyFormat(currency: string): Intl.NumberFormat | null {
  const code = currency.toUpperCase()
  if (!moneyFormats.has(code)) {
    try {
      moneyFormats.set(code, new Intl.NumberFormat(undefined, { style: "currency", currency: code }))
    } catch {
      // not an ISO 4217 code Intl knows: shown as "12.50 XYZ"
      moneyFormats.set(code, null)
    }
  }
  return moneyFormats.get(code)!
}

/** A decimal amount in major units ("12.5") in its currency ("£12.50"). */
export function formatMoney(amount: string | number | null | undefined, currency: string) {
  const n = typeof amount === "number" ? amount : Number(amount ?? 0)
  if (Number.isNaN(n)) {
    return `${amount} ${currency.toUpperCase()}`
  }
  const f = moneyFormat(currency)
  return f ? f.format(n) : `${n.toFixed(2)} ${currency.toUpperCase()}`
}

/** Compact money for chart axes ("£1.2K"). */
export function formatMoneyShort(amount: number, currency: string) {
  try {
    return new Intl.NumberFormat(undefined, {
      style: "currency",
      currency: currency.toUpperCase(),
      notation: "compact",
      maximumFractionDigits: 1,
    }).format(amount)
  } catch {
    return countFormat.format(amount)
  }
}

/** Amounts in several currencies ("£120.00 · €35.00"); none is "—". */
export const formatMoneyList = (list: Money[] | null | undefined) =>
  list && list.length ? list.map((m) => formatMoney(m.amount, m.currency_code)).join(" · ") : "—"

/** "2026-03-14" (a day bucket from the API) as "14 Mar". */
export function formatDay(day: string) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(day)
  if (!m) {
    return day
  }
  // a calendar day, not an instant: no time zone shift
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short" })
}

/** Why an event was counted as a machine, in words (reasons come from src/lib/tracking/bots.ts). */
export const BOT_REASON_LABELS: Record<string, string> = {
  head_request: "HEAD request (link checker)",
  no_user_agent: "No browser identification",
  security_scanner: "Mail security scanner",
  link_preview: "Link preview",
  office_protocol_discovery: "Office link probe",
  mail_prefetch: "Mailbox provider prefetch",
  http_library: "Script or HTTP library",
  headless_browser: "Automated browser",
  bot_agent: "Bot or crawler",
  apple_mpp: "Apple Mail Privacy Protection",
  prefetch: "Fetched at delivery",
  too_soon_after_send: "Clicked within seconds of sending",
  link_burst: "Every link clicked at once",
}

export const botReasonLabel = (reason: string | null | undefined) =>
  reason ? BOT_REASON_LABELS[reason] ?? reason.replace(/_/g, " ") : "Machine"

/** What "human" means, said once wherever human numbers are shown. */
export const HUMAN_NOTE =
  "Human numbers leave out machine opens (mail privacy proxies such as Apple Mail Privacy Protection fetch every image at delivery) " +
  "and security-scanner clicks (mail gateways follow every link to check it). A click also counts as an open, " +
  "since it proves the message was read even when images were blocked."

/** Chart colours from the admin's theme, so charts follow light and dark mode. */
export const CHART_COLORS = {
  blue: "var(--tag-blue-icon)",
  green: "var(--tag-green-icon)",
  orange: "var(--tag-orange-icon)",
  red: "var(--tag-red-icon)",
  purple: "var(--tag-purple-icon)",
  grey: "var(--tag-neutral-icon)",
  grid: "var(--border-base)",
  axis: "var(--fg-muted)",
}

export const AXIS_TICK = { fill: CHART_COLORS.axis, fontSize: 11 }

export const TOOLTIP_STYLE = {
  contentStyle: {
    background: "var(--bg-base)",
    border: "1px solid var(--border-base)",
    borderRadius: 8,
    fontSize: 12,
    boxShadow: "var(--elevation-tooltip, none)",
  },
  labelStyle: { color: "var(--fg-base)", fontWeight: 500, marginBottom: 4 },
  itemStyle: { color: "var(--fg-subtle)", padding: 0 },
  cursor: { fill: "var(--bg-base-hover)", stroke: "var(--border-base)" },
}

/** One headline number: label, the value, and a line of context under it. */
export const KpiCard = ({
  label,
  value,
  rawValue,
  caption,
  testId,
}: {
  label: string
  value: ReactNode
  /** the unformatted value, for tests and tooltips */
  rawValue?: string | number
  caption?: ReactNode
  testId?: string
}) => (
  <Container className="flex flex-col gap-y-1 px-4 py-3" data-testid={testId} data-value={rawValue ?? ""}>
    <Text size="xsmall" className="text-ui-fg-muted">
      {label}
    </Text>
    <span className="txt-compact-xlarge-plus text-ui-fg-base tabular-nums" data-testid={testId ? `${testId}-value` : undefined}>
      {value}
    </span>
    {caption && (
      <Text size="xsmall" className="text-ui-fg-subtle">
        {caption}
      </Text>
    )}
  </Container>
)

/** A section holding a chart: title, a line saying what it shows, optional controls, then the chart or its empty state. */
export const ChartSection = ({
  title,
  description,
  actions,
  children,
  testId,
  flush,
}: {
  title: string
  description?: ReactNode
  actions?: ReactNode
  children: ReactNode
  testId?: string
  /** children go edge to edge (tables) instead of in a padded box (charts) */
  flush?: boolean
}) => (
  <Container className="divide-y p-0" data-testid={testId}>
    <div className="flex flex-col gap-3 px-6 py-4 sm:flex-row sm:items-start sm:justify-between">
      <div className="flex min-w-0 flex-col gap-y-1">
        <Heading level="h2">{title}</Heading>
        {description && (
          <Text size="small" className="text-ui-fg-subtle">
            {description}
          </Text>
        )}
      </div>
      {actions && <div className="flex shrink-0 items-center gap-2">{actions}</div>}
    </div>
    {flush ? children : <div className="px-4 py-4">{children}</div>}
  </Container>
)

/** What a chart or table shows when there is nothing yet, and what to do about it. */
export const AnalyticsEmpty = ({
  title,
  description,
  action,
  testId,
  height = 220,
}: {
  title: string
  description: ReactNode
  action?: ReactNode
  testId?: string
  height?: number
}) => (
  <div
    className="flex flex-col items-center justify-center gap-y-2 px-6 text-center"
    style={{ minHeight: height }}
    data-testid={testId}
  >
    <Text size="small" weight="plus">
      {title}
    </Text>
    <Text size="small" className="text-ui-fg-subtle max-w-[440px]">
      {description}
    </Text>
    {action}
  </div>
)

/** A small legend swatch with its label. */
export const LegendItem = ({ color, label, line }: { color: string; label: string; line?: boolean }) => (
  <span className="text-ui-fg-subtle txt-compact-xsmall flex items-center gap-x-1.5">
    <span
      className={line ? "inline-block h-0.5 w-3 rounded-full" : "inline-block h-2 w-2 rounded-sm"}
      style={{ background: color }}
    />
    {label}
  </span>
)
