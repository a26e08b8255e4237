/**
 * The zod schema of a segment rule tree, generated from the field catalog:
 * the one source of truth for what a condition may say. validate.ts uses the
 * same per-operator value schemas to name the offending path; the AI gets
 * `z.toJSONSchema(segmentRulesSchema)` as its structured-output schema.
 *
 * A tree is a group; groups nest:
 *   { "all": [node, ...] }   every node matches (empty: everyone)
 *   { "any": [node, ...] }   at least one matches (empty: no one)
 *   { "not": node }          the node does not match
 * and hold conditions:
 *   { "field": "orders_count", "operator": "gte", "value": 2 }
 *   { "field": "purchased_product", "operator": "in", "value": ["prod_1"],
 *     "min_count": 2, "within": { "amount": 90, "unit": "days" } }
 */
import { z } from "zod"
import {
  isPurchaseField,
  operatorsForField,
  RELATIVE_DATE_MAX,
  RELATIVE_DATE_UNITS,
  RelativeDateUnit,
  SEGMENT_FIELD_KEYS,
  SEGMENT_FIELDS,
  SEGMENT_LIMITS,
  SegmentFieldKey,
  SegmentFieldSpec,
  SegmentOperator,
  VALUELESS_OPERATORS,
} from "./fields"
import {
  compareDecimalStrings,
  isDateRangeOrdered,
  isRelativeAmountInRange,
  MONEY_STRING_RE,
  moneyToDecimalString,
  parseSegmentDate,
} from "./values"

// ---------------------------------------------------------------- types

export type RelativeDate = { amount: number; unit: RelativeDateUnit }
/** A non-negative integer or a decimal string ("19.99"); never a float. */
export type MoneyAmount = number | string
export type MoneyValue = MoneyAmount | { amount: MoneyAmount; currency_code?: string }
export type MoneyRangeValue =
  | [MoneyAmount, MoneyAmount]
  | { min: MoneyAmount; max: MoneyAmount; currency_code?: string }

export type SegmentConditionValue =
  | string
  | number
  | boolean
  | string[]
  | [number, number]
  | [string, string]
  | MoneyValue
  | MoneyRangeValue
  | RelativeDate
  | null

export type SegmentCondition = {
  field: SegmentFieldKey
  operator: SegmentOperator
  /** absent (or null) for is_set / is_not_set */
  value?: SegmentConditionValue
  /** purchase fields: at least this many distinct orders (default 1) */
  min_count?: number
  /** purchase fields: only orders placed within this window before `now` */
  within?: RelativeDate
}

export type SegmentAllGroup = { all: SegmentNode[] }
export type SegmentAnyGroup = { any: SegmentNode[] }
export type SegmentNotGroup = { not: SegmentNode }
export type SegmentGroup = SegmentAllGroup | SegmentAnyGroup | SegmentNotGroup
export type SegmentNode = SegmentGroup | SegmentCondition
/** A whole rule tree: always a group at the top. */
export type SegmentRules = SegmentGroup

// ---------------------------------------------------------------- messages

export const MONEY_AMOUNT_MESSAGE =
  'must be a non-negative integer or a decimal string such as "19.99" (up to 15 digits and 6 decimals)'
export const DATE_MESSAGE =
  'must be a date "2024-01-31" (a UTC day) or a date-time with a time zone "2024-01-31T09:00:00Z"'
export const RELATIVE_DATE_MESSAGE = 'must be a window such as { "amount": 90, "unit": "days" }'
const CURRENCY_MESSAGE = 'must be a 3-letter ISO 4217 currency code such as "eur"'

// ---------------------------------------------------------------- value schemas

const hasNoNul = (s: string) => !s.includes("\u0000")

function text(max: number) {
  return z
    .string({ error: "must be a string" })
    .min(1, { error: "must not be empty (use is_not_set for missing values)" })
    .max(max, { error: `must be at most ${max} characters` })
    .refine(hasNoNul, { error: "must not contain NUL characters" })
}

