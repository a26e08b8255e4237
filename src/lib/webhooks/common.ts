import { createHash } from "node:crypto"
import { isValidEmail, normalizeEmail } from "../email"

/**
 * Shared vocabulary of the ESP webhook parsers. Every provider speaks its own
 * dialect (SNS envelopes, SendGrid batches, one Postmark record per request);
 * the rest of the plugin only ever sees `DeliveryEvent`, so suppression and
 * reporting logic is written once and a new ESP is one more parser.
 */

export type DeliveryEventType = "delivered" | "bounce" | "complaint" | "deferred"

export type WebhookProvider = "generic" | "ses" | "sendgrid" | "postmark"

export type BounceKind = "hard" | "soft"

export type DeliveryEvent = {
  provider: WebhookProvider
  /** the provider's own id for THIS event (dedupe key); a stable hash when the provider has none */
  provider_event_id: string
  type: DeliveryEventType
  /** hard = permanent (suppress now), soft = transient (suppress after N in a row) */
  bounce_kind: BounceKind | null
  /** lower-cased, trimmed */
  email: string
  /** our message id (`mmsg_...`) when the payload carries it, else null */
  message_id: string | null
  /** ISO 8601, UTC */
  occurred_at: string
  /** short human detail: SMTP diagnostic, complaint feedback type... (max 500 chars) */
  detail: string | null
}

export type WebhookErrorStatus = 400 | 401 | 403 | 413 | 415

export type WebhookErrorCode =
  | "payload_too_large"
  | "too_many_events"
  | "unsupported_media_type"
  | "invalid_json"
  | "invalid_payload"
  | "missing_signature"
  | "malformed_signature"
  | "bad_signature"
  | "stale_timestamp"
  | "unsupported_signature_version"
  | "untrusted_certificate_url"
  | "topic_not_allowed"
  | "unauthorized"

/**
 * The only error the webhook functions throw for anything a caller can send.
 * A route maps it straight to a response (`status`, `code`, `message`, and
 * `headers` when present, e.g. WWW-Authenticate); anything else that escapes
 * is our bug or our infrastructure, which is a 5xx so the ESP retries.
 * Messages never repeat the body or a secret: they end up in ESP dashboards
 * and our logs.
 */
export class WebhookError extends Error {
  readonly status: WebhookErrorStatus
  readonly code: WebhookErrorCode
  /** response headers the route should send with this error */
  readonly headers?: Record<string, string>

  constructor(status: WebhookErrorStatus, code: WebhookErrorCode, message: string, headers?: Record<string, string>) {
    super(message)
    // keep `instanceof` working whatever the compile target does to subclasses of Error
    Object.setPrototypeOf(this, new.target.prototype)
    this.name = "WebhookError"
    this.status = status
    this.code = code
    if (headers) {
      this.headers = headers
    }
  }
}

/** Header bag as Node hands it over (`req.headers`) or as a plain record in tests. */
export type WebhookHeaders = Record<string, string | string[] | undefined>

/** A request body as received: the exact bytes matter for signatures. */
export type RawBody = string | Buffer

/** 1 MB: SendGrid posts batches well under this; anything bigger is not an ESP. */
export const MAX_BODY_BYTES = 1_000_000

/** One request never carries more events than this; more is a misbehaving sender. */
export const MAX_EVENTS_PER_REQUEST = 1000

/** How far a signed timestamp may be from our clock, either way, before we call it a replay. */
export const SIGNATURE_TOLERANCE_SECONDS = 300

export const MAX_DETAIL_LENGTH = 500

/** Refuse oversized bodies before hashing or parsing them. */
export function assertBodySize(raw: RawBody, maxBytes: number = MAX_BODY_BYTES): void {
  const bytes = typeof raw === "string" ? Buffer.byteLength(raw, "utf8") : raw.length
  if (bytes > maxBytes) {
    throw new WebhookError(
      413,
      "payload_too_large",
      `Webhook body is ${bytes} bytes; the limit is ${maxBytes}. Send smaller batches.`
    )
  }
}

