import { createHmac, timingSafeEqual } from "node:crypto"

/**
 * Compact signed tokens for links in emails: `<payload>.<signature>`, both
 * base64url. The payload names its purpose so a token minted for one action
 * (say, confirm) can never be replayed for another (say, preferences).
 */
export type TokenPurpose = "confirm" | "preferences" | "unsubscribe"

export type TokenPayload = {
  /** purpose */
  p: TokenPurpose
  /** subject: the contact id */
  s: string
  /** expiry, unix seconds; 0 = never */
  e: number
  /** optional extra claim, e.g. a message id or topic handle */
  x?: string
}

export type VerifyResult =
  | { ok: true; payload: TokenPayload }
  | { ok: false; reason: "malformed" | "bad_signature" | "expired" | "wrong_purpose" }

const MAX_TOKEN_LENGTH = 512

function b64url(buf: Buffer): string {
  return buf.toString("base64url")
}

function sign(body: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(body).digest().subarray(0, 20)
}

export function signToken(
  payload: { purpose: TokenPurpose; subject: string; ttlSeconds?: number; extra?: string },
  secret: string,
  now: number = Date.now()
): string {
  if (!secret) {
    throw new Error("A token secret is required")
  }
  const data: TokenPayload = {
    p: payload.purpose,
    s: payload.subject,
    e: payload.ttlSeconds ? Math.floor(now / 1000) + payload.ttlSeconds : 0,
  }
  if (payload.extra) {
    data.x = payload.extra
  }
  const body = b64url(Buffer.from(JSON.stringify(data)))
  return `${body}.${b64url(sign(body, secret))}`
}

export function verifyToken(
  token: unknown,
  secret: string,
  purpose: TokenPurpose,
  now: number = Date.now()
): VerifyResult {
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
    return { ok: false, reason: "malformed" }
  }
  const parts = token.split(".")
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) {
    return { ok: false, reason: "malformed" }
  }
  const [body, sig] = parts
  // compare the text, not the decoded bytes: base64url has several spellings
  // of the last character's spare bits, and a token must have exactly one form
  const expected = Buffer.from(b64url(sign(body, secret)))
  const given = Buffer.from(sig)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: "bad_signature" }
  }
  let payload: TokenPayload
  try {
    payload = JSON.parse(Buffer.from(body, "base64url").toString("utf8"))
  } catch {
    return { ok: false, reason: "malformed" }
  }
  if (
    !payload ||
    typeof payload.p !== "string" ||
    typeof payload.s !== "string" ||
    typeof payload.e !== "number"
  ) {
    return { ok: false, reason: "malformed" }
  }
  if (payload.p !== purpose) {
    return { ok: false, reason: "wrong_purpose" }
  }
  if (payload.e !== 0 && payload.e * 1000 < now) {
    return { ok: false, reason: "expired" }
  }
  return { ok: true, payload }
}

/** What to tell a person whose link did not verify. */
export function describeTokenFailure(reason: Exclude<VerifyResult, { ok: true }>["reason"]): string {
  switch (reason) {
    case "expired":
      return "This link has expired. Sign up again to get a fresh one."
    case "wrong_purpose":
      return "This link is for a different action."
    default:
      return "This link is not valid. Copy the whole link from the email and try again."
  }
}
