import { parsePostmarkEvent, POSTMARK_WWW_AUTHENTICATE, verifyPostmarkAuth, WebhookError } from ".."
import { assertWellFormedEvent, expectWebhookError, MSG_ID } from "./fixtures/helpers"

const USER = "postmark-hooks"
const PASS = "s3cret-pass:with-colon"

function basic(user: string, pass: string): string {
  return `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`
}

describe("verifyPostmarkAuth", () => {
  it("accepts the configured credentials, scheme in any case", () => {
    expect(() => verifyPostmarkAuth(basic(USER, PASS), USER, PASS)).not.toThrow()
    expect(() => verifyPostmarkAuth(basic(USER, PASS).replace("Basic", "basic"), USER, PASS)).not.toThrow()
    expect(() => verifyPostmarkAuth([basic(USER, PASS)], USER, PASS)).not.toThrow()
  })

  it("refuses a wrong password, a wrong user and near misses with 401 and a Basic challenge", () => {
    for (const header of [
      basic(USER, "wrong"),
      basic("someone", PASS),
      basic(USER, `${PASS}x`),
      basic(USER, PASS.slice(0, -1)),
      basic(`${USER}:${PASS}`, ""),
    ]) {
      const err = expectWebhookError(() => verifyPostmarkAuth(header, USER, PASS), 401, "unauthorized")
      expect(err.headers).toEqual({ "WWW-Authenticate": POSTMARK_WWW_AUTHENTICATE })
      expect(err.message).not.toContain(PASS)
    }
  })

  it("refuses a missing header or another scheme", () => {
    for (const header of [undefined, null, "", "Bearer abc", "Basic", "Basic not*base64", `Basic ${"A".repeat(2000)}`]) {
      expectWebhookError(() => verifyPostmarkAuth(header, USER, PASS), 401, "unauthorized")
    }
  })

  it("fails loudly, not with a 401, when credentials are not configured", () => {
    for (const [u, p] of [["", PASS], [USER, ""], ["a:b", PASS]]) {
      let thrown: unknown
      try {
        verifyPostmarkAuth(basic(u, p), u, p)
      } catch (e) {
        thrown = e
      }
      expect(thrown).toBeInstanceOf(Error)
      expect(thrown).not.toBeInstanceOf(WebhookError)
    }
  })
})

const BOUNCE = {
  RecordType: "Bounce",
  MessageStream: "broadcast",
  ID: 692560173,
  Type: "HardBounce",
  TypeCode: 1,
  Name: "Hard bounce",
  MessageID: "883953f4-6105-42a2-a16a-77a8eac79483",
  Metadata: { marketing_message_id: MSG_ID },
  ServerID: 23,
  Description: "The server was unable to deliver your message (ex: unknown user, mailbox not found).",
  Details: "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
  Email: "Jane@Example.com",
  From: "news@shop.example.com",
  BouncedAt: "2026-01-01T11:59:54.9070259Z",
  Inactive: true,
  CanActivate: true,
  Subject: "Our winter sale",
}

const DELIVERY = {
  RecordType: "Delivery",
  ServerID: 23,
  MessageStream: "broadcast",
  MessageID: "00000000-0000-0000-0000-000000000000",
  Recipient: "jane@example.com",
  DeliveredAt: "2026-01-01T11:59:52Z",
  Details: "smtp;250 2.0.0 OK",
  Metadata: {},
  Headers: [{ Name: "X-Marketing-Message", Value: MSG_ID }],
}

const parse = (o: unknown) => parsePostmarkEvent(JSON.stringify(o))

