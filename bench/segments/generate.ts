import type { Client } from "pg"
import { upsertContactCollectionsSql } from "../../src/lib/segments"

/**
 * Set-based, deterministic generator of the segment benchmark's data:
 * contacts, newsletter subscriptions, order facts and line facts, all with
 * INSERT ... SELECT over generate_series. Every "random" number is a hash of
 * the row number (bench_u(n, salt) in [0, 1)), so the same sizes always give
 * the same rows. Secondary indexes are dropped for the load and rebuilt from
 * their own definitions afterwards (saved first, so a crash loses none).
 */

/** Bump when the generated data changes meaning: a stored data set of another version is regenerated. */
export const GENERATOR_VERSION = 6

/** Orders are placed within the 3 years before this instant; the benchmark evaluates segments at it. */
export const BENCH_NOW = new Date("2026-07-01T00:00:00Z")
const SPAN_SECONDS = 3 * 365 * 24 * 3600

export const PRODUCTS = 500
export const CATEGORIES = 30
export const COLLECTIONS = 10
export const productId = (p: number) => `prod_bench_${String(p).padStart(3, "0")}`
export const categoryId = (k: number) => `pcat_bench_${String(k).padStart(2, "0")}`
export const collectionId = (k: number) => `pcol_bench_${String(k).padStart(2, "0")}`

const LOADED_TABLES = [
  "mkt_contact",
  "mkt_contact_topic",
  "mkt_order_fact",
  "mkt_order_line_fact",
  "mkt_order_category_fact",
  "mkt_contact_collection",
]

export type Step = (label: string, run: () => Promise<unknown>) => Promise<number>

const pad = (expr: string) => `lpad((${expr})::text, 8, '0')`
const contactId = (n: string) => `'mcon_bench_' || ${pad(n)}`
const now = `extract(epoch FROM '${BENCH_NOW.toISOString()}'::timestamptz)`

/** The contact's fields every statement derives from n the same way. */
const CONTACT_COLUMNS = (n: string) => `
  ${now} - ${SPAN_SECONDS} * bench_u(${n}, 10) AS s_ep,
  bench_u(${n}, 11) AS u_end,
  CASE WHEN bench_u(${n}, 12) < 0.6 THEN 'eur' ELSE 'usd' END AS cur,
  bench_u(${n}, 13) < 0.55 AS has_account,
  CASE WHEN bench_u(${n}, 14) < 0.60 THEN 'subscribed' WHEN bench_u(${n}, 14) < 0.68 THEN 'pending'
       WHEN bench_u(${n}, 14) < 0.90 THEN 'unsubscribed' WHEN bench_u(${n}, 14) < 0.95 THEN 'bounced'
       WHEN bench_u(${n}, 14) < 0.96 THEN 'complained' ELSE 'cleaned' END AS status`

export async function dropDataAndIndexes(pg: Client, step: Step) {
  await step("truncate bench tables", async () => {
    await pg.query(`DELETE FROM mkt_segment WHERE name LIKE 'bench:%'`)
    await pg.query(
      `TRUNCATE mkt_segment_member, mkt_contact_topic, mkt_consent_event, mkt_cart_fact, mkt_order_line_fact,
         mkt_order_category_fact, mkt_contact_collection, mkt_order_fact, mkt_contact`
    )
    await pg.query(`UPDATE mkt_segment SET member_count = 0, refreshed_at = NULL, count_computed_at = NULL`)
  })
  await step("drop secondary indexes", async () => {
    await pg.query(`CREATE TABLE IF NOT EXISTS bench_saved_index (name text PRIMARY KEY, def text NOT NULL)`)
    // merge with what a crashed run may have saved, so no index is ever lost
    await pg.query(
      `INSERT INTO bench_saved_index (name, def)
       SELECT i.relname, pg_get_indexdef(i.oid)
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace
         AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = x.indexrelid)
       ON CONFLICT (name) DO UPDATE SET def = EXCLUDED.def`,
      [LOADED_TABLES]
    )
    const { rows } = await pg.query(`SELECT name FROM bench_saved_index`)
    for (const r of rows) {
      await pg.query(`DROP INDEX IF EXISTS "${r.name}"`)
    }
  })
}

