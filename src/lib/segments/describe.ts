/**
 * What GET /admin/marketing/segment-fields returns: every field, its type,
 * the operators it takes and the shape of each operator's value, in plain
 * JSON for the rule builder UI and for the AI's prompt.
 */
import {
  isPurchaseField,
  operatorsForField,
  RELATIVE_DATE_UNITS,
  SEGMENT_FIELD_GROUPS,
  SEGMENT_FIELD_KEYS,
  SEGMENT_FIELDS,
  SEGMENT_LIMITS,
  SegmentFieldGroup,
  SegmentFieldKey,
  SegmentFieldSpec,
  SegmentFieldType,
  SegmentOperator,
  SegmentOption,
} from "./fields"

/** The kind of input the UI renders for a value. */
export type SegmentValueKind =
  | "none"
  | "string"
  | "string_list"
  | "enum"
  | "enum_list"
  | "integer"
  | "integer_range"
  | "money"
  | "money_range"
  | "date"
  | "date_range"
  | "relative_date"
  | "boolean"
  | "id"
  | "id_list"

export type SegmentOperatorDescription = {
  operator: SegmentOperator
  label: string
  value: SegmentValueKind
  /** a valid value, for placeholders and the AI */
  example?: unknown
}

export type SegmentFieldDescription = {
  key: SegmentFieldKey
  label: string
  group: SegmentFieldGroup
  group_label: string
  type: SegmentFieldType
  description: string
  nullable: boolean
  operators: SegmentOperatorDescription[]
  options?: SegmentOption[]
  min?: number
  max?: number
  /** extra condition keys this field accepts (purchase fields: min_count, within) */
  modifiers?: { key: "min_count" | "within"; label: string; value: SegmentValueKind; example: unknown }[]
}

export type SegmentFieldsDescription = {
  fields: SegmentFieldDescription[]
  groups: { key: SegmentFieldGroup; label: string }[]
  limits: {
    max_depth: number
    max_conditions: number
    max_groups: number
    max_list_size: number
    max_string_length: number
  }
  relative_date_units: string[]
  /** how a tree is put together, for readers that only see this document */
  grammar: string
}

const OPERATOR_LABELS: Record<SegmentOperator, string> = {
  eq: "is",
  neq: "is not",
  in: "is any of",
  not_in: "is none of",
  contains: "contains",
  starts_with: "starts with",
  gt: "is greater than",
  gte: "is at least",
  lt: "is less than",
  lte: "is at most",
  between: "is between",
  is_set: "is set",
  is_not_set: "is not set",
  within_last: "is in the last",
  not_within_last: "is not in the last",
  before: "is before",
  after: "is after",
}

const TYPE_OPERATOR_LABELS: Partial<Record<SegmentFieldType, Partial<Record<SegmentOperator, string>>>> = {
  tags: { contains: "includes", in: "includes any of", not_in: "includes none of", is_set: "has any", is_not_set: "has none" },
  topic: { eq: "is subscribed to", neq: "is not subscribed to", in: "is subscribed to any of", not_in: "is subscribed to none of" },
  product: { eq: "has purchased", neq: "has not purchased", in: "has purchased any of", not_in: "has purchased none of" },
  category: { eq: "has purchased from", neq: "has not purchased from", in: "has purchased from any of", not_in: "has purchased from none of" },
  collection: { eq: "has purchased from", neq: "has not purchased from", in: "has purchased from any of", not_in: "has purchased from none of" },
  segment: { eq: "is a member of", neq: "is not a member of", in: "is a member of any of", not_in: "is a member of none of" },
  date: { is_set: "has a date", is_not_set: "has no date (never)" },
}

function valueKind(type: SegmentFieldType, op: SegmentOperator): SegmentValueKind {
  if (op === "is_set" || op === "is_not_set") {
    return "none"
  }
  const list = op === "in" || op === "not_in"
  switch (type) {
    case "string":
      return list ? "string_list" : "string"
    case "enum":
      return list ? "enum_list" : "enum"
    case "number":
      return op === "between" ? "integer_range" : "integer"
    case "money":
      return op === "between" ? "money_range" : "money"
    case "date":
      return op === "within_last" || op === "not_within_last" ? "relative_date" : op === "between" ? "date_range" : "date"
    case "boolean":
      return "boolean"
    default:
      return list ? "id_list" : "id"
  }
}

const ID_EXAMPLES: Partial<Record<SegmentFieldType, string>> = {
  tags: "cusgroup_01VIP",
  topic: "newsletter",
  product: "prod_01SHIRT",
  category: "pcat_01SHOES",
  collection: "pcol_01SUMMER",
  segment: "mseg_01VIP",
}

