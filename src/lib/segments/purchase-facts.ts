/**
 * The per-contact collection summary (mkt_contact_collection, see
 * Migration20261124120000) as it follows from the line facts: per contact
 * and collection, the distinct non-canceled orders and the last one's time.
 * One definition for recordOrderFacts, the benchmark's generator and the
 * tests that seed lines by hand.
 */

/** The summary rows of the line facts `l` that `where` selects. */
const summaryOf = (where: string) => `SELECT l.contact_id, l.collection_id,
      count(DISTINCT l.order_id)::int AS orders_count, max(l.placed_at) AS last_placed_at
    FROM mkt_order_line_fact l
    WHERE l.deleted_at IS NULL AND NOT l.canceled AND l.collection_id IS NOT NULL AND (${where})
    GROUP BY l.contact_id, l.collection_id`

const UPSERT = `INSERT INTO mkt_contact_collection AS s (contact_id, collection_id, orders_count, last_placed_at)`
const ON_CONFLICT = `ON CONFLICT (contact_id, collection_id) DO UPDATE SET
      orders_count = EXCLUDED.orders_count, last_placed_at = EXCLUDED.last_placed_at
    WHERE (s.orders_count, s.last_placed_at) IS DISTINCT FROM (EXCLUDED.orders_count, EXCLUDED.last_placed_at)`

/**
 * `INSERT ... SELECT` of the summary rows of the line facts `l` that
 * `where` selects (a condition the caller writes, with its own
 * placeholders), updating rows that exist. For loading lines in bulk.
 */
export function upsertContactCollectionsSql(where: string): string {
  return `${UPSERT}
    ${summaryOf(where)}
    ${ON_CONFLICT}`
}

/**
 * One statement that brings the summary of some contacts in line with their
 * lines, reading the lines once: rows they no longer back go (an order
 * canceled or moved to another address), the others are written where they
 * changed. `contacts` is a text[] expression, written twice (so a knex
 * caller binds the ids twice).
 */
export function refreshContactCollectionsSql(contacts: string): string {
  return `WITH fresh AS (
      ${summaryOf(`l.contact_id = ANY(${contacts})`)}
    ),
    gone AS (
      DELETE FROM mkt_contact_collection s
      WHERE s.contact_id = ANY(${contacts})
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.contact_id = s.contact_id AND f.collection_id = s.collection_id)
    )
    ${UPSERT}
    SELECT contact_id, collection_id, orders_count, last_placed_at FROM fresh
    ${ON_CONFLICT}`
}
