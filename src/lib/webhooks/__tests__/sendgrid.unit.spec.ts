import { generateKeyPairSync, type KeyObject, sign } from "node:crypto"
import {
  parseSendgridEvents,
  SENDGRID_SIGNATURE_HEADER,
  SENDGRID_TIMESTAMP_HEADER,
  verifySendgridWebhook,
  WebhookError,
} from ".."
import { assertWellFormedEvent, expectWebhookError, MSG_ID, NOW, NOW_S } from "./fixtures/helpers"

// a fresh P-256 pair per run, like the one SendGrid keeps for an account
const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "prime256v1" })
const PUBLIC_KEY = publicKey.export({ format: "der", type: "spki" }).toString("base64")
const other = generateKeyPairSync("ec", { namedCurve: "prime256v1" })

function signed(raw: string, t: number | string = NOW_S, key: KeyObject = privateKey) {
  return {
    [SENDGRID_SIGNATURE_HEADER]: sign("sha256", Buffer.from(`${t}${raw}`), key).toString("base64"),
    [SENDGRID_TIMESTAMP_HEADER]: String(t),
  }
}

const BOUNCE = {
  email: "Jane@Example.com",
  timestamp: 1767268790,
  "smtp-id": `<${MSG_ID}@shop.example.com>`,
  event: "bounce",
  type: "bounce",
  category: ["newsletter"],
  sg_event_id: "sg_evt_bounce_1",
  sg_message_id: "14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0",
  reason: "550 5.1.1 The email account that you tried to reach does not exist.",
  status: "5.1.1",
}

describe("verifySendgridWebhook", () => {
  const raw = JSON.stringify([BOUNCE])

  it("accepts a batch signed over timestamp + body with the account key", () => {
    expect(verifySendgridWebhook(raw, signed(raw), PUBLIC_KEY, NOW)).toEqual({ timestamp: NOW_S })
    expect(() => verifySendgridWebhook(Buffer.from(raw), signed(raw), PUBLIC_KEY, NOW)).not.toThrow()
  })

  it("also takes the key as PEM, and headers in any case", () => {
    const pem = publicKey.export({ format: "pem", type: "spki" }).toString()
    const h = Object.fromEntries(Object.entries(signed(raw)).map(([k, v]) => [k.toUpperCase(), v]))
    expect(() => verifySendgridWebhook(raw, h, pem, NOW)).not.toThrow()
  })

  it("refuses a tampered body", () => {
    const tampered = raw.replace('"bounce"', '"delivered"')
    expectWebhookError(() => verifySendgridWebhook(tampered, signed(raw), PUBLIC_KEY, NOW), 401, "bad_signature")
  })

  it("refuses a signature made with another key", () => {
    expectWebhookError(() => verifySendgridWebhook(raw, signed(raw, NOW_S, other.privateKey), PUBLIC_KEY, NOW), 401, "bad_signature")
  })

  it("refuses a signature moved to another timestamp", () => {
    const h = { ...signed(raw), [SENDGRID_TIMESTAMP_HEADER]: String(NOW_S + 1) }
    expectWebhookError(() => verifySendgridWebhook(raw, h, PUBLIC_KEY, NOW), 401, "bad_signature")
  })

  it("refuses missing headers", () => {
    const h = signed(raw)
    expectWebhookError(() => verifySendgridWebhook(raw, {}, PUBLIC_KEY, NOW), 401, "missing_signature")
    expectWebhookError(
      () => verifySendgridWebhook(raw, { [SENDGRID_SIGNATURE_HEADER]: h[SENDGRID_SIGNATURE_HEADER] }, PUBLIC_KEY, NOW),
      401,
      "missing_signature"
    )
    expectWebhookError(
      () => verifySendgridWebhook(raw, { [SENDGRID_TIMESTAMP_HEADER]: h[SENDGRID_TIMESTAMP_HEADER] }, PUBLIC_KEY, NOW),
      401,
      "missing_signature"
    )
  })

  it("refuses malformed headers", () => {
    const h = signed(raw)
    for (const bad of [
      { ...h, [SENDGRID_TIMESTAMP_HEADER]: "soon" },
      { ...h, [SENDGRID_SIGNATURE_HEADER]: "not base64!" },
      { ...h, [SENDGRID_SIGNATURE_HEADER]: "A".repeat(600) },
    ]) {
      expectWebhookError(() => verifySendgridWebhook(raw, bad, PUBLIC_KEY, NOW), 401, "malformed_signature")
    }
    // base64 that is not a DER signature
    expectWebhookError(
      () => verifySendgridWebhook(raw, { ...h, [SENDGRID_SIGNATURE_HEADER]: "AAAA" }, PUBLIC_KEY, NOW),
      401,
      "bad_signature"
    )
  })

  it("allows 300 s of clock difference either way, not 301", () => {
    for (const t of [NOW_S - 300, NOW_S + 300]) {
      expect(() => verifySendgridWebhook(raw, signed(raw, t), PUBLIC_KEY, NOW)).not.toThrow()
    }
    for (const t of [NOW_S - 301, NOW_S + 301]) {
      const err = expectWebhookError(() => verifySendgridWebhook(raw, signed(raw, t), PUBLIC_KEY, NOW), 401, "stale_timestamp")
      expect(err.message).toContain("outside the 5 minute tolerance")
    }
  })

  it("refuses a huge body", () => {
    const huge = "x".repeat(1_000_001)
    expectWebhookError(() => verifySendgridWebhook(huge, signed(huge), PUBLIC_KEY, NOW), 413, "payload_too_large")
  })

  it("fails loudly, not with a 401, when the configured key is missing or not P-256", () => {
    const rsa = generateKeyPairSync("rsa", { modulusLength: 1024 }).publicKey.export({ format: "der", type: "spki" }).toString("base64")
    for (const key of ["", "not-a-key", rsa]) {
      let thrown: unknown
      try {
        verifySendgridWebhook(raw, signed(raw), key, NOW)
      } catch (e) {
        thrown = e
      }
      expect(thrown).toBeInstanceOf(Error)
      expect(thrown).not.toBeInstanceOf(WebhookError)
    }
  })
})

