import { createHmac, timingSafeEqual } from "node:crypto"
import {
  assertBodySize,
  assertFreshTimestamp,
  assertEventCount,
  boundedEventId,
  clampDetail,
  type BounceKind,
  type DeliveryEvent,
  type DeliveryEventType,
  findMessageId,
  getHeader,
  isRecord,
  normalizeEventEmail,
  parseIsoTime,
  parseJsonBody,
  type RawBody,
  WebhookError,
  type WebhookHeaders,
} from "./common"

/**
 * Our own signed webhook, for ESPs we have no parser for and for relays
 * (a Lambda, a Zapier step) that translate theirs into this shape.
 *
 * Header: `x-marketing-signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * The timestamp is inside the MAC so a captured request cannot be replayed
 * after the tolerance; several v1 entries may be sent so a secret can be
 * rotated without downtime (sign with old and new until every receiver has
 * the new one). Same scheme as Stripe's, which integrators already know.
 */
export const GENERIC_SIGNATURE_HEADER = "x-marketing-signature"

const GENERIC_EVENT_TYPES: readonly DeliveryEventType[] = ["delivered", "bounce", "complaint", "deferred"]
const MAX_SIGNATURES = 10
const MAX_ID_LENGTH = 255

function hmac(secret: string, t: number | string, rawBody: RawBody): Buffer {
  return createHmac("sha256", secret)
    .update(`${t}.`)
    .update(typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody)
    .digest()
}

function requireSecret(secret: string): void {
  if (typeof secret !== "string" || !secret) {
    // configuration, not input: let it surface as a 5xx and in the logs
    throw new Error("The generic webhook secret is not configured; set it before accepting webhooks")
  }
}

/**
 * The `x-marketing-signature` header value for `rawBody`, signed at `t`
 * (unix seconds). For tests and for whoever builds a sender.
 */
export function signGenericWebhook(
  rawBody: RawBody,
  secret: string,
  t: number = Math.floor(Date.now() / 1000)
): string {
  requireSecret(secret)
  if (!Number.isSafeInteger(t) || t < 0) {
    throw new Error("The signature timestamp must be whole unix seconds")
  }
  return `t=${t},v1=${hmac(secret, t, rawBody).toString("hex")}`
}

/**
 * Checks the signature, then the timestamp: a correctly signed but stale
 * request gets the clock-skew message, which is the one that helps. Throws
 * 401 WebhookError; returns the signed timestamp (unix seconds).
 */
