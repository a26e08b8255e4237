import { createPublicKey, type KeyObject, verify as verifySignature, X509Certificate } from "node:crypto"
import {
  assertBodySize,
  boundedEventId,
  clampDetail,
  type BounceKind,
  type DeliveryEvent,
  type DeliveryEventType,
  findMessageId,
  isRecord,
  normalizeEventEmail,
  parseIsoTime,
  parseJsonBody,
  stableEventId,
  assertEventCount,
  WebhookError,
} from "./common"

/**
 * Amazon SES reports bounces, complaints and deliveries through SNS. SNS
 * signs every message with a certificate it publishes on its own host, so
 * trust comes from (1) the certificate URL pointing at SNS over https and
 * (2) the signature verifying with that certificate. The lib never fetches:
 * the caller injects `getCertificate` (production: https GET with a cache;
 * tests: a fixture), which keeps this file pure and testable offline.
 */

export type SnsMessageType = "SubscriptionConfirmation" | "Notification" | "UnsubscribeConfirmation"

export type SnsMessage = {
  Type: SnsMessageType
  MessageId: string
  TopicArn: string
  Message: string
  Timestamp: string
  SignatureVersion: "1" | "2"
  Signature: string
  SigningCertURL: string
  Subject?: string
  /** subscription types only */
  Token?: string
  /** subscription types only: GET it to confirm (the route does, after verification) */
  SubscribeURL?: string
  UnsubscribeURL?: string
}

export type SnsVerifyOptions = {
  /**
   * Returns the PEM at a SigningCertURL that already passed the host check.
   * Its errors propagate unchanged: a failed fetch is our problem, the route
   * answers 5xx, and SNS retries (it does not retry 4xx).
   */
  getCertificate: (url: string) => Promise<string>
  /**
   * Accept only these topics. Omit to accept any topic; an empty list accepts
   * none (a misconfigured allow-list fails closed).
   */
  topicArns?: string[]
}

const SNS_TYPES: readonly SnsMessageType[] = ["SubscriptionConfirmation", "Notification", "UnsubscribeConfirmation"]

const SNS_CERT_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

/** The signed fields, in the order AWS documents (alphabetical), per message type. */
const NOTIFICATION_KEYS = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"] as const
const SUBSCRIPTION_KEYS = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"] as const

function invalid(what: string): WebhookError {
  return new WebhookError(400, "invalid_payload", `SNS message ${what}`)
}

/** Only what an ARN can contain, bounded: safe to put in an error message. */
function printableArn(arn: string): string {
  return arn.replace(/[^A-Za-z0-9:._/-]/g, "?").slice(0, 256)
}

/**
 * True when `url` is where SNS publishes signing certificates: https, an
 * `sns.<region>.amazonaws.com[.cn]` host, default port, no credentials, a
 * `.pem` path and nothing after it (SNS's own URLs have no query). Anything
 * else could serve an attacker's own certificate.
 */
export function isTrustedSnsCertUrl(url: unknown): boolean {
  if (typeof url !== "string" || url.length > 2048) {
    return false
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    parsed.protocol === "https:" &&
    SNS_CERT_HOST.test(parsed.hostname) &&
    parsed.port === "" &&
    parsed.username === "" &&
    parsed.password === "" &&
    parsed.search === "" &&
    parsed.hash === "" &&
    parsed.pathname.endsWith(".pem")
  )
}

/** The string SNS signed: "Key\nValue\n" for each signed key present, in documented order. */
export function snsCanonicalString(msg: SnsMessage): string {
  const keys = msg.Type === "Notification" ? NOTIFICATION_KEYS : SUBSCRIPTION_KEYS
  let out = ""
  for (const key of keys) {
    const value = msg[key]
    if (typeof value === "string") {
      out += `${key}\n${value}\n`
    }
  }
  return out
}

