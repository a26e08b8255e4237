/**
 * The segment field catalog: every field a rule may name, its type, the
 * operators it takes and (for enums) its options. One table drives the zod
 * schema (schema.ts), semantic validation (validate.ts), the SQL compiler
 * (compile.ts) and the description the admin UI and the AI read
 * (describe.ts). Pure TypeScript: no Medusa imports.
 */

export const SEGMENT_OPERATORS = [
  "eq",
  "neq",
  "in",
  "not_in",
  "contains",
  "starts_with",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "is_set",
  "is_not_set",
  "within_last",
  "not_within_last",
  "before",
  "after",
] as const
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number]

export const SEGMENT_FIELD_TYPES = [
  "string",
  "enum",
  "number",
  "money",
  "date",
  "boolean",
  "tags",
  "topic",
  "product",
  "category",
  "collection",
  "segment",
] as const
export type SegmentFieldType = (typeof SEGMENT_FIELD_TYPES)[number]

export const SEGMENT_FIELD_GROUPS = {
  contact: "Contact",
  commerce: "Orders and spend",
  rfm: "RFM",
  purchases: "Purchases",
  carts: "Carts",
  engagement: "Email engagement",
  consent: "Consent",
  membership: "Segments",
} as const
export type SegmentFieldGroup = keyof typeof SEGMENT_FIELD_GROUPS

export const RELATIVE_DATE_UNITS = ["minutes", "hours", "days", "weeks", "months", "years"] as const
export type RelativeDateUnit = (typeof RELATIVE_DATE_UNITS)[number]

/** The longest relative window or purchase window: 100 years, in each unit. */
export const RELATIVE_DATE_MAX: Record<RelativeDateUnit, number> = {
  minutes: 100 * 366 * 24 * 60,
  hours: 100 * 366 * 24,
  days: 100 * 366,
  weeks: 100 * 53,
  months: 100 * 12,
  years: 100,
}

/** Hard limits on one rule tree. Anything beyond is rejected with a path. */
export const SEGMENT_LIMITS = {
  /** groups nested in groups, the root group counting as 1 */
  maxDepth: 5,
  maxConditions: 50,
  maxGroups: 50,
  /** values in one in / not_in list */
  maxListSize: 1000,
  maxStringLength: 500,
  maxIdLength: 200,
  /** "purchased at least N times" */
  maxPurchaseCount: 1000,
} as const

export type SegmentOption = { value: string; label: string }

export type SegmentFieldSpec = {
  label: string
  group: SegmentFieldGroup
  type: SegmentFieldType
  description: string
  /** the value can be missing: adds is_set / is_not_set, negative operators include the missing */
  nullable?: boolean
  /** enum options */
  options?: readonly SegmentOption[]
  /** integer bounds for number fields */
  min?: number
  max?: number
  /** string fields stored lower-cased (compared without lower()) */
  storedLowercase?: boolean
}

const opts = (...values: [string, string][]): SegmentOption[] =>
  values.map(([value, label]) => ({ value, label }))

export const CONTACT_STATUS_OPTIONS = opts(
  ["pending", "Pending confirmation"],
  ["subscribed", "Subscribed"],
  ["unsubscribed", "Unsubscribed"],
  ["bounced", "Bounced"],
  ["complained", "Complained (marked as spam)"],
  ["cleaned", "Cleaned"]
)

export const RFM_GROUP_OPTIONS = opts(
  ["champions", "Champions"],
  ["loyal", "Loyal"],
  ["potential_loyalist", "Potential loyalist"],
  ["new", "New"],
  ["at_risk", "At risk"],
  ["cant_lose", "Can't lose"],
  ["hibernating", "Hibernating"],
  ["lost", "Lost"]
)

export const CONSENT_STATUS_OPTIONS = opts(
  ["requested", "Requested (awaiting confirmation)"],
  ["granted", "Granted"],
  ["withdrawn", "Withdrawn"]
)

const rfmScore = (label: string, what: string): SegmentFieldSpec => ({
  label,
  group: "rfm",
  type: "number",
  nullable: true,
  min: 1,
  max: 5,
  description: `${what} score from 1 (lowest) to 5 (highest); not set until RFM scores are computed.`,
})

/**
 * The catalog, in the order the UI lists it. Keys are the `field` of a
 * condition and never change meaning once shipped.
 */
