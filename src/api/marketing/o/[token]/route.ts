import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verifyTrackingToken } from "../../../../lib/tracking"
import { marketing, NO_STORE_HEADERS, PIXEL_GIF, queueHit } from "../../tracking-helpers"

/**
 * GET /marketing/o/:token.gif — the open pixel. Always answers a 1x1 GIF
 * (a bad token gets it with 404, so no mail client shows a broken image)
 * and never waits for the database: the hit is queued for a batched write.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const service = marketing(req)
  const token = String(req.params.token ?? "").replace(/\.gif$/, "")
  const verified = verifyTrackingToken(token, service.getOptions().secret)
  res.set(NO_STORE_HEADERS)
  res.set("Content-Type", "image/gif")
  if (!verified.ok || verified.claims.kind !== "open") {
    res.status(404).end(PIXEL_GIF)
    return
  }
  queueHit(req, service, { kind: "open", message_id: verified.claims.message_id })
  res.status(200).end(PIXEL_GIF)
}
