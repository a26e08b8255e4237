export type MarketingModuleOptions = {
  /** HMAC secret for links in emails (confirm, preferences, unsubscribe). */
  secret: string
  /** Public base URL of this Medusa server, used to build links in emails. */
  public_url: string
  /** Notification channel marketing mail is sent on (route it to its own provider if you like). */
  channel: string
  /** Default sender for marketing mail. */
  from: string
  store_name: string
  /** Require a confirmation click before a sign-up becomes subscribed. */
  double_opt_in: boolean
  /** Hours a confirmation link stays valid. */
  confirm_token_ttl_hours: number
  /** A repeated sign-up re-sends the confirmation at most once per this many minutes. */
  confirmation_resend_minutes: number
  /** Sign-up attempts allowed per IP and per address in `rate_limit_window_seconds`. */
  rate_limit_per_ip: number
  rate_limit_per_email: number
  rate_limit_window_seconds: number
  /** Wording shown next to the sign-up form, stored with every consent. */
  consent_wording: string
  consent_wording_version: string
  /** the store's postal address, printed in every marketing email's footer (required to send) */
  postal_address: string
  /** the storefront URL (store links in templates, UTM tagging) */
  store_url: string
  /** hours: skip contacts who got marketing mail more recently (per campaign override; 0 = off) */
  frequency_cap_hours: number
  /** messages per second across all workers for one campaign (0 = no limit) */
  send_rate: number
  /** messages one worker claims and sends at a time */
  send_batch_size: number
  /** batches one process sends at once */
  send_concurrency: number
  /** seconds a claimed batch stays reserved for its worker before another may take it */
  send_lease_seconds: number
  /** attempts per message, the first included, before a transient failure becomes final */
  send_max_attempts: number
  /** seconds before the first retry of a transient failure (doubling after each, with jitter, capped at 30 min) */
  send_retry_base_seconds: number
  /** a campaign pauses when more than this share of its messages failed... */
  auto_pause_error_rate: number
  /** ...once at least this many have an outcome */
  auto_pause_min_sample: number
  /** what the tracking events keep of a recipient's IP: full, truncated (last IPv4 octet / last 80 IPv6 bits zeroed) or none */
  tracking_ip: "full" | "truncated" | "none"
  /** add utm_* parameters to links to the store (store_url's host) */
  utm_enabled: boolean
  utm_source: string
  utm_medium: string
  /** public base URL of the open pixel and click redirect (a tracking domain); empty = public_url */
  tracking_url: string
  /** port of the dedicated tracking listener in processes that serve HTTP (0 = off: Medusa's routes answer) */
  tracking_port: number
  /** interface the tracking listener binds (empty = all) */
  tracking_host: string
  /** proxies in front of the tracking listener whose X-Forwarded-For is believed (as Express's numeric "trust proxy") */
  tracking_trust_proxy: number
  /** ms the open/click hits wait in memory before one batched write */
  tracking_flush_ms: number
  /** hits held in memory at most (beyond that new hits are answered but not counted, and logged) */
  tracking_buffer_max: number
  /** hits counted per IP per minute (0 = no limit); beyond it the pixel and redirect still answer */
  tracking_rate_limit_per_ip: number
  /** days before an order in which a click (or open) earns the credit */
  attribution_window_days: number
  /** last_click: clicks only, else the last open; last_touch: the latest click or open */
  attribution_model: "last_click" | "last_touch"
  /** a campaign pauses when more than this share of its delivered messages drew a complaint... */
  complaint_rate_limit: number
  /** ...once at least this many were delivered (or sent) */
  complaint_min_sample: number
  /** soft bounces in a row before the address is suppressed */
  soft_bounce_limit: number
  /** HMAC secret of the generic delivery webhook (empty = endpoint off) */
  webhook_secret: string
  /** SendGrid Event Webhook verification key (base64 DER public key; empty = endpoint off) */
  sendgrid_public_key: string
  /** Postmark webhook basic-auth credentials (empty = endpoint off) */
  postmark_user: string
  postmark_password: string
  /** accept SES notifications only from these SNS topic ARNs (empty = any topic, signature still checked) */
  sns_topic_arns: string[]
  /** read SNS signing certificates from this folder (by file name) instead of fetching them from AWS */
  sns_cert_dir: string
  /** the SES endpoint is on unless this is false */
  ses_enabled: boolean
}