export const SEGMENT_FIELDS = {
  // Contact
  email: {
    label: "Email",
    group: "contact",
    type: "string",
    storedLowercase: true,
    description: "Email address (compared case-insensitively). contains \"@example.com\" matches a domain.",
  },
  first_name: { label: "First name", group: "contact", type: "string", nullable: true, description: "First name, case-insensitive." },
  last_name: { label: "Last name", group: "contact", type: "string", nullable: true, description: "Last name, case-insensitive." },
  phone: { label: "Phone", group: "contact", type: "string", nullable: true, description: "Phone number as stored." },
  status: {
    label: "Subscription status",
    group: "contact",
    type: "enum",
    options: CONTACT_STATUS_OPTIONS,
    description: "Whether the contact can be emailed: subscribed, pending double opt-in, unsubscribed, bounced, complained or cleaned.",
  },
  source: {
    label: "Source",
    group: "contact",
    type: "string",
    description: "Where the contact came from, e.g. checkout, signup_form, import, manual (case-insensitive).",
  },
  locale: { label: "Locale", group: "contact", type: "string", nullable: true, description: "Preferred locale, e.g. en-US (case-insensitive)." },
  country_code: {
    label: "Country",
    group: "contact",
    type: "string",
    nullable: true,
    description: "ISO 3166-1 alpha-2 country code, e.g. dk (case-insensitive).",
  },
  timezone: { label: "Time zone", group: "contact", type: "string", nullable: true, description: "IANA time zone, e.g. Europe/Copenhagen (case-insensitive)." },
  created_at: { label: "Created", group: "contact", type: "date", description: "When the contact was created." },
  subscribed_at: { label: "Subscribed", group: "contact", type: "date", nullable: true, description: "When the contact last subscribed." },
  customer_group: {
    label: "Customer group",
    group: "contact",
    type: "tags",
    description: "Medusa customer groups (by id) of the linked customer.",
  },
  has_account: {
    label: "Has an account",
    group: "contact",
    type: "boolean",
    description: "Whether the contact is a registered customer (not a guest or newsletter-only contact).",
  },
  topic: {
    label: "Subscribed to topic",
    group: "contact",
    type: "topic",
    description: "Topics (by handle) the contact is currently subscribed to.",
  },

  // Orders and spend
  orders_count: {
    label: "Number of orders",
    group: "commerce",
    type: "number",
    min: 0,
    max: 1_000_000_000,
    description: "Orders the contact has placed.",
  },
  total_spent: {
    label: "Total spent",
    group: "commerce",
    type: "money",
    description: "Lifetime order total in the contact's currency.",
  },
  avg_order_value: { label: "Average order value", group: "commerce", type: "money", description: "Average order total in the contact's currency." },
  refunded_total: { label: "Total refunded", group: "commerce", type: "money", description: "Lifetime refunds in the contact's currency." },
  currency_code: {
    label: "Currency",
    group: "commerce",
    type: "string",
    nullable: true,
    description: "Currency of the contact's orders (ISO 4217, e.g. eur); not set before a first order.",
  },
  first_order_at: { label: "First order", group: "commerce", type: "date", nullable: true, description: "When the first order was placed; not set without orders." },
  last_order_at: { label: "Last order", group: "commerce", type: "date", nullable: true, description: "When the last order was placed; not set without orders." },

  // RFM
  rfm_recency: rfmScore("RFM recency", "Recency"),
  rfm_frequency: rfmScore("RFM frequency", "Frequency"),
  rfm_monetary: rfmScore("RFM monetary", "Monetary"),
  rfm_group: {
    label: "RFM group",
    group: "rfm",
    type: "enum",
    nullable: true,
    options: RFM_GROUP_OPTIONS,
    description: "The RFM segment the contact's scores place them in.",
  },
  spend_percentile: {
    label: "Spend percentile",
    group: "rfm",
    type: "number",
    nullable: true,
    min: 1,
    max: 100,
    description:
      "Where the contact's total spent ranks among buyers in the same currency, 1 to 100 (91 or more: the top 10%); not set until RFM scores are computed.",
  },

  // Purchases
  purchased_product: {
    label: "Purchased product",
    group: "purchases",
    type: "product",
    description: "Products (by id) in the contact's non-canceled orders. Optional min_count (orders) and within (time window).",
  },
  purchased_category: {
    label: "Purchased from category",
    group: "purchases",
    type: "category",
    description: "Product categories (by id) bought from. Optional min_count (orders) and within (time window).",
  },
  purchased_collection: {
    label: "Purchased from collection",
    group: "purchases",
    type: "collection",
    description: "Product collections (by id) bought from. Optional min_count (orders) and within (time window).",
  },

  // Carts
  has_open_cart: {
    label: "Has an open cart",
    group: "carts",
    type: "boolean",
    description: "Has a cart with items that was not completed.",
  },
  open_cart_updated_at: {
    label: "Open cart last updated",
    group: "carts",
    type: "date",
    nullable: true,
    description: "When the most recently updated open cart with items changed; not set without one.",
  },

  // Engagement
  last_sent_at: { label: "Last emailed", group: "engagement", type: "date", nullable: true, description: "When we last sent the contact an email; not set if never." },
  last_open_at: {
    label: "Last opened an email",
    group: "engagement",
    type: "date",
    nullable: true,
    description: "Last human open (machine opens excluded); is_not_set means never opened.",
  },
  last_click_at: {
    label: "Last clicked an email",
    group: "engagement",
    type: "date",
    nullable: true,
    description: "Last human click (scanner clicks excluded); is_not_set means never clicked.",
  },

  // Consent
  consent_status: {
    label: "Email consent",
    group: "consent",
    type: "enum",
    nullable: true,
    options: CONSENT_STATUS_OPTIONS,
    description: "The latest consent event for marketing email as a whole; not set without any.",
  },
  consent_granted_at: {
    label: "Consent granted",
    group: "consent",
    type: "date",
    nullable: true,
    description: "When consent to marketing email was last granted; not set if never.",
  },

  // Segments
  segment: {
    label: "Member of segment",
    group: "membership",
    type: "segment",
    description: "Members of other segments (by id): a static segment's members or a dynamic segment's last refresh.",
  },
} as const satisfies Record<string, SegmentFieldSpec>

