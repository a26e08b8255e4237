import { createHmac } from "node:crypto"
import fc from "fast-check"
import { signToken, verifyToken } from "../../tokens"
import { signTrackingToken, verifyTrackingToken, type TrackingClaims } from "../tokens"

const SECRET = "tracking-secret"
const MESSAGE = "mmsg_0123456789abcdef0123456789abcdef"
const CAMPAIGN = "mcmp_01JABCDEFGHJKMNPQRSTVWXYZ"

const OPEN: TrackingClaims = { kind: "open", message_id: MESSAGE }
const VIEW: TrackingClaims = { kind: "view", message_id: MESSAGE }
const CLICK: TrackingClaims = { kind: "click", message_id: MESSAGE, source_id: CAMPAIGN, link: 7 }

const MALFORMED = { ok: false, reason: "malformed" }
const BAD_SIGNATURE = { ok: false, reason: "bad_signature" }

/** Build a token by hand with the documented layout (for shapes the signer refuses to make). */
function handMade(payload: Buffer, secret = SECRET): string {
  const key = createHmac("sha256", secret).update("mkt-tracking-v1").digest()
  const mac = createHmac("sha256", key).update(payload).digest().subarray(0, 12)
  return Buffer.concat([payload, mac]).toString("base64url")
}

function clickPayload(source: string, link = 1, declaredLength = source.length): Buffer {
  const fixed = Buffer.alloc(3)
  fixed.writeUInt16BE(link, 0)
  fixed.writeUInt8(declaredLength, 2)
  return Buffer.concat([Buffer.from([2]), Buffer.from(MESSAGE.slice(5), "hex"), fixed, Buffer.from(source, "latin1")])
}

const hex32 = fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: 32, maxLength: 32 })
const alnum = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
const sourceId = fc
  .tuple(
    fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz"), minLength: 2, maxLength: 8 }),
    fc.string({ unit: fc.constantFrom(...alnum), minLength: 10, maxLength: 40 })
  )
  .map(([p, r]) => `${p}_${r}`)
const claimsArb: fc.Arbitrary<TrackingClaims> = fc.oneof(
  hex32.map((h) => ({ kind: "open" as const, message_id: `mmsg_${h}` })),
  hex32.map((h) => ({ kind: "view" as const, message_id: `mmsg_${h}` })),
  fc
    .record({ h: hex32, source_id: sourceId, link: fc.integer({ min: 0, max: 65535 }) })
    .map(({ h, source_id, link }) => ({ kind: "click" as const, message_id: `mmsg_${h}`, source_id, link }))
)