function list<T extends z.ZodType>(item: T) {
  const max = SEGMENT_LIMITS.maxListSize
  return z
    .array(item, { error: "must be a list of values" })
    .min(1, { error: "must list at least one value" })
    .max(max, { error: `must list at most ${max} values` })
}

export const currencyCodeSchema = z
  .string({ error: CURRENCY_MESSAGE })
  .regex(/^[A-Za-z]{3}$/, { error: CURRENCY_MESSAGE })

export const moneyAmountSchema = z.union(
  [
    z.int({ error: MONEY_AMOUNT_MESSAGE }).min(0, { error: MONEY_AMOUNT_MESSAGE }).max(999_999_999_999_999, {
      error: MONEY_AMOUNT_MESSAGE,
    }),
    z.string({ error: MONEY_AMOUNT_MESSAGE }).regex(MONEY_STRING_RE, { error: MONEY_AMOUNT_MESSAGE }),
  ],
  { error: MONEY_AMOUNT_MESSAGE }
)

export const moneyValueSchema = z.union(
  [
    moneyAmountSchema,
    z.strictObject({ amount: moneyAmountSchema, currency_code: currencyCodeSchema.optional() }),
  ],
  { error: `${MONEY_AMOUNT_MESSAGE}, or { "amount": "19.99", "currency_code": "eur" }` }
)

const moneyBounds = (v: MoneyRangeValue): [MoneyAmount, MoneyAmount] =>
  Array.isArray(v) ? v : [v.min, v.max]

export const moneyRangeSchema = z
  .union(
    [
      z.tuple([moneyAmountSchema, moneyAmountSchema], { error: "must be a [min, max] pair of amounts" }),
      z.strictObject({
        min: moneyAmountSchema,
        max: moneyAmountSchema,
        currency_code: currencyCodeSchema.optional(),
      }),
    ],
    { error: 'must be a [min, max] pair of amounts, or { "min", "max", "currency_code" }' }
  )
  .refine(
    (v) => {
      const [min, max] = moneyBounds(v as MoneyRangeValue).map(moneyToDecimalString)
      // only compare amounts that parsed (a failed branch can still reach here)
      return !MONEY_STRING_RE.test(min) || !MONEY_STRING_RE.test(max) || compareDecimalStrings(min, max) <= 0
    },
    { error: "min must not be greater than max" }
  )

export const dateSchema = z
  .string({ error: DATE_MESSAGE })
  .max(40, { error: DATE_MESSAGE })
  .refine((s) => parseSegmentDate(s) !== null, { error: DATE_MESSAGE })

export const dateRangeSchema = z
  .tuple([dateSchema, dateSchema], { error: 'must be a [from, to] pair of dates, e.g. ["2024-01-01", "2024-01-31"]' })
  .refine(
    ([from, to]) => {
      const a = parseSegmentDate(from)
      const b = parseSegmentDate(to)
      return !a || !b || isDateRangeOrdered(a, b)
    },
    { error: "from must not be after to" }
  )

export const relativeDateSchema = z
  .strictObject(
    {
      amount: z.int({ error: "must be a whole number" }).min(1, { error: "must be at least 1" }),
      unit: z.enum(RELATIVE_DATE_UNITS, { error: `must be one of: ${RELATIVE_DATE_UNITS.join(", ")}` }),
    },
    { error: RELATIVE_DATE_MESSAGE }
  )
  .superRefine((v, ctx) => {
    if (Number.isInteger(v.amount) && v.amount >= 1 && !isRelativeAmountInRange(v.amount, v.unit)) {
      ctx.addIssue({
        code: "custom",
        path: ["amount"],
        message:
          v.unit === "years"
            ? "must be at most 100 years"
            : `must be at most ${RELATIVE_DATE_MAX[v.unit]} ${v.unit} (100 years)`,
      })
    }
  })

export const purchaseCountSchema = z
  .int({ error: "must be a whole number of orders" })
  .min(1, { error: "must be at least 1" })
  .max(SEGMENT_LIMITS.maxPurchaseCount, { error: `must be at most ${SEGMENT_LIMITS.maxPurchaseCount}` })

