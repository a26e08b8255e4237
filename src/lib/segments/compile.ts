/**
 * Compiles a segment rule tree into ONE parameterized PostgreSQL query over
 * the marketing module's own tables. Every value travels as a $n parameter
 * with an explicit cast; the SQL text only ever contains what this file
 * writes. Relative dates resolve against `options.now` into timestamp
 * parameters, so the output is deterministic for a given tree and `now`.
 *
 * Semantics worth knowing:
 * - a group `{ not: x }` is `(x) IS NOT TRUE`: contacts for which x is false
 *   or unknown, i.e. exactly the complement of x.
 * - negative operators (neq, not_in, not_within_last) include contacts with
 *   no value: "country is not dk" includes contacts without a country.
 * - money compares amounts in the contact's own currency. With a currency
 *   (the value's currency_code, else options.currency) only contacts in that
 *   currency, or without orders (and so without a currency), can match.
 * - dates are UTC; a bare date covers its whole day.
 */
import {
  SEGMENT_FIELDS,
  SegmentFieldKey,
  SegmentFieldSpec,
  SegmentOperator,
} from "./fields"
import {
  MoneyAmount,
  MoneyRangeValue,
  MoneyValue,
  RelativeDate,
  SegmentCondition,
  SegmentNode,
  SegmentRules,
} from "./schema"
import { CONTACT_FILTER_COLUMNS } from "./contact-filter"
import { assertValidSegmentRules, ResolveSegment } from "./validate"
import { dateEndExclusive, moneyToDecimalString, parseSegmentDate, subtractRelative } from "./values"

export type CompileSegmentOptions = {
  /** the evaluation time relative dates resolve against */
  now: Date
  /** the currency money values without their own currency_code are in (ISO 4217) */
  currency?: string | null
  /** resolves referenced segments to check they exist and form no cycle */
  resolveSegment?: ResolveSegment
  /** the id of the segment being compiled, so it cannot include itself */
  segmentId?: string
}

export type CompiledSegmentQuery = { sql: string; params: unknown[] }

/**
 * A predicate over `c` and the contacts to evaluate it over: `from` is
 * `FROM <table> c WHERE <live>`, ready for ` AND (sql)`; `alternatives` are
 * other tables holding the same contacts that it is as valid over, for a
 * caller that asks Postgres which is cheaper (see contactSources). The
 * predicate reads the same column names on every one, so it is also valid
 * over mkt_contact c (e.g. for a page of contacts with their emails).
 */
export type CompiledSegmentPredicate = CompiledSegmentQuery & { from: string; alternatives: string[] }

const FROM_CONTACTS = "FROM mkt_contact c WHERE c.deleted_at IS NULL"
const FROM_CONTACT_FILTER = "FROM mkt_contact_filter c WHERE TRUE"

type SqlCast = "text" | "text[]" | "int" | "numeric" | "timestamptz" | "boolean"

class Params {
  readonly values: unknown[] = []

  constructor(private readonly first: number) {}

  add(value: unknown, cast: SqlCast): string {
    this.values.push(value)
    return `$${this.first + this.values.length - 1}::${cast}`
  }
}

type Ctx = {
  params: Params
  now: Date
  currency: string | null
  /** the contact columns the predicate reads */
  columns: Set<string>
  /** how many conditions are subqueries over other tables (purchases, topics, segments, carts, consent) */
  sets: number
}

// ---------------------------------------------------------------- where each field lives

type FieldSql =
  /** a column of mkt_contact c */
  | { kind: "column"; column: string }
  | { kind: "money"; column: string }
  | { kind: "tags"; column: string }
  | { kind: "topic" }
  | { kind: "purchase"; match: "product" | "category" | "collection" }
  | { kind: "segment" }
  | { kind: "open_cart" }
  /** a scalar subquery */
  | { kind: "scalar"; expr: string }
  /** the latest of a date over related rows, compared with EXISTS so the planner can use semi/anti-joins */
  | { kind: "latest"; rows: string; column: string }

