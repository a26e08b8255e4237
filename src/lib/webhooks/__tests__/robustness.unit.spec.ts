import { generateKeyPairSync } from "node:crypto"
import fc from "fast-check"
import {
  type DeliveryEvent,
  GENERIC_SIGNATURE_HEADER,
  parseGenericEvents,
  parsePostmarkEvent,
  parseSendgridEvents,
  parseSesNotification,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  type SnsMessage,
  verifyGenericWebhook,
  verifyPostmarkAuth,
  verifySendgridWebhook,
  verifySnsMessage,
  WebhookError,
} from ".."
import { assertWellFormedEvent, fixture, MSG_ID, NOW, NOW_S } from "./fixtures/helpers"

/**
 * Whatever arrives, every function either returns well-formed events or
 * throws a WebhookError: never a TypeError from a field that was not there.
 */
function parsesOrRefuses(fn: () => DeliveryEvent[]): void {
  let events: DeliveryEvent[]
  try {
    events = fn()
  } catch (e) {
    if (!(e instanceof WebhookError)) {
      throw e
    }
    expect([400, 413]).toContain(e.status)
    return
  }
  expect(Array.isArray(events)).toBe(true)
  events.forEach(assertWellFormedEvent)
}

// values that look like what providers send, and the things that go wrong with them
const scalar = fc.oneof(
  fc.constantFrom(
    "jane@example.com",
    " JOE@Example.COM ",
    "not-an-email",
    `<${MSG_ID}@shop.example.com>`,
    "2026-01-01T12:00:00Z",
    "2026-01-01T12:00:00.1234567+02:00",
    "1767268800",
    "Permanent",
    "Transient",
    "HardBounce",
    "blocked",
    "Bounced Address",
    "",
    "x".repeat(800)
  ),
  fc.string({ maxLength: 30 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null)
)
const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), scalar, { maxKeys: 3 }))

function record<K extends string>(keys: readonly K[], pick: Record<K, fc.Arbitrary<unknown>>) {
  return fc.record(Object.fromEntries(keys.map((k) => [k, pick[k]])) as Record<K, fc.Arbitrary<unknown>>, {
    requiredKeys: [],
  })
}

const genericEvent = record(["id", "type", "email", "message_id", "occurred_at", "bounce_kind", "detail"] as const, {
  id: fc.oneof(fc.string({ maxLength: 10 }), value),
  type: fc.oneof(fc.constantFrom("delivered", "bounce", "complaint", "deferred", "open"), value),
  email: value,
  message_id: value,
  occurred_at: value,
  bounce_kind: fc.oneof(fc.constantFrom("hard", "soft"), value),
  detail: value,
})

const sendgridEvent = record(["event", "type", "email", "timestamp", "sg_event_id", "reason", "response", "marketing_message_id", "smtp-id"] as const, {
  event: fc.oneof(fc.constantFrom("bounce", "dropped", "deferred", "delivered", "spamreport", "open"), value),
  type: value,
  email: value,
  timestamp: fc.oneof(fc.integer({ min: 0, max: 2_000_000_000 }), value),
  sg_event_id: value,
  reason: value,
  response: value,
  marketing_message_id: value,
  "smtp-id": value,
})

const postmarkRecord = record(["RecordType", "Type", "ID", "Email", "Recipient", "MessageID", "BouncedAt", "DeliveredAt", "Details", "Description", "Metadata", "Headers"] as const, {
  RecordType: fc.oneof(fc.constantFrom("Bounce", "SpamComplaint", "Delivery", "Open"), value),
  Type: fc.oneof(fc.constantFrom("HardBounce", "SoftBounce", "SpamComplaint", "AutoResponder"), value),
  ID: fc.oneof(fc.nat(), value),
  Email: value,
  Recipient: value,
  MessageID: value,
  BouncedAt: value,
  DeliveredAt: value,
  Details: value,
  Description: value,
  Metadata: value,
  Headers: fc.oneof(fc.array(fc.record({ Name: fc.constantFrom("X-Marketing-Message", "X"), Value: value })), value),
})

const sesRecipient = fc.oneof(
  fc.record({ emailAddress: value, diagnosticCode: value }, { requiredKeys: [] }),
  value
)
const sesPayload = fc.oneof(
  fc.record(
    {
      notificationType: fc.oneof(fc.constantFrom("Bounce", "Complaint", "Delivery", "Send"), value),
      eventType: fc.oneof(fc.constantFrom("Bounce", "DeliveryDelay"), value),
      bounce: fc.oneof(
        fc.record(
          { bounceType: value, bouncedRecipients: fc.oneof(fc.array(sesRecipient, { maxLength: 3 }), value), timestamp: value, feedbackId: value },
          { requiredKeys: [] }
        ),
        value
      ),
      complaint: fc.record(
        { complainedRecipients: fc.oneof(fc.array(sesRecipient, { maxLength: 3 }), value), complaintFeedbackType: value, feedbackId: value },
        { requiredKeys: [] }
      ),
      delivery: fc.record({ recipients: fc.oneof(fc.array(value, { maxLength: 3 }), value), timestamp: value }, { requiredKeys: [] }),
      deliveryDelay: fc.record({ delayedRecipients: fc.oneof(fc.array(sesRecipient, { maxLength: 3 }), value) }, { requiredKeys: [] }),
      mail: fc.oneof(
        fc.record({ headers: fc.oneof(fc.array(fc.record({ name: fc.constantFrom("X-Marketing-Message", "From"), value })), value), commonHeaders: value }, { requiredKeys: [] }),
        value
      ),
    },
    { requiredKeys: [] }
  ),
  value
)

