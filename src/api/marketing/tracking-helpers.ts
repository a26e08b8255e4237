import type { MedusaRequest } from "@medusajs/framework/http"
import { privacyIp } from "../../lib/tracking"
import { FixedWindowLimiter } from "../../lib/rate-limit"
import type { TrackingHit } from "../../modules/marketing/tracking-sql"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

/** A transparent 1x1 GIF (43 bytes). */
export const PIXEL_GIF = Buffer.from("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7", "base64")

/** Tracking responses are per recipient: never cached by a proxy, never indexed. */
export const NO_STORE_HEADERS = {
  "Cache-Control": "no-store, no-cache, must-revalidate, private, max-age=0",
  Pragma: "no-cache",
  Expires: "0",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
}

let limiter: FixedWindowLimiter | null = null
let limiterLimit = -1

/**
 * Whether this hit is counted. Each IP gets `perMinute` counted hits a minute
 * (0 = no limit); beyond that the pixel and the redirect still answer, so a
 * person behind a busy NAT is never refused a link, but a flood is not written.
 */
function counted(ip: string | null, perMinute: number): boolean {
  if (!perMinute) {
    return true
  }
  if (!limiter || limiterLimit !== perMinute) {
    limiter = new FixedWindowLimiter(perMinute, 60_000)
    limiterLimit = perMinute
  }
  return limiter.hit(`ip:${ip ?? "?"}`).allowed
}

export function marketing(req: MedusaRequest): MarketingModuleService {
  return req.scope.resolve<MarketingModuleService>(MARKETING_MODULE)
}

/** Queue one recipient hit for the batched write; false when it is not counted. */
export function queueHit(
  req: MedusaRequest,
  service: MarketingModuleService,
  hit: Pick<TrackingHit, "kind" | "message_id" | "source_id" | "link">
): boolean {
  const options = service.getOptions()
  const ip = req.ip ?? null
  if (!counted(ip, options.tracking_rate_limit_per_ip)) {
    return false
  }
  const ua = req.get("user-agent")
  const method = req.method === "HEAD" ? "HEAD" : req.method === "POST" ? "POST" : "GET"
  return service.trackHit({
    ...hit,
    at: new Date(),
    user_agent: ua ? ua.slice(0, 512) : null,
    ip: privacyIp(ip, options.tracking_ip),
    raw_ip: ip,
    method,
  })
}