const OPEN_CART_ROWS =
  "FROM mkt_cart_fact k WHERE k.contact_id = c.id AND k.deleted_at IS NULL AND k.completed_at IS NULL AND k.items_count > 0"
const EMAIL_CONSENT_ROWS =
  "FROM mkt_consent_event e WHERE e.contact_id = c.id AND e.deleted_at IS NULL AND e.topic_handle IS NULL"

const column = (name: string): FieldSql => ({ kind: "column", column: `c.${name}` })

const FIELD_SQL: Record<SegmentFieldKey, FieldSql> = {
  email: column("email"),
  first_name: column("first_name"),
  last_name: column("last_name"),
  phone: column("phone"),
  status: column("status"),
  source: column("source"),
  locale: column("locale"),
  country_code: column("country_code"),
  timezone: column("timezone"),
  created_at: column("created_at"),
  subscribed_at: column("subscribed_at"),
  customer_group: { kind: "tags", column: "c.customer_group_ids" },
  has_account: column("has_account"),
  topic: { kind: "topic" },
  orders_count: column("orders_count"),
  total_spent: { kind: "money", column: "c.total_spent" },
  avg_order_value: { kind: "money", column: "c.avg_order_value" },
  refunded_total: { kind: "money", column: "c.refunded_total" },
  currency_code: column("currency_code"),
  first_order_at: column("first_order_at"),
  last_order_at: column("last_order_at"),
  rfm_recency: column("rfm_recency"),
  rfm_frequency: column("rfm_frequency"),
  rfm_monetary: column("rfm_monetary"),
  rfm_group: column("rfm_group"),
  spend_percentile: column("spend_percentile"),
  purchased_product: { kind: "purchase", match: "product" },
  purchased_category: { kind: "purchase", match: "category" },
  purchased_collection: { kind: "purchase", match: "collection" },
  has_open_cart: { kind: "open_cart" },
  open_cart_updated_at: { kind: "latest", rows: OPEN_CART_ROWS, column: "k.cart_updated_at" },
  last_sent_at: column("last_sent_at"),
  last_open_at: column("last_open_at"),
  last_click_at: column("last_click_at"),
  consent_status: {
    kind: "scalar",
    expr: `(SELECT e.action ${EMAIL_CONSENT_ROWS} ORDER BY e.occurred_at DESC, e.id DESC LIMIT 1)`,
  },
  consent_granted_at: {
    kind: "latest",
    rows: `${EMAIL_CONSENT_ROWS} AND e.action = 'granted'`,
    column: "e.occurred_at",
  },
  segment: { kind: "segment" },
}

// ---------------------------------------------------------------- helpers

/** Whether the whole string is one parenthesized expression. */
function isWrapped(sql: string): boolean {
  if (!sql.startsWith("(") || !sql.endsWith(")")) {
    return false
  }
  let depth = 0
  for (let i = 0; i < sql.length; i++) {
    if (sql[i] === "(") {
      depth++
    } else if (sql[i] === ")") {
      depth--
      if (depth === 0 && i < sql.length - 1) {
        return false
      }
    }
  }
  return true
}

const wrap = (sql: string) => (isWrapped(sql) ? sql : `(${sql})`)

function and(parts: string[]): string {
  return parts.length === 1 ? parts[0] : `(${parts.join(" AND ")})`
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (ch) => `\\${ch}`)
}

const iso = (d: Date) => d.toISOString()

function isPositive(op: SegmentOperator): boolean {
  return op === "eq" || op === "in"
}

/** eq / neq / in / not_in on an expression. */
function compare(x: string, nullable: boolean, op: SegmentOperator, value: unknown, cast: "text" | "int", ctx: Ctx): string {
  switch (op) {
    case "eq":
      return `${x} = ${ctx.params.add(value, cast)}`
    case "neq":
      return nullable ? `${x} IS DISTINCT FROM ${ctx.params.add(value, cast)}` : `${x} <> ${ctx.params.add(value, cast)}`
    case "in":
      return `${x} = ANY(${ctx.params.add(value, `${cast}[]` as SqlCast)})`
    case "not_in": {
      const ph = ctx.params.add(value, `${cast}[]` as SqlCast)
      return nullable ? `(${x} = ANY(${ph})) IS NOT TRUE` : `${x} <> ALL(${ph})`
    }
    default:
      throw new Error(`compare: unexpected operator ${op}`)
  }
}