function integerSchema(spec: SegmentFieldSpec) {
  let s = z.int({ error: "must be a whole number" })
  if (spec.min !== undefined) {
    s = s.min(spec.min, { error: `must be at least ${spec.min}` })
  }
  if (spec.max !== undefined) {
    s = s.max(spec.max, { error: `must be at most ${spec.max}` })
  }
  return s
}

function enumSchema(spec: SegmentFieldSpec) {
  const values = (spec.options ?? []).map((o) => o.value) as [string, ...string[]]
  return z.enum(values, { error: `must be one of: ${values.join(", ")}` })
}

/**
 * The schema of `value` for one field and operator, or null when the
 * operator takes no value. Throws for an operator the field does not take.
 */
export function segmentValueSchema(field: SegmentFieldKey, operator: SegmentOperator): z.ZodType | null {
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[field]
  if (!operatorsForField(field).includes(operator)) {
    throw new Error(`Operator ${operator} does not apply to field ${field}`)
  }
  if (VALUELESS_OPERATORS.includes(operator)) {
    return null
  }
  const maxId = SEGMENT_LIMITS.maxIdLength
  switch (spec.type) {
    case "string": {
      const s = text(SEGMENT_LIMITS.maxStringLength)
      return operator === "in" || operator === "not_in" ? list(s) : s
    }
    case "enum": {
      const e = enumSchema(spec)
      return operator === "in" || operator === "not_in" ? list(e) : e
    }
    case "number": {
      const n = integerSchema(spec)
      if (operator === "between") {
        return z
          .tuple([n, n], { error: "must be a [min, max] pair of whole numbers" })
          .refine(([a, b]) => !Number.isInteger(a) || !Number.isInteger(b) || a <= b, {
            error: "min must not be greater than max",
          })
      }
      return n
    }
    case "money":
      return operator === "between" ? moneyRangeSchema : moneyValueSchema
    case "date":
      if (operator === "within_last" || operator === "not_within_last") {
        return relativeDateSchema
      }
      return operator === "between" ? dateRangeSchema : dateSchema
    case "boolean":
      return z.boolean({ error: "must be true or false" })
    case "tags":
    case "topic":
    case "product":
    case "category":
    case "collection":
    case "segment": {
      const id = text(maxId)
      return operator === "in" || operator === "not_in" ? list(id) : id
    }
  }
}

// ---------------------------------------------------------------- tree schemas

function conditionSchemaForField(field: SegmentFieldKey) {
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[field]
  const purchase = isPurchaseField(field)
  const options = operatorsForField(field).map((operator) => {
    const value = segmentValueSchema(field, operator)
    return z.strictObject({
      field: z.literal(field),
      operator: z.literal(operator),
      value: value ?? z.null().optional(),
      ...(purchase
        ? {
            min_count: purchaseCountSchema.optional().describe("at least this many distinct orders (default 1)"),
            within: relativeDateSchema.optional().describe("only orders placed within this window"),
          }
        : {}),
    })
  })
  return z.discriminatedUnion("operator", options as any).describe(`${spec.label}: ${spec.description}`)
}

/** One condition: a discriminated union on field, then on operator. */
export const segmentConditionSchema: z.ZodType<SegmentCondition> = z.discriminatedUnion(
  "field",
  SEGMENT_FIELD_KEYS.map(conditionSchemaForField) as any
) as any

export const segmentNodeSchema: z.ZodType<SegmentNode> = z.lazy(() =>
  z.union([segmentGroupSchema, segmentConditionSchema])
)

export const segmentGroupSchema: z.ZodType<SegmentGroup> = z.lazy(() =>
  z.union([
    z.strictObject({ all: z.array(segmentNodeSchema).describe("every node matches; empty matches everyone") }),
    z.strictObject({ any: z.array(segmentNodeSchema).describe("at least one node matches; empty matches no one") }),
    z.strictObject({ not: segmentNodeSchema.describe("the node does not match") }),
  ])
)

/**
 * The whole tree. Structure and values only: limits (depth, counts, list
 * sizes) and segment references are checked by validateSegmentRules, which
 * also names the offending path.
 */
export const segmentRulesSchema: z.ZodType<SegmentRules> = segmentGroupSchema
