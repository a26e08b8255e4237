/**
 * fast-check arbitraries for segment rule trees, shared by the unit property
 * test, the SQL execution test and any database test that wants random
 * valid segments. Test-only: imports fast-check (a devDependency); never
 * import this from runtime code.
 *
 *   fc.assert(fc.property(segmentRulesArbitrary(), (rules) => { ... }))
 *   compileSegment(rules, { now: ARBITRARY_NOW, resolveSegment: arbitrarySegmentResolver })
 */
import fc from "fast-check"
import {
  isPurchaseField,
  LIST_OPERATORS,
  operatorsForField,
  RELATIVE_DATE_MAX,
  RELATIVE_DATE_UNITS,
  RelativeDateUnit,
  SEGMENT_FIELD_KEYS,
  SEGMENT_FIELDS,
  SEGMENT_LIMITS,
  SEGMENT_OPERATORS,
  SegmentFieldKey,
  SegmentFieldSpec,
  SegmentOperator,
  VALUELESS_OPERATORS,
} from "../fields"
import type { SegmentCondition, SegmentGroup, SegmentNode, SegmentRules } from "../schema"
import type { SegmentIssueCode, ValidateSegmentRulesOptions } from "../validate"
import { compareDecimalStrings } from "../values"

/** A fixed evaluation time, so compiled SQL and params are reproducible. */
export const ARBITRARY_NOW = new Date("2025-06-15T12:34:56.789Z")

/** Segments random trees may reference; arbitrarySegmentResolver knows them. */
export const ARBITRARY_SEGMENT_IDS = ["mseg_vip", "mseg_newsletter", "mseg_winback"]
/** Two segments that include each other (for cycle cases). */
export const LOOP_SEGMENT_IDS = ["mseg_loop_a", "mseg_loop_b"]

/** Resolver for the ids above; anything else does not exist. */
export function arbitrarySegmentResolver(id: string): unknown {
  if (ARBITRARY_SEGMENT_IDS.includes(id)) {
    return { all: [] }
  }
  const loop = LOOP_SEGMENT_IDS.indexOf(id)
  if (loop >= 0) {
    return { all: [{ field: "segment", operator: "eq", value: LOOP_SEGMENT_IDS[1 - loop] }] }
  }
  return null
}

/** Ids the SQL execution test seeds, so random trees sometimes match rows. */
export const ARBITRARY_IDS = {
  tags: ["cusgroup_vip", "cusgroup_wholesale"],
  topic: ["newsletter", "promotions", "product-news"],
  product: ["prod_shirt", "prod_shoes", "prod_hat"],
  category: ["pcat_men", "pcat_women", "pcat_sale"],
  collection: ["pcol_summer", "pcol_winter"],
  segment: ARBITRARY_SEGMENT_IDS,
} as const

const NASTY_STRINGS = [
  "O'Brien",
  "x'; DROP TABLE mkt_contact; --",
  "100%",
  "a_b",
  "back\\slash",
  "$1",
  "$$ dollar quoted $$",
  "Ünïcødé",
  "😀",
  '"quoted"',
  "line\nbreak",
  "@example.com",
  "anna",
  "dk",
]

export const segmentTextArbitrary: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...NASTY_STRINGS),
  fc.string({ minLength: 1, maxLength: 12, unit: "grapheme" }).filter((s) => !s.includes("\u0000"))
)

function idArbitrary(known: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: segmentTextArbitrary })
}

function listOf<T>(item: fc.Arbitrary<T>): fc.Arbitrary<T[]> {
  return fc.array(item, { minLength: 1, maxLength: 5 })
}

const currencyArbitrary = fc.constantFrom("usd", "eur", "EUR", "dkk")

const moneyAmountArbitrary: fc.Arbitrary<number | string> = fc.oneof(
  fc.integer({ min: 0, max: 5_000 }),
  fc.integer({ min: 0, max: 999_999_999_999_999 }),
  fc
    .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999_999 }), fc.integer({ min: 1, max: 6 }))
    .map(([i, f, digits]) => `${i}.${String(f).padStart(6, "0").slice(0, digits)}`)
)

const moneyStr = (a: number | string) => String(a)