const ORDER_SQL: Partial<Record<SegmentOperator, string>> = { gt: ">", gte: ">=", lt: "<", lte: "<=" }

// ---------------------------------------------------------------- dates

type DateBounds = {
  lower?: { op: ">=" | ">"; at: Date }
  upper?: { op: "<" | "<="; at: Date }
}

function relativeStart(value: RelativeDate, now: Date): Date {
  return subtractRelative(now, value.amount, value.unit)
}

function parseDate(value: string) {
  const parsed = parseSegmentDate(value)
  if (!parsed) {
    throw new Error(`compile: invalid date ${value}`)
  }
  return parsed
}

/** within_last, before, after, between as bounds on the instant. */
function dateBounds(op: SegmentOperator, value: unknown, now: Date): DateBounds {
  switch (op) {
    case "within_last":
      return { lower: { op: ">=", at: relativeStart(value as RelativeDate, now) } }
    case "before":
      return { upper: { op: "<", at: parseDate(value as string).start } }
    case "after": {
      const d = parseDate(value as string)
      return d.dateOnly ? { lower: { op: ">=", at: dateEndExclusive(d) } } : { lower: { op: ">", at: d.start } }
    }
    case "between": {
      const [from, to] = (value as [string, string]).map(parseDate)
      return {
        lower: { op: ">=", at: from.start },
        upper: to.dateOnly ? { op: "<", at: dateEndExclusive(to) } : { op: "<=", at: to.start },
      }
    }
    default:
      throw new Error(`dateBounds: unexpected operator ${op}`)
  }
}

function dateColumn(col: string, nullable: boolean, op: SegmentOperator, value: unknown, ctx: Ctx): string {
  switch (op) {
    case "is_set":
      return `${col} IS NOT NULL`
    case "is_not_set":
      return `${col} IS NULL`
    case "not_within_last": {
      const ph = ctx.params.add(iso(relativeStart(value as RelativeDate, ctx.now)), "timestamptz")
      return nullable ? `(${col} IS NULL OR ${col} < ${ph})` : `${col} < ${ph}`
    }
  }
  const b = dateBounds(op, value, ctx.now)
  const parts: string[] = []
  if (b.lower) {
    parts.push(`${col} ${b.lower.op} ${ctx.params.add(iso(b.lower.at), "timestamptz")}`)
  }
  if (b.upper) {
    parts.push(`${col} ${b.upper.op} ${ctx.params.add(iso(b.upper.at), "timestamptz")}`)
  }
  return and(parts)
}

/**
 * A date operator on max(column) over related rows, without computing the
 * max: max >= t is "some row >= t"; max < t is "some row, and none >= t".
 */
function latestDate(rows: string, col: string, op: SegmentOperator, value: unknown, ctx: Ctx): string {
  const exists = (cond?: string) => `EXISTS (SELECT 1 ${rows}${cond ? ` AND ${cond}` : ""})`
  switch (op) {
    case "is_set":
      return exists()
    case "is_not_set":
      return `NOT ${exists()}`
    case "not_within_last": {
      const ph = ctx.params.add(iso(relativeStart(value as RelativeDate, ctx.now)), "timestamptz")
      return `NOT ${exists(`${col} >= ${ph}`)}`
    }
  }
  const b = dateBounds(op, value, ctx.now)
  const lower = b.lower && `${col} ${b.lower.op} ${ctx.params.add(iso(b.lower.at), "timestamptz")}`
  if (!b.upper) {
    return exists(lower)
  }
  const ph = ctx.params.add(iso(b.upper.at), "timestamptz")
  const inside = `${col} ${b.upper.op} ${ph}`
  const beyond = `${col} ${b.upper.op === "<" ? ">=" : ">"} ${ph}`
  return `(${exists(lower ? `${lower} AND ${inside}` : inside)} AND NOT ${exists(beyond)})`
}

