import { createHmac } from "node:crypto"
import fc from "fast-check"
import { GENERIC_SIGNATURE_HEADER, parseGenericEvents, signGenericWebhook, verifyGenericWebhook } from ".."
import { assertWellFormedEvent, expectWebhookError, MSG_ID, NOW, NOW_S } from "./fixtures/helpers"

const SECRET = "whsec_test_generic_secret"

function body(events: unknown[]): string {
  return JSON.stringify({ events })
}

const BOUNCE = {
  id: "evt_1",
  type: "bounce",
  email: " Jane@Example.com ",
  message_id: `<${MSG_ID}@shop.example.com>`,
  occurred_at: "2026-01-01T12:59:00+01:00",
  bounce_kind: "hard",
  detail: "550 5.1.1 user unknown",
}

function headersFor(raw: string, t: number = NOW_S, secret: string = SECRET) {
  return { [GENERIC_SIGNATURE_HEADER]: signGenericWebhook(raw, secret, t) }
}

describe("signGenericWebhook / verifyGenericWebhook", () => {
  const raw = body([BOUNCE])

  it("accepts a body signed with the secret and returns the signed time", () => {
    expect(verifyGenericWebhook(raw, headersFor(raw), SECRET, NOW)).toEqual({ timestamp: NOW_S })
  })

  it("signs HMAC-SHA256 of `<t>.<body>` in hex, as documented for integrators", () => {
    const expected = createHmac("sha256", SECRET).update(`${NOW_S}.${raw}`).digest("hex")
    expect(signGenericWebhook(raw, SECRET, NOW_S)).toBe(`t=${NOW_S},v1=${expected}`)
  })

  it("verifies the bytes: a Buffer body signs like the same text", () => {
    const buf = Buffer.from(`{"events":[],"note":"café"}`)
    expect(() => verifyGenericWebhook(buf, headersFor(buf.toString("utf8")), SECRET, NOW)).not.toThrow()
  })

  it("finds the header whatever its case", () => {
    const h = { "X-Marketing-Signature": signGenericWebhook(raw, SECRET, NOW_S) }
    expect(() => verifyGenericWebhook(raw, h, SECRET, NOW)).not.toThrow()
  })

  it("accepts several v1 entries, any of which may match (secret rotation)", () => {
    const oldSig = signGenericWebhook(raw, "old-secret", NOW_S).split(",")[1]
    const newSig = signGenericWebhook(raw, SECRET, NOW_S).split(",")[1]
    const h = { [GENERIC_SIGNATURE_HEADER]: `t=${NOW_S}, ${oldSig}, ${newSig}` }
    expect(() => verifyGenericWebhook(raw, h, SECRET, NOW)).not.toThrow()
    expect(() => verifyGenericWebhook(raw, h, "old-secret", NOW)).not.toThrow()
    expectWebhookError(() => verifyGenericWebhook(raw, h, "third-secret", NOW), 401, "bad_signature")
  })

  it("accepts upper-case hex and ignores unknown schemes", () => {
    const [t, v1] = signGenericWebhook(raw, SECRET, NOW_S).split(",")
    const h = { [GENERIC_SIGNATURE_HEADER]: `${t},v0=abc,${v1.toUpperCase().replace("V1", "v1")},v2=zzz` }
    expect(() => verifyGenericWebhook(raw, h, SECRET, NOW)).not.toThrow()
  })

  it("refuses a tampered body", () => {
    const tampered = raw.replace("hard", "soft")
    expectWebhookError(() => verifyGenericWebhook(tampered, headersFor(raw), SECRET, NOW), 401, "bad_signature")
  })

  it("refuses a body signed with another secret", () => {
    expectWebhookError(() => verifyGenericWebhook(raw, headersFor(raw, NOW_S, "other"), SECRET, NOW), 401, "bad_signature")
  })

  it("refuses a signature moved to another timestamp", () => {
    const v1 = signGenericWebhook(raw, SECRET, NOW_S).split(",")[1]
    const h = { [GENERIC_SIGNATURE_HEADER]: `t=${NOW_S + 1},${v1}` }
    expectWebhookError(() => verifyGenericWebhook(raw, h, SECRET, NOW), 401, "bad_signature")
  })

  it("refuses a missing or empty header", () => {
    expectWebhookError(() => verifyGenericWebhook(raw, {}, SECRET, NOW), 401, "missing_signature")
    expectWebhookError(() => verifyGenericWebhook(raw, { [GENERIC_SIGNATURE_HEADER]: " " }, SECRET, NOW), 401, "missing_signature")
  })

  it("refuses malformed headers: no t, millisecond t, two t, no valid v1", () => {
    const v1 = signGenericWebhook(raw, SECRET, NOW_S).split(",")[1]
    for (const h of [v1, `t=${NOW},${v1}`, `t=abc,${v1}`, `t=${NOW_S},t=${NOW_S},${v1}`, `t=${NOW_S}`, `t=${NOW_S},v1=xyz`]) {
      expectWebhookError(() => verifyGenericWebhook(raw, { [GENERIC_SIGNATURE_HEADER]: h }, SECRET, NOW), 401, "malformed_signature")
    }
  })

  it("allows 300 s of clock difference either way, not 301", () => {
    for (const t of [NOW_S - 300, NOW_S + 300]) {
      expect(() => verifyGenericWebhook(raw, headersFor(raw, t), SECRET, NOW)).not.toThrow()
    }
    for (const t of [NOW_S - 301, NOW_S + 301]) {
      const err = expectWebhookError(() => verifyGenericWebhook(raw, headersFor(raw, t), SECRET, NOW), 401, "stale_timestamp")
      expect(err.message).toContain("timestamp outside the 5 minute tolerance")
    }
  })

  it("checks the signature before the time: a forged stale request is a bad signature", () => {
    expectWebhookError(
      () => verifyGenericWebhook(raw, headersFor(raw, NOW_S - 3600, "other"), SECRET, NOW),
      401,
      "bad_signature"
    )
  })

  it("refuses a huge body before hashing it", () => {
    const huge = "x".repeat(1_000_001)
    expectWebhookError(() => verifyGenericWebhook(huge, headersFor(huge), SECRET, NOW), 413, "payload_too_large")
  })

  it("never puts the secret or the body in an error message", () => {
    const messages: string[] = []
    for (const h of [{}, headersFor(raw, NOW_S, "x"), headersFor(raw, NOW_S - 999)]) {
      try {
        verifyGenericWebhook(raw, h, SECRET, NOW)
      } catch (e) {
        messages.push((e as Error).message)
      }
    }
    expect(messages).toHaveLength(3)
    for (const m of messages) {
      expect(m).not.toContain(SECRET)
      expect(m).not.toContain("Jane")
    }
  })

  it("fails loudly, not with a 401, when no secret is configured", () => {
    expect(() => verifyGenericWebhook(raw, headersFor(raw), "", NOW)).toThrow("not configured")
    expect(() => signGenericWebhook(raw, "", NOW_S)).toThrow("not configured")
  })

  it("round-trips any body, and any single-byte change breaks it (property)", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.nat(), fc.nat(255), (bytes, pos, delta) => {
        const buf = Buffer.from(bytes)
        const h = { [GENERIC_SIGNATURE_HEADER]: signGenericWebhook(buf, SECRET, NOW_S) }
        expect(verifyGenericWebhook(buf, h, SECRET, NOW)).toEqual({ timestamp: NOW_S })
        const changed = Buffer.from(buf)
        const i = pos % changed.length
        changed[i] = (changed[i] + 1 + (delta % 255)) % 256
        expectWebhookError(() => verifyGenericWebhook(changed, h, SECRET, NOW), 401, "bad_signature")
      })
    )
  })
})

