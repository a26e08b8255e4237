import { Badge, Tooltip } from "@medusajs/ui"
import { contactName, formatDateTime } from "../lib/format"
import type { Segment, SegmentContact } from "../lib/types"

/** Dynamic or static, as a badge. */
export const SegmentTypeBadge = ({ type }: { type: Segment["type"] }) => (
  <Badge size="2xsmall" color={type === "dynamic" ? "blue" : "grey"} data-testid="segment-type">
    {type === "dynamic" ? "Dynamic" : "Static"}
  </Badge>
)

export const BuiltInBadge = () => (
  <Tooltip content="Ships with the plugin: its rules cannot change. Duplicate it to make your own version.">
    <Badge size="2xsmall" color="purple" data-testid="segment-built-in">
      Built-in
    </Badge>
  </Tooltip>
)

/** "3 min ago", "yesterday", "12 Mar": how long ago, with the exact time on hover. */
export const TimeAgo = ({ value, empty = "Never" }: { value?: string | null; empty?: string }) => {
  if (!value) {
    return <span className="text-ui-fg-muted">{empty}</span>
  }
  return (
    <Tooltip content={formatDateTime(value)}>
      <span className="whitespace-nowrap">{timeAgo(value)}</span>
    </Tooltip>
  )
}

export function timeAgo(value: string, now = Date.now()): string {
  const t = new Date(value).getTime()
  if (Number.isNaN(t)) {
    return value
  }
  const s = Math.round((now - t) / 1000)
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" })
  if (Math.abs(s) < 45) return "just now"
  const m = Math.round(s / 60)
  if (Math.abs(m) < 60) return rtf.format(-m, "minute")
  const h = Math.round(m / 60)
  if (Math.abs(h) < 24) return rtf.format(-h, "hour")
  const d = Math.round(h / 24)
  if (Math.abs(d) < 7) return rtf.format(-d, "day")
  return new Date(t).toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })
}

/** Milliseconds as "84 ms" or "1.2 s". */
export const formatDuration = (ms?: number | null) =>
  ms == null ? "-" : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`

/** A money amount (number or decimal string) in its currency, or "-" without one. */
export function formatMoney(amount: number | string | null | undefined, currency?: string | null) {
  if (amount === null || amount === undefined || amount === "") {
    return "-"
  }
  const n = Number(amount)
  if (!Number.isFinite(n)) {
    return String(amount)
  }
  if (!currency) {
    // no currency: no orders yet
    return n === 0 ? "-" : n.toLocaleString(undefined, { maximumFractionDigits: 2 })
  }
  try {
    return n.toLocaleString(undefined, { style: "currency", currency: currency.toUpperCase() })
  } catch {
    return `${n.toLocaleString(undefined, { maximumFractionDigits: 2 })} ${currency.toUpperCase()}`
  }
}

export const formatCount = (n: number, one: string, many: string) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`

/** Email over name, like the contacts list. */
export const SegmentContactCell = ({ contact }: { contact: Pick<SegmentContact, "email" | "first_name" | "last_name"> }) => {
  const name = contactName(contact)
  return (
    <div className="flex min-w-0 flex-col py-1">
      <span className="text-ui-fg-base truncate">{contact.email}</span>
      {name && <span className="text-ui-fg-subtle truncate">{name}</span>}
    </div>
  )
}
