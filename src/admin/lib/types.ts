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