describe("parseSendgridEvents", () => {
  const at = (o: Record<string, unknown>) => ({ email: "jane@example.com", timestamp: 1767268790, sg_event_id: `id_${o.event}`, ...o })

  it("normalizes a bounce: hard, our id from smtp-id, SMTP reason as detail", () => {
    expect(parseSendgridEvents(JSON.stringify([BOUNCE]))).toEqual([
      {
        provider: "sendgrid",
        provider_event_id: "sg_evt_bounce_1",
        type: "bounce",
        bounce_kind: "hard",
        email: "jane@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:50.000Z",
        detail: "550 5.1.1 The email account that you tried to reach does not exist.",
      },
    ])
  })

  it("maps blocked to soft, dropped 'Bounced Address' to hard, deferred, delivered and spamreport", () => {
    const events = parseSendgridEvents(
      JSON.stringify([
        at({ event: "bounce", type: "blocked", reason: "550 blocked", sg_event_id: "b" }),
        at({ event: "dropped", reason: "Bounced Address", sg_event_id: "d" }),
        at({ event: "deferred", response: "421 try again later", attempt: "2" }),
        at({ event: "delivered", response: "250 OK" }),
        at({ event: "spamreport" }),
      ])
    )
    expect(events.map((e) => [e.provider_event_id, e.type, e.bounce_kind, e.detail])).toEqual([
      ["b", "bounce", "soft", "550 blocked"],
      ["d", "bounce", "hard", "Bounced Address"],
      ["id_deferred", "deferred", "soft", "421 try again later"],
      ["id_delivered", "delivered", null, "250 OK"],
      ["id_spamreport", "complaint", null, null],
    ])
    events.forEach(assertWellFormedEvent)
  })

  it("ignores other drops and the events we do not track", () => {
    const events = parseSendgridEvents(
      JSON.stringify([
        at({ event: "dropped", reason: "Unsubscribed Address" }),
        at({ event: "dropped", reason: "Spam Reporting Address" }),
        at({ event: "processed" }),
        at({ event: "open" }),
        at({ event: "click", url: "https://shop.example.com" }),
        at({ event: "unsubscribe" }),
        at({ event: "group_unsubscribe" }),
        { event: "open" },
      ])
    )
    expect(events).toEqual([])
  })

  it("prefers the marketing_message_id custom arg, else finds our id in any field", () => {
    const other = "mmsg_ffffffffffffffffffffffffffffffff"
    const [a] = parseSendgridEvents(JSON.stringify([{ ...BOUNCE, marketing_message_id: other }]))
    expect(a.message_id).toBe(other)
    const [b] = parseSendgridEvents(JSON.stringify([{ ...BOUNCE, "smtp-id": "<x@sendgrid.net>", unique_args: { ref: `<${MSG_ID}@x>` } }]))
    expect(b.message_id).toBe(MSG_ID)
    const [c] = parseSendgridEvents(JSON.stringify([{ ...BOUNCE, "smtp-id": "<x@sendgrid.net>" }]))
    expect(c.message_id).toBeNull()
  })

  it("skips events for addresses we could not have sent to", () => {
    expect(parseSendgridEvents(JSON.stringify([{ ...BOUNCE, email: "nope" }, { ...BOUNCE, email: undefined }]))).toEqual([])
  })

  it("derives a stable id from the content when sg_event_id is missing", () => {
    const { sg_event_id: _, ...noId } = BOUNCE
    const reordered = Object.fromEntries(Object.entries(noId).reverse())
    const [a] = parseSendgridEvents(JSON.stringify([noId]))
    const [b] = parseSendgridEvents(JSON.stringify([reordered]))
    expect(a.provider_event_id).toMatch(/^sha256:[0-9a-f]{40}$/)
    expect(b.provider_event_id).toBe(a.provider_event_id)
    const [c] = parseSendgridEvents(JSON.stringify([{ ...noId, timestamp: noId.timestamp + 1 }]))
    expect(c.provider_event_id).not.toBe(a.provider_event_id)
  })

  it("gives the same events when the batch is replayed", () => {
    const raw = JSON.stringify([BOUNCE, at({ event: "delivered" })])
    expect(parseSendgridEvents(Buffer.from(raw))).toEqual(parseSendgridEvents(raw))
  })

  it("refuses a body that is not an array of objects, or a tracked event without a time, with 400", () => {
    for (const raw of ["{}", '"x"', "null", "[1]", "[null]"]) {
      expectWebhookError(() => parseSendgridEvents(raw), 400, "invalid_payload")
    }
    expectWebhookError(() => parseSendgridEvents(JSON.stringify([{ ...BOUNCE, timestamp: "yesterday" }])), 400, "invalid_payload")
  })

  it("refuses malformed JSON with 400, a huge body and more than 1000 events with 413", () => {
    expectWebhookError(() => parseSendgridEvents("[{"), 400, "invalid_json")
    expectWebhookError(() => parseSendgridEvents(`[${JSON.stringify({ ...BOUNCE, reason: "x".repeat(1_000_000) })}]`), 413, "payload_too_large")
    const batch = (n: number) => JSON.stringify(Array.from({ length: n }, (_, i) => ({ ...BOUNCE, sg_event_id: `e${i}` })))
    expect(parseSendgridEvents(batch(1000))).toHaveLength(1000)
    expectWebhookError(() => parseSendgridEvents(batch(1001)), 413, "too_many_events")
  })
})