export const DEFAULT_OPTIONS: Omit<MarketingModuleOptions, "secret"> = {
  public_url: "http://localhost:9000",
  channel: "email",
  from: "Medusa Store <store@localhost>",
  store_name: "Medusa Store",
  double_opt_in: true,
  confirm_token_ttl_hours: 48,
  confirmation_resend_minutes: 60,
  rate_limit_per_ip: 20,
  rate_limit_per_email: 5,
  rate_limit_window_seconds: 600,
  consent_wording:
    "Yes, email me news and offers. I can unsubscribe at any time with the link in every email.",
  consent_wording_version: "v1",
  postal_address: "",
  store_url: "http://localhost:8000",
  frequency_cap_hours: 16,
  send_rate: 0,
  send_batch_size: 200,
  send_concurrency: 4,
  send_lease_seconds: 120,
  send_max_attempts: 5,
  send_retry_base_seconds: 30,
  auto_pause_error_rate: 0.1,
  auto_pause_min_sample: 100,
  tracking_ip: "truncated",
  utm_enabled: true,
  utm_source: "newsletter",
  utm_medium: "email",
  tracking_url: "",
  tracking_port: 0,
  tracking_host: "",
  tracking_trust_proxy: 1,
  tracking_flush_ms: 200,
  tracking_buffer_max: 100_000,
  tracking_rate_limit_per_ip: 600,
  attribution_window_days: 5,
  attribution_model: "last_click",
  complaint_rate_limit: 0.003,
  complaint_min_sample: 500,
  soft_bounce_limit: 3,
  webhook_secret: "",
  sendgrid_public_key: "",
  postmark_user: "",
  postmark_password: "",
  sns_topic_arns: [],
  sns_cert_dir: "",
  ses_enabled: true,
}

export type ContactUpsertRow = {
  email: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  locale?: string | null
  timezone?: string | null
  country_code?: string | null
  customer_id?: string | null
  /** topics this contact is granted when subscribed by the same call */
  topic_handles?: string[]
}

export type ConsentContext = {
  source: string
  ip?: string | null
  user_agent?: string | null
  wording?: string | null
  wording_version?: string | null
}

export type UpsertContactsOptions = {
  /** source recorded on contacts this call creates */
  source: string
  /** subscribe new and pending contacts (never those who unsubscribed, bounced or complained) */
  subscribe?: boolean
  /** consent recorded for every contact this call subscribes */
  consent?: ConsentContext
  /** topics (by handle) granted to every contact that is subscribed after this call */
  topic_handles?: string[]
}

export type UpsertContactsResult = {
  created: number
  updated: number
  subscribed: number
  suppressed: number
  /** ids of contacts this call created (for compensation) */
  created_ids: string[]
}

/** An order as the marketing module records it (amounts as decimal strings or numbers in major units). */
export type OrderFactInput = {
  order_id: string
  email: string
  customer_id?: string | null
  currency_code: string
  total: string | number
  refunded_total?: string | number
  placed_at: Date | string
  canceled_at?: Date | string | null
  lines: {
    line_item_id: string
    product_id?: string | null
    variant_id?: string | null
    category_ids?: string[]
    collection_id?: string | null
    quantity: number
    amount: string | number
  }[]
}

/** A cart as the marketing module records it. */
export type CartFactInput = {
  cart_id: string
  email: string
  customer_id?: string | null
  items_count: number
  subtotal: string | number
  currency_code: string
  updated_at: Date | string
  completed_at?: Date | string | null
}

/** How a segment's rules are evaluated. */
export type SegmentEvalOptions = {
  /** relative dates resolve against this (default: now) */
  now?: Date
  /** the currency money values without one are in */
  currency?: string | null
  /** the segment the rules belong to, so it cannot refer to itself */
  segment_id?: string
}

/** Compiled rules with knex's ? placeholders, and the contacts tables they can be read over (see compileSegmentPredicate). */
export type CompiledSegmentForKnex = { sql: string; bindings: unknown[]; from: string; alternatives: string[] }

export type SegmentPreview = {
  count: number
  contacts: Record<string, unknown>[]
  /** time to count, in ms */
  count_ms: number
  /** time to count and fetch the page, in ms */
  duration_ms: number
  evaluated_at: Date
}

export type SegmentRefreshResult = {
  segment_id: string
  count: number
  entered: number
  left: number
  duration_ms: number
}

/** What a contacts CSV export is narrowed to. */
export type ContactExportFilters = {
  status?: string[]
  source?: string[]
  topic_id?: string
  /** current members of this segment */
  segment_id?: string
  q?: string
}