export function verifyGenericWebhook(
  rawBody: RawBody,
  headers: WebhookHeaders,
  secret: string,
  now: number = Date.now()
): { timestamp: number } {
  requireSecret(secret)
  assertBodySize(rawBody)
  const header = getHeader(headers, GENERIC_SIGNATURE_HEADER)
  if (!header || !header.trim()) {
    throw new WebhookError(
      401,
      "missing_signature",
      `Missing ${GENERIC_SIGNATURE_HEADER} header; sign the body as t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
    )
  }
  let t: string | undefined
  const signatures: Buffer[] = []
  for (const part of header.split(",")) {
    const eq = part.indexOf("=")
    if (eq < 0) {
      continue
    }
    const key = part.slice(0, eq).trim()
    const value = part.slice(eq + 1).trim()
    if (key === "t") {
      if (t !== undefined) {
        throw new WebhookError(401, "malformed_signature", `${GENERIC_SIGNATURE_HEADER} has more than one t=`)
      }
      t = value
    } else if (key === "v1" && /^[0-9a-fA-F]{64}$/.test(value) && signatures.length < MAX_SIGNATURES) {
      signatures.push(Buffer.from(value, "hex"))
    }
  }
  if (t === undefined || !/^\d{1,12}$/.test(t)) {
    throw new WebhookError(
      401,
      "malformed_signature",
      `${GENERIC_SIGNATURE_HEADER} needs t=<unix seconds> (whole seconds, not milliseconds)`
    )
  }
  if (!signatures.length) {
    throw new WebhookError(
      401,
      "malformed_signature",
      `${GENERIC_SIGNATURE_HEADER} needs at least one v1=<64 hex characters>`
    )
  }
  const expected = hmac(secret, t, rawBody)
  let matched = false
  // compare against every candidate so timing does not reveal which one matched
  for (const candidate of signatures) {
    if (timingSafeEqual(candidate, expected)) {
      matched = true
    }
  }
  if (!matched) {
    throw new WebhookError(
      401,
      "bad_signature",
      "Signature does not match; sign the exact raw body with the shared secret as HMAC-SHA256 of \"<t>.<body>\""
    )
  }
  const timestamp = Number(t)
  assertFreshTimestamp(
    timestamp,
    now,
    "Signature timestamp outside the 5 minute tolerance; sign each request when sending it and check the sender's clock"
  )
  return { timestamp }
}

function invalid(path: string, what: string): WebhookError {
  return new WebhookError(400, "invalid_payload", `${path} ${what}`)
}

/**
 * `{ "events": [{ id, type, email, message_id?, occurred_at, bounce_kind?, detail? }] }`
 * into DeliveryEvents. Our own format, so shape errors are 400s that name
 * the field (the integrator can fix them); unknown `type`s (opens, clicks...)
 * and addresses we could not have sent to are skipped. A bounce without
 * bounce_kind counts as soft: suppressing on a guess would lose a contact.
 */
export function parseGenericEvents(rawBody: RawBody): DeliveryEvent[] {
  const body = parseJsonBody(rawBody, "Generic webhook")
  if (!isRecord(body) || !Array.isArray(body.events)) {
    throw invalid("body", 'must be an object with an "events" array')
  }
  const events = body.events
  assertEventCount(events.length)
  const out: DeliveryEvent[] = []
  events.forEach((raw, i) => {
    const path = `events[${i}]`
    if (!isRecord(raw)) {
      throw invalid(path, "must be an object")
    }
    if (typeof raw.type !== "string") {
      throw invalid(`${path}.type`, `must be a string (${GENERIC_EVENT_TYPES.join(", ")})`)
    }
    const type = raw.type as DeliveryEventType
    if (!GENERIC_EVENT_TYPES.includes(type)) {
      return // opens, clicks...: not delivery events, whatever else they carry
    }
    if (typeof raw.id !== "string" || !raw.id.trim() || raw.id.length > MAX_ID_LENGTH) {
      throw invalid(`${path}.id`, `must be a non-empty string of at most ${MAX_ID_LENGTH} characters`)
    }
    if (typeof raw.email !== "string") {
      throw invalid(`${path}.email`, "must be a string")
    }
    const occurredAt = parseIsoTime(raw.occurred_at)
    if (!occurredAt) {
      throw invalid(`${path}.occurred_at`, "must be an ISO 8601 timestamp with a zone, e.g. 2026-01-01T12:00:00Z")
    }
    if (raw.message_id !== undefined && raw.message_id !== null && typeof raw.message_id !== "string") {
      throw invalid(`${path}.message_id`, "must be a string or null")
    }
    if (raw.detail !== undefined && raw.detail !== null && typeof raw.detail !== "string") {
      throw invalid(`${path}.detail`, "must be a string or null")
    }
    if (
      raw.bounce_kind !== undefined &&
      raw.bounce_kind !== null &&
      raw.bounce_kind !== "hard" &&
      raw.bounce_kind !== "soft"
    ) {
      throw invalid(`${path}.bounce_kind`, 'must be "hard", "soft" or null')
    }
    const email = normalizeEventEmail(raw.email)
    if (!email) {
      return
    }
    let bounceKind: BounceKind | null = null
    if (type === "bounce") {
      bounceKind = (raw.bounce_kind as BounceKind | null | undefined) ?? "soft"
    } else if (type === "deferred") {
      bounceKind = "soft"
    }
    out.push({
      provider: "generic",
      provider_event_id: boundedEventId("generic", raw.id.trim()),
      type,
      bounce_kind: bounceKind,
      email,
      message_id: findMessageId(raw.message_id),
      occurred_at: occurredAt,
      detail: clampDetail(raw.detail),
    })
  })
  return out
}