describe("parsePostmarkEvent", () => {
  it("normalizes a hard bounce", () => {
    expect(parse(BOUNCE)).toEqual([
      {
        provider: "postmark",
        provider_event_id: "Bounce:692560173",
        type: "bounce",
        bounce_kind: "hard",
        email: "jane@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:54.907Z",
        detail: "smtp;550 5.1.1 The email account that you tried to reach does not exist.",
      },
    ])
  })

  it("classifies bounce types as hard or soft", () => {
    const kinds = Object.fromEntries(
      ["HardBounce", "BadEmailAddress", "ManuallyDeactivated", "SoftBounce", "Transient", "DnsError", "Blocked", "Unknown"].map(
        (Type) => [Type, parse({ ...BOUNCE, Type })[0]?.bounce_kind]
      )
    )
    expect(kinds).toEqual({
      HardBounce: "hard",
      BadEmailAddress: "hard",
      ManuallyDeactivated: "hard",
      SoftBounce: "soft",
      Transient: "soft",
      DnsError: "soft",
      Blocked: "soft",
      Unknown: "soft",
    })
  })

  it("ignores bounce types that are replies or our own problems", () => {
    for (const Type of [
      "AutoResponder",
      "Subscribe",
      "Unsubscribe",
      "AddressChange",
      "SpamNotification",
      "OpenRelayTest",
      "VirusNotification",
      "ChallengeVerification",
      "Unconfirmed",
      "SMTPApiError",
      "InboundError",
      "DMARCPolicy",
      "TemplateRenderingFailed",
      "SomethingNew",
      undefined,
    ]) {
      expect(parse({ ...BOUNCE, Type })).toEqual([])
    }
  })

  it("turns a SpamComplaint record into a complaint", () => {
    const [e] = parse({ ...BOUNCE, RecordType: "SpamComplaint", Type: "SpamComplaint", TypeCode: 512, ID: 42, Details: "" })
    expect(e).toMatchObject({ type: "complaint", bounce_kind: null, provider_event_id: "SpamComplaint:42" })
    // empty Details falls back to the Description
    expect(e.detail).toBe(BOUNCE.Description)
  })

  it("turns a Delivery record into delivered, keyed by MessageID and recipient, our id from Headers", () => {
    const events = parse(DELIVERY)
    expect(events).toEqual([
      {
        provider: "postmark",
        provider_event_id: "00000000-0000-0000-0000-000000000000:Delivery:jane@example.com",
        type: "delivered",
        bounce_kind: null,
        email: "jane@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:52.000Z",
        detail: "smtp;250 2.0.0 OK",
      },
    ])
    events.forEach(assertWellFormedEvent)
  })

  it("leaves message_id null when neither Metadata nor Headers carry it", () => {
    expect(parse({ ...BOUNCE, Metadata: undefined })[0].message_id).toBeNull()
    expect(parse({ ...DELIVERY, Headers: [{ Name: "Message-ID", Value: "<x@pm.mtasv.net>" }] })[0].message_id).toBeNull()
  })

  it("ignores record types we do not track", () => {
    for (const RecordType of ["Open", "Click", "SubscriptionChange", "Inbound", undefined]) {
      expect(parse({ ...BOUNCE, RecordType })).toEqual([])
    }
  })

  it("skips an address we could not have sent to", () => {
    expect(parse({ ...BOUNCE, Email: "" })).toEqual([])
    expect(parse({ ...DELIVERY, Recipient: "nope" })).toEqual([])
  })

  it("keeps bounce IDs beyond 2^53 exact, so two bounces never share a key", () => {
    const raw = (id: string) => JSON.stringify(BOUNCE).replace('"ID":692560173', `"ID":${id}`)
    const [a] = parsePostmarkEvent(raw("4323372036854775807"))
    const [b] = parsePostmarkEvent(raw("4323372036854775808"))
    expect(a.provider_event_id).toBe("Bounce:4323372036854775807")
    expect(b.provider_event_id).toBe("Bounce:4323372036854775808")
    // the same text inside a string value is left alone
    const [c] = parsePostmarkEvent(JSON.stringify({ ...BOUNCE, Details: '"ID": 43233720368547758070}' }))
    expect(c.detail).toBe('"ID": 43233720368547758070}')
  })

  it("gives the same id when the same record is replayed", () => {
    expect(parse(BOUNCE)).toEqual(parsePostmarkEvent(Buffer.from(JSON.stringify(BOUNCE))))
    expect(parse(DELIVERY)[0].provider_event_id).toBe(parse({ ...DELIVERY, DeliveredAt: "2026-01-01T12:30:00Z" })[0].provider_event_id)
  })

  it("refuses records we track that lack what we need, with 400", () => {
    for (const bad of [
      { ...BOUNCE, BouncedAt: undefined },
      { ...BOUNCE, BouncedAt: "last tuesday" },
      { ...BOUNCE, ID: undefined },
      { ...BOUNCE, ID: "abc" },
      { ...BOUNCE, ID: 1.5 },
      { ...DELIVERY, MessageID: undefined },
      { ...DELIVERY, DeliveredAt: undefined },
    ]) {
      expectWebhookError(() => parse(bad), 400, "invalid_payload")
    }
  })

  it("refuses a batch or a non-object with 400, malformed JSON with 400, a huge body with 413", () => {
    for (const raw of ["[]", JSON.stringify([BOUNCE]), "null", "7"]) {
      expectWebhookError(() => parsePostmarkEvent(raw), 400, "invalid_payload")
    }
    expectWebhookError(() => parsePostmarkEvent('{"RecordType":'), 400, "invalid_json")
    expectWebhookError(() => parse({ ...BOUNCE, Content: "x".repeat(1_000_000) }), 413, "payload_too_large")
  })
})