export type SegmentFieldKey = keyof typeof SEGMENT_FIELDS
export const SEGMENT_FIELD_KEYS = Object.keys(SEGMENT_FIELDS) as SegmentFieldKey[]

/** Operators per field type, before nullable fields gain is_set / is_not_set. */
export const OPERATORS_BY_TYPE: Record<SegmentFieldType, readonly SegmentOperator[]> = {
  string: ["eq", "neq", "in", "not_in", "contains", "starts_with"],
  enum: ["eq", "neq", "in", "not_in"],
  number: ["eq", "neq", "gt", "gte", "lt", "lte", "between"],
  money: ["eq", "neq", "gt", "gte", "lt", "lte", "between"],
  date: ["within_last", "not_within_last", "before", "after", "between"],
  boolean: ["eq", "neq"],
  tags: ["contains", "in", "not_in", "is_set", "is_not_set"],
  topic: ["eq", "neq", "in", "not_in"],
  product: ["eq", "neq", "in", "not_in"],
  category: ["eq", "neq", "in", "not_in"],
  collection: ["eq", "neq", "in", "not_in"],
  segment: ["eq", "neq", "in", "not_in"],
}

/** Field types whose conditions take the purchase options min_count and within. */
export const PURCHASE_FIELD_TYPES: readonly SegmentFieldType[] = ["product", "category", "collection"]

/** Operators that take no value. */
export const VALUELESS_OPERATORS: readonly SegmentOperator[] = ["is_set", "is_not_set"]

/** Operators that take a list of values. */
export const LIST_OPERATORS: readonly SegmentOperator[] = ["in", "not_in"]

export function isSegmentFieldKey(key: unknown): key is SegmentFieldKey {
  return typeof key === "string" && Object.prototype.hasOwnProperty.call(SEGMENT_FIELDS, key)
}

export function isSegmentOperator(op: unknown): op is SegmentOperator {
  return typeof op === "string" && (SEGMENT_OPERATORS as readonly string[]).includes(op)
}

export function getSegmentField(key: SegmentFieldKey): SegmentFieldSpec {
  return SEGMENT_FIELDS[key]
}

/** The operators a field accepts, in a stable order. */
export function operatorsForField(key: SegmentFieldKey): readonly SegmentOperator[] {
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[key]
  const base = OPERATORS_BY_TYPE[spec.type]
  if (spec.nullable && !base.includes("is_set")) {
    return [...base, "is_set", "is_not_set"]
  }
  return base
}

export function isPurchaseField(key: SegmentFieldKey): boolean {
  return PURCHASE_FIELD_TYPES.includes(SEGMENT_FIELDS[key].type)
}