describe("signTrackingToken / verifyTrackingToken", () => {
  it.each([
    ["open", OPEN],
    ["view", VIEW],
    ["click", CLICK],
  ])("round-trips a %s token", (_kind, claims) => {
    const token = signTrackingToken(claims, SECRET)
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(encodeURIComponent(token)).toBe(token)
    expect(verifyTrackingToken(token, SECRET)).toEqual({ ok: true, claims })
  })

  it("round-trips any valid claims (property)", () => {
    fc.assert(
      fc.property(claimsArb, (claims) => {
        expect(verifyTrackingToken(signTrackingToken(claims, SECRET), SECRET)).toEqual({ ok: true, claims })
      })
    )
  })

  it("keeps the link position's full 16-bit range", () => {
    for (const link of [0, 255, 256, 65535]) {
      const token = signTrackingToken({ ...CLICK, link }, SECRET)
      expect(verifyTrackingToken(token, SECRET)).toEqual({ ok: true, claims: { ...CLICK, link } })
    }
  })

  it("is deterministic (the same message and link always get the same URL)", () => {
    expect(signTrackingToken(CLICK, SECRET)).toBe(signTrackingToken({ ...CLICK }, SECRET))
  })

  it("stays short: an open token is 39 characters, a realistic click token under 100", () => {
    expect(signTrackingToken(OPEN, SECRET)).toHaveLength(39)
    expect(signTrackingToken(VIEW, SECRET)).toHaveLength(39)
    const click = signTrackingToken(
      { kind: "click", message_id: MESSAGE, source_id: "mcmp_01JABCDEF0GHJKMNPQRSTVWXYZ1", link: 65535 },
      SECRET
    )
    expect(click.length).toBeLessThan(100)
  })

  it("stays within the verifier's length limit for the longest source id", () => {
    const longest: TrackingClaims = {
      kind: "click",
      message_id: MESSAGE,
      source_id: `abcdefgh_${"Z".repeat(40)}`,
      link: 65535,
    }
    const token = signTrackingToken(longest, SECRET)
    expect(token.length).toBeLessThanOrEqual(160)
    expect(verifyTrackingToken(token, SECRET)).toEqual({ ok: true, claims: longest })
  })

  it("refuses a token signed with another secret", () => {
    expect(verifyTrackingToken(signTrackingToken(CLICK, "other-secret"), SECRET)).toEqual(BAD_SIGNATURE)
    expect(verifyTrackingToken(signTrackingToken(OPEN, SECRET), "")).toEqual(BAD_SIGNATURE)
  })

  it("refuses every single-byte change, wherever it is (property)", () => {
    fc.assert(
      fc.property(claimsArb, fc.nat(), fc.integer({ min: 1, max: 255 }), (claims, at, delta) => {
        const bytes = Buffer.from(signTrackingToken(claims, SECRET), "base64url")
        const i = at % bytes.length
        bytes[i] = (bytes[i] + delta) & 0xff
        expect(verifyTrackingToken(bytes.toString("base64url"), SECRET).ok).toBe(false)
      })
    )
  })

  it("calls a changed message id, link, source or MAC a bad signature", () => {
    const bytes = Buffer.from(signTrackingToken(CLICK, SECRET), "base64url")
    // message id, link, first source character and MAC; not the kind or length bytes
    for (const i of [1, 16, 17, 18, 20, 25, bytes.length - 12, bytes.length - 1]) {
      const copy = Buffer.from(bytes)
      copy[i] ^= 0x01
      expect(verifyTrackingToken(copy.toString("base64url"), SECRET)).toEqual(BAD_SIGNATURE)
    }
  })

  it("never lets one kind pass as another", () => {
    for (const [from, to] of [
      [OPEN, 3],
      [VIEW, 1],
      [OPEN, 2],
    ] as const) {
      const bytes = Buffer.from(signTrackingToken(from, SECRET), "base64url")
      bytes[0] = to
      expect(verifyTrackingToken(bytes.toString("base64url"), SECRET).ok).toBe(false)
    }
    const open = verifyTrackingToken(signTrackingToken(OPEN, SECRET), SECRET)
    expect(open.ok && open.claims.kind).toBe("open")
  })

  it("refuses truncated tokens (every length)", () => {
    for (const claims of [OPEN, CLICK]) {
      const token = signTrackingToken(claims, SECRET)
      for (let n = 0; n < token.length; n++) {
        expect(verifyTrackingToken(token.slice(0, n), SECRET).ok).toBe(false)
      }
      const bytes = Buffer.from(token, "base64url")
      for (let n = 0; n < bytes.length; n++) {
        expect(verifyTrackingToken(bytes.subarray(0, n).toString("base64url"), SECRET)).toEqual(MALFORMED)
      }
    }
  })

  it("refuses trailing bytes, even when they are covered by a valid MAC", () => {
    const token = signTrackingToken(OPEN, SECRET)
    expect(verifyTrackingToken(Buffer.concat([Buffer.from(token, "base64url"), Buffer.from([0])]).toString("base64url"), SECRET)).toEqual(MALFORMED)
    const payload = Buffer.concat([Buffer.from([1]), Buffer.from(MESSAGE.slice(5), "hex"), Buffer.from([0])])
    expect(verifyTrackingToken(handMade(payload), SECRET)).toEqual(MALFORMED)
  })

  it("refuses a click whose declared source length does not match", () => {
    expect(verifyTrackingToken(handMade(clickPayload(CAMPAIGN, 1, CAMPAIGN.length + 1)), SECRET)).toEqual(MALFORMED)
    expect(verifyTrackingToken(handMade(clickPayload(CAMPAIGN, 1, CAMPAIGN.length - 1)), SECRET)).toEqual(MALFORMED)
    // the hand-made layout itself is right
    expect(verifyTrackingToken(handMade(clickPayload(CAMPAIGN, 1)), SECRET)).toEqual({
      ok: true,
      claims: { kind: "click", message_id: MESSAGE, source_id: CAMPAIGN, link: 1 },
    })
  })

  it("refuses a correctly signed click whose source id is not one", () => {
    expect(verifyTrackingToken(handMade(clickPayload("mcmp_<script>x")), SECRET)).toEqual(MALFORMED)
    expect(verifyTrackingToken(handMade(clickPayload("")), SECRET)).toEqual(MALFORMED)
  })

  it("refuses an unknown kind even when signed", () => {
    const payload = Buffer.concat([Buffer.from([4]), Buffer.from(MESSAGE.slice(5), "hex")])
    expect(verifyTrackingToken(handMade(payload), SECRET)).toEqual(MALFORMED)
  })

  it("accepts exactly one spelling of a token", () => {
    const token = signTrackingToken(OPEN, SECRET) // 29 bytes in 39 characters: the last one has 2 spare bits
    const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    const last = alphabet.indexOf(token[token.length - 1])
    const variants = alphabet
      .split("")
      .filter((_, i) => i !== last && i >> 2 === last >> 2)
      .map((c) => token.slice(0, -1) + c)
    expect(variants).toHaveLength(3)
    for (const v of variants) {
      expect(Buffer.from(v, "base64url").equals(Buffer.from(token, "base64url"))).toBe(true)
      expect(verifyTrackingToken(v, SECRET)).toEqual(MALFORMED)
    }
    // a dangling character Node would silently ignore
    expect(verifyTrackingToken(`${token}A`, SECRET)).toEqual(MALFORMED)
  })

  it.each([
    ["not a string", 42],
    ["null", null],
    ["undefined", undefined],
    ["an object", { token: "x" }],
    ["empty", ""],
    ["padded", `${"A".repeat(38)}=`],
    ["standard base64", `${"A".repeat(37)}+/`],
    ["with a dot", "abc.def"],
    ["with spaces", "AAAA AAAA"],
    ["too long", "A".repeat(161)],
  ])("calls %s malformed", (_label, token) => {
    expect(verifyTrackingToken(token, SECRET)).toEqual(MALFORMED)
  })

  it("keeps the tracking and unsubscribe token families apart", () => {
    const unsubscribe = signToken({ purpose: "unsubscribe", subject: "mcon_1" }, SECRET)
    expect(verifyTrackingToken(unsubscribe, SECRET)).toEqual(MALFORMED)
    // even with the dot removed the bytes are not a tracking layout or MAC
    expect(verifyTrackingToken(unsubscribe.replace(".", ""), SECRET).ok).toBe(false)
    for (const claims of [OPEN, VIEW, CLICK]) {
      const tracking = signTrackingToken(claims, SECRET)
      for (const purpose of ["unsubscribe", "preferences", "confirm"] as const) {
        expect(verifyToken(tracking, SECRET, purpose).ok).toBe(false)
      }
    }
  })

  it("derives its key from the secret instead of using it directly", () => {
    const payload = Buffer.concat([Buffer.from([1]), Buffer.from(MESSAGE.slice(5), "hex")])
    const rawKeyMac = createHmac("sha256", SECRET).update(payload).digest().subarray(0, 12)
    const forged = Buffer.concat([payload, rawKeyMac]).toString("base64url")
    expect(verifyTrackingToken(forged, SECRET)).toEqual(BAD_SIGNATURE)
  })

  it("uses the right key after the secret changes", () => {
    const a = signTrackingToken(OPEN, "secret-a")
    const b = signTrackingToken(OPEN, "secret-b")
    expect(a).not.toBe(b)
    expect(verifyTrackingToken(a, "secret-a").ok).toBe(true)
    expect(verifyTrackingToken(b, "secret-b").ok).toBe(true)
    expect(verifyTrackingToken(a, "secret-b")).toEqual(BAD_SIGNATURE)
  })

  describe("refuses to sign what it could not verify", () => {
    it.each([
      ["no secret", OPEN, "", /secret/],
      ["an unknown kind", { kind: "bounce", message_id: MESSAGE }, SECRET, /kind/],
      ["a message id with dashes", { kind: "open", message_id: "mmsg_01234567-89ab-cdef-0123-456789abcdef" }, SECRET, /message id/],
      ["an upper-case message id", { kind: "open", message_id: MESSAGE.toUpperCase() }, SECRET, /message id/],
      ["another prefix", { kind: "open", message_id: "mcon_0123456789abcdef0123456789abcdef" }, SECRET, /message id/],
      ["a short message id", { kind: "open", message_id: "mmsg_0123" }, SECRET, /message id/],
      ["a negative link", { ...CLICK, link: -1 }, SECRET, /link position/],
      ["a link past 65535", { ...CLICK, link: 65536 }, SECRET, /link position/],
      ["a fractional link", { ...CLICK, link: 1.5 }, SECRET, /link position/],
      ["a NaN link", { ...CLICK, link: NaN }, SECRET, /link position/],
      ["a source id without prefix", { ...CLICK, source_id: "01JABCDEFGHJKMN" }, SECRET, /source id/],
      ["a short source id", { ...CLICK, source_id: "mcmp_123" }, SECRET, /source id/],
      ["a source id with symbols", { ...CLICK, source_id: "mcmp_01JABC-DEFGHJ" }, SECRET, /source id/],
      ["a non-ASCII source id", { ...CLICK, source_id: "mcmp_01JABCDEFGHÉ" }, SECRET, /source id/],
    ])("%s", (_label, claims, secret, message) => {
      expect(() => signTrackingToken(claims as TrackingClaims, secret)).toThrow(message)
    })
  })
})
