/**
 * mkt_contact_filter (Migration20261124140000): the live contacts with only
 * the columns segment rules filter on, kept by triggers on mkt_contact.
 * compile.ts offers it for rules that read only these columns; the
 * migration keeps its own frozen list, and the scratch-database test checks
 * that the two agree.
 */

/** The columns of mkt_contact_filter besides id, ~5x smaller rows than mkt_contact's. */
export const CONTACT_FILTER_COLUMNS: ReadonlySet<string> = new Set([
  "status",
  "source",
  "locale",
  "timezone",
  "country_code",
  "created_at",
  "subscribed_at",
  "has_account",
  "customer_group_ids",
  "orders_count",
  "total_spent",
  "avg_order_value",
  "refunded_total",
  "currency_code",
  "first_order_at",
  "last_order_at",
  "rfm_recency",
  "rfm_frequency",
  "rfm_monetary",
  "rfm_group",
  "spend_percentile",
  "last_open_at",
  "last_click_at",
])

/**
 * How many rows differ between the copy and the live contacts, both ways
 * (0 when the triggers kept it exact): a health check, and what the tests
 * assert after every kind of write.
 */
export function contactFilterDifferencesSql(): string {
  const cols = ["id", ...CONTACT_FILTER_COLUMNS].join(", ")
  const live = `SELECT ${cols} FROM mkt_contact WHERE deleted_at IS NULL`
  const copy = `SELECT ${cols} FROM mkt_contact_filter`
  return `SELECT count(*)::int AS n FROM ((${live} EXCEPT ALL ${copy}) UNION ALL (${copy} EXCEPT ALL ${live})) d`
}
