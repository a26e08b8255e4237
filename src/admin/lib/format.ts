import type { Contact, ContactStatus, SuppressionReason } from "./types"

type BadgeColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

export const STATUS_LABELS: Record<ContactStatus, string> = {
  pending: "Pending",
  subscribed: "Subscribed",
  unsubscribed: "Unsubscribed",
  bounced: "Bounced",
  complained: "Complained",
  cleaned: "Cleaned",
}

export const STATUS_COLORS: Record<ContactStatus, BadgeColor> = {
  pending: "orange",
  subscribed: "green",
  unsubscribed: "grey",
  bounced: "red",
  complained: "red",
  cleaned: "purple",
}

export const REASON_LABELS: Record<SuppressionReason, string> = {
  hard_bounce: "Hard bounce",
  complaint: "Complaint",
  manual: "Manual",
  unsubscribed: "Unsubscribed",
  erased: "Erased (GDPR)",
}

/** Sources the backend records; the filter also offers any other source it sees. */
export const KNOWN_SOURCES = ["admin", "import", "customer", "order", "storefront"]

const SOURCE_LABELS: Record<string, string> = {
  admin: "Admin",
  import: "Import",
  customer: "Customer",
  order: "Order",
  storefront: "Storefront",
  store_api: "Store API",
  preference_center: "Preference centre",
  double_opt_in: "Double opt-in",
  gdpr: "GDPR erasure",
}

/** Label for a system source; free-text sources (consent wording) as written. */
export const sourceLabel = (source?: string | null) =>
  !source ? "-" : SOURCE_LABELS[source] ?? source

export const humanize = (value: string) =>
  value.replace(/[_-]+/g, " ").replace(/^\w/, (c) => c.toUpperCase())

export const formatDateTime = (value?: string | null) => {
  if (!value) {
    return "-"
  }
  const d = new Date(value)
  if (Number.isNaN(d.getTime())) {
    return value
  }
  return d.toLocaleString(undefined, {
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  })
}

export const formatDate = (value?: string | null) => {
  if (!value) {
    return "-"
  }
  const d = new Date(value)
  return Number.isNaN(d.getTime())
    ? value
    : d.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" })
}

export const contactName = (c: Pick<Contact, "first_name" | "last_name">) =>
  [c.first_name, c.last_name].filter(Boolean).join(" ") || null

export const errorMessage = (e: unknown, fallback = "Something went wrong") => {
  if (e && typeof e === "object" && "message" in e && typeof (e as any).message === "string") {
    return (e as any).message || fallback
  }
  return fallback
}
