import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * Compact signed tokens for open pixels, view-in-browser links and click
 * redirects. They are binary (not JSON) because one goes into every tracked
 * link of every message: a JSON token for a click would be ~150 characters,
 * and long, opaque URLs are what spam filters and link previews dislike.
 *
 * Layout, then base64url without padding:
 *
 *   byte 0        kind (1 open, 2 click, 3 view)
 *   bytes 1..16   message id (the 32 hex digits of `mmsg_<hex>`)
 *   click only:   2 bytes link position (big endian), 1 byte source length,
 *                 source id (ASCII)
 *   last 12       first 12 bytes of HMAC-SHA256(key, everything before)
 *
 * The kind is inside the MAC, so an open token can never be replayed as a
 * click token. A 96-bit MAC is plenty for a token that only records an event
 * (forging one costs 2^96 tries against a rate-limited endpoint).
 */
export type TrackingClaims =
  | { kind: "open"; message_id: string }
  | { kind: "view"; message_id: string }
  | { kind: "click"; message_id: string; source_id: string; link: number }

export type TrackingVerifyResult =
  | { ok: true; claims: TrackingClaims }
  | { ok: false; reason: "malformed" | "bad_signature" }

/** Message ids are `mmsg_` + a uuid without dashes (see campaign-sql.ts). */
const MESSAGE_ID_RE = /^mmsg_([0-9a-f]{32})$/
/** What sends messages: a campaign (`mcmp_01J...`) or, later, a flow step. */
const SOURCE_ID_RE = /^[a-z]{2,8}_[0-9A-Za-z]{10,40}$/
const BASE64URL_RE = /^[A-Za-z0-9_-]+$/

const KIND_BYTE = { open: 1, click: 2, view: 3 } as const
const KIND_OF_BYTE: Record<number, TrackingClaims["kind"]> = { 1: "open", 2: "click", 3: "view" }

const MESSAGE_BYTES = 16
const MAC_BYTES = 12
/** kind + message */
const HEAD_BYTES = 1 + MESSAGE_BYTES
/** link (u16) + source length (u8) */
const CLICK_FIXED_BYTES = 3
const MAX_LINK = 0xffff
/**
 * The longest valid token is a click with a 49-character source id:
 * 81 bytes, 108 characters. Anything much longer is refused before decoding.
 */
const MAX_TOKEN_LENGTH = 160

/**
 * Domain separation: the same secret signs unsubscribe/preference tokens in
 * src/lib/tokens.ts. Deriving a separate key means a MAC computed by one
 * family is never a valid MAC in the other, whatever the bytes look like.
 */
const KEY_LABEL = "mkt-tracking-v1"

// Signing runs for every tracked link of every message, so the derived key
// of the (one) secret in use is kept instead of being recomputed each time.
let cachedSecret: string | null = null
let cachedKey: Buffer | null = null

function trackingKey(secret: string): Buffer {
  if (cachedSecret !== secret || !cachedKey) {
    cachedKey = createHmac("sha256", secret).update(KEY_LABEL).digest()
    cachedSecret = secret
  }
  return cachedKey
}

function mac(payload: Buffer, secret: string): Buffer {
  return createHmac("sha256", trackingKey(secret)).update(payload).digest().subarray(0, MAC_BYTES)
}

/**
 * A token for one open pixel, view-in-browser link or click redirect.
 * Throws on claims that could not be verified back (a message id that is
 * not `mmsg_` + 32 lower-case hex digits, a link position outside 0..65535,
 * a source id that is not `prefix_ALPHANUM`) rather than sign something the
 * tracking endpoint would then refuse.
 */