/** Refuse requests that carry more events than one request may. */
export function assertEventCount(count: number, max: number = MAX_EVENTS_PER_REQUEST): void {
  if (count > max) {
    throw new WebhookError(
      413,
      "too_many_events",
      `Webhook carries ${count} events; the limit is ${max} per request. Send smaller batches.`
    )
  }
}

/**
 * application/json, or text/plain because that is what SNS sends (its body is
 * JSON all the same). Parameters such as charset are ignored.
 */
export function assertJsonContentType(contentType: string | string[] | null | undefined): void {
  const value = Array.isArray(contentType) ? contentType[0] : contentType
  const mediaType = (value ?? "").split(";")[0].trim().toLowerCase()
  if (mediaType !== "application/json" && mediaType !== "text/plain") {
    throw new WebhookError(
      415,
      "unsupported_media_type",
      mediaType
        ? "Unsupported Content-Type; send the webhook as application/json"
        : "Missing Content-Type; send the webhook as application/json"
    )
  }
}

/** The body as text, for JSON parsing (signatures use the bytes, not this). */
export function bodyText(raw: RawBody): string {
  return typeof raw === "string" ? raw : raw.toString("utf8")
}

/**
 * Size check, then JSON.parse. The parser's own message is dropped on purpose:
 * recent Node versions quote a slice of the input in it.
 */
export function parseJsonBody(raw: RawBody, what: string = "Webhook", maxBytes: number = MAX_BODY_BYTES): unknown {
  assertBodySize(raw, maxBytes)
  const text = bodyText(raw).replace(/^\uFEFF/, "")
  try {
    return JSON.parse(text)
  } catch {
    throw new WebhookError(400, "invalid_json", `${what} body is not valid JSON`)
  }
}

/** Case-insensitive header lookup; repeated headers are joined the way Node joins them. */
export function getHeader(headers: WebhookHeaders | null | undefined, name: string): string | undefined {
  if (!headers) {
    return undefined
  }
  const wanted = name.toLowerCase()
  for (const key of Object.keys(headers)) {
    if (key.toLowerCase() === wanted) {
      const value = headers[key]
      if (value === undefined) {
        continue
      }
      return Array.isArray(value) ? value.join(", ") : value
    }
  }
  return undefined
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
}

/**
 * Our message ids: `mmsg_` + 32 hex (campaign sends insert them in SQL from
 * gen_random_uuid) or `mmsg_` + a 26-character ULID (what `model.id({ prefix:
 * "mmsg" })` generates for messages created through the service). Bounded on
 * both sides so a longer token that merely contains one is not mistaken for it.
 */
const MESSAGE_ID = /(?<![A-Za-z0-9])mmsg_(?:([0-9a-fA-F]{32})|([0-9A-HJKMNP-TV-Z]{26}))(?![A-Za-z0-9])/

const MAX_SCAN_DEPTH = 8
const MAX_SCAN_NODES = 10_000

/**
 * The first of our message ids found in `values`, in argument order, looking
 * inside strings (`<mmsg_...@shop.com>`, an X-Marketing-Message header) and,
 * depth-first, inside arrays and objects. ESPs move custom headers and
 * arguments around between API versions; scanning for the shape of our id is
 * sturdier than knowing every field name.
 */
export function findMessageId(...values: unknown[]): string | null {
  let budget = MAX_SCAN_NODES
  const visit = (value: unknown, depth: number): string | null => {
    if (--budget < 0) {
      return null
    }
    if (typeof value === "string") {
      const m = MESSAGE_ID.exec(value)
      if (!m) {
        return null
      }
      return m[1] ? `mmsg_${m[1].toLowerCase()}` : `mmsg_${m[2]}`
    }
    if (depth >= MAX_SCAN_DEPTH || typeof value !== "object" || value === null) {
      return null
    }
    const children = Array.isArray(value) ? value : Object.values(value)
    for (const child of children) {
      const found = visit(child, depth + 1)
      if (found) {
        return found
      }
    }
    return null
  }
  for (const value of values) {
    const found = visit(value, 0)
    if (found) {
      return found
    }
  }
  return null
}

