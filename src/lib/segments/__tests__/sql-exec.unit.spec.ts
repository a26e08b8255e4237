/**
 * Runs compiled segments on a real PostgreSQL: ~500 random valid trees must
 * execute without SQL errors, negative operators must be the exact
 * complement of positive ones, and hand-made fixtures must land in the
 * segments the rules describe. Creates and drops its own scratch database;
 * skips (with a message) when Postgres is unreachable.
 *
 * Connection: DB_HOST (default 127.0.0.1), DB_PORT (5432), DB_USERNAME
 * (postgres), DB_PASSWORD.
 */
import { execFileSync } from "node:child_process"
import fc from "fast-check"
import { Client, ClientConfig } from "pg"
import { Migration20261124140000 } from "../../../modules/marketing/migrations/Migration20261124140000"
import {
  compileSegment,
  compileSegmentCount,
  compileSegmentPredicate,
  CONTACT_FILTER_COLUMNS,
  contactFilterDifferencesSql,
  SEGMENT_FIELDS,
  SegmentCondition,
  SegmentFieldSpec,
  SegmentOperator,
  SegmentRules,
  subtractRelative,
  upsertContactCollectionsSql,
} from ".."
import {
  ARBITRARY_IDS,
  ARBITRARY_NOW,
  ARBITRARY_SEGMENT_IDS,
  arbitrarySegmentResolver,
  segmentConditionArbitrary,
  segmentRulesArbitrary,
} from "./arbitraries"

const connection: ClientConfig = {
  host: process.env.DB_HOST || "127.0.0.1",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || undefined,
  connectionTimeoutMillis: 3000,
}

