import { generateKeyPairSync, type KeyLike, sign } from "node:crypto"
import {
  isTrustedSnsCertUrl,
  parseSesNotification,
  type SnsMessage,
  verifySnsMessage,
  WebhookError,
} from ".."
import { assertWellFormedEvent, expectWebhookError, expectWebhookErrorAsync, fixture, MSG_ID } from "./fixtures/helpers"

const CERT_PEM = fixture("sns-test-cert.pem")
const KEY_PEM = fixture("sns-test-key.pem")
const CERT_URL = "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0000000000000000000000.pem"
const TOPIC = "arn:aws:sns:us-east-1:123456789012:ses-feedback"

type Unsigned = Omit<SnsMessage, "Signature" | "SignatureVersion" | "SigningCertURL">

/**
 * Signs like SNS does, written out from the AWS documentation rather than
 * shared with the code under test, so a wrong key order in either shows up.
 */
function signSnsMessageForTest(
  msg: Unsigned,
  opts: { version?: "1" | "2"; key?: KeyLike; certUrl?: string } = {}
): SnsMessage {
  const version = opts.version ?? "1"
  const lines: Array<[string, string | undefined]> =
    msg.Type === "Notification"
      ? [
          ["Message", msg.Message],
          ["MessageId", msg.MessageId],
          ["Subject", msg.Subject],
          ["Timestamp", msg.Timestamp],
          ["TopicArn", msg.TopicArn],
          ["Type", msg.Type],
        ]
      : [
          ["Message", msg.Message],
          ["MessageId", msg.MessageId],
          ["SubscribeURL", msg.SubscribeURL],
          ["Timestamp", msg.Timestamp],
          ["Token", msg.Token],
          ["TopicArn", msg.TopicArn],
          ["Type", msg.Type],
        ]
  const canonical = lines
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}\n${v}\n`)
    .join("")
  const signature = sign(version === "1" ? "sha1" : "sha256", Buffer.from(canonical), opts.key ?? KEY_PEM).toString("base64")
  return { ...msg, SignatureVersion: version, Signature: signature, SigningCertURL: opts.certUrl ?? CERT_URL }
}

function notification(message: unknown, extra: Partial<Unsigned> = {}): Unsigned {
  return {
    Type: "Notification",
    MessageId: "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324",
    TopicArn: TOPIC,
    Message: typeof message === "string" ? message : JSON.stringify(message),
    Timestamp: "2026-01-01T12:00:01.000Z",
    UnsubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x",
    ...extra,
  }
}

const SUBSCRIPTION: Unsigned = {
  Type: "SubscriptionConfirmation",
  MessageId: "165545c9-2a5c-472c-8df2-7ff2be2b3b1b",
  Token: "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
  TopicArn: TOPIC,
  Message: "You have chosen to subscribe to the topic. To confirm the subscription, visit the SubscribeURL included in this message.",
  SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=x&Token=y",
  Timestamp: "2026-01-01T12:00:00.000Z",
}

const MAIL = {
  timestamp: "2026-01-01T11:59:00.000Z",
  source: "news@shop.example.com",
  messageId: "0100018c-ses-own-id-000000",
  destination: ["jane@example.com"],
  headers: [
    { name: "From", value: "news@shop.example.com" },
    { name: "X-Marketing-Message", value: MSG_ID },
  ],
  commonHeaders: { from: ["news@shop.example.com"], to: ["jane@example.com"], messageId: "<0100018c@email.amazonses.com>" },
}

const BOUNCE = {
  notificationType: "Bounce",
  bounce: {
    bounceType: "Permanent",
    bounceSubType: "General",
    bouncedRecipients: [
      { emailAddress: "Jane@Example.com", action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 user unknown" },
      { emailAddress: "joe@example.com", action: "failed", status: "5.1.1", diagnosticCode: "smtp; 550 5.1.1 no such user" },
    ],
    timestamp: "2026-01-01T11:59:30.000Z",
    feedbackId: "0100018c-feedback-000000",
  },
  mail: MAIL,
}

const certificates = (pem: string = CERT_PEM) => {
  const calls: string[] = []
  return {
    calls,
    getCertificate: async (url: string) => {
      calls.push(url)
      return pem
    },
  }
}

describe("verifySnsMessage", () => {
  it("accepts a Notification signed with SignatureVersion 1 (SHA1withRSA) and returns it typed", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    const certs = certificates()
    await expect(verifySnsMessage(signed, certs)).resolves.toEqual(signed)
    expect(certs.calls).toEqual([CERT_URL])
  })

  it("accepts SignatureVersion 2 (SHA256withRSA)", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE), { version: "2" })
    await expect(verifySnsMessage(signed, certificates())).resolves.toEqual(signed)
  })

  it("includes Subject in the signed string when present", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE, { Subject: "Amazon SES Email Event Notification" }))
    await expect(verifySnsMessage(signed, certificates())).resolves.toMatchObject({ Subject: "Amazon SES Email Event Notification" })
    // adding a Subject to a message signed without one breaks the signature
    const unsigned = signSnsMessageForTest(notification(BOUNCE))
    await expectWebhookErrorAsync(verifySnsMessage({ ...unsigned, Subject: "x" }, certificates()), 403, "bad_signature")
  })

  it("accepts a SubscriptionConfirmation (SubscribeURL and Token are signed)", async () => {
    const signed = signSnsMessageForTest(SUBSCRIPTION)
    await expect(verifySnsMessage(signed, certificates())).resolves.toMatchObject({
      Type: "SubscriptionConfirmation",
      SubscribeURL: SUBSCRIPTION.SubscribeURL,
    })
    const moved = { ...signed, SubscribeURL: "https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=evil" }
    await expectWebhookErrorAsync(verifySnsMessage(moved, certificates()), 403, "bad_signature")
  })

  it("accepts an UnsubscribeConfirmation", async () => {
    const signed = signSnsMessageForTest({ ...SUBSCRIPTION, Type: "UnsubscribeConfirmation" })
    await expect(verifySnsMessage(signed, certificates())).resolves.toMatchObject({ Type: "UnsubscribeConfirmation" })
  })

  it("accepts the raw body as a string or Buffer", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    await expect(verifySnsMessage(JSON.stringify(signed), certificates())).resolves.toEqual(signed)
    await expect(verifySnsMessage(Buffer.from(JSON.stringify(signed)), certificates())).resolves.toEqual(signed)
  })

  it("refuses a tampered Message, MessageId, Timestamp or Type", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    const tampered: SnsMessage[] = [
      { ...signed, Message: signed.Message.replace("Permanent", "Transient") },
      { ...signed, MessageId: "another" },
      { ...signed, Timestamp: "2026-01-02T12:00:01.000Z" },
      { ...signed, Signature: signed.Signature.replace(/^./, (c) => (c === "A" ? "B" : "A")) },
    ]
    for (const msg of tampered) {
      await expectWebhookErrorAsync(verifySnsMessage(msg, certificates()), 403, "bad_signature")
    }
  })

  it("refuses a message signed with another key", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 })
    const signed = signSnsMessageForTest(notification(BOUNCE), { key: privateKey })
    await expectWebhookErrorAsync(verifySnsMessage(signed, certificates()), 403, "bad_signature")
  })

  it("refuses SHA1 signatures presented as version 2 and the reverse", async () => {
    const v1 = signSnsMessageForTest(notification(BOUNCE), { version: "1" })
    await expectWebhookErrorAsync(verifySnsMessage({ ...v1, SignatureVersion: "2" }, certificates()), 403, "bad_signature")
    const v2 = signSnsMessageForTest(notification(BOUNCE), { version: "2" })
    await expectWebhookErrorAsync(verifySnsMessage({ ...v2, SignatureVersion: "1" }, certificates()), 403, "bad_signature")
  })

  it("refuses certificate URLs that are not SNS's, without fetching them", async () => {
    const bad = [
      "http://sns.us-east-1.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com.evil.com/cert.pem",
      "https://evilsns.us-east-1.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com:8443/cert.pem",
      "https://user:pw@sns.us-east-1.amazonaws.com/cert.pem",
      "https://sns.us-east-1.amazonaws.com/cert.txt",
      "https://sns.us-east-1.amazonaws.com/cert.pem?x=1.txt",
      "https://s3.amazonaws.com/bucket/cert.pem",
      "https://evil.com/sns.us-east-1.amazonaws.com/cert.pem",
      "https://sns.us_east_1.amazonaws.com/cert.pem",
      "not a url",
    ]
    for (const certUrl of bad) {
      const certs = certificates()
      const signed = signSnsMessageForTest(notification(BOUNCE), { certUrl })
      await expectWebhookErrorAsync(verifySnsMessage(signed, certs), 403, "untrusted_certificate_url")
      expect(certs.calls).toEqual([])
    }
  })

  it("trusts the SNS hosts of every region, China included", () => {
    for (const url of [
      CERT_URL,
      "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-abc.pem",
      "https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-abc.pem",
      "https://SNS.US-EAST-1.AMAZONAWS.COM/x.pem",
    ]) {
      expect(isTrustedSnsCertUrl(url)).toBe(true)
    }
    expect(isTrustedSnsCertUrl(undefined)).toBe(false)
  })

  it("applies the TopicArn allow-list before fetching the certificate; an empty list allows nothing", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    await expect(verifySnsMessage(signed, { ...certificates(), topicArns: [TOPIC] })).resolves.toEqual(signed)
    for (const topicArns of [["arn:aws:sns:us-east-1:123456789012:other"], []]) {
      const certs = certificates()
      const err = await expectWebhookErrorAsync(verifySnsMessage(signed, { ...certs, topicArns }), 403, "topic_not_allowed")
      expect(err.message).toContain(TOPIC)
      expect(certs.calls).toEqual([])
    }
  })

  it("lets a failing certificate download through unchanged (a 5xx, so SNS retries)", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    const boom = new Error("ECONNRESET")
    await expect(verifySnsMessage(signed, { getCertificate: async () => Promise.reject(boom) })).rejects.toBe(boom)
    const notPem = verifySnsMessage(signed, certificates("<html>proxy error</html>"))
    await expect(notPem).rejects.toThrow("did not return a PEM certificate")
    await expect(verifySnsMessage(signed, certificates("<html>"))).rejects.not.toBeInstanceOf(WebhookError)
  })

  it("refuses an unsupported SignatureVersion with 400", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    for (const v of ["3", 1, undefined]) {
      await expectWebhookErrorAsync(
        verifySnsMessage({ ...signed, SignatureVersion: v } as unknown, certificates()),
        400,
        "unsupported_signature_version"
      )
    }
  })

  it("refuses shapes that are not SNS messages with 400", async () => {
    const signed = signSnsMessageForTest(notification(BOUNCE))
    const bad: unknown[] = [
      null,
      [],
      "[]",
      { ...signed, Type: "Other" },
      { ...signed, MessageId: undefined },
      { ...signed, Message: 42 },
      { ...signed, Subject: 42 },
      { ...signSnsMessageForTest(SUBSCRIPTION), Token: undefined },
    ]
    for (const body of bad) {
      await expectWebhookErrorAsync(verifySnsMessage(body, certificates()), 400, "invalid_payload")
    }
  })

  it("refuses malformed JSON with 400 and a huge body with 413", async () => {
    await expectWebhookErrorAsync(verifySnsMessage('{"Type": "Notification",', certificates()), 400, "invalid_json")
    const huge = JSON.stringify(signSnsMessageForTest(notification("x".repeat(1_000_000))))
    await expectWebhookErrorAsync(verifySnsMessage(huge, certificates()), 413, "payload_too_large")
  })
})

describe("parseSesNotification", () => {
  const signed = (message: unknown, extra: Partial<Unsigned> = {}) => signSnsMessageForTest(notification(message, extra))

  it("turns a permanent bounce into one hard bounce per recipient", () => {
    const events = parseSesNotification(signed(BOUNCE))
    expect(events).toEqual([
      {
        provider: "ses",
        provider_event_id: "0100018c-feedback-000000:jane@example.com",
        type: "bounce",
        bounce_kind: "hard",
        email: "jane@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:30.000Z",
        detail: "smtp; 550 5.1.1 user unknown",
      },
      {
        provider: "ses",
        provider_event_id: "0100018c-feedback-000000:joe@example.com",
        type: "bounce",
        bounce_kind: "hard",
        email: "joe@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:30.000Z",
        detail: "smtp; 550 5.1.1 no such user",
      },
    ])
  })

  it("treats Transient and Undetermined bounces as soft", () => {
    for (const bounceType of ["Transient", "Undetermined"]) {
      const [e] = parseSesNotification(signed({ ...BOUNCE, bounce: { ...BOUNCE.bounce, bounceType } }))
      expect(e.bounce_kind).toBe("soft")
    }
  })

  it("reads event publishing (eventType) the same as notifications (notificationType)", () => {
    const { notificationType: _, ...rest } = BOUNCE
    expect(parseSesNotification(signed({ ...rest, eventType: "Bounce" }))).toEqual(parseSesNotification(signed(BOUNCE)))
  })

  it("turns a complaint into one complaint per recipient with the feedback type as detail", () => {
    const events = parseSesNotification(
      signed({
        notificationType: "Complaint",
        complaint: {
          complainedRecipients: [{ emailAddress: "jane@example.com" }],
          timestamp: "2026-01-01T11:59:40.000Z",
          feedbackId: "0100018c-complaint-000000",
          complaintFeedbackType: "abuse",
        },
        mail: MAIL,
      })
    )
    expect(events).toEqual([
      {
        provider: "ses",
        provider_event_id: "0100018c-complaint-000000:jane@example.com",
        type: "complaint",
        bounce_kind: null,
        email: "jane@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:40.000Z",
        detail: "abuse",
      },
    ])
  })

  it("turns a delivery into one event per recipient, keyed by the SNS MessageId", () => {
    const events = parseSesNotification(
      signed({
        notificationType: "Delivery",
        delivery: {
          timestamp: "2026-01-01T11:59:05.000Z",
          recipients: ["jane@example.com", "joe@example.com"],
          smtpResponse: "250 2.0.0 OK",
        },
        mail: MAIL,
      })
    )
    expect(events.map((e) => [e.type, e.provider_event_id, e.detail])).toEqual([
      ["delivered", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324:jane@example.com", "250 2.0.0 OK"],
      ["delivered", "22b80b92-fdea-4c2c-8f9d-bdfb0c7bf324:joe@example.com", "250 2.0.0 OK"],
    ])
    events.forEach(assertWellFormedEvent)
  })

  it("turns a DeliveryDelay into soft deferred events", () => {
    const [e] = parseSesNotification(
      signed({
        eventType: "DeliveryDelay",
        deliveryDelay: {
          timestamp: "2026-01-01T12:10:00.000Z",
          delayType: "TransientCommunicationFailure",
          delayedRecipients: [{ emailAddress: "jane@example.com", status: "4.4.1", diagnosticCode: "smtp; 421 try later" }],
        },
        mail: MAIL,
      })
    )
    expect(e).toMatchObject({ type: "deferred", bounce_kind: "soft", detail: "smtp; 421 try later" })
  })

  it("takes our id from the Message-ID header when X-Marketing-Message is missing", () => {
    const mail = { ...MAIL, headers: [], commonHeaders: { ...MAIL.commonHeaders, messageId: `<${MSG_ID}@shop.example.com>` } }
    const [e] = parseSesNotification(signed({ ...BOUNCE, mail }))
    expect(e.message_id).toBe(MSG_ID)
    const [none] = parseSesNotification(signed({ ...BOUNCE, mail: { ...MAIL, headers: [] } }))
    expect(none.message_id).toBeNull()
  })

  it("ignores event types we do not track and confirmation messages", () => {
    for (const payload of [
      { eventType: "Send", mail: MAIL, send: {} },
      { eventType: "Open", mail: MAIL, open: {} },
      { eventType: "Click", mail: MAIL, click: {} },
      { eventType: "Reject", mail: MAIL, reject: {} },
      { notificationType: "AMAZON_SES_SETUP_NOTIFICATION" },
      {},
    ]) {
      expect(parseSesNotification(signed(payload))).toEqual([])
    }
    expect(parseSesNotification(signSnsMessageForTest(SUBSCRIPTION))).toEqual([])
  })

  it("skips recipients that are not addresses and keeps the rest", () => {
    const bounce = { ...BOUNCE.bounce, bouncedRecipients: [{ emailAddress: "nope" }, "x", { emailAddress: "joe@example.com" }] }
    expect(parseSesNotification(signed({ ...BOUNCE, bounce })).map((e) => e.email)).toEqual(["joe@example.com"])
  })

  it("falls back to the SNS timestamp, and to a content hash when SES gave no feedbackId", () => {
    const bounce = { ...BOUNCE.bounce, timestamp: undefined, feedbackId: undefined }
    const [a] = parseSesNotification(signed({ ...BOUNCE, bounce }))
    expect(a.occurred_at).toBe("2026-01-01T12:00:01.000Z")
    expect(a.provider_event_id).toMatch(/^sha256:[0-9a-f]{40}$/)
    const [b] = parseSesNotification(signed({ ...BOUNCE, bounce }))
    expect(b.provider_event_id).toBe(a.provider_event_id)
  })

  it("refuses a Message that is not SES JSON, or a tracked type without its section, with 400", () => {
    expectWebhookError(() => parseSesNotification(signed("Successfully validated")), 400, "invalid_json")
    expectWebhookError(() => parseSesNotification(signed("[1]")), 400, "invalid_payload")
    expectWebhookError(() => parseSesNotification(signed({ notificationType: "Bounce" })), 400, "invalid_payload")
    expectWebhookError(
      () => parseSesNotification(signed({ ...BOUNCE, bounce: { ...BOUNCE.bounce, bouncedRecipients: "x" } })),
      400,
      "invalid_payload"
    )
  })

  it("gives the same ids when SNS redelivers the same message", () => {
    const first = parseSesNotification(signed(BOUNCE))
    const again = parseSesNotification(JSON.parse(JSON.stringify(signed(BOUNCE))))
    expect(again).toEqual(first)
    expect(new Set(first.map((e) => e.provider_event_id)).size).toBe(first.length)
  })
})