/**
 * The recipient as the key a contact has (trimmed, lower-cased), or null when
 * it is not an address we could have sent to: such an event cannot match a
 * contact, so parsers skip it instead of failing the whole batch. Accepts the
 * `Name <addr>` form some ESPs echo back.
 */
export function normalizeEventEmail(input: unknown): string | null {
  if (typeof input !== "string" || input.length > 512) {
    return null
  }
  const angle = /<([^<>]+)>\s*$/.exec(input)
  const address = normalizeEmail(angle ? angle[1] : input)
  return isValidEmail(address) ? address : null
}

/**
 * A one-line, bounded detail for people reading the event log: control
 * characters and runs of whitespace collapse to one space.
 */
export function clampDetail(value: unknown, max: number = MAX_DETAIL_LENGTH): string | null {
  if (typeof value !== "string") {
    return null
  }
  // eslint-disable-next-line no-control-regex
  let text = value.replace(/[\u0000-\u001f\u007f\s]+/g, " ").trim()
  if (!text) {
    return null
  }
  if (text.length > max) {
    text = text.slice(0, max)
    // never leave half a surrogate pair at the end
    if (/[\uD800-\uDBFF]$/.test(text)) {
      text = text.slice(0, -1)
    }
  }
  return text
}

// a date, or a date-time that states its offset: local times would depend on our server's zone
const ISO_TIME = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:[Zz]|[+-]\d{2}:?\d{2}))?$/

const MIN_TIME = Date.UTC(1970, 0, 1)
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59)

/** An ISO 8601 timestamp with an explicit zone, as ISO UTC; null when it is anything else. */
export function parseIsoTime(value: unknown): string | null {
  if (typeof value !== "string" || value.length > 40 || !ISO_TIME.test(value.trim())) {
    return null
  }
  const ms = Date.parse(value.trim().replace(" ", "T"))
  return Number.isFinite(ms) && ms >= MIN_TIME && ms <= MAX_TIME ? new Date(ms).toISOString() : null
}

/** Unix seconds (a number or a string of digits) as ISO UTC; null when it is anything else. */
export function unixSecondsToIso(value: unknown): string | null {
  const n = typeof value === "string" && /^\d{1,12}$/.test(value) ? Number(value) : value
  if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
    return null
  }
  const ms = Math.round(n * 1000)
  return ms <= MAX_TIME ? new Date(ms).toISOString() : null
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(",")}]`
  }
  if (isRecord(value)) {
    const keys = Object.keys(value).sort()
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`
  }
  return JSON.stringify(value) ?? "null"
}

/**
 * A dedupe key for an event the provider gave no id: a hash of its content
 * with keys sorted, so the same event replayed (even re-serialised with
 * another key order) gets the same key.
 */
export function stableEventId(provider: WebhookProvider, value: unknown): string {
  const digest = createHash("sha256").update(`${provider}\n${canonicalJson(value)}`).digest("hex")
  return `sha256:${digest.slice(0, 40)}`
}

/** Bounds a provider-given id used as a dedupe key; longer ones are hashed. */
export function boundedEventId(provider: WebhookProvider, id: string, max: number = 255): string {
  return id.length <= max ? id : stableEventId(provider, id)
}

/**
 * A signed timestamp must be within SIGNATURE_TOLERANCE_SECONDS of now,
 * either way (a replay window, and clock skew). `hint` says what to check.
 */
export function assertFreshTimestamp(timestamp: number, now: number, hint: string): void {
  if (Math.abs(now / 1000 - timestamp) > SIGNATURE_TOLERANCE_SECONDS) {
    throw new WebhookError(401, "stale_timestamp", hint)
  }
}