const anyText = fc.oneof(fc.string({ maxLength: 200 }), fc.json(), fc.jsonValue().map((v) => JSON.stringify(v)))

describe("every parser returns well-formed events or throws a WebhookError (property)", () => {
  it("generic", () => {
    fc.assert(fc.property(anyText, (raw) => parsesOrRefuses(() => parseGenericEvents(raw))))
    fc.assert(
      fc.property(fc.array(fc.oneof(genericEvent, value), { maxLength: 6 }), (events) =>
        parsesOrRefuses(() => parseGenericEvents(JSON.stringify({ events })))
      )
    )
  })

  it("sendgrid", () => {
    fc.assert(fc.property(anyText, (raw) => parsesOrRefuses(() => parseSendgridEvents(raw))))
    fc.assert(
      fc.property(fc.array(fc.oneof(sendgridEvent, value), { maxLength: 6 }), (events) =>
        parsesOrRefuses(() => parseSendgridEvents(JSON.stringify(events)))
      )
    )
  })

  it("postmark", () => {
    fc.assert(fc.property(anyText, (raw) => parsesOrRefuses(() => parsePostmarkEvent(raw))))
    fc.assert(fc.property(postmarkRecord, (rec) => parsesOrRefuses(() => parsePostmarkEvent(JSON.stringify(rec)))))
  })

  it("ses", () => {
    const envelope = (Message: string): SnsMessage => ({
      Type: "Notification",
      MessageId: "m-1",
      TopicArn: "arn:aws:sns:us-east-1:1:t",
      Message,
      Timestamp: "2026-01-01T12:00:00.000Z",
      SignatureVersion: "1",
      Signature: "x",
      SigningCertURL: "https://sns.us-east-1.amazonaws.com/x.pem",
    })
    fc.assert(fc.property(anyText, (raw) => parsesOrRefuses(() => parseSesNotification(envelope(raw)))))
    fc.assert(fc.property(sesPayload, (payload) => parsesOrRefuses(() => parseSesNotification(envelope(JSON.stringify(payload))))))
  })
})

describe("every verifier refuses junk with a WebhookError (property)", () => {
  const headerValue = fc.oneof(fc.string({ maxLength: 100 }), fc.constant(undefined), fc.array(fc.string({ maxLength: 20 }), { maxLength: 2 }))
  const refuses = (fn: () => unknown, statuses: number[]) => {
    try {
      fn()
    } catch (e) {
      expect(e).toBeInstanceOf(WebhookError)
      expect(statuses).toContain((e as WebhookError).status)
      return
    }
    throw new Error("accepted junk")
  }

  it("generic", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), headerValue, fc.string({ maxLength: 10 }), (raw, sig, t) => {
        const header = typeof sig === "string" && sig.length > 0 && t ? `t=${NOW_S},${sig}` : sig
        refuses(() => verifyGenericWebhook(raw, { [GENERIC_SIGNATURE_HEADER]: header }, "secret", NOW), [401])
      })
    )
  })

  it("sendgrid", () => {
    const key = generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ format: "der", type: "spki" }).toString("base64")
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), headerValue, fc.oneof(headerValue, fc.constant(String(NOW_S))), (raw, sig, t) => {
        refuses(() => verifySendgridWebhook(raw, { [SENDGRID_SIGNATURE_HEADER]: sig, [SENDGRID_TIMESTAMP_HEADER]: t }, key, NOW), [401])
      })
    )
  })

  it("postmark", () => {
    fc.assert(
      fc.property(fc.oneof(headerValue, fc.string({ maxLength: 40 }).map((s) => `Basic ${Buffer.from(s).toString("base64")}`)), (h) => {
        refuses(() => verifyPostmarkAuth(h, "user", "pass"), [401])
      })
    )
  })

  it("sns", async () => {
    const cert = fixture("sns-test-cert.pem")
    const valid = {
      Type: "Notification",
      MessageId: "m",
      TopicArn: "arn:aws:sns:us-east-1:1:t",
      Message: "{}",
      Timestamp: "2026-01-01T12:00:00.000Z",
      SignatureVersion: "1",
      Signature: "AAAA",
      SigningCertURL: "https://sns.us-east-1.amazonaws.com/x.pem",
    }
    const body = fc.oneof(
      anyText,
      fc.jsonValue(),
      fc.record(
        Object.fromEntries(Object.entries(valid).map(([k, v]) => [k, fc.oneof(fc.constant(v), value)])),
        { requiredKeys: [] }
      )
    )
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        let thrown: unknown
        try {
          await verifySnsMessage(b, { getCertificate: async () => cert })
        } catch (e) {
          thrown = e
        }
        expect(thrown).toBeInstanceOf(WebhookError)
        expect([400, 403, 413]).toContain((thrown as WebhookError).status)
      })
    )
  })
})