const relativeArbitrary = fc
  .constantFrom(...RELATIVE_DATE_UNITS)
  .chain((unit: RelativeDateUnit) =>
    fc
      .oneof(
        fc.integer({ min: 1, max: Math.min(120, RELATIVE_DATE_MAX[unit]) }),
        fc.integer({ min: 1, max: RELATIVE_DATE_MAX[unit] })
      )
      .map((amount) => ({ amount, unit }))
  )

const instantArbitrary = fc.date({
  min: new Date("1990-01-01T00:00:00Z"),
  max: new Date("2035-12-31T23:59:59Z"),
  noInvalidDate: true,
})

function formatDate(d: Date, style: number): string {
  const iso = d.toISOString()
  switch (style) {
    case 0:
      return iso.slice(0, 10)
    case 1:
      return iso
    case 2:
      return `${iso.slice(0, 19)}+02:00`
    default:
      return `${iso.slice(0, 16)}-05:30`
  }
}

const dateArbitrary = fc.tuple(instantArbitrary, fc.integer({ min: 0, max: 3 })).map(([d, s]) => formatDate(d, s))

/** Both bounds as bare dates, or both as UTC date-times, ordered. */
const dateRangeArbitrary = fc
  .tuple(instantArbitrary, instantArbitrary, fc.boolean())
  .map(([a, b, bare]) => {
    const [from, to] = a.getTime() <= b.getTime() ? [a, b] : [b, a]
    return bare ? [formatDate(from, 0), formatDate(to, 0)] : [formatDate(from, 1), formatDate(to, 1)]
  })

function integerArbitrary(spec: SegmentFieldSpec): fc.Arbitrary<number> {
  const min = spec.min ?? 0
  const max = spec.max ?? 1_000_000
  return fc.oneof(fc.integer({ min, max: Math.min(max, min + 10) }), fc.integer({ min, max }))
}

/** A valid value for a field and operator (undefined for is_set / is_not_set). */
export function segmentValueArbitrary(field: SegmentFieldKey, op: SegmentOperator): fc.Arbitrary<unknown> {
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[field]
  if (VALUELESS_OPERATORS.includes(op)) {
    return fc.constant(undefined)
  }
  const list = LIST_OPERATORS.includes(op)
  switch (spec.type) {
    case "string":
      return list ? listOf(segmentTextArbitrary) : segmentTextArbitrary
    case "enum": {
      const option = fc.constantFrom(...spec.options!.map((o) => o.value))
      return list ? listOf(option) : option
    }
    case "number": {
      const n = integerArbitrary(spec)
      return op === "between" ? fc.tuple(n, n).map(([a, b]) => (a <= b ? [a, b] : [b, a])) : n
    }
    case "money": {
      if (op === "between") {
        return fc
          .tuple(moneyAmountArbitrary, moneyAmountArbitrary, fc.option(currencyArbitrary, { nil: undefined }), fc.boolean())
          .map(([a, b, currency, asObject]) => {
            const [min, max] = compareDecimalStrings(moneyStr(a), moneyStr(b)) <= 0 ? [a, b] : [b, a]
            if (!asObject) {
              return [min, max]
            }
            return currency ? { min, max, currency_code: currency } : { min, max }
          })
      }
      return fc.oneof(
        moneyAmountArbitrary,
        fc.record({ amount: moneyAmountArbitrary, currency_code: currencyArbitrary }),
        fc.record({ amount: moneyAmountArbitrary })
      )
    }
    case "date":
      if (op === "within_last" || op === "not_within_last") {
        return relativeArbitrary
      }
      return op === "between" ? dateRangeArbitrary : dateArbitrary
    case "boolean":
      return fc.boolean()
    default: {
      const known = ARBITRARY_IDS[spec.type as keyof typeof ARBITRARY_IDS]
      // referenced segments must exist; other ids may be anything
      const id = spec.type === "segment" ? fc.constantFrom(...known) : idArbitrary(known)
      return list ? listOf(id) : id
    }
  }
}