function postgresReachable(): boolean {
  const probe = `
    const { Client } = require("pg")
    const c = new Client({ ...JSON.parse(process.argv[1]), database: "postgres" })
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1))
  `
  try {
    execFileSync(process.execPath, ["-e", probe, JSON.stringify(connection)], { timeout: 8000, stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const reachable = postgresReachable()
if (!reachable) {
  // eslint-disable-next-line no-console
  console.warn(
    `sql-exec.unit.spec: SKIPPED, no PostgreSQL at ${connection.host}:${connection.port} as ${connection.user}. ` +
      "Start Postgres (or set DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD) to run compiled segments for real."
  )
}
const describeWithPostgres = reachable ? describe : describe.skip

const SCHEMA = `
CREATE TABLE mkt_contact (
  id text PRIMARY KEY,
  email text NOT NULL,
  first_name text, last_name text, phone text, locale text, timezone text, country_code text,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending','subscribed','unsubscribed','bounced','complained','cleaned')),
  source text NOT NULL DEFAULT 'manual',
  customer_id text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  subscribed_at timestamptz,
  customer_group_ids text[] NOT NULL DEFAULT '{}',
  has_account boolean NOT NULL DEFAULT false,
  orders_count integer NOT NULL DEFAULT 0,
  total_spent numeric NOT NULL DEFAULT 0,
  avg_order_value numeric NOT NULL DEFAULT 0,
  refunded_total numeric NOT NULL DEFAULT 0,
  currency_code text,
  first_order_at timestamptz, last_order_at timestamptz,
  last_sent_at timestamptz, last_open_at timestamptz, last_click_at timestamptz,
  rfm_recency smallint, rfm_frequency smallint, rfm_monetary smallint, spend_percentile smallint,
  rfm_group text CHECK (rfm_group IN ('champions','loyal','potential_loyalist','new','at_risk','cant_lose','hibernating','lost'))
);
CREATE TABLE mkt_topic (id text PRIMARY KEY, handle text NOT NULL, deleted_at timestamptz);
CREATE TABLE mkt_contact_topic (
  id text PRIMARY KEY, contact_id text NOT NULL, topic_id text NOT NULL,
  subscribed boolean NOT NULL DEFAULT true, deleted_at timestamptz
);
CREATE TABLE mkt_order_line_fact (
  id text PRIMARY KEY, order_id text NOT NULL, contact_id text NOT NULL, product_id text, variant_id text,
  category_ids text[] NOT NULL DEFAULT '{}', collection_id text, quantity integer NOT NULL DEFAULT 1,
  amount numeric NOT NULL DEFAULT 0, currency_code text NOT NULL DEFAULT 'eur', placed_at timestamptz NOT NULL,
  canceled boolean NOT NULL DEFAULT false, deleted_at timestamptz
);
CREATE TABLE mkt_order_category_fact (
  order_id text NOT NULL, category_id text NOT NULL, contact_id text NOT NULL,
  placed_at timestamptz NOT NULL, canceled boolean NOT NULL DEFAULT false, PRIMARY KEY (order_id, category_id)
);
CREATE TABLE mkt_contact_collection (
  contact_id text NOT NULL, collection_id text NOT NULL, orders_count integer NOT NULL,
  last_placed_at timestamptz NOT NULL, PRIMARY KEY (contact_id, collection_id)
);
CREATE TABLE mkt_cart_fact (
  cart_id text PRIMARY KEY, contact_id text NOT NULL, items_count integer NOT NULL DEFAULT 0,
  subtotal numeric NOT NULL DEFAULT 0, currency_code text, cart_updated_at timestamptz NOT NULL,
  completed_at timestamptz, deleted_at timestamptz
);
CREATE TABLE mkt_consent_event (
  id text PRIMARY KEY, contact_id text NOT NULL,
  action text NOT NULL CHECK (action IN ('requested','granted','withdrawn')),
  topic_handle text, occurred_at timestamptz NOT NULL, deleted_at timestamptz
);
CREATE TABLE mkt_segment (id text PRIMARY KEY, rules jsonb, deleted_at timestamptz);
CREATE TABLE mkt_segment_member (
  segment_id text NOT NULL, contact_id text NOT NULL, deleted_at timestamptz,
  PRIMARY KEY (segment_id, contact_id)
);
CREATE INDEX ON mkt_order_line_fact (contact_id, placed_at);
CREATE INDEX ON mkt_cart_fact (contact_id);
CREATE INDEX ON mkt_consent_event (contact_id, occurred_at);
CREATE INDEX ON mkt_contact_topic (contact_id);
CREATE INDEX ON mkt_segment_member (contact_id);
`

/** The statements a migration's up() adds, to run the real DDL here (the contact filter copy and its triggers). */
async function migrationStatements(migration: { prototype: { up(): Promise<void> } }): Promise<string[]> {
  const statements: string[] = []
  const collector = Object.assign(Object.create(migration.prototype), {
    addSql: (sql: string) => statements.push(sql),
  })
  await collector.up()
  return statements
}

// ---------------------------------------------------------------- data

const DAY = 86_400_000
const now = ARBITRARY_NOW
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString()

/** A small deterministic generator (LCG) for the random contacts. */
function lcg(seed: number) {
  let s = seed >>> 0
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32)
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)],
    maybe: <T>(p: number, v: () => T): T | null => (next() < p ? v() : null),
  }
}

type Row = Record<string, unknown>
type Data = { contacts: Row[]; topics: Row[]; contactTopics: Row[]; lines: Row[]; carts: Row[]; consents: Row[]; members: Row[] }

const TOPICS = ARBITRARY_IDS.topic.map((handle, i) => ({ id: `mtop_${i}`, handle, deleted_at: null }))

function contact(id: string, fields: Row): Row {
  return {
    id,
    email: `${id}@example.com`,
    status: "subscribed",
    source: "manual",
    created_at: ago(400 * DAY),
    customer_group_ids: [],
    has_account: false,
    orders_count: 0,
    total_spent: "0",
    avg_order_value: "0",
    refunded_total: "0",
    ...fields,
  }
}