// ---------------------------------------------------------------- money

function moneyParts(op: SegmentOperator, value: unknown, ctx: Ctx): { amounts: string[]; currency: string | null } {
  let amounts: MoneyAmount[]
  let currency: string | undefined
  if (op === "between") {
    const v = value as MoneyRangeValue
    if (Array.isArray(v)) {
      amounts = v
    } else {
      amounts = [v.min, v.max]
      currency = v.currency_code
    }
  } else {
    const v = value as MoneyValue
    if (typeof v === "object" && v !== null) {
      amounts = [v.amount]
      currency = v.currency_code
    } else {
      amounts = [v]
    }
  }
  return {
    amounts: amounts.map(moneyToDecimalString),
    currency: currency ? currency.toLowerCase() : ctx.currency,
  }
}

function money(col: string, op: SegmentOperator, value: unknown, ctx: Ctx): string {
  const { amounts, currency } = moneyParts(op, value, ctx)
  const parts: string[] = []
  if (currency) {
    parts.push(`(c.currency_code IS NULL OR c.currency_code = ${ctx.params.add(currency, "text")})`)
  }
  const amount = () => ctx.params.add(amounts.shift(), "numeric")
  switch (op) {
    case "eq":
      parts.push(`${col} = ${amount()}`)
      break
    case "neq":
      parts.push(`${col} <> ${amount()}`)
      break
    case "between":
      parts.push(`${col} BETWEEN ${amount()} AND ${amount()}`)
      break
    default:
      parts.push(`${col} ${ORDER_SQL[op]} ${amount()}`)
  }
  return and(parts)
}

// ---------------------------------------------------------------- conditions

function idMatch(expr: string, op: SegmentOperator, value: unknown, ctx: Ctx): string {
  return op === "eq" || op === "neq"
    ? `${expr} = ${ctx.params.add(value, "text")}`
    : `${expr} = ANY(${ctx.params.add(value, "text[]")})`
}

function purchaseMatch(match: "product" | "collection", op: SegmentOperator, value: unknown, ctx: Ctx) {
  switch (match) {
    case "product":
      return idMatch("f.product_id", op, value, ctx)
    case "collection":
      return idMatch("f.collection_id", op, value, ctx)
  }
}

/**
 * "Bought from category X": the narrow category facts (one row per order
 * and category, covered by (category_id, placed_at) INCLUDE (contact_id)),
 * read from the index alone; "N+ orders" is a count of orders per contact.
 */
function categoryPurchase(cond: SegmentCondition, ctx: Ctx): string {
  const { operator: op, value } = cond
  let rows =
    (op === "eq" || op === "neq"
      ? `k.category_id = ${ctx.params.add(value, "text")}`
      : `k.category_id = ANY(${ctx.params.add(value, "text[]")})`) + " AND NOT k.canceled"
  if (cond.within) {
    rows += ` AND k.placed_at >= ${ctx.params.add(iso(relativeStart(cond.within, ctx.now)), "timestamptz")}`
  }
  if (cond.min_count !== undefined && cond.min_count > 1) {
    // one row per order and category: for one category count(*) is the orders,
    // for several an order in two of them must still count once
    const orders = Array.isArray(value) && value.length > 1 ? "count(DISTINCT k.order_id)" : "count(*)"
    const sql =
      `c.id IN (SELECT k.contact_id FROM mkt_order_category_fact k WHERE ${rows}` +
      ` GROUP BY k.contact_id HAVING ${orders} >= ${ctx.params.add(cond.min_count, "int")})`
    return isPositive(op) ? sql : `NOT (${sql})`
  }
  const sql = `EXISTS (SELECT 1 FROM mkt_order_category_fact k WHERE k.contact_id = c.id AND ${rows})`
  return isPositive(op) ? sql : `NOT ${sql}`
}

