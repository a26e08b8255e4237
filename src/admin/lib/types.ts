/** Shapes of the /admin/marketing API, as the admin pages consume them. */

export const CONTACT_STATUSES = [
  "pending",
  "subscribed",
  "unsubscribed",
  "bounced",
  "complained",
  "cleaned",
] as const
export type ContactStatus = (typeof CONTACT_STATUSES)[number]

export const SUPPRESSION_REASONS = [
  "hard_bounce",
  "complaint",
  "manual",
  "unsubscribed",
  "erased",
] as const
export type SuppressionReason = (typeof SUPPRESSION_REASONS)[number]

export type Contact = {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  phone: string | null
  locale: string | null
  timezone: string | null
  country_code: string | null
  status: ContactStatus
  source: string
  customer_id: string | null
  subscribed_at: string | null
  unsubscribed_at: string | null
  created_at: string
  updated_at: string
}

export type ContactTopicState = {
  id: string
  subscribed: boolean
  topic: { id: string; handle: string; name: string }
}

export type LinkedCustomer = {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  has_account: boolean
}

export type ContactDetail = Contact & {
  topics?: ContactTopicState[]
  customer?: LinkedCustomer | null
}

export type ContactListQuery = {
  q?: string
  status?: string[]
  source?: string[]
  topic_id?: string
  customer_id?: string
  limit?: number
  offset?: number
  order?: string
}

export type ContactListResponse = {
  contacts: Contact[]
  count: number
  limit: number
  offset: number
}

export type CreateContactPayload = {
  email: string
  first_name?: string
  last_name?: string
  phone?: string
  locale?: string
  timezone?: string
  country_code?: string
  subscribe?: boolean
  consent_source?: string
  /** topic handles */
  topics?: string[]
}

export type UpdateContactPayload = {
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  locale?: string | null
  timezone?: string | null
  country_code?: string | null
  /** handle -> subscribed */
  topics?: Record<string, boolean>
}

export type ConsentEvent = {
  id: string
  action: "requested" | "granted" | "withdrawn" | string
  topic_handle: string | null
  source: string
  ip: string | null
  user_agent: string | null
  wording: string | null
  wording_version: string | null
  occurred_at: string
}

export type ImportMapping = Partial<Record<string, string>>

export type ImportPreview = {
  headers: string[]
  mapping: ImportMapping
  fields: string[]
  sample: string[][]
}

export type ImportPayload = {
  csv: string
  filename?: string
  mapping?: ImportMapping
  subscribe: boolean
  consent_source?: string
  topics?: string[]
}

export type ContactImportReport = {
  id: string
  status: string
  total_rows: number
  created_count: number
  updated_count: number
  invalid_count: number
  duplicate_count: number
  suppressed_count: number
  invalid_rows: { row: number; reason: string; value?: string }[] | null
  duration_ms: number | null
}

export type BackfillResult = {
  customers: number
  guest_emails: number
  created: number
  updated: number
}

export type Topic = {
  id: string
  handle: string
  name: string
  description: string | null
  is_default: boolean
  is_public: boolean
  subscriber_count?: number
}

export type TopicPayload = {
  handle: string
  name: string
  description?: string | null
  is_default?: boolean
  is_public?: boolean
}

export type Suppression = {
  id: string
  email: string | null
  reason: SuppressionReason
  source: string | null
  note: string | null
  created_at: string
}

export type SuppressionListQuery = {
  q?: string
  reason?: string[]
  limit?: number
  offset?: number
}

export type DeleteResponse = { id: string; object: string; deleted: boolean }

/* -------------------------------- segments -------------------------------- */

export const SEGMENT_TYPES = ["dynamic", "static"] as const
export type SegmentType = (typeof SEGMENT_TYPES)[number]

/** A rule tree as the API stores it (src/lib/segments/schema.ts). */
export type SegmentRelativeDate = { amount: number; unit: string }
export type SegmentCondition = {
  field: string
  operator: string
  value?: unknown
  min_count?: number
  within?: SegmentRelativeDate
}
export type SegmentGroup = { all: SegmentNode[] } | { any: SegmentNode[] } | { not: SegmentNode }
export type SegmentNode = SegmentGroup | SegmentCondition
export type SegmentRules = SegmentGroup

export type Segment = {
  id: string
  name: string
  description: string | null
  type: SegmentType
  rules: SegmentRules | null
  handle: string | null
  is_built_in: boolean
  member_count: number
  count_computed_at: string | null
  refreshed_at: string | null
  refresh_duration_ms: number | null
  last_entered_count: number
  last_left_count: number
  refresh_error: string | null
  created_at: string
  updated_at: string
}

export type SegmentListQuery = {
  q?: string
  type?: SegmentType
  is_built_in?: boolean
  limit?: number
  offset?: number
  order?: string
}

export type SegmentListResponse = {
  segments: Segment[]
  count: number
  limit: number
  offset: number
}

export type SegmentPayload = {
  name: string
  description?: string | null
  type: SegmentType
  rules?: SegmentRules
}

export type UpdateSegmentPayload = {
  name?: string
  description?: string | null
  rules?: SegmentRules
}

/** A contact as segment previews and member lists show it. */
export type SegmentContact = {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
  status: ContactStatus
  orders_count: number | null
  total_spent: number | string | null
  currency_code: string | null
  last_order_at: string | null
  rfm_group: string | null
  created_at: string
}

export type SegmentMember = SegmentContact & {
  entered_at: string | null
  member_source: "rule" | "manual" | "import" | string | null
}

export type SegmentPreviewPayload = {
  rules: SegmentRules
  segment_id?: string
  limit?: number
  offset?: number
}

export type SegmentPreviewResponse = {
  count: number
  contacts: SegmentContact[]
  count_ms: number
  duration_ms: number
  evaluated_at: string
}

export type SegmentRefreshResponse = {
  segment: Segment
  result: { count: number; entered: number; left: number; duration_ms: number }
}

export type SegmentMembersQuery = { q?: string; limit?: number; offset?: number }

export type SegmentMembersResponse = {
  contacts: SegmentMember[]
  count: number
  limit: number
  offset: number
}

export type SegmentMembersPayload = { add?: string[]; remove?: string[] }

export type SegmentMembersResult = {
  added: number
  already_members: number
  not_found: number | string[]
  removed: number
  count: number
}

export type SegmentImportReport = {
  rows: number
  added: number
  already_members: number
  created_contacts: number
  /** addresses repeated in the file */
  duplicates?: number
  invalid_count?: number
  /** the first invalid rows */
  invalid: { row: number; value: string; reason: string }[]
  /** members after the import */
  count?: number
}

/** The field catalog GET /admin/marketing/segment-fields returns, typed by the server's own description. */
export type {
  SegmentValueKind,
  SegmentOperatorDescription,
  SegmentFieldDescription,
  SegmentFieldsDescription as SegmentFieldsResponse,
} from "../../lib/segments/describe"
export type { SegmentFieldType } from "../../lib/segments/fields"