/** A valid condition on any field with any of its operators. */
export const segmentConditionArbitrary: fc.Arbitrary<SegmentCondition> = fc
  .constantFrom(...SEGMENT_FIELD_KEYS)
  .chain((field) => fc.constantFrom(...operatorsForField(field)).map((operator) => ({ field, operator })))
  .chain(({ field, operator }) => {
    const purchase = isPurchaseField(field)
    return fc
      .tuple(
        segmentValueArbitrary(field, operator),
        purchase
          ? fc.option(fc.oneof(fc.integer({ min: 1, max: 4 }), fc.constant(SEGMENT_LIMITS.maxPurchaseCount)), {
              nil: undefined,
            })
          : fc.constant(undefined),
        purchase ? fc.option(relativeArbitrary, { nil: undefined }) : fc.constant(undefined)
      )
      .map(([value, minCount, within]) => {
        const cond: SegmentCondition = { field, operator }
        if (value !== undefined) {
          cond.value = value as SegmentCondition["value"]
        }
        if (minCount !== undefined) {
          cond.min_count = minCount
        }
        if (within !== undefined) {
          cond.within = within
        }
        return cond
      })
  })

export type SegmentRulesArbitraryOptions = {
  /** deepest group level, root = 1 (default: the limit, 5) */
  maxDepth?: number
  /** most children per all/any group (default 4) */
  maxChildren?: number
}

export function countSegmentNodes(node: SegmentNode): { conditions: number; groups: number; depth: number } {
  if ("all" in node || "any" in node) {
    const children = "all" in node ? node.all : node.any
    const counts = children.map(countSegmentNodes)
    return {
      conditions: counts.reduce((s, c) => s + c.conditions, 0),
      groups: 1 + counts.reduce((s, c) => s + c.groups, 0),
      depth: 1 + Math.max(0, ...counts.map((c) => c.depth)),
    }
  }
  if ("not" in node) {
    const c = countSegmentNodes(node.not)
    return { conditions: c.conditions, groups: c.groups + 1, depth: c.depth + 1 }
  }
  return { conditions: 1, groups: 0, depth: 0 }
}

/** Random valid rule trees within every limit. */
export function segmentRulesArbitrary(options: SegmentRulesArbitraryOptions = {}): fc.Arbitrary<SegmentRules> {
  const maxDepth = options.maxDepth ?? SEGMENT_LIMITS.maxDepth
  const maxChildren = options.maxChildren ?? 4
  // groups[d] is a group at depth d; built bottom-up so nothing recurses lazily
  let deeper: fc.Arbitrary<SegmentGroup> | null = null
  for (let depth = maxDepth; depth >= 1; depth--) {
    const child: fc.Arbitrary<SegmentNode> = deeper
      ? fc.oneof({ weight: 3, arbitrary: segmentConditionArbitrary }, { weight: 1, arbitrary: deeper })
      : segmentConditionArbitrary
    deeper = fc.oneof(
      { weight: 3, arbitrary: fc.array(child, { maxLength: maxChildren }).map((all): SegmentGroup => ({ all })) },
      { weight: 2, arbitrary: fc.array(child, { maxLength: maxChildren }).map((any): SegmentGroup => ({ any })) },
      { weight: 1, arbitrary: child.map((not): SegmentGroup => ({ not })) }
    )
  }
  return deeper!.filter((tree) => {
    const c = countSegmentNodes(tree)
    return c.conditions <= SEGMENT_LIMITS.maxConditions && c.groups <= SEGMENT_LIMITS.maxGroups
  })
}

// ---------------------------------------------------------------- invalid trees

export type InvalidSegmentCase = {
  kind: string
  rules: unknown
  options: ValidateSegmentRulesOptions
  /** some issue has this code and a path starting with `path` */
  expected: { code: SegmentIssueCode; path: string }
}

type Located = { node: Record<string, unknown>; path: string; isCondition: boolean; set: (v: unknown) => void }

function locate(root: Record<string, unknown>): Located[] {
  const out: Located[] = []
  const visit = (node: Record<string, unknown>, path: string, set: (v: unknown) => void) => {
    const isCondition = "field" in node
    out.push({ node, path, isCondition, set })
    if (isCondition) {
      return
    }
    for (const key of ["all", "any"] as const) {
      const children = node[key]
      if (Array.isArray(children)) {
        children.forEach((c, i) => visit(c, `${path}.${key}[${i}]`, (v) => (children[i] = v)))
      }
    }
    if (node.not) {
      visit(node.not as Record<string, unknown>, `${path}.not`, (v) => (node.not = v))
    }
  }
  visit(root, "rules", () => {
    throw new Error("cannot replace the root")
  })
  return out
}