/** Hand-made contacts with known answers (ids fx_*). */
function fixtures(): Data {
  const contacts = [
    contact("fx_anna", {
      email: "anna@example.com",
      first_name: "Anna",
      country_code: "DK",
      created_at: "2025-01-10T08:00:00Z",
      orders_count: 3,
      total_spent: "250.50",
      currency_code: "eur",
      last_order_at: ago(10 * DAY),
      customer_group_ids: ["cusgroup_vip"],
      has_account: true,
    }),
    contact("fx_bo", {
      email: "bo@shop.dk",
      status: "unsubscribed",
      orders_count: 1,
      total_spent: "100",
      currency_code: "usd",
      last_order_at: ago(200 * DAY),
    }),
    contact("fx_cleo", { email: "cleo_x@example.com", first_name: "100% Cleo" }),
    contact("fx_dan", { first_name: "x'; DROP TABLE mkt_contact; --" }),
    // deleted: must never come back, whatever the rules
    contact("fx_zed", { first_name: "Anna", deleted_at: ago(DAY), orders_count: 9, total_spent: "9999" }),
  ]
  const line = (id: string, order: string, contactId: string, product: string, days: number, canceled = false) => ({
    id,
    order_id: order,
    contact_id: contactId,
    product_id: product,
    category_ids: ["pcat_men"],
    collection_id: "pcol_summer",
    placed_at: ago(days * DAY),
    canceled,
  })
  return {
    contacts,
    topics: [],
    contactTopics: [
      { id: "fxct_1", contact_id: "fx_anna", topic_id: "mtop_0", subscribed: true },
      { id: "fxct_2", contact_id: "fx_bo", topic_id: "mtop_0", subscribed: false },
    ],
    lines: [
      line("fxl_1", "fxo_1", "fx_anna", "prod_shirt", 30),
      line("fxl_2", "fxo_1", "fx_anna", "prod_shirt", 30),
      line("fxl_3", "fxo_2", "fx_anna", "prod_shirt", 10),
      line("fxl_4", "fxo_3", "fx_anna", "prod_hat", 5, true),
      line("fxl_5", "fxo_4", "fx_bo", "prod_shirt", 200),
      line("fxl_6", "fxo_5", "fx_zed", "prod_shirt", 1),
    ],
    carts: [
      { cart_id: "fxcart_1", contact_id: "fx_bo", items_count: 2, cart_updated_at: ago(3 * 3_600_000) },
      { cart_id: "fxcart_2", contact_id: "fx_cleo", items_count: 1, cart_updated_at: ago(1_800_000), completed_at: ago(1_700_000) },
      { cart_id: "fxcart_3", contact_id: "fx_cleo", items_count: 0, cart_updated_at: ago(600_000) },
    ],
    consents: [
      { id: "fxe_1", contact_id: "fx_anna", action: "granted", occurred_at: ago(100 * DAY) },
      { id: "fxe_2", contact_id: "fx_bo", action: "granted", occurred_at: ago(300 * DAY) },
      { id: "fxe_3", contact_id: "fx_bo", action: "withdrawn", occurred_at: ago(20 * DAY) },
      { id: "fxe_4", contact_id: "fx_dan", action: "granted", topic_handle: "promotions", occurred_at: ago(5 * DAY) },
    ],
    members: [
      { segment_id: "mseg_vip", contact_id: "fx_anna" },
      { segment_id: "mseg_vip", contact_id: "fx_zed" },
    ],
  }
}