function readSnsMessage(body: unknown): SnsMessage {
  const parsed = typeof body === "string" || Buffer.isBuffer(body) ? parseJsonBody(body, "SNS") : body
  if (!isRecord(parsed)) {
    throw invalid("must be a JSON object")
  }
  const type = parsed.Type
  if (typeof type !== "string" || !SNS_TYPES.includes(type as SnsMessageType)) {
    throw invalid(`Type must be one of ${SNS_TYPES.join(", ")}`)
  }
  const required = ["MessageId", "TopicArn", "Message", "Timestamp", "Signature", "SigningCertURL"]
  if (type !== "Notification") {
    required.push("SubscribeURL", "Token")
  }
  for (const key of required) {
    if (typeof parsed[key] !== "string" || !(parsed[key] as string).length) {
      throw invalid(`is missing ${key}`)
    }
  }
  for (const key of ["Subject", "Token", "SubscribeURL", "UnsubscribeURL"]) {
    if (parsed[key] !== undefined && parsed[key] !== null && typeof parsed[key] !== "string") {
      throw invalid(`${key} must be a string`)
    }
  }
  const version = parsed.SignatureVersion
  if (version !== "1" && version !== "2") {
    throw new WebhookError(
      400,
      "unsupported_signature_version",
      "SNS SignatureVersion must be 1 (SHA1withRSA) or 2 (SHA256withRSA)"
    )
  }
  const msg: SnsMessage = {
    Type: type as SnsMessageType,
    MessageId: parsed.MessageId as string,
    TopicArn: parsed.TopicArn as string,
    Message: parsed.Message as string,
    Timestamp: parsed.Timestamp as string,
    SignatureVersion: version,
    Signature: parsed.Signature as string,
    SigningCertURL: parsed.SigningCertURL as string,
  }
  for (const key of ["Subject", "Token", "SubscribeURL", "UnsubscribeURL"] as const) {
    if (typeof parsed[key] === "string") {
      msg[key] = parsed[key] as string
    }
  }
  return msg
}

function publicKeyOf(pem: string): KeyObject {
  try {
    return new X509Certificate(pem).publicKey
  } catch {
    try {
      return createPublicKey(pem)
    } catch {
      // what our own fetcher returned is not a certificate (a proxy error page?): a 5xx, so SNS retries
      throw new Error("getCertificate did not return a PEM certificate for the SNS SigningCertURL")
    }
  }
}

/**
 * Verifies an SNS message (the parsed JSON body, or the raw body) and returns
 * it typed. Order: shape (400), certificate URL (403), topic allow-list
 * (403), then the signature (403): the cheap checks come first, so a forged
 * message costs no certificate download.
 */
export async function verifySnsMessage(body: unknown, opts: SnsVerifyOptions): Promise<SnsMessage> {
  const msg = readSnsMessage(body)
  if (!isTrustedSnsCertUrl(msg.SigningCertURL)) {
    throw new WebhookError(
      403,
      "untrusted_certificate_url",
      "SNS SigningCertURL is not an https .pem URL on sns.<region>.amazonaws.com; the message is not from Amazon SNS"
    )
  }
  if (opts.topicArns && !opts.topicArns.includes(msg.TopicArn)) {
    throw new WebhookError(
      403,
      "topic_not_allowed",
      `SNS topic ${printableArn(msg.TopicArn)} is not in the allowed topic list; add it to the SES webhook settings if it is yours`
    )
  }
  const pem = await opts.getCertificate(msg.SigningCertURL)
  const key = publicKeyOf(pem)
  const signature = Buffer.from(msg.Signature, "base64")
  let ok = false
  try {
    ok = verifySignature(
      msg.SignatureVersion === "1" ? "sha1" : "sha256",
      Buffer.from(snsCanonicalString(msg), "utf8"),
      key,
      signature
    )
  } catch {
    ok = false
  }
  if (!ok) {
    throw new WebhookError(
      403,
      "bad_signature",
      "SNS signature does not verify with the SigningCertURL certificate; the message was altered or is not from Amazon SNS"
    )
  }
  return msg
}

type SesKind = "Bounce" | "Complaint" | "Delivery" | "DeliveryDelay"

function sesMessageId(mail: unknown): string | null {
  if (!isRecord(mail)) {
    return null
  }
  const headers = Array.isArray(mail.headers) ? mail.headers : []
  const marker = headers.find(
    (h) => isRecord(h) && typeof h.name === "string" && h.name.toLowerCase() === "x-marketing-message"
  ) as Record<string, unknown> | undefined
  const common = isRecord(mail.commonHeaders) ? mail.commonHeaders.messageId : undefined
  return findMessageId(marker?.value, common)
}