/** Values that are wrong for a field and operator, whatever the schema says. */
export function wrongSegmentValues(field: SegmentFieldKey, op: SegmentOperator): unknown[] {
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[field]
  if (VALUELESS_OPERATORS.includes(op)) {
    return ["x", 0, false, []]
  }
  const missing = [undefined, null]
  if (LIST_OPERATORS.includes(op)) {
    return [...missing, "x", [], [42], [""], {}, ["ok", 7]]
  }
  switch (spec.type) {
    case "string":
      return [...missing, 42, "", true, ["x"], {}, "a\u0000b", "x".repeat(SEGMENT_LIMITS.maxStringLength + 1)]
    case "enum":
      return [...missing, "not_an_option", 1, "", ["x"]]
    case "number":
      if (op === "between") {
        return [...missing, [spec.min ?? 0], [(spec.min ?? 0) + 2, spec.min ?? 0], ["1", "2"], 5, [1, 2, 3]]
      }
      return [...missing, "5", 1.5, (spec.min ?? 0) - 1, (spec.max ?? 1e9) + 1, true]
    case "money":
      if (op === "between") {
        return [...missing, [5, 1], ["a", "b"], 5, { min: 1 }, { min: "2", max: "1.5" }, [1]]
      }
      return [...missing, 1.5, -1, "1.2.3", "1e5", "-3", { amount: 1, currency_code: "us" }, { currency_code: "usd" }, true]
    case "date":
      if (op === "within_last" || op === "not_within_last") {
        return [
          ...missing,
          { amount: 0, unit: "days" },
          { amount: 3, unit: "fortnights" },
          90,
          "90 days",
          { amount: 1.5, unit: "days" },
          { amount: 101, unit: "years" },
        ]
      }
      if (op === "between") {
        return [...missing, ["2024-02-01", "2024-01-01"], ["2024-01-01"], "2024-01-01", ["2024-01-01", "soon"]]
      }
      return [...missing, "2023-02-29", "yesterday", 20240101, "2024-01-01T10:00:00", "2024-13-01"]
    case "boolean":
      return [...missing, "true", 1, "yes"]
    default:
      return [...missing, 42, "", ["x"], {}, "x".repeat(SEGMENT_LIMITS.maxIdLength + 1)]
  }
}

const INVALID_KINDS = [
  "unknown_field",
  "invalid_operator",
  "invalid_value",
  "unknown_key",
  "invalid_structure",
  "too_deep",
  "too_many_conditions",
  "list_too_long",
  "self_reference",
  "segment_cycle",
  "unknown_segment",
  "root_not_group",
] as const

/**
 * Random invalid trees: a valid tree with one defect at a random place, and
 * the issue validation must report (code and path).
 */