const STRING_EXAMPLES: Partial<Record<SegmentFieldKey, string>> = {
  email: "anna@example.com",
  country_code: "dk",
  locale: "da-DK",
  currency_code: "eur",
  source: "checkout",
  timezone: "Europe/Copenhagen",
}

function example(key: SegmentFieldKey, spec: SegmentFieldSpec, op: SegmentOperator, kind: SegmentValueKind): unknown {
  const text = key === "email" && op === "contains" ? "@example.com" : STRING_EXAMPLES[key] ?? "Anna"
  const option = spec.options?.[0]?.value
  const id = ID_EXAMPLES[spec.type] ?? "id_01"
  switch (kind) {
    case "none":
      return undefined
    case "string":
      return text
    case "string_list":
      return [text]
    case "enum":
      return option
    case "enum_list":
      return spec.options?.slice(0, 2).map((o) => o.value)
    case "integer":
      return spec.min !== undefined && spec.min > 0 ? spec.min : 2
    case "integer_range":
      return spec.max !== undefined && spec.max < 10 ? [spec.min ?? 0, spec.max] : [2, 5]
    case "money":
      return { amount: "100.00", currency_code: "eur" }
    case "money_range":
      return { min: "50", max: "250.50", currency_code: "eur" }
    case "date":
      return "2024-01-31"
    case "date_range":
      return ["2024-01-01", "2024-03-31"]
    case "relative_date":
      return { amount: 90, unit: "days" }
    case "boolean":
      return true
    case "id":
      return id
    case "id_list":
      return [id]
  }
}

const GRAMMAR = [
  'A segment is a group. { "all": [nodes] } matches when every node matches (empty: everyone);',
  '{ "any": [nodes] } when at least one does (empty: no one); { "not": node } when the node does not.',
  'A node is a group or a condition { "field", "operator", "value" }. is_set / is_not_set take no value.',
  "Negative operators (neq, not_in, not_within_last) include contacts with no value.",
  'Money: an integer or decimal string ("19.99"), or { "amount", "currency_code" } to compare only',
  "contacts in that currency. Dates: YYYY-MM-DD (a whole UTC day) or an ISO date-time with a zone;",
  'relative windows { "amount", "unit" } count back from the time the segment is evaluated.',
  'Purchase fields also take "min_count" (distinct orders, default 1) and "within" (a relative window).',
].join(" ")

/** The field catalog as the API describes it. Pure and deterministic. */
export function describeSegmentFields(): SegmentFieldsDescription {
  const fields = SEGMENT_FIELD_KEYS.map((key): SegmentFieldDescription => {
    const spec: SegmentFieldSpec = SEGMENT_FIELDS[key]
    const operators = operatorsForField(key).map((operator) => {
      const kind = valueKind(spec.type, operator)
      const d: SegmentOperatorDescription = {
        operator,
        label: TYPE_OPERATOR_LABELS[spec.type]?.[operator] ?? OPERATOR_LABELS[operator],
        value: kind,
      }
      const ex = example(key, spec, operator, kind)
      if (ex !== undefined) {
        d.example = ex
      }
      return d
    })
    const out: SegmentFieldDescription = {
      key,
      label: spec.label,
      group: spec.group,
      group_label: SEGMENT_FIELD_GROUPS[spec.group],
      type: spec.type,
      description: spec.description,
      nullable: !!spec.nullable,
      operators,
    }
    if (spec.options) {
      out.options = spec.options.map((o) => ({ ...o }))
    }
    if (spec.min !== undefined) {
      out.min = spec.min
    }
    if (spec.max !== undefined) {
      out.max = spec.max
    }
    if (isPurchaseField(key)) {
      out.modifiers = [
        { key: "min_count", label: "at least this many orders", value: "integer", example: 2 },
        { key: "within", label: "within the last", value: "relative_date", example: { amount: 90, unit: "days" } },
      ]
    }
    return out
  })
  return {
    fields,
    groups: (Object.keys(SEGMENT_FIELD_GROUPS) as SegmentFieldGroup[]).map((key) => ({
      key,
      label: SEGMENT_FIELD_GROUPS[key],
    })),
    limits: {
      max_depth: SEGMENT_LIMITS.maxDepth,
      max_conditions: SEGMENT_LIMITS.maxConditions,
      max_groups: SEGMENT_LIMITS.maxGroups,
      max_list_size: SEGMENT_LIMITS.maxListSize,
      max_string_length: SEGMENT_LIMITS.maxStringLength,
    },
    relative_date_units: [...RELATIVE_DATE_UNITS],
    grammar: GRAMMAR,
  }
}