function recipientsOf(section: Record<string, unknown>, field: string, kind: SesKind): unknown[] {
  const list = section[field]
  if (!Array.isArray(list)) {
    throw invalid(`${kind} notification has no ${field} list`)
  }
  assertEventCount(list.length)
  return list
}

/**
 * SES notification or event-publishing JSON (in `msg.Message`) into
 * DeliveryEvents: one per recipient. Confirmation messages and event types we
 * do not track (Send, Open, Click, Reject, the setup notification...) give
 * none. Bounce Permanent is hard; Transient and Undetermined are soft, since
 * suppressing on a guess would lose a contact. DeliveryDelay becomes a
 * deferred event.
 */
export function parseSesNotification(msg: SnsMessage): DeliveryEvent[] {
  if (msg.Type !== "Notification") {
    return []
  }
  assertBodySize(msg.Message)
  let payload: unknown
  try {
    payload = JSON.parse(msg.Message)
  } catch {
    throw new WebhookError(400, "invalid_json", "SNS Message is not SES notification JSON")
  }
  if (!isRecord(payload)) {
    throw new WebhookError(400, "invalid_payload", "SNS Message is not an SES notification object")
  }
  const kind = (typeof payload.eventType === "string" ? payload.eventType : payload.notificationType) as unknown
  if (kind !== "Bounce" && kind !== "Complaint" && kind !== "Delivery" && kind !== "DeliveryDelay") {
    return []
  }
  const sectionName = kind === "DeliveryDelay" ? "deliveryDelay" : kind.toLowerCase()
  const section = payload[sectionName]
  if (!isRecord(section)) {
    throw invalid(`${kind} notification has no ${sectionName} object`)
  }
  const occurredAt = parseIsoTime(section.timestamp) ?? parseIsoTime(msg.Timestamp)
  if (!occurredAt) {
    throw invalid(`${kind} notification has no valid timestamp`)
  }
  const messageId = sesMessageId(payload.mail)
  const feedbackId = typeof section.feedbackId === "string" && section.feedbackId ? section.feedbackId : null
  const out: DeliveryEvent[] = []
  const push = (
    email: string | null,
    type: DeliveryEventType,
    bounceKind: BounceKind | null,
    detail: unknown,
    idBase: string | null
  ) => {
    if (!email) {
      return
    }
    out.push({
      provider: "ses",
      provider_event_id: idBase
        ? boundedEventId("ses", `${idBase}:${email}`)
        : stableEventId("ses", [msg.MessageId, kind, email]),
      type,
      bounce_kind: bounceKind,
      email,
      message_id: messageId,
      occurred_at: occurredAt,
      detail: clampDetail(detail),
    })
  }

  if (kind === "Bounce") {
    const bounceKind: BounceKind = section.bounceType === "Permanent" ? "hard" : "soft"
    for (const r of recipientsOf(section, "bouncedRecipients", kind)) {
      if (isRecord(r)) {
        push(normalizeEventEmail(r.emailAddress), "bounce", bounceKind, r.diagnosticCode, feedbackId)
      }
    }
  } else if (kind === "Complaint") {
    for (const r of recipientsOf(section, "complainedRecipients", kind)) {
      if (isRecord(r)) {
        push(normalizeEventEmail(r.emailAddress), "complaint", null, section.complaintFeedbackType, feedbackId)
      }
    }
  } else if (kind === "Delivery") {
    // deliveries carry no feedbackId; SNS keeps MessageId across its own retries
    for (const r of recipientsOf(section, "recipients", kind)) {
      push(normalizeEventEmail(r), "delivered", null, section.smtpResponse, msg.MessageId)
    }
  } else {
    for (const r of recipientsOf(section, "delayedRecipients", kind)) {
      if (isRecord(r)) {
        push(normalizeEventEmail(r.emailAddress), "deferred", "soft", r.diagnosticCode, msg.MessageId)
      }
    }
  }
  return out
}