/**
 * "Bought from collection X": a store has few collections and each is a
 * broad slice of its sales, so the lines behind one are many (373k for a
 * year of one collection in the benchmark). Where the per-contact summary
 * (mkt_contact_collection: one row per contact and collection with the
 * orders and the last time) can answer, it does, from its index alone and
 * one entry per buyer: any window with "at least once", or "N+ orders" of
 * one collection without a window. "N+ orders" within a window, or over
 * several collections (an order holding two of them counts once), counts
 * the lines' orders.
 */
function collectionPurchase(cond: SegmentCondition, ctx: Ctx): string | null {
  const { operator: op, value } = cond
  const several = Array.isArray(value) && value.length > 1
  const minCount = cond.min_count ?? 1
  if (minCount > 1 && (cond.within || several)) {
    return null
  }
  let rows = idMatch("s.collection_id", op, value, ctx)
  if (cond.within) {
    rows += ` AND s.last_placed_at >= ${ctx.params.add(iso(relativeStart(cond.within, ctx.now)), "timestamptz")}`
  }
  if (minCount > 1) {
    rows += ` AND s.orders_count >= ${ctx.params.add(minCount, "int")}`
  }
  const sql = `EXISTS (SELECT 1 FROM mkt_contact_collection s WHERE s.contact_id = c.id AND ${rows})`
  return isPositive(op) ? sql : `NOT ${sql}`
}

