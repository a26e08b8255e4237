import { renderErrorPage, PAGE_HEADERS } from "../system-emails"
import { verifyTrackingToken } from "./tokens"

/**
 * What the open pixel and the click redirect answer, whichever HTTP server
 * asked: Medusa's Express routes and the dedicated tracking listener both
 * turn a request into these few facts, call `openReply` / `clickReply`, and
 * write the reply as it is. Pure apart from the two callbacks.
 */

/** A transparent 1x1 GIF (42 bytes). */
export const PIXEL_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64")

/** Tracking responses are per recipient: never cached by a proxy, never indexed. */
export const NO_STORE_HEADERS: Readonly<Record<string, string>> = {
  "Cache-Control": "no-store, no-cache, must-revalidate, private, max-age=0",
  Pragma: "no-cache",
  Expires: "0",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
}

/** The request, as far as tracking cares. */
export type HitRequest = {
  method: string
  /** the client's address (after the server's proxy rules) */
  ip: string | null
  user_agent: string | undefined
}

export type TrackedHit =
  | { kind: "open"; message_id: string }
  | { kind: "click"; message_id: string; source_id: string; link: number }

export type TrackingResponder = {
  secret: string
  store_name: string
  /** the URL recorded for a link of a send, or null; may throw when the database cannot answer */
  resolveLink: (sourceId: string, position: number) => Promise<string | null>
  /** queue the hit for the batched write (counting rules are the caller's) */
  queueHit: (hit: TrackedHit, req: HitRequest) => void
}

export type TrackingReply = {
  status: number
  headers: Record<string, string>
  body: Buffer | string
}

/**
 * The open pixel: always a 1x1 GIF, so no mail client shows a broken image;
 * a token that does not verify (or is not an open token) gets it with 404
 * and counts nothing. `token` may carry the `.gif` suffix.
 */
export function openReply(token: string, req: HitRequest, r: TrackingResponder): TrackingReply {
  const verified = verifyTrackingToken(token.replace(/\.gif$/, ""), r.secret)
  const headers = { ...NO_STORE_HEADERS, "Content-Type": "image/gif" }
  if (!verified.ok || verified.claims.kind !== "open") {
    return { status: 404, headers, body: PIXEL_GIF }
  }
  r.queueHit({ kind: "open", message_id: verified.claims.message_id }, req)
  return { status: 200, headers, body: PIXEL_GIF }
}

/**
 * A tracked link: a 302 to the URL recorded for the token's source and
 * position when the send started, and nowhere else. Nothing in the token or
 * the query chooses the target, so this is never an open redirect. Failures
 * are pages a person can act on.
 */
export async function clickReply(token: string, req: HitRequest, r: TrackingResponder): Promise<TrackingReply> {
  const page = (status: number, message: string): TrackingReply => {
    const p = renderErrorPage({ storeName: r.store_name, status, message })
    return { status: p.status, headers: { ...PAGE_HEADERS, ...NO_STORE_HEADERS }, body: p.html }
  }
  const verified = verifyTrackingToken(token, r.secret)
  if (!verified.ok || verified.claims.kind !== "click") {
    return page(404, "This link is not valid. Copy the whole link from the email, or open the email and click it again.")
  }
  const { message_id, source_id, link } = verified.claims
  let url: string | null
  try {
    url = await r.resolveLink(source_id, link)
  } catch {
    return page(503, "We could not open this link just now. Please try again in a moment.")
  }
  if (!url) {
    return page(404, "This link is no longer available.")
  }
  r.queueHit({ kind: "click", message_id, source_id, link }, req)
  return { status: 302, headers: { ...NO_STORE_HEADERS, Location: url }, body: "" }
}

/**
 * The client address behind `hops` trusted proxies, as Express computes it
 * for a numeric "trust proxy": the socket address, then X-Forwarded-For read
 * from the right, one entry per trusted hop. With no proxy trusted the
 * header is ignored (a client can write anything in it).
 */
export function clientIp(socketAddress: string | undefined, forwardedFor: string | string[] | undefined, hops: number): string | null {
  const socket = normalizeAddress(socketAddress)
  if (!hops || !forwardedFor) {
    return socket
  }
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(",") : forwardedFor
  const chain = header
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
  // [socket, last forwarded, ..., first forwarded]: trust `hops` of them
  const addrs = [socket, ...chain.reverse()]
  return normalizeAddress(addrs[Math.min(hops, addrs.length - 1)] ?? undefined)
}

function normalizeAddress(a: string | null | undefined): string | null {
  if (!a) {
    return null
  }
  return a.startsWith("::ffff:") && a.includes(".") ? a.slice(7) : a
}
