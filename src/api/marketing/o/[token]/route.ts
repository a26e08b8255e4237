import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { openReply } from "../../../../lib/tracking/respond"
import { hitRequest, marketing, sendTrackingReply } from "../../tracking-helpers"

/**
 * GET /marketing/o/:token.gif — the open pixel (the dedicated tracking
 * listener answers the same, faster, when MARKETING_TRACKING_PORT is set).
 * Always a 1x1 GIF; the hit is queued for a batched write.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const reply = openReply(String(req.params.token ?? ""), hitRequest(req), marketing(req).trackingResponder())
  sendTrackingReply(res, reply)
}