function compileCondition(cond: SegmentCondition, ctx: Ctx): string {
  const { field, operator: op, value } = cond
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[field]
  const nullable = !!spec.nullable
  const where = FIELD_SQL[field]
  if (where.kind === "column" || where.kind === "money" || where.kind === "tags") {
    ctx.columns.add(where.column.slice(2))
    if (where.kind === "money") {
      ctx.columns.add("currency_code")
    }
  } else {
    ctx.sets++
  }

  switch (where.kind) {
    case "column": {
      const col = where.column
      switch (spec.type) {
        case "string": {
          if (op === "is_set") {
            return `coalesce(${col}, '') <> ''`
          }
          if (op === "is_not_set") {
            return `coalesce(${col}, '') = ''`
          }
          const x = spec.storedLowercase ? col : `lower(${col})`
          const lower = (v: unknown) =>
            Array.isArray(v) ? v.map((s: string) => s.toLowerCase()) : (v as string).toLowerCase()
          if (op === "contains") {
            return `${x} LIKE ${ctx.params.add(`%${escapeLike(lower(value) as string)}%`, "text")}`
          }
          if (op === "starts_with") {
            return `${x} LIKE ${ctx.params.add(`${escapeLike(lower(value) as string)}%`, "text")}`
          }
          return compare(x, nullable, op, lower(value), "text", ctx)
        }
        case "enum":
          if (op === "is_set") {
            return `${col} IS NOT NULL`
          }
          if (op === "is_not_set") {
            return `${col} IS NULL`
          }
          return compare(col, nullable, op, value, "text", ctx)
        case "number":
          switch (op) {
            case "is_set":
              return `${col} IS NOT NULL`
            case "is_not_set":
              return `${col} IS NULL`
            case "between": {
              const [a, b] = value as [number, number]
              return `${col} BETWEEN ${ctx.params.add(a, "int")} AND ${ctx.params.add(b, "int")}`
            }
            case "eq":
            case "neq":
              return compare(col, nullable, op, value, "int", ctx)
            default:
              return `${col} ${ORDER_SQL[op]} ${ctx.params.add(value, "int")}`
          }
        case "date":
          return dateColumn(col, nullable, op, value, ctx)
        case "boolean":
          return `${col} ${op === "eq" ? "=" : "<>"} ${ctx.params.add(value, "boolean")}`
        default:
          throw new Error(`compile: column field ${field} has type ${spec.type}`)
      }
    }
    case "scalar":
      if (op === "is_set") {
        return `${where.expr} IS NOT NULL`
      }
      if (op === "is_not_set") {
        return `${where.expr} IS NULL`
      }
      return compare(where.expr, nullable, op, value, "text", ctx)
    case "latest":
      return latestDate(where.rows, where.column, op, value, ctx)
    case "money":
      return money(where.column, op, value, ctx)
    case "tags": {
      const col = where.column
      switch (op) {
        case "contains":
          return `${col} @> ARRAY[${ctx.params.add(value, "text")}]`
        case "in":
          return `${col} && ${ctx.params.add(value, "text[]")}`
        case "not_in":
          return `NOT (${col} && ${ctx.params.add(value, "text[]")})`
        case "is_set":
          return `cardinality(${col}) > 0`
        default:
          return `cardinality(${col}) = 0`
      }
    }
    case "topic": {
      // the handles resolve to ids first (an InitPlan), so the planner
      // estimates the subscriptions from mkt_contact_topic's own statistics;
      // joining mkt_topic, whose statistics a tiny table rarely gets, made it
      // pick a nested loop over every subscriber (5 s instead of 0.4 s at 1M).
      // One handle is one id (handles are unique), and `topic_id = (one id)`
      // lets the planner probe the subscriptions of a few thousand contacts
      // (0.2-0.3 s) where `= ANY(...)` hashed all 402k newsletter
      // subscribers first (0.36-0.5 s)
      const topics = `SELECT t.id FROM mkt_topic t WHERE t.deleted_at IS NULL AND ${idMatch("t.handle", op, value, ctx)}`
      const sql =
        "EXISTS (SELECT 1 FROM mkt_contact_topic ct" +
        " WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND ct.subscribed" +
        (op === "eq" || op === "neq" ? ` AND ct.topic_id = (${topics}))` : ` AND ct.topic_id = ANY(ARRAY(${topics})))`)
      return isPositive(op) ? sql : `NOT ${sql}`
    }
    case "segment": {
      const sql =
        "EXISTS (SELECT 1 FROM mkt_segment_member sm WHERE sm.contact_id = c.id AND sm.deleted_at IS NULL" +
        ` AND ${idMatch("sm.segment_id", op, value, ctx)})`
      return isPositive(op) ? sql : `NOT ${sql}`
    }
    case "purchase": {
      if (where.match === "category") {
        return categoryPurchase(cond, ctx)
      }
      if (where.match === "collection") {
        const summary = collectionPurchase(cond, ctx)
        if (summary) {
          return summary
        }
      }
      let rows = `f.deleted_at IS NULL AND NOT f.canceled AND ${purchaseMatch(where.match, op, value, ctx)}`
      if (cond.within) {
        rows += ` AND f.placed_at >= ${ctx.params.add(iso(relativeStart(cond.within, ctx.now)), "timestamptz")}`
      }
      let sql: string
      if (cond.min_count !== undefined && cond.min_count > 1) {
        // uncorrelated, so the planner aggregates the matching lines once (a
        // correlated EXISTS with GROUP BY runs once per contact)
        sql =
          `c.id IN (SELECT f.contact_id FROM mkt_order_line_fact f WHERE ${rows}` +
          ` GROUP BY f.contact_id HAVING count(DISTINCT f.order_id) >= ${ctx.params.add(cond.min_count, "int")})`
        return isPositive(op) ? sql : `NOT (${sql})`
      }
      sql = `EXISTS (SELECT 1 FROM mkt_order_line_fact f WHERE f.contact_id = c.id AND ${rows})`
      return isPositive(op) ? sql : `NOT ${sql}`
    }
    case "open_cart": {
      const sql = `EXISTS (SELECT 1 ${OPEN_CART_ROWS})`
      return (op === "eq") === (value === true) ? sql : `NOT ${sql}`
    }
  }
}

function compileNode(node: SegmentNode, ctx: Ctx): string {
  if ("all" in node) {
    const parts = node.all.map((n) => compileNode(n, ctx))
    return parts.length === 0 ? "TRUE" : parts.length === 1 ? parts[0] : `(${parts.join(" AND ")})`
  }
  if ("any" in node) {
    const parts = node.any.map((n) => compileNode(n, ctx))
    return parts.length === 0 ? "FALSE" : parts.length === 1 ? parts[0] : `(${parts.join(" OR ")})`
  }
  if ("not" in node) {
    return `${wrap(compileNode(node.not, ctx))} IS NOT TRUE`
  }
  return compileCondition(node, ctx)
}

