import { buildContactLinks, listUnsubscribeHeaders } from "../links"
import { signTrackingToken } from "../tracking/tokens"
import type { ContactContext, ProductContext, RenderContext, StoreContext } from "../templates"

/** The contact columns a render needs (as the database returns them). */
export type RecipientRow = {
  id: string
  email: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  locale?: string | null
  timezone?: string | null
  country_code?: string | null
  subscribed_at?: Date | string | null
  has_account?: boolean | null
  orders_count?: number | string | null
  total_spent?: number | string | null
  avg_order_value?: number | string | null
  currency_code?: string | null
  first_order_at?: Date | string | null
  last_order_at?: Date | string | null
  rfm_group?: string | null
}

/** The columns of mkt_contact to select for RecipientRow. */
export const RECIPIENT_COLUMNS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "locale",
  "timezone",
  "country_code",
  "subscribed_at",
  "has_account",
  "orders_count",
  "total_spent",
  "avg_order_value",
  "currency_code",
  "first_order_at",
  "last_order_at",
  "rfm_group",
] as const

export type RecipientShared = {
  store: StoreContext
  publicUrl: string
  /** base of the open pixel and click redirect (tracking_url); default publicUrl */
  trackingUrl?: string
  secret: string
  /** the campaign's topic: unsubscribe links then leave only that topic */
  topicHandle?: string | null
  campaign?: { name?: string }
  products?: Record<string, ProductContext>
}

const num = (v: unknown) => (v === null || v === undefined || v === "" ? undefined : Number(v))
const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : (v as string | null | undefined) ?? null)

export function contactContext(row: RecipientRow): ContactContext {
  return {
    id: row.id,
    email: row.email,
    first_name: row.first_name ?? null,
    last_name: row.last_name ?? null,
    phone: row.phone ?? null,
    locale: row.locale ?? null,
    timezone: row.timezone ?? null,
    country_code: row.country_code ?? null,
    subscribed_at: iso(row.subscribed_at),
    has_account: Boolean(row.has_account),
    orders_count: num(row.orders_count) ?? 0,
    total_spent: num(row.total_spent) ?? 0,
    avg_order_value: num(row.avg_order_value) ?? 0,
    currency_code: row.currency_code ?? null,
    first_order_at: iso(row.first_order_at),
    last_order_at: iso(row.last_order_at),
    rfm_group: row.rfm_group ?? null,
  }
}

/**
 * One recipient's render context and the RFC 8058 unsubscribe headers for
 * the same links. `shared` is built once per send. With `messageId` the
 * unsubscribe links name the message, so an unsubscribe is recorded on it.
 */
export function recipientContext(
  row: RecipientRow,
  shared: RecipientShared,
  messageId?: string
): { context: RenderContext; headers: Record<string, string> } {
  const links = buildContactLinks({
    publicUrl: shared.publicUrl,
    secret: shared.secret,
    contactId: row.id,
    topicHandle: shared.topicHandle,
    messageToken: messageId ? signTrackingToken({ kind: "view", message_id: messageId }, shared.secret) : null,
  })
  const context: RenderContext = {
    contact: contactContext(row),
    store: shared.store,
    unsubscribe_url: links.unsubscribe_url,
    preferences_url: links.preferences_url,
    campaign: shared.campaign ?? {},
    products: shared.products ?? {},
  }
  return { context, headers: listUnsubscribeHeaders(links) }
}
