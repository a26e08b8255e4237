import { createHash, timingSafeEqual } from "node:crypto"
import {
  assertBodySize,
  bodyText,
  clampDetail,
  type BounceKind,
  type DeliveryEvent,
  type DeliveryEventType,
  findMessageId,
  isRecord,
  normalizeEventEmail,
  parseIsoTime,
  parseJsonBody,
  type RawBody,
  boundedEventId,
  WebhookError,
} from "./common"

/**
 * Postmark does not sign webhooks; its documented protection is HTTP basic
 * auth in the webhook URL (`https://user:pass@shop.com/...`) over https.
 * So the credentials are the secret, compared in constant time.
 */
export const POSTMARK_WWW_AUTHENTICATE = 'Basic realm="marketing-webhooks", charset="UTF-8"'

function digest(value: string): Buffer {
  // hashing first gives equal-length buffers, so the length of the secret does not leak either
  return createHash("sha256").update(value, "utf8").digest()
}

function unauthorized(message: string): WebhookError {
  return new WebhookError(401, "unauthorized", message, { "WWW-Authenticate": POSTMARK_WWW_AUTHENTICATE })
}

/**
 * Checks an `Authorization: Basic ...` header against the configured
 * credentials. Throws 401 WebhookError whose `headers` carry the
 * WWW-Authenticate challenge to send back.
 */
export function verifyPostmarkAuth(
  authorizationHeader: string | string[] | null | undefined,
  user: string,
  pass: string
): void {
  if (typeof user !== "string" || typeof pass !== "string" || !user || !pass || user.includes(":")) {
    // configuration, not input: let it surface as a 5xx and in the logs
    throw new Error("Postmark webhook credentials are not configured (user without ':' and a password are required)")
  }
  const header = Array.isArray(authorizationHeader) ? authorizationHeader[0] : authorizationHeader
  const howTo = "put the webhook credentials in the Postmark webhook URL as https://user:password@host/path"
  if (!header) {
    throw unauthorized(`Missing Authorization header; ${howTo}`)
  }
  const m = /^Basic[ \t]+([A-Za-z0-9+/]+={0,2})[ \t]*$/i.exec(header)
  if (!m || m[1].length > 1024) {
    throw unauthorized(`Authorization must use the Basic scheme; ${howTo}`)
  }
  const given = digest(Buffer.from(m[1], "base64").toString("utf8"))
  const expected = digest(`${user}:${pass}`)
  if (!timingSafeEqual(given, expected)) {
    throw unauthorized(`Wrong webhook credentials; ${howTo}`)
  }
}

const HARD_BOUNCE_TYPES = new Set(["HardBounce", "BadEmailAddress", "ManuallyDeactivated"])
const SOFT_BOUNCE_TYPES = new Set(["SoftBounce", "Transient", "DnsError", "Blocked", "Unknown"])

type Mapped = { type: DeliveryEventType; bounceKind: BounceKind | null }

function mapRecord(e: Record<string, unknown>): Mapped | null {
  if (e.RecordType === "Delivery") {
    return { type: "delivered", bounceKind: null }
  }
  if (e.RecordType === "SpamComplaint") {
    return { type: "complaint", bounceKind: null }
  }
  if (e.RecordType !== "Bounce" || typeof e.Type !== "string") {
    return null // Open, Click, SubscriptionChange...
  }
  if (e.Type === "SpamComplaint") {
    return { type: "complaint", bounceKind: null }
  }
  if (HARD_BOUNCE_TYPES.has(e.Type)) {
    return { type: "bounce", bounceKind: "hard" }
  }
  if (SOFT_BOUNCE_TYPES.has(e.Type)) {
    return { type: "bounce", bounceKind: "soft" }
  }
  // AutoResponder, Subscribe, Unsubscribe, AddressChange, DMARCPolicy, SMTPApiError...:
  // replies, or problems with our side, not with the address
  return null
}

function headerValue(headers: unknown, name: string): unknown {
  if (!Array.isArray(headers)) {
    return undefined
  }
  const wanted = name.toLowerCase()
  const found = headers.find((h) => isRecord(h) && typeof h.Name === "string" && h.Name.toLowerCase() === wanted)
  return isRecord(found) ? found.Value : undefined
}

/**
 * One Postmark webhook record (Postmark posts one per request) into zero or
 * one DeliveryEvent. Bounce IDs above 2^53 are kept as text: JSON numbers
 * would round them and two bounces could share a dedupe key.
 */
export function parsePostmarkEvent(rawBody: RawBody): DeliveryEvent[] {
  assertBodySize(rawBody)
  // quote long integer IDs before parsing; inside a JSON string the quotes would be escaped, so only keys match
  const text = bodyText(rawBody).replace(/("ID"\s*:\s*)(\d{16,})(?=\s*[,}])/g, '$1"$2"')
  const body = parseJsonBody(text, "Postmark webhook", Infinity)
  if (!isRecord(body)) {
    throw new WebhookError(400, "invalid_payload", "Postmark webhook body must be one JSON object (one record per request)")
  }
  const mapped = mapRecord(body)
  if (!mapped) {
    return []
  }
  const recordType = body.RecordType as string
  const email = normalizeEventEmail(mapped.type === "delivered" ? body.Recipient : body.Email)
  if (!email) {
    return []
  }
  const occurredAt = parseIsoTime(mapped.type === "delivered" ? body.DeliveredAt : body.BouncedAt)
  if (!occurredAt) {
    throw new WebhookError(
      400,
      "invalid_payload",
      `Postmark ${recordType} record has no valid ${mapped.type === "delivered" ? "DeliveredAt" : "BouncedAt"}`
    )
  }
  let eventId: string
  if (mapped.type === "delivered") {
    if (typeof body.MessageID !== "string" || !body.MessageID) {
      throw new WebhookError(400, "invalid_payload", "Postmark Delivery record has no MessageID")
    }
    // one message can go to several recipients, each with its own Delivery record
    eventId = `${body.MessageID}:Delivery:${email}`
  } else {
    const id = typeof body.ID === "number" && Number.isSafeInteger(body.ID) ? String(body.ID) : body.ID
    if (typeof id !== "string" || !/^\d{1,40}$/.test(id)) {
      throw new WebhookError(400, "invalid_payload", `Postmark ${recordType} record has no numeric ID`)
    }
    eventId = `${recordType}:${id}`
  }
  const metadata = isRecord(body.Metadata) ? body.Metadata : {}
  return [
    {
      provider: "postmark",
      provider_event_id: boundedEventId("postmark", eventId),
      type: mapped.type,
      bounce_kind: mapped.bounceKind,
      email,
      message_id: findMessageId(metadata.marketing_message_id, headerValue(body.Headers, "X-Marketing-Message")),
      occurred_at: occurredAt,
      detail: clampDetail(typeof body.Details === "string" && body.Details.trim() ? body.Details : body.Description),
    },
  ]
}
