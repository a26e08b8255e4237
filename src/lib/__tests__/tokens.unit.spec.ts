import { describeTokenFailure, signToken, verifyToken } from "../tokens"

const SECRET = "test-secret"
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0)

/** Flip one character of a base64url string to another that decodes to different bits. */
function flipFirst(s: string): string {
  return (s[0] === "A" ? "B" : "A") + s.slice(1)
}

describe("signToken / verifyToken", () => {
  it("round-trips purpose, subject and extra claim", () => {
    const token = signToken({ purpose: "unsubscribe", subject: "mcon_1", extra: "newsletter" }, SECRET, NOW)
    const result = verifyToken(token, SECRET, "unsubscribe", NOW)
    expect(result).toEqual({ ok: true, payload: { p: "unsubscribe", s: "mcon_1", e: 0, x: "newsletter" } })
  })

  it("produces URL-safe tokens of the form <payload>.<signature>", () => {
    const token = signToken({ purpose: "confirm", subject: "mcon_01JABC", ttlSeconds: 3600, extra: "a,b" }, SECRET, NOW)
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/)
    expect(encodeURIComponent(token)).toBe(token)
  })

  it("leaves out the extra claim when there is none", () => {
    const token = signToken({ purpose: "preferences", subject: "mcon_1" }, SECRET, NOW)
    const result = verifyToken(token, SECRET, "preferences", NOW)
    expect(result.ok && "x" in result.payload).toBe(false)
  })

  it("never expires without a ttl", () => {
    const token = signToken({ purpose: "preferences", subject: "mcon_1" }, SECRET, NOW)
    const tenYears = NOW + 10 * 365 * 24 * 3600 * 1000
    expect(verifyToken(token, SECRET, "preferences", tenYears).ok).toBe(true)
  })

  it("expires after its ttl, not before", () => {
    const token = signToken({ purpose: "confirm", subject: "mcon_1", ttlSeconds: 3600 }, SECRET, NOW)
    expect(verifyToken(token, SECRET, "confirm", NOW + 3599_000).ok).toBe(true)
    expect(verifyToken(token, SECRET, "confirm", NOW + 3600_000).ok).toBe(true)
    expect(verifyToken(token, SECRET, "confirm", NOW + 3601_000)).toEqual({ ok: false, reason: "expired" })
  })

  it("refuses a token minted for another purpose", () => {
    const token = signToken({ purpose: "confirm", subject: "mcon_1", ttlSeconds: 60 }, SECRET, NOW)
    expect(verifyToken(token, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "wrong_purpose" })
    expect(verifyToken(token, SECRET, "preferences", NOW)).toEqual({ ok: false, reason: "wrong_purpose" })
  })

  it("checks the signature before the purpose", () => {
    const token = signToken({ purpose: "confirm", subject: "mcon_1" }, SECRET, NOW)
    expect(verifyToken(token, "other-secret", "unsubscribe", NOW)).toEqual({ ok: false, reason: "bad_signature" })
  })

  it("refuses a token signed with another secret", () => {
    const token = signToken({ purpose: "unsubscribe", subject: "mcon_1" }, "other-secret", NOW)
    expect(verifyToken(token, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "bad_signature" })
  })

  it("refuses a tampered payload (another contact, another topic)", () => {
    const token = signToken({ purpose: "unsubscribe", subject: "mcon_1", extra: "news" }, SECRET, NOW)
    const [, sig] = token.split(".")
    const forged = Buffer.from(JSON.stringify({ p: "unsubscribe", s: "mcon_2", e: 0, x: "news" })).toString("base64url")
    expect(verifyToken(`${forged}.${sig}`, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "bad_signature" })
  })

  it("refuses a payload whose expiry was pushed back", () => {
    const token = signToken({ purpose: "confirm", subject: "mcon_1", ttlSeconds: 60 }, SECRET, NOW)
    const [body, sig] = token.split(".")
    const payload = JSON.parse(Buffer.from(body, "base64url").toString())
    const forged = Buffer.from(JSON.stringify({ ...payload, e: 0 })).toString("base64url")
    expect(verifyToken(`${forged}.${sig}`, SECRET, "confirm", NOW + 3600_000)).toEqual({
      ok: false,
      reason: "bad_signature",
    })
  })

  it("refuses a tampered signature", () => {
    const token = signToken({ purpose: "unsubscribe", subject: "mcon_1" }, SECRET, NOW)
    const [body, sig] = token.split(".")
    expect(verifyToken(`${body}.${flipFirst(sig)}`, SECRET, "unsubscribe", NOW)).toEqual({
      ok: false,
      reason: "bad_signature",
    })
    expect(verifyToken(`${body}.${sig.slice(0, -2)}`, SECRET, "unsubscribe", NOW)).toEqual({
      ok: false,
      reason: "bad_signature",
    })
  })

  it.each([
    ["not a string", 42],
    ["undefined", undefined],
    ["empty", ""],
    ["no dot", "abcdef"],
    ["three parts", "a.b.c"],
    ["bad characters", "ab+c.de/f"],
    ["padding", "abc=.def="],
    ["too long", "a".repeat(600) + ".b"],
  ])("calls a %s token malformed", (_label, token) => {
    expect(verifyToken(token, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "malformed" })
  })

  it("calls a correctly signed non-JSON payload malformed", () => {
    const { createHmac } = require("node:crypto")
    const body = Buffer.from("not json").toString("base64url")
    const sig = createHmac("sha256", SECRET).update(body).digest().subarray(0, 20).toString("base64url")
    expect(verifyToken(`${body}.${sig}`, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "malformed" })
  })

  it("calls a correctly signed payload without the required fields malformed", () => {
    const { createHmac } = require("node:crypto")
    const body = Buffer.from(JSON.stringify({ p: "unsubscribe", s: 1 })).toString("base64url")
    const sig = createHmac("sha256", SECRET).update(body).digest().subarray(0, 20).toString("base64url")
    expect(verifyToken(`${body}.${sig}`, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "malformed" })
  })

  it("needs a secret to sign", () => {
    expect(() => signToken({ purpose: "confirm", subject: "mcon_1" }, "")).toThrow(/secret/)
  })
})

describe("describeTokenFailure", () => {
  it("tells the reader what to do", () => {
    expect(describeTokenFailure("expired")).toMatch(/expired/)
    expect(describeTokenFailure("wrong_purpose")).toMatch(/different action/)
    expect(describeTokenFailure("bad_signature")).toMatch(/not valid/)
    expect(describeTokenFailure("malformed")).toMatch(/Copy the whole link/)
  })
})