export function invalidSegmentRulesArbitrary(): fc.Arbitrary<InvalidSegmentCase> {
  return fc
    .record({
      kind: fc.constantFrom(...INVALID_KINDS),
      base: segmentRulesArbitrary({ maxDepth: SEGMENT_LIMITS.maxDepth - 1, maxChildren: 3 }),
      first: segmentConditionArbitrary,
      pick: fc.nat(),
      choice: fc.nat(),
    })
    .filter(({ base }) => {
      const c = countSegmentNodes(base)
      return c.conditions < SEGMENT_LIMITS.maxConditions && c.groups < SEGMENT_LIMITS.maxGroups
    })
    .map(({ kind, base, first, pick, choice }): InvalidSegmentCase => {
      const rules = structuredClone({ all: [first, base] }) as Record<string, unknown>
      const options: ValidateSegmentRulesOptions = { resolveSegment: arbitrarySegmentResolver }
      const nodes = locate(rules)
      const conditions = nodes.filter((n) => n.isCondition)
      const groups = nodes.filter((n) => !n.isCondition)
      const cond = conditions[pick % conditions.length]
      const anyNode = nodes.slice(1)[pick % (nodes.length - 1)]
      const pickFrom = <T>(xs: readonly T[]): T => xs[choice % xs.length]
      const c = cond.node as SegmentCondition & Record<string, unknown>

      switch (kind) {
        case "unknown_field":
          c.field = pickFrom(["frist_name", "ordercount", "", "Email", "__proto__", "constructor", "c.email"]) as any
          return { kind, rules, options, expected: { code: "unknown_field", path: `${cond.path}.field` } }
        case "invalid_operator": {
          const allowed = operatorsForField(c.field)
          const wrong = [...SEGMENT_OPERATORS.filter((o) => !allowed.includes(o)), "LIKE", "=", "", "EQ"]
          c.operator = pickFrom(wrong) as SegmentOperator
          return { kind, rules, options, expected: { code: "invalid_operator", path: `${cond.path}.operator` } }
        }
        case "invalid_value": {
          const wrong = pickFrom(wrongSegmentValues(c.field, c.operator))
          if (wrong === undefined) {
            delete c.value
          } else {
            c.value = wrong as SegmentCondition["value"]
          }
          return { kind, rules, options, expected: { code: "invalid_value", path: `${cond.path}.value` } }
        }
        case "unknown_key": {
          const target = pickFrom([cond, ...groups])
          const key = target.isCondition && !isPurchaseField(c.field) ? pickFrom(["foo", "within", "min_count", "sql"]) : "foo"
          target.node[key] = 1
          return { kind, rules, options, expected: { code: "unknown_key", path: `${target.path}.${key}` } }
        }
        case "invalid_structure": {
          const bad = pickFrom<[unknown, string]>([
            [[], ""],
            ["x", ""],
            [42, ""],
            [null, ""],
            [{}, ""],
            [{ all: [], any: [] }, ""],
            [{ all: "x" }, ".all"],
            [{ any: { field: "email" } }, ".any"],
            [{ not: [] }, ".not"],
          ])
          anyNode.set(bad[0])
          return { kind, rules, options, expected: { code: "invalid_structure", path: `${anyNode.path}${bad[1]}` } }
        }
        case "too_deep": {
          let deep: unknown = { field: "has_account", operator: "eq", value: true }
          for (let i = 0; i < SEGMENT_LIMITS.maxDepth; i++) {
            deep = pickFrom([{ all: [deep] }, { any: [deep] }, { not: deep }])
          }
          cond.set(deep)
          return { kind, rules, options, expected: { code: "too_deep", path: cond.path } }
        }
        case "too_many_conditions": {
          const extra = Array.from({ length: SEGMENT_LIMITS.maxConditions + 1 }, (_, i) => ({
            field: "orders_count",
            operator: "gte",
            value: i,
          }))
          ;(rules.all as unknown[]).push({ any: extra })
          return { kind, rules, options, expected: { code: "too_many_conditions", path: "rules" } }
        }
        case "list_too_long": {
          const n = SEGMENT_LIMITS.maxListSize + 1 + (choice % 100)
          cond.set({
            field: pickFrom(["email", "purchased_product", "segment", "topic"]),
            operator: pickFrom(["in", "not_in"]),
            value: Array.from({ length: n }, (_, i) => `v${i}`),
          })
          return { kind, rules, options, expected: { code: "list_too_long", path: `${cond.path}.value` } }
        }
        case "self_reference":
          cond.set({ field: "segment", operator: "in", value: ["mseg_vip", "mseg_self"] })
          return {
            kind,
            rules,
            options: { ...options, segmentId: "mseg_self" },
            expected: { code: "segment_cycle", path: `${cond.path}.value[1]` },
          }
        case "segment_cycle":
          cond.set({ field: "segment", operator: "eq", value: pickFrom(LOOP_SEGMENT_IDS) })
          return { kind, rules, options, expected: { code: "segment_cycle", path: `${cond.path}.value` } }
        case "unknown_segment":
          cond.set({ field: "segment", operator: "not_in", value: ["mseg_vip", "mseg_missing"] })
          return { kind, rules, options, expected: { code: "unknown_segment", path: `${cond.path}.value[1]` } }
        case "root_not_group":
          return { kind, rules: c, options, expected: { code: "invalid_structure", path: "rules" } }
      }
    })
}
