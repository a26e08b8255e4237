import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { clickReply } from "../../../../lib/tracking/respond"
import { hitRequest, marketing, sendTrackingReply } from "../../tracking-helpers"

/**
 * GET /marketing/c/:token — a tracked link: a 302 to the URL recorded for the
 * token's link when the send started, never anywhere else (see clickReply).
 * The dedicated tracking listener answers the same when
 * MARKETING_TRACKING_PORT is set. The hit is queued, not written, on the way.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const reply = await clickReply(String(req.params.token ?? ""), hitRequest(req), marketing(req).trackingResponder())
  sendTrackingReply(res, reply)
}