/** Random contacts with every column sometimes empty (ids rc_*). */
function randomData(count: number): Data {
  const r = lcg(20250615)
  const date = (maxDays: number) => ago(r.int(0, maxDays * 24) * 3_600_000)
  const statuses = SEGMENT_FIELDS.status.options.map((o) => o.value)
  const groups = SEGMENT_FIELDS.rfm_group.options.map((o) => o.value)
  const data: Data = { contacts: [], topics: TOPICS, contactTopics: [], lines: [], carts: [], consents: [], members: [] }
  for (let i = 0; i < count; i++) {
    const id = `rc_${i}`
    const orders = r.pick([0, 0, 1, 2, 3, 8])
    const currency = orders ? r.pick(["eur", "usd", "dkk"]) : null
    data.contacts.push(
      contact(id, {
        email: r.pick([`${id}@example.com`, `${id}@shop.dk`, `O'Brien.${i}@example.com`, `100%_${i}@x.io`]),
        first_name: r.maybe(0.7, () => r.pick(["Anna", "anna", "Bo", "O'Brien", "Ünïcødé", "100%", "a_b", "😀"])),
        last_name: r.maybe(0.5, () => r.pick(["Jensen", "Smith", "back\\slash"])),
        phone: r.maybe(0.3, () => r.pick(["+4512345678", ""])),
        locale: r.maybe(0.5, () => r.pick(["da-DK", "en-US"])),
        timezone: r.maybe(0.4, () => "Europe/Copenhagen"),
        country_code: r.maybe(0.6, () => r.pick(["dk", "DK", "us", "de"])),
        status: r.pick(statuses),
        source: r.pick(["checkout", "signup_form", "import", "manual"]),
        created_at: date(3000),
        subscribed_at: r.maybe(0.6, () => date(2000)),
        customer_group_ids: r.pick([[], [], ["cusgroup_vip"], ["cusgroup_vip", "cusgroup_wholesale"]]),
        has_account: r.next() < 0.5,
        orders_count: orders,
        total_spent: orders ? `${r.int(1, 200_000)}.${r.int(0, 99)}` : "0",
        avg_order_value: orders ? `${r.int(1, 5000)}` : "0",
        refunded_total: r.pick(["0", "0", "12.5"]),
        currency_code: currency,
        first_order_at: orders ? date(3000) : null,
        last_order_at: orders ? date(400) : null,
        last_sent_at: r.maybe(0.7, () => date(200)),
        last_open_at: r.maybe(0.5, () => date(200)),
        last_click_at: r.maybe(0.3, () => date(200)),
        rfm_recency: r.maybe(0.7, () => r.int(1, 5)),
        rfm_frequency: r.maybe(0.7, () => r.int(1, 5)),
        rfm_monetary: r.maybe(0.7, () => r.int(1, 5)),
        rfm_group: r.maybe(0.7, () => r.pick(groups)),
        spend_percentile: r.maybe(0.7, () => r.int(1, 100)),
      })
    )
    for (let o = 0; o < orders; o++) {
      // the time and the canceled flag are the order's (recordOrderFacts writes them on each line)
      const canceled = r.next() < 0.1
      const placedAt = date(800)
      for (let l = 0; l < r.int(1, 3); l++) {
        data.lines.push({
          id: `${id}_l${o}_${l}`,
          order_id: `${id}_o${o}`,
          contact_id: id,
          product_id: r.pick(ARBITRARY_IDS.product),
          category_ids: r.pick([[], ["pcat_men"], ["pcat_women", "pcat_sale"]]),
          collection_id: r.maybe(0.6, () => r.pick(ARBITRARY_IDS.collection)),
          placed_at: placedAt,
          canceled,
          deleted_at: r.next() < 0.05 ? ago(DAY) : null,
        })
      }
    }
    for (let k = 0; k < r.pick([0, 0, 1, 2]); k++) {
      data.carts.push({
        cart_id: `${id}_cart${k}`,
        contact_id: id,
        items_count: r.pick([0, 1, 3]),
        cart_updated_at: ago(r.int(0, 30 * 24 * 60) * 60_000),
        completed_at: r.maybe(0.4, () => date(10)),
      })
    }
    for (let e = 0; e < r.pick([0, 1, 2, 3]); e++) {
      data.consents.push({
        id: `${id}_e${e}`,
        contact_id: id,
        action: r.pick(["requested", "granted", "withdrawn"]),
        topic_handle: r.maybe(0.3, () => r.pick(ARBITRARY_IDS.topic)),
        occurred_at: date(900),
      })
    }
    TOPICS.forEach((t, ti) => {
      if (r.next() < 0.4) {
        data.contactTopics.push({ id: `${id}_t${ti}`, contact_id: id, topic_id: t.id, subscribed: r.next() < 0.7 })
      }
    })
    for (const seg of ARBITRARY_SEGMENT_IDS) {
      if (r.next() < 0.3) {
        data.members.push({ segment_id: seg, contact_id: id })
      }
    }
  }
  return data
}

async function insert(db: Client, table: string, rows: Row[]) {
  if (!rows.length) {
    return
  }
  // only the columns some row names, so the others keep their defaults
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))].join(", ")
  await db.query(
    `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${table}, $1::json)`,
    [JSON.stringify(rows)]
  )
}

async function seed(db: Client, data: Data) {
  await insert(db, "mkt_contact", data.contacts)
  await insert(db, "mkt_topic", data.topics)
  await insert(db, "mkt_contact_topic", data.contactTopics)
  await insert(db, "mkt_order_line_fact", data.lines)
  // the category facts as recordOrderFacts keeps them: the lines' categories, unnested
  await db.query(
    `INSERT INTO mkt_order_category_fact (order_id, category_id, contact_id, placed_at, canceled)
     SELECT DISTINCT ON (l.order_id, k.category_id) l.order_id, k.category_id, l.contact_id, l.placed_at, l.canceled
     FROM mkt_order_line_fact l CROSS JOIN LATERAL unnest(l.category_ids) AS k(category_id)
     WHERE l.deleted_at IS NULL AND l.id = ANY($1::text[])`,
    [data.lines.map((l) => l.id)]
  )
  // and the collection summary, with the SQL recordOrderFacts runs
  await db.query(upsertContactCollectionsSql("l.id = ANY($1::text[])"), [data.lines.map((l) => l.id)])
  await insert(db, "mkt_cart_fact", data.carts)
  await insert(db, "mkt_consent_event", data.consents)
  await insert(db, "mkt_segment_member", data.members)
}