// ---------------------------------------------------------------- entry points

function checkOptions(options: CompileSegmentOptions): string | null {
  if (!(options?.now instanceof Date) || Number.isNaN(options.now.getTime())) {
    throw new TypeError("compileSegment: options.now must be a valid Date")
  }
  const currency = options.currency ?? null
  if (currency !== null && !/^[A-Za-z]{3}$/.test(currency)) {
    throw new TypeError(`compileSegment: options.currency must be an ISO 4217 code, got ${JSON.stringify(currency)}`)
  }
  return currency && currency.toLowerCase()
}

/**
 * Which contacts tables a predicate can be evaluated over, the better guess
 * first. A predicate that combines contact columns with a set (a purchase,
 * a topic, a segment...) either probes the table once per contact in the
 * set or scans it whole and hashes. On the 1M-contact benchmark the narrow
 * copy wins where no index narrows the contacts first (the nested segment:
 * 0.27 s against 0.95 s probing wide, bloated mkt_contact), and
 * mkt_contact's indexes win where one does ("spent over 500 and on the
 * newsletter": 0.2 s from the total_spent index against 0.34 s scanning
 * the copy). Which of the two applies depends on the data, and Postgres'
 * cost estimates ranked them right in every such case, so both are offered.
 * Rules on contact columns alone stay on mkt_contact, whose indexes
 * answer them; a set alone too (the copy's estimates were wrong there: 22k
 * category buyers probed in mkt_contact in 0.12 s, against 0.28 s for a
 * plan that read the copy's whole primary key).
 */
function contactSources(ctx: Ctx): [string, ...string[]] {
  if (ctx.sets === 0 || ctx.columns.size === 0) {
    return [FROM_CONTACTS]
  }
  for (const col of ctx.columns) {
    if (!CONTACT_FILTER_COLUMNS.has(col)) {
      return [FROM_CONTACTS]
    }
  }
  return [FROM_CONTACT_FILTER, FROM_CONTACTS]
}

/**
 * The boolean expression over contacts `c`, for embedding in a larger
 * statement, and the contacts to evaluate it over (`from`, `alternatives`). Placeholders
 * start at `firstParam` (default 1). Throws SegmentRulesError on invalid
 * rules.
 */
export function compileSegmentPredicate(
  rules: unknown,
  options: CompileSegmentOptions & { firstParam?: number }
): CompiledSegmentPredicate {
  const currency = checkOptions(options)
  const firstParam = options.firstParam ?? 1
  if (!Number.isInteger(firstParam) || firstParam < 1) {
    throw new TypeError("compileSegment: options.firstParam must be a positive integer")
  }
  const tree: SegmentRules = assertValidSegmentRules(rules, {
    resolveSegment: options.resolveSegment,
    segmentId: options.segmentId,
  })
  const ctx: Ctx = { params: new Params(firstParam), now: options.now, currency, columns: new Set(), sets: 0 }
  const sql = compileNode(tree, ctx)
  const [from, ...alternatives] = contactSources(ctx)
  return { sql, params: ctx.params.values, from, alternatives }
}

/** `SELECT c.id FROM <contacts> c WHERE <live> AND (...)`. */
export function compileSegment(rules: unknown, options: CompileSegmentOptions): CompiledSegmentQuery {
  const { sql, params, from } = compileSegmentPredicate(rules, options)
  return { sql: `SELECT c.id ${from} AND ${wrap(sql)}`, params }
}

/** `SELECT count(*) AS count FROM <contacts> c WHERE ...` (count is a bigint: pg returns a string). */
export function compileSegmentCount(rules: unknown, options: CompileSegmentOptions): CompiledSegmentQuery {
  const { sql, params, from } = compileSegmentPredicate(rules, options)
  return { sql: `SELECT count(*) AS count ${from} AND ${wrap(sql)}`, params }
}

/** Alias of compileSegmentCount. */
export const compileCount = compileSegmentCount