export function signTrackingToken(claims: TrackingClaims, secret: string): string {
  if (!secret) {
    throw new Error("A tracking token secret is required")
  }
  const kind = KIND_BYTE[claims?.kind as keyof typeof KIND_BYTE]
  if (!kind) {
    throw new Error(`Unknown tracking token kind ${JSON.stringify(claims?.kind)}; use "open", "view" or "click"`)
  }
  const m = typeof claims.message_id === "string" ? MESSAGE_ID_RE.exec(claims.message_id) : null
  if (!m) {
    throw new Error(
      `Tracking tokens need a message id like "mmsg_" + 32 lower-case hex digits, got ${JSON.stringify(claims.message_id)}`
    )
  }
  const parts: Buffer[] = [Buffer.from([kind]), Buffer.from(m[1], "hex")]
  if (claims.kind === "click") {
    const { link, source_id } = claims
    if (!Number.isInteger(link) || link < 0 || link > MAX_LINK) {
      throw new Error(`A click token's link position must be an integer from 0 to ${MAX_LINK}, got ${link}`)
    }
    if (typeof source_id !== "string" || !SOURCE_ID_RE.test(source_id)) {
      throw new Error(
        `A click token's source id must look like "mcmp_01JABCDEF..." (${SOURCE_ID_RE}), got ${JSON.stringify(source_id)}`
      )
    }
    const fixed = Buffer.alloc(CLICK_FIXED_BYTES)
    fixed.writeUInt16BE(link, 0)
    fixed.writeUInt8(source_id.length, 2)
    parts.push(fixed, Buffer.from(source_id, "ascii"))
  }
  const payload = Buffer.concat(parts)
  return Buffer.concat([payload, mac(payload, secret)]).toString("base64url")
}

const MALFORMED: TrackingVerifyResult = { ok: false, reason: "malformed" }
const BAD_SIGNATURE: TrackingVerifyResult = { ok: false, reason: "bad_signature" }

/**
 * Check a token from a tracking URL. Structure is checked before the MAC
 * (it reveals nothing about the secret) and the claims are only read after
 * the MAC matched. "malformed" means the token cannot be one of ours (cut
 * off, wrong shape, another token family); "bad_signature" means it has the
 * right shape but was not signed with this secret or was altered.
 */
export function verifyTrackingToken(token: unknown, secret: string): TrackingVerifyResult {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH || !BASE64URL_RE.test(token)) {
    return MALFORMED
  }
  const bytes = Buffer.from(token, "base64url")
  // One spelling per token: base64url leaves spare bits in the last
  // character (and Node ignores a dangling one), so several strings decode
  // to the same bytes. Only the canonical one is accepted.
  if (bytes.toString("base64url") !== token) {
    return MALFORMED
  }
  if (bytes.length < HEAD_BYTES + MAC_BYTES) {
    return MALFORMED
  }
  const kind = KIND_OF_BYTE[bytes[0]]
  if (!kind) {
    return MALFORMED
  }
  let payloadLength = HEAD_BYTES
  if (kind === "click") {
    if (bytes.length < HEAD_BYTES + CLICK_FIXED_BYTES + MAC_BYTES) {
      return MALFORMED
    }
    payloadLength += CLICK_FIXED_BYTES + bytes[HEAD_BYTES + 2]
  }
  // exact length: no truncation, no trailing bytes
  if (bytes.length !== payloadLength + MAC_BYTES) {
    return MALFORMED
  }
  const payload = bytes.subarray(0, payloadLength)
  const given = bytes.subarray(payloadLength)
  if (!secret || !timingSafeEqual(given, mac(payload, secret))) {
    return BAD_SIGNATURE
  }

  const message_id = `mmsg_${bytes.subarray(1, HEAD_BYTES).toString("hex")}`
  if (kind !== "click") {
    return { ok: true, claims: { kind, message_id } }
  }
  const link = bytes.readUInt16BE(HEAD_BYTES)
  const source_id = bytes.subarray(HEAD_BYTES + CLICK_FIXED_BYTES, payloadLength).toString("latin1")
  // signed by us, so this only fails if the signer's rules ever drift
  if (!SOURCE_ID_RE.test(source_id)) {
    return MALFORMED
  }
  return { ok: true, claims: { kind, message_id, source_id, link } }
}