describe("parseGenericEvents", () => {
  it("normalizes an event: email, message id, time in UTC, detail", () => {
    expect(parseGenericEvents(body([BOUNCE]))).toEqual([
      {
        provider: "generic",
        provider_event_id: "evt_1",
        type: "bounce",
        bounce_kind: "hard",
        email: "jane@example.com",
        message_id: MSG_ID,
        occurred_at: "2026-01-01T11:59:00.000Z",
        detail: "550 5.1.1 user unknown",
      },
    ])
  })

  it("maps each type, defaulting a bounce without kind to soft and a deferral to soft", () => {
    const base = { email: "a@example.com", occurred_at: "2026-01-01T00:00:00Z" }
    const events = parseGenericEvents(
      body([
        { ...base, id: "1", type: "delivered", bounce_kind: "hard" },
        { ...base, id: "2", type: "bounce" },
        { ...base, id: "3", type: "bounce", bounce_kind: null },
        { ...base, id: "4", type: "complaint", detail: "abuse" },
        { ...base, id: "5", type: "deferred" },
      ])
    )
    expect(events.map((e) => [e.provider_event_id, e.type, e.bounce_kind, e.message_id])).toEqual([
      ["1", "delivered", null, null],
      ["2", "bounce", "soft", null],
      ["3", "bounce", "soft", null],
      ["4", "complaint", null, null],
      ["5", "deferred", "soft", null],
    ])
    events.forEach(assertWellFormedEvent)
  })

  it("skips event types we do not track, whatever shape they have, and addresses we cannot have sent to", () => {
    const events = parseGenericEvents(
      body([
        { type: "open" },
        { type: "click", id: 5 },
        { id: "x", type: "processed", email: "a@example.com", occurred_at: "2026-01-01T00:00:00Z" },
        { id: "y", type: "bounce", email: "not-an-address", occurred_at: "2026-01-01T00:00:00Z" },
      ])
    )
    expect(events).toEqual([])
  })

  it("leaves message_id null when the value is not ours", () => {
    const [e] = parseGenericEvents(body([{ ...BOUNCE, message_id: "<abc@esp.example>" }]))
    expect(e.message_id).toBeNull()
  })

  it("clamps a long detail to 500 characters", () => {
    const [e] = parseGenericEvents(body([{ ...BOUNCE, detail: "x".repeat(2000) }]))
    expect(e.detail).toHaveLength(500)
  })

  it("names the field in a 400 when an event we track is malformed", () => {
    const cases: Array<[unknown, string]> = [
      [{ ...BOUNCE, id: undefined }, "events[0].id"],
      [{ ...BOUNCE, id: "" }, "events[0].id"],
      [{ ...BOUNCE, id: "x".repeat(256) }, "events[0].id"],
      [{ ...BOUNCE, type: 3 }, "events[0].type"],
      [{ ...BOUNCE, email: 3 }, "events[0].email"],
      [{ ...BOUNCE, occurred_at: "2026-01-01T12:00:00" }, "events[0].occurred_at"],
      [{ ...BOUNCE, occurred_at: 1767268800 }, "events[0].occurred_at"],
      [{ ...BOUNCE, message_id: 7 }, "events[0].message_id"],
      [{ ...BOUNCE, detail: {} }, "events[0].detail"],
      [{ ...BOUNCE, bounce_kind: "permanent" }, "events[0].bounce_kind"],
      ["nope", "events[0]"],
    ]
    for (const [event, path] of cases) {
      const err = expectWebhookError(() => parseGenericEvents(body([event])), 400, "invalid_payload")
      expect(err.message.startsWith(path)).toBe(true)
    }
  })

  it("refuses a body that is not { events: [...] }", () => {
    for (const raw of ["[]", "{}", '{"events":{}}', "null", "42"]) {
      expectWebhookError(() => parseGenericEvents(raw), 400, "invalid_payload")
    }
  })

  it("refuses malformed JSON with 400 and a huge body with 413", () => {
    expectWebhookError(() => parseGenericEvents('{"events": ['), 400, "invalid_json")
    expectWebhookError(() => parseGenericEvents(body([{ ...BOUNCE, detail: "x".repeat(1_000_000) }])), 413, "payload_too_large")
  })

  it("accepts 1000 events and refuses 1001 with 413", () => {
    const many = (n: number) => body(Array.from({ length: n }, (_, i) => ({ ...BOUNCE, id: `evt_${i}`, detail: undefined })))
    expect(parseGenericEvents(many(1000))).toHaveLength(1000)
    expectWebhookError(() => parseGenericEvents(many(1001)), 413, "too_many_events")
  })

  it("gives the same events, ids included, when the same request is replayed", () => {
    const raw = body([BOUNCE, { ...BOUNCE, id: "evt_2", type: "delivered" }])
    expect(parseGenericEvents(raw)).toEqual(parseGenericEvents(Buffer.from(raw)))
    expect(parseGenericEvents(raw).map((e) => e.provider_event_id)).toEqual(["evt_1", "evt_2"])
  })
})
