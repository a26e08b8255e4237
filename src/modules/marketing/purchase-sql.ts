type Knex = any

/**
 * The per-contact purchase summary (mkt_contact_purchase, created in
 * Migration20261124090000): one row per contact and product, category or
 * collection they bought, with the number of orders and the first and last
 * time, counting non-canceled orders only. "Bought X (within D days)" and
 * "bought X N+ times" read it instead of the line facts: a contact who
 * bought from a collection in 3 orders is one row here and 3+ lines there,
 * and the rows are narrow enough to hash in a few milliseconds per 100k.
 * The line facts stay the source of truth (windowed counts still read
 * them); this is derived from them, by contact.
 */

export const PURCHASE_KINDS = ["product", "category", "collection"] as const
export type PurchaseKind = (typeof PURCHASE_KINDS)[number]

/**
 * INSERT ... SELECT of the summary rows of the line facts that pass
 * `where` (over `l`, the line facts). One statement for a contact or for
 * every contact (the migration's fill, the benchmark's generator).
 */
export function insertContactPurchasesSql(where = "TRUE"): string {
  return `INSERT INTO mkt_contact_purchase (contact_id, kind, ref_id, orders, first_at, last_at)
    SELECT l.contact_id, p.kind, p.ref_id, count(DISTINCT l.order_id)::int, min(l.placed_at), max(l.placed_at)
    FROM mkt_order_line_fact l
    CROSS JOIN LATERAL (
      SELECT 'product' AS kind, l.product_id AS ref_id WHERE l.product_id IS NOT NULL
      UNION ALL SELECT 'collection', l.collection_id WHERE l.collection_id IS NOT NULL
      UNION ALL SELECT 'category', k.category_id FROM unnest(l.category_ids) AS k(category_id)
    ) p
    WHERE l.deleted_at IS NULL AND NOT l.canceled AND (${where})
    GROUP BY l.contact_id, p.kind, p.ref_id
    ON CONFLICT (contact_id, kind, ref_id) DO UPDATE SET
      orders = EXCLUDED.orders, first_at = EXCLUDED.first_at, last_at = EXCLUDED.last_at`
}

/**
 * Rewrite the summary of these contacts from their line facts (after their
 * orders were recorded, canceled, or moved to another contact), inside the
 * caller's transaction. The contacts' rows are locked first, in id order,
 * so two order events of one contact rewrite its summary one after the
 * other (the second then reads the first's lines).
 */
export async function refreshContactPurchases(knex: Knex, contactIds: string[]): Promise<void> {
  if (!contactIds.length) {
    return
  }
  await knex.raw(`SELECT 1 FROM mkt_contact WHERE id = ANY(?::text[]) ORDER BY id FOR UPDATE`, [contactIds])
  await knex.raw(`DELETE FROM mkt_contact_purchase WHERE contact_id = ANY(?::text[])`, [contactIds])
  await knex.raw(insertContactPurchasesSql("l.contact_id = ANY(?::text[])"), [contactIds])
}
