import { createPublicKey, type KeyObject, verify as verifySignature } from "node:crypto"
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
  parseJsonBody,
  type RawBody,
  stableEventId,
  unixSecondsToIso,
  WebhookError,
  type WebhookHeaders,
} from "./common"

/**
 * SendGrid's signed Event Webhook. SendGrid signs `timestamp + raw body` with
 * ECDSA P-256 / SHA-256 and shows the account's verification key (base64 DER
 * SubjectPublicKeyInfo) in Mail Settings; the signature header is base64 DER.
 * Only the public key is configured here, so a leaked config cannot forge
 * events.
 */
export const SENDGRID_SIGNATURE_HEADER = "x-twilio-email-event-webhook-signature"
export const SENDGRID_TIMESTAMP_HEADER = "x-twilio-email-event-webhook-timestamp"

// the key is configuration: parse it once, not per request
let cachedKey: { text: string; key: KeyObject } | null = null

function publicKeyOf(publicKey: string): KeyObject {
  if (cachedKey?.text === publicKey) {
    return cachedKey.key
  }
  let key: KeyObject
  try {
    key = publicKey.includes("-----BEGIN")
      ? createPublicKey(publicKey)
      : createPublicKey({ key: Buffer.from(publicKey.replace(/\s+/g, ""), "base64"), format: "der", type: "spki" })
  } catch {
    key = undefined as unknown as KeyObject
  }
  if (!key || key.asymmetricKeyType !== "ec" || key.asymmetricKeyDetails?.namedCurve !== "prime256v1") {
    // configuration, not input: let it surface as a 5xx and in the logs
    throw new Error(
      "The SendGrid verification key is not a P-256 public key; paste the base64 key from SendGrid > Mail Settings > Event Webhook > Signature Verification"
    )
  }
  cachedKey = { text: publicKey, key }
  return key
}

/**
 * Checks the ECDSA signature over `timestamp + rawBody`, then the timestamp
 * (300 s either way). Throws 401 WebhookError.
 */
export function verifySendgridWebhook(
  rawBody: RawBody,
  headers: WebhookHeaders,
  publicKeyBase64: string,
  now: number = Date.now()
): { timestamp: number } {
  if (typeof publicKeyBase64 !== "string" || !publicKeyBase64.trim()) {
    throw new Error("The SendGrid verification key is not configured; set it before accepting SendGrid webhooks")
  }
  const key = publicKeyOf(publicKeyBase64)
  assertBodySize(rawBody)
  const signatureHeader = getHeader(headers, SENDGRID_SIGNATURE_HEADER)?.trim()
  const timestampHeader = getHeader(headers, SENDGRID_TIMESTAMP_HEADER)?.trim()
  if (!signatureHeader || !timestampHeader) {
    throw new WebhookError(
      401,
      "missing_signature",
      `Missing ${!signatureHeader ? SENDGRID_SIGNATURE_HEADER : SENDGRID_TIMESTAMP_HEADER} header; enable Signed Event Webhook Requests in SendGrid`
    )
  }
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    throw new WebhookError(401, "malformed_signature", `${SENDGRID_TIMESTAMP_HEADER} must be unix seconds`)
  }
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(signatureHeader) || signatureHeader.length > 512) {
    throw new WebhookError(401, "malformed_signature", `${SENDGRID_SIGNATURE_HEADER} must be a base64 signature`)
  }
  const payload = Buffer.concat([
    Buffer.from(timestampHeader, "utf8"),
    typeof rawBody === "string" ? Buffer.from(rawBody, "utf8") : rawBody,
  ])
  let ok = false
  try {
    ok = verifySignature("sha256", payload, key, Buffer.from(signatureHeader, "base64"))
  } catch {
    ok = false
  }
  if (!ok) {
    throw new WebhookError(
      401,
      "bad_signature",
      "SendGrid signature does not verify; check that the configured verification key is the one SendGrid shows and that the raw body reaches us unmodified"
    )
  }
  const timestamp = Number(timestampHeader)
  assertFreshTimestamp(timestamp, now, "SendGrid timestamp outside the 5 minute tolerance; check our server clock if this repeats")
  return { timestamp }
}

type Mapped = { type: DeliveryEventType; bounceKind: BounceKind | null; detail: unknown }

function mapEvent(e: Record<string, unknown>): Mapped | null {
  switch (e.event) {
    case "bounce":
      // "blocked" is a block by the receiving server (reputation, content): worth a retry later
      return { type: "bounce", bounceKind: e.type === "blocked" ? "soft" : "hard", detail: e.reason }
    case "dropped":
      // SendGrid drops sends to addresses it already saw bounce; other drop reasons are about us, not the address
      return e.reason === "Bounced Address" ? { type: "bounce", bounceKind: "hard", detail: e.reason } : null
    case "deferred":
      return { type: "deferred", bounceKind: "soft", detail: e.response }
    case "delivered":
      return { type: "delivered", bounceKind: null, detail: e.response }
    case "spamreport":
      return { type: "complaint", bounceKind: null, detail: null }
    default:
      return null // processed, open, click, unsubscribe, group_*...
  }
}

/**
 * A SendGrid event batch (a JSON array) into DeliveryEvents. Events we do not
 * track and events for addresses we could not have sent to are skipped; an
 * event we do track without a valid timestamp fails the batch (400), since a
 * signed batch in another shape means SendGrid changed its format.
 */
export function parseSendgridEvents(rawBody: RawBody): DeliveryEvent[] {
  const body = parseJsonBody(rawBody, "SendGrid webhook")
  if (!Array.isArray(body)) {
    throw new WebhookError(400, "invalid_payload", "SendGrid webhook body must be a JSON array of events")
  }
  assertEventCount(body.length)
  const out: DeliveryEvent[] = []
  body.forEach((e, i) => {
    if (!isRecord(e)) {
      throw new WebhookError(400, "invalid_payload", `SendGrid event ${i} is not an object`)
    }
    const mapped = mapEvent(e)
    if (!mapped) {
      return
    }
    const email = normalizeEventEmail(e.email)
    if (!email) {
      return
    }
    const occurredAt = unixSecondsToIso(e.timestamp)
    if (!occurredAt) {
      throw new WebhookError(400, "invalid_payload", `SendGrid event ${i} has no valid timestamp (unix seconds)`)
    }
    const sgEventId = typeof e.sg_event_id === "string" && e.sg_event_id ? e.sg_event_id : null
    out.push({
      provider: "sendgrid",
      provider_event_id: sgEventId ? boundedEventId("sendgrid", sgEventId) : stableEventId("sendgrid", e),
      type: mapped.type,
      bounce_kind: mapped.bounceKind,
      email,
      // our custom arg first; else our id wherever SendGrid echoed it (smtp-id is <mmsg_...@domain>)
      message_id: findMessageId(e.marketing_message_id) ?? findMessageId(e),
      occurred_at: occurredAt,
      detail: clampDetail(mapped.detail),
    })
  })
  return out
}