// ---------------------------------------------------------------- tests

const NEGATION: Partial<Record<SegmentOperator, SegmentOperator>> = {
  eq: "neq",
  in: "not_in",
  within_last: "not_within_last",
  is_set: "is_not_set",
}

describeWithPostgres("compiled segments on PostgreSQL", () => {
  const database = `seg_scratch_${process.pid}_${Date.now().toString(36)}`
  const admin = new Client({ ...connection, database: "postgres" })
  const db = new Client({ ...connection, database })
  let total = 0

  const count = async (rules: unknown): Promise<number> => {
    const q = compileSegmentCount(rules, { now, resolveSegment: arbitrarySegmentResolver })
    const res = await db.query(q.sql, q.params)
    return Number(res.rows[0].count)
  }
  const fixtureIds = async (rules: unknown): Promise<string[]> => {
    const q = compileSegment(rules, { now, resolveSegment: arbitrarySegmentResolver })
    const res = await db.query(`SELECT id FROM (${q.sql}) s WHERE id LIKE 'fx\\_%' ORDER BY id`, q.params)
    return res.rows.map((r) => r.id)
  }

  beforeAll(async () => {
    await admin.connect()
    await admin.query(`CREATE DATABASE "${database}"`)
    await db.connect()
    await db.query(SCHEMA)
    for (const sql of await migrationStatements(Migration20261124140000)) {
      await db.query(sql)
    }
    await seed(db, randomData(400))
    await seed(db, fixtures())
    await db.query("ANALYZE")
    total = Number((await db.query("SELECT count(*) FROM mkt_contact WHERE deleted_at IS NULL")).rows[0].count)
  }, 30_000)

  afterAll(async () => {
    await db.end().catch(() => undefined)
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined)
    await admin.end().catch(() => undefined)
  })

  it("runs 500 random valid segments without SQL errors", async () => {
    const trees = fc.sample(segmentRulesArbitrary(), { numRuns: 500, seed: 7 })
    let nonEmpty = 0
    for (const rules of trees) {
      const q = compileSegment(rules, { now, resolveSegment: arbitrarySegmentResolver })
      let rows: { id: string }[]
      try {
        rows = (await db.query(q.sql, q.params)).rows
      } catch (e) {
        throw new Error(`${(e as Error).message}\nrules: ${JSON.stringify(rules)}\nsql: ${q.sql}\nparams: ${JSON.stringify(q.params)}`)
      }
      expect(rows.every((r) => r.id !== "fx_zed")).toBe(true)
      nonEmpty += rows.length > 0 && rows.length < total ? 1 : 0
    }
    // the data is rich enough that many random segments are neither everyone nor no one
    expect(nonEmpty).toBeGreaterThan(100)
  }, 60_000)

  it("gives not-groups and negative operators the exact complement", async () => {
    const conditions = fc.sample(
      segmentConditionArbitrary.filter(
        (c) => !!NEGATION[c.operator] && (SEGMENT_FIELDS[c.field] as SegmentFieldSpec).type !== "money"
      ),
      { numRuns: 150, seed: 11 }
    )
    for (const cond of conditions) {
      const positive = await count({ all: [cond] })
      const negated: SegmentCondition = { ...cond, operator: NEGATION[cond.operator]! }
      expect([cond, positive + (await count({ not: cond }))]).toEqual([cond, total])
      expect([cond, positive + (await count({ all: [negated] }))]).toEqual([cond, total])
    }
  }, 60_000)

  it("counts purchases as the orders the lines record, for every purchase field and form", async () => {
    // one and several values, with and without a minimum and a window,
    // against a count of distinct orders at query time
    const match = {
      purchased_product: "l.product_id = ANY($1::text[])",
      purchased_collection: "l.collection_id = ANY($1::text[])",
      purchased_category: "l.category_ids && $1::text[]",
    } as const
    const values = {
      purchased_product: [["prod_shirt"], ["prod_shirt", "prod_hat"]],
      purchased_collection: [["pcol_summer"], ["pcol_summer", "pcol_winter"]],
      purchased_category: [["pcat_men"], ["pcat_women", "pcat_sale"], ["pcat_men", "pcat_sale"]],
    } as const
    let nonEmpty = 0
    for (const field of Object.keys(match) as (keyof typeof match)[]) {
      for (const ids of values[field]) {
        for (const min of [undefined, 2, 3]) {
          for (const within of [undefined, { amount: 60, unit: "days" as const }, { amount: 2, unit: "years" as const }]) {
            const since = within ? subtractRelative(now, within.amount, within.unit) : null
            const naive = await db.query(
              `SELECT count(*)::int AS n FROM mkt_contact c WHERE c.deleted_at IS NULL AND (
                 SELECT count(DISTINCT l.order_id) FROM mkt_order_line_fact l
                 WHERE l.contact_id = c.id AND l.deleted_at IS NULL AND NOT l.canceled AND ${match[field]}
                   AND ($2::timestamptz IS NULL OR l.placed_at >= $2::timestamptz)) >= $3::int`,
              [ids, since, min ?? 1]
            )
            const cond: SegmentCondition =
              ids.length === 1
                ? { field, operator: "eq", value: ids[0], min_count: min, within }
                : { field, operator: "in", value: [...ids], min_count: min, within }
            const label = JSON.stringify(cond)
            expect([label, await count({ all: [cond] })]).toEqual([label, naive.rows[0].n])
            nonEmpty += naive.rows[0].n > 0 ? 1 : 0
          }
        }
      }
    }
    // the random purchases make most of these non-empty
    expect(nonEmpty).toBeGreaterThan(30)
  }, 60_000)

  it("puts known contacts in the segments their rules describe", async () => {
    const cases: [SegmentRules, string[]][] = [
      [{ all: [] }, ["fx_anna", "fx_bo", "fx_cleo", "fx_dan"]],
      [{ any: [] }, []],
      // purchases: count distinct orders, window, canceled lines ignored, deleted contacts never
      [
        {
          all: [
            { field: "purchased_product", operator: "eq", value: "prod_shirt", min_count: 2, within: { amount: 90, unit: "days" } },
          ],
        },
        ["fx_anna"],
      ],
      [{ all: [{ field: "purchased_product", operator: "eq", value: "prod_shirt", min_count: 3 }] }, []],
      [{ all: [{ field: "purchased_product", operator: "in", value: ["prod_shirt"] }] }, ["fx_anna", "fx_bo"]],
      [{ all: [{ field: "purchased_product", operator: "eq", value: "prod_hat" }] }, []],
      [{ all: [{ field: "purchased_category", operator: "eq", value: "pcat_men", within: { amount: 6, unit: "months" } }] }, ["fx_anna"]],
      [{ all: [{ field: "purchased_collection", operator: "not_in", value: ["pcol_summer"] }] }, ["fx_cleo", "fx_dan"]],
      // consent: the latest event for email as a whole
      [{ all: [{ field: "consent_status", operator: "eq", value: "granted" }] }, ["fx_anna"]],
      [{ all: [{ field: "consent_status", operator: "eq", value: "withdrawn" }] }, ["fx_bo"]],
      [{ all: [{ field: "consent_status", operator: "is_not_set" }] }, ["fx_cleo", "fx_dan"]],
      [{ all: [{ field: "consent_granted_at", operator: "within_last", value: { amount: 6, unit: "months" } }] }, ["fx_anna"]],
      [{ all: [{ field: "consent_granted_at", operator: "before", value: ago(200 * DAY) }] }, ["fx_bo"]],
      // carts: open = not completed, with items; abandoned = open and quiet for an hour
      [{ all: [{ field: "has_open_cart", operator: "eq", value: true }] }, ["fx_bo"]],
      [
        {
          all: [
            { field: "has_open_cart", operator: "eq", value: true },
            { field: "open_cart_updated_at", operator: "not_within_last", value: { amount: 1, unit: "hours" } },
          ],
        },
        ["fx_bo"],
      ],
      [{ all: [{ field: "open_cart_updated_at", operator: "within_last", value: { amount: 1, unit: "hours" } }] }, []],
      [{ all: [{ field: "open_cart_updated_at", operator: "after", value: ago(4 * 3_600_000) }] }, ["fx_bo"]],
      // strings: case-insensitive, LIKE wildcards and quotes are literal
      [{ all: [{ field: "first_name", operator: "eq", value: "ANNA" }] }, ["fx_anna"]],
      [{ all: [{ field: "first_name", operator: "contains", value: "%" }] }, ["fx_cleo"]],
      [{ all: [{ field: "email", operator: "contains", value: "o_x" }] }, ["fx_cleo"]],
      [{ all: [{ field: "email", operator: "starts_with", value: "BO@" }] }, ["fx_bo"]],
      [{ all: [{ field: "first_name", operator: "eq", value: "x'; DROP TABLE mkt_contact; --" }] }, ["fx_dan"]],
      [{ all: [{ field: "first_name", operator: "neq", value: "anna" }] }, ["fx_bo", "fx_cleo", "fx_dan"]],
      [{ all: [{ field: "first_name", operator: "is_not_set" }] }, ["fx_bo"]],
      [{ all: [{ field: "country_code", operator: "in", value: ["dk"] }] }, ["fx_anna"]],
      [{ all: [{ field: "country_code", operator: "not_in", value: ["dk"] }] }, ["fx_bo", "fx_cleo", "fx_dan"]],
      // money: the contact's currency; an explicit currency keeps contacts without orders
      [{ all: [{ field: "total_spent", operator: "gt", value: 200 }] }, ["fx_anna"]],
      [{ all: [{ field: "total_spent", operator: "gte", value: { amount: "100", currency_code: "USD" } }] }, ["fx_bo"]],
      [{ all: [{ field: "total_spent", operator: "lt", value: { amount: "150", currency_code: "eur" } }] }, ["fx_cleo", "fx_dan"]],
      [{ all: [{ field: "total_spent", operator: "between", value: ["250.5", "250.50"] }] }, ["fx_anna"]],
      // membership, topics, groups, dates
      [{ all: [{ field: "segment", operator: "eq", value: "mseg_vip" }] }, ["fx_anna"]],
      [{ all: [{ field: "topic", operator: "eq", value: "newsletter" }] }, ["fx_anna"]],
      [{ all: [{ field: "customer_group", operator: "contains", value: "cusgroup_vip" }] }, ["fx_anna"]],
      [{ not: { field: "last_order_at", operator: "within_last", value: { amount: 30, unit: "days" } } }, ["fx_bo", "fx_cleo", "fx_dan"]],
      [{ all: [{ field: "created_at", operator: "between", value: ["2025-01-10", "2025-01-10"] }] }, ["fx_anna"]],
      [{ all: [{ field: "created_at", operator: "after", value: "2025-01-10" }] }, []],
      [
        {
          any: [
            { field: "has_account", operator: "eq", value: true },
            { all: [{ field: "status", operator: "eq", value: "unsubscribed" }, { field: "orders_count", operator: "gte", value: 1 }] },
          ],
        },
        ["fx_anna", "fx_bo"],
      ],
    ]
    for (const [rules, expected] of cases) {
      expect([rules, await fixtureIds(rules)]).toEqual([rules, expected])
    }
    // and the table is still there
    expect(Number((await db.query("SELECT count(*) FROM mkt_contact")).rows[0].count)).toBe(total + 1)
  }, 30_000)

  it("evaluates segments over the narrow contact copy exactly as over mkt_contact", async () => {
    const trees = fc.sample(segmentRulesArbitrary(), { numRuns: 500, seed: 23 })
    let narrow = 0
    for (const rules of trees) {
      const q = compileSegmentPredicate(rules, { now, resolveSegment: arbitrarySegmentResolver })
      const sources = [q.from, ...q.alternatives]
      narrow += sources.some((from) => from.includes("mkt_contact_filter")) ? 1 : 0
      const over = async (from: string) =>
        (await db.query(`SELECT count(*)::int AS n ${from} AND (${q.sql})`, q.params)).rows[0].n
      const label = JSON.stringify(rules)
      const expected = await over("FROM mkt_contact c WHERE c.deleted_at IS NULL")
      for (const from of sources) {
        expect([label, from, await over(from)]).toEqual([label, from, expected])
      }
    }
    expect(narrow).toBeGreaterThan(50)
  }, 60_000)

  it("keeps the narrow contact copy equal to the live contacts through every kind of write", async () => {
    // the compiler's list of the copy's columns is the migration's
    const { rows: columns } = await db.query(
      `SELECT column_name FROM information_schema.columns WHERE table_name = 'mkt_contact_filter' ORDER BY column_name`
    )
    expect(columns.map((r) => r.column_name)).toEqual(["id", ...CONTACT_FILTER_COLUMNS].sort())
    const differences = async () => (await db.query(contactFilterDifferencesSql())).rows[0].n
    const inCopy = async (id: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM mkt_contact_filter WHERE id = $1`, [id])).rows[0].n
    const step = async (label: string, sql: string) => {
      await db.query(sql)
      expect([label, await differences()]).toEqual([label, 0])
    }

    expect(await differences()).toBe(0)
    // a multi-row insert, a deleted row among them
    await insert(db, "mkt_contact", [
      contact("tw_1", { country_code: "DE", orders_count: 1, total_spent: "10" }),
      contact("tw_2", { rfm_group: "loyal", customer_group_ids: ["cusgroup_a"] }),
      contact("tw_3", { locale: "de-de" }),
      contact("tw_gone", { deleted_at: ago(DAY) }),
    ])
    expect(await differences()).toBe(0)
    expect(await inCopy("tw_gone")).toBe(0)
    await step(
      "upsert: one updated, one inserted",
      `INSERT INTO mkt_contact (id, email, total_spent) VALUES ('tw_1', 'tw_1@example.com', 99), ('tw_4', 'tw_4@example.com', 5)
       ON CONFLICT (id) DO UPDATE SET total_spent = EXCLUDED.total_spent`
    )
    await step(
      "set-based metric rewrite",
      `UPDATE mkt_contact SET orders_count = orders_count + 1, total_spent = total_spent + 10.5, last_order_at = now(),
         rfm_recency = 5, rfm_group = 'champions', spend_percentile = 90 WHERE id LIKE 'tw%'`
    )
    await step("engagement", `UPDATE mkt_contact SET last_open_at = now(), last_click_at = now() WHERE id = 'tw_2'`)
    await step("a column the copy lacks", `UPDATE mkt_contact SET last_sent_at = now(), first_name = 'Tia' WHERE id LIKE 'tw%'`)
    await step("no change", `UPDATE mkt_contact SET status = status, country_code = country_code WHERE id LIKE 'tw%'`)
    await step("status and groups", `UPDATE mkt_contact SET status = 'unsubscribed', customer_group_ids = '{}' WHERE id = 'tw_2'`)
    await step("soft delete", `UPDATE mkt_contact SET deleted_at = now() WHERE id = 'tw_2'`)
    expect(await inCopy("tw_2")).toBe(0)
    await step("restore", `UPDATE mkt_contact SET deleted_at = NULL WHERE id = 'tw_2'`)
    expect(await inCopy("tw_2")).toBe(1)
    await step("hard delete", `DELETE FROM mkt_contact WHERE id IN ('tw_3', 'tw_gone')`)
    expect(await inCopy("tw_3")).toBe(0)

    // the check itself can fail: a write with triggers off leaves a difference
    await db.query(`SET session_replication_role = replica`)
    await db.query(`UPDATE mkt_contact SET country_code = 'FR' WHERE id = 'tw_1'`)
    await db.query(`SET session_replication_role = DEFAULT`)
    expect(await differences()).toBe(2)
    await db.query(`DELETE FROM mkt_contact WHERE id LIKE 'tw%'`)
    await db.query(`DELETE FROM mkt_contact_filter WHERE id LIKE 'tw%'`)
    expect(await differences()).toBe(0)

    // TRUNCATE empties the copy (rolled back: the data stays for nothing else, but cheaply)
    await db.query("BEGIN")
    await db.query("TRUNCATE mkt_contact CASCADE")
    expect((await db.query("SELECT count(*)::int AS n FROM mkt_contact_filter")).rows[0].n).toBe(0)
    await db.query("ROLLBACK")
    expect(await differences()).toBe(0)
  }, 30_000)
})
