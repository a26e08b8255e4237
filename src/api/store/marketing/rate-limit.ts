import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { normalizeEmail } from "../../../lib/email"
import { FixedWindowLimiter } from "../../../lib/rate-limit"
import { marketingOptions } from "../../marketing/helpers"

/*
 * Sign-up limits, per process (see src/lib/rate-limit.ts): per client IP
 * (Medusa trusts one proxy hop for req.ip) and per normalised address.
 */
const limiters = new Map<string, FixedWindowLimiter>()

function limiter(kind: string, limit: number, windowSeconds: number): FixedWindowLimiter {
  const key = `${kind}:${limit}:${windowSeconds}`
  let l = limiters.get(key)
  if (!l) {
    l = new FixedWindowLimiter(limit, windowSeconds * 1000)
    limiters.set(key, l)
  }
  return l
}

function tooMany(res: MedusaResponse, retryAfterMs: number, message: string) {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000))
  res.setHeader("Retry-After", String(seconds))
  res.status(429).json({
    type: "not_allowed",
    message: `${message} Try again in ${seconds} second${seconds === 1 ? "" : "s"}.`,
  })
}

/** Before validation: every attempt from an IP counts, valid or not. */
export function limitSignupsPerIp(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const options = marketingOptions(req.scope)
  const ip = req.ip ?? "unknown"
  const hit = limiter("ip", options.rate_limit_per_ip, options.rate_limit_window_seconds).hit(`ip:${ip}`)
  if (!hit.allowed) {
    return tooMany(res, hit.retryAfterMs, "Too many sign-up attempts from your network.")
  }
  next()
}

/** After validation: attempts for one address, whoever makes them. */
export function limitSignupsPerEmail(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
  const options = marketingOptions(req.scope)
  const email = normalizeEmail(String((req.validatedBody as any)?.email ?? ""))
  const hit = limiter("email", options.rate_limit_per_email, options.rate_limit_window_seconds).hit(`email:${email}`)
  if (!hit.allowed) {
    return tooMany(res, hit.retryAfterMs, "Too many sign-up attempts for this email address.")
  }
  next()
}