export async function rebuildIndexes(pg: Client, step: Step) {
  await step("rebuild secondary indexes", async () => {
    const { rows } = await pg.query(`SELECT name, def FROM bench_saved_index ORDER BY name`)
    for (const r of rows) {
      await pg.query(r.def.replace(/^CREATE (UNIQUE )?INDEX /, "CREATE $1INDEX IF NOT EXISTS "))
    }
    await pg.query(`DELETE FROM bench_saved_index`)
  })
}

export async function generateData(pg: Client, opts: { contacts: number; orders: number }, step: Step) {
  const N = opts.contacts
  const M = opts.orders
  await pg.query(`SET work_mem = '256MB'`)
  await pg.query(`SET maintenance_work_mem = '1GB'`)
  await pg.query(`SET synchronous_commit = off`)
  await pg.query(`SET temp_buffers = '1GB'`)
  await pg.query(
    `CREATE OR REPLACE FUNCTION bench_u(bigint, int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
     $$ SELECT (hashint8extended($1, $2) & 9007199254740991)::float8 / 9007199254740992 $$`
  )
  await dropDataAndIndexes(pg, step)

  await step(`contacts (${N.toLocaleString("en")})`, () =>
    pg.query(
      `INSERT INTO mkt_contact (id, email, first_name, last_name, locale, country_code, status, source, customer_id,
         has_account, customer_group_ids, subscribed_at, unsubscribed_at, created_at, updated_at)
       SELECT ${contactId("n")}, 'bench' || n || '@example.com', 'First' || n, 'Last' || n,
         (ARRAY['en-US','en-GB','de-DE','fr-FR','da-DK'])[1 + floor(bench_u(n, 16) * 5)::int],
         (ARRAY['us','us','us','us','us','us','de','de','de','gb','gb','fr','fr','dk','se','nl','es','it','ca','au'])
           [1 + floor(bench_u(n, 15) * 20)::int],
         status,
         (ARRAY['checkout','checkout','signup_form','import','manual'])[1 + floor(bench_u(n, 17) * 5)::int],
         CASE WHEN has_account THEN 'cus_bench_' || n END,
         has_account,
         CASE WHEN NOT has_account THEN '{}'::text[]
              WHEN bench_u(n, 18) < 0.03 THEN ARRAY['cusgroup_bench_vip', 'cusgroup_bench_wholesale']
              WHEN bench_u(n, 18) < 0.18 THEN ARRAY['cusgroup_bench_vip']
              WHEN bench_u(n, 18) < 0.28 THEN ARRAY['cusgroup_bench_wholesale']
              ELSE '{}'::text[] END,
         CASE WHEN status <> 'pending' THEN to_timestamp(s_ep) END,
         CASE WHEN status = 'unsubscribed' THEN to_timestamp(s_ep + (${now} - s_ep) * bench_u(n, 19)) END,
         to_timestamp(s_ep), to_timestamp(s_ep)
       FROM (SELECT n, ${CONTACT_COLUMNS("n")} FROM generate_series(1, ${N}::bigint) n) x`
    )
  )

  await step("newsletter subscriptions", () =>
    pg.query(
      `INSERT INTO mkt_contact_topic (id, contact_id, topic_id, subscribed, created_at, updated_at)
       SELECT 'mctp_bench_' || ${pad("n")}, ${contactId("n")}, t.id, status = 'subscribed', to_timestamp(s_ep),
         to_timestamp(s_ep)
       FROM (SELECT n, ${CONTACT_COLUMNS("n")} FROM generate_series(1, ${N}::bigint) n) x
       CROSS JOIN (SELECT id FROM mkt_topic WHERE handle = 'newsletter' AND deleted_at IS NULL) t
       -- ~40% subscribed, ~5% opted out
       WHERE (status = 'subscribed' AND bench_u(n, 20) < 0.67) OR (status = 'unsubscribed' AND bench_u(n, 20) < 0.23)`
    )
  )

  // ~70% of contacts buy; each buyer gets 1 order plus a share of the rest
  // proportional to a capped Lomax weight, by cumulative rounding so the
  // orders add up to exactly M. At 1M/5M: 37% of buyers order once, 29%
  // twice, median 2, p90 8, p99 ~100, max ~630.
  await step("order plan", async () => {
    await pg.query(`DROP TABLE IF EXISTS bench_plan`)
    await pg.query(
      `CREATE TEMP TABLE bench_plan AS
       WITH b AS (
         SELECT n, row_number() OVER (ORDER BY n) AS b, least(1000, power(1 - bench_u(n, 3), -1 / 0.9) - 1) AS w
         FROM generate_series(1, ${N}::bigint) n WHERE bench_u(n, 2) < 0.7
       ),
       c AS (
         SELECT n, b, sum(w) OVER (ORDER BY b) AS cw, sum(w) OVER () AS wt, count(*) OVER () AS nb
         FROM b WHERE b <= ${M}
       ),
       d AS (
         SELECT n, b, CASE WHEN b = nb THEN ${M} - nb
           ELSE least(${M} - nb, floor((${M} - nb) * cw / nullif(wt, 0))) END::bigint AS cum
         FROM c
       )
       SELECT d.n, (d.b - 1) + coalesce(lag(d.cum) OVER (ORDER BY d.b), 0) AS before,
         1 + d.cum - coalesce(lag(d.cum) OVER (ORDER BY d.b), 0) AS k, x.*
       FROM d CROSS JOIN LATERAL (SELECT ${CONTACT_COLUMNS("d.n")}) x`
    )
  })

  // orders in time order, numbered by placed_at (ids then grow like real ones);
  // totals log-normal, ~3% in the other currency, ~3% canceled, ~5% refunded
  await step(`order plan rows (${M.toLocaleString("en")})`, async () => {
    await pg.query(`DROP TABLE IF EXISTS bench_ord`)
    await pg.query(
      `CREATE TEMP TABLE bench_ord AS
       SELECT row_number() OVER (ORDER BY placed_at, j0) AS j, y.*,
         CASE WHEN NOT canceled AND bench_u(j0, 25) < 0.05
           THEN CASE WHEN bench_u(j0, 26) < 0.5 THEN total ELSE round(total * 0.3, 2) END ELSE 0 END AS refunded
       FROM (
         SELECT p.n, j0, p.has_account,
           to_timestamp(p.s_ep + (${now} - p.s_ep) * sqrt(p.u_end) * bench_u(j0, 20)) AS placed_at,
           CASE WHEN bench_u(j0, 21) < 0.03 THEN CASE p.cur WHEN 'eur' THEN 'usd' ELSE 'eur' END ELSE p.cur END
             AS currency_code,
           round((5 + exp(3.3 + 0.75 * sqrt(-2 * ln(1 - bench_u(j0, 22))) * cos(2 * pi() * bench_u(j0, 23))))::numeric, 2)
             AS total,
           bench_u(j0, 24) < 0.03 AS canceled,
           CASE WHEN bench_u(j0, 27) < 0.5 THEN 1 WHEN bench_u(j0, 27) < 0.8 THEN 2 ELSE 3 END AS nlines
         FROM bench_plan p CROSS JOIN LATERAL generate_series(p.before + 1, p.before + p.k) j0
       ) y`
    )
  })

  await step("order facts", () =>
    pg.query(
      `INSERT INTO mkt_order_fact (id, order_id, contact_id, customer_id, currency_code, total, raw_total,
         refunded_total, raw_refunded_total, placed_at, canceled_at, created_at, updated_at)
       SELECT 'mofc_bench_' || ${pad("j")}, 'order_bench_' || ${pad("j")}, ${contactId("n")},
         CASE WHEN has_account THEN 'cus_bench_' || n END, currency_code,
         total, jsonb_build_object('value', total::text, 'precision', 20),
         refunded, jsonb_build_object('value', refunded::text, 'precision', 20),
         placed_at, CASE WHEN canceled THEN placed_at + interval '1 day' END, placed_at, placed_at
       FROM bench_ord`
    )
  )

  await step("products", async () => {
    await pg.query(`DROP TABLE IF EXISTS bench_product`)
    await pg.query(
      `CREATE TEMP TABLE bench_product AS
       SELECT p, 'prod_bench_' || lpad(p::text, 3, '0') AS product_id,
         CASE WHEN p % 5 < 2
           THEN ARRAY['pcat_bench_' || lpad((p % ${CATEGORIES})::text, 2, '0'),
                      'pcat_bench_' || lpad(((p * 7 + 11) % ${CATEGORIES})::text, 2, '0')]
           ELSE ARRAY['pcat_bench_' || lpad((p % ${CATEGORIES})::text, 2, '0')] END AS category_ids,
         'pcol_bench_' || lpad(floor(bench_u(p, 40) * ${COLLECTIONS})::text, 2, '0') AS collection_id
       FROM generate_series(0, ${PRODUCTS - 1}) p`
    )
  })

  // 1-3 lines per order over 500 products (popularity skewed to low numbers);
  // the line amounts add up to the order total. Inserted in the order the
  // orders were placed, as recordOrderFacts appends them in a live store (and
  // as the order and category facts above are): without the ORDER BY the hash
  // join wrote them shuffled, and an index-only "bought X within D days" scan
  // (373k entries) made 330k buffer accesses (visibility checks) instead of 4k
  await step("line facts", () =>
    pg.query(
      `INSERT INTO mkt_order_line_fact (id, line_item_id, order_id, contact_id, product_id, variant_id, category_ids,
         collection_id, quantity, amount, raw_amount, currency_code, placed_at, canceled, created_at, updated_at)
       SELECT 'molf_bench_' || ${pad("o.j")} || '_' || i, 'oli_bench_' || ${pad("o.j")} || '_' || i,
         'order_bench_' || ${pad("o.j")}, ${contactId("o.n")}, pr.product_id,
         'variant_bench_' || pr.p || '_' || floor(bench_u(o.j0 * 4 + i, 31) * 3)::int,
         pr.category_ids, pr.collection_id,
         1 + (bench_u(o.j0 * 4 + i, 32) < 0.2)::int + (bench_u(o.j0 * 4 + i, 32) < 0.05)::int,
         a.amount, jsonb_build_object('value', a.amount::text, 'precision', 20),
         o.currency_code, o.placed_at, o.canceled, o.placed_at, o.placed_at
       FROM bench_ord o
       CROSS JOIN LATERAL generate_series(1, o.nlines) i
       CROSS JOIN LATERAL (SELECT CASE WHEN i < o.nlines THEN round(o.total / o.nlines, 2)
         ELSE o.total - (o.nlines - 1) * round(o.total / o.nlines, 2) END AS amount) a
       JOIN bench_product pr ON pr.p = floor(${PRODUCTS} * power(bench_u(o.j0 * 4 + i, 30), 2))::int
       ORDER BY o.j, i`
    )
  )

  // the category facts, as recordOrderFacts keeps them beside the lines
  await step("category facts", () =>
    pg.query(
      `INSERT INTO mkt_order_category_fact (order_id, category_id, contact_id, placed_at, canceled)
       SELECT DISTINCT ON (l.order_id, k.category_id) l.order_id, k.category_id, l.contact_id, l.placed_at, l.canceled
       FROM mkt_order_line_fact l CROSS JOIN LATERAL unnest(l.category_ids) AS k(category_id)`
    )
  )

  // and the collection summary, with the SQL recordOrderFacts runs
  await step("collection summary", () => pg.query(upsertContactCollectionsSql("TRUE")))

  await rebuildIndexes(pg, step)
  await pg.query(`DROP TABLE IF EXISTS bench_plan, bench_ord, bench_product`)
  await step("analyze", () => pg.query(`ANALYZE mkt_contact, mkt_contact_topic, mkt_order_fact, mkt_order_line_fact`))
  // what autovacuum does soon after a bulk insert: the visibility map lets
  // the category lookups read the index alone
  await step("vacuum category facts", () => pg.query(`VACUUM (ANALYZE) mkt_order_category_fact, mkt_contact_collection`))
}
