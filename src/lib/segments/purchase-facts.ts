/**
 * The per-contact collection summary (mkt_contact_collection, see
 * Migration20261124120000) as it follows from the line facts: per contact
 * and collection, the distinct non-canceled orders and the last one's time.
 * One definition for recordOrderFacts, the benchmark's generator and the
 * tests that seed lines by hand.
 */

/**
 * `INSERT ... SELECT` of the summary rows of the line facts `l` that
 * `where` selects (a condition the caller writes, with its own
 * placeholders), updating rows that exist.
 */
export function upsertContactCollectionsSql(where: string): string {
  return `INSERT INTO mkt_contact_collection AS s (contact_id, collection_id, orders_count, last_placed_at)
    SELECT l.contact_id, l.collection_id, count(DISTINCT l.order_id)::int, max(l.placed_at)
    FROM mkt_order_line_fact l
    WHERE l.deleted_at IS NULL AND NOT l.canceled AND l.collection_id IS NOT NULL AND (${where})
    GROUP BY l.contact_id, l.collection_id
    ON CONFLICT (contact_id, collection_id) DO UPDATE SET
      orders_count = EXCLUDED.orders_count, last_placed_at = EXCLUDED.last_placed_at
    WHERE (s.orders_count, s.last_placed_at) IS DISTINCT FROM (EXCLUDED.orders_count, EXCLUDED.last_placed_at)`
}

/**
 * `DELETE` of the summary rows `s` that `where` selects and that no live,
 * non-canceled line backs any more (the order was canceled or moved to
 * another address).
 */
export function pruneContactCollectionsSql(where: string): string {
  return `DELETE FROM mkt_contact_collection s
    WHERE (${where}) AND NOT EXISTS (
      SELECT 1 FROM mkt_order_line_fact l
      WHERE l.contact_id = s.contact_id AND l.collection_id = s.collection_id
        AND l.deleted_at IS NULL AND NOT l.canceled
    )`
}
