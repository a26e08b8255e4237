import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { HitRequest, TrackingReply } from "../../lib/tracking/respond"
import type { TrackingHit } from "../../modules/marketing/tracking-sql"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

export function marketing(req: MedusaRequest): MarketingModuleService {
  return req.scope.resolve<MarketingModuleService>(MARKETING_MODULE)
}

/** The request as tracking sees it (Express has applied Medusa's "trust proxy" to req.ip). */
export function hitRequest(req: MedusaRequest): HitRequest {
  return { method: req.method, ip: req.ip ?? null, user_agent: req.get("user-agent") }
}

/** Queue one recipient hit for the batched write; false when it is not counted. */
export function queueHit(
  req: MedusaRequest,
  service: MarketingModuleService,
  hit: Pick<TrackingHit, "kind" | "message_id" | "source_id" | "link">
): boolean {
  return service.trackRequestHit(hit, hitRequest(req))
}

/** Write a tracking reply (lib/tracking/respond) as it is. */
export function sendTrackingReply(res: MedusaResponse, reply: TrackingReply): void {
  res.status(reply.status).set(reply.headers).end(reply.body)
}
