import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { verifyTrackingToken } from "../../../../lib/tracking"
import { renderErrorPage } from "../../../../lib/system-emails"
import { sendPage } from "../../helpers"
import { marketing, NO_STORE_HEADERS, queueHit } from "../../tracking-helpers"

/**
 * GET /marketing/c/:token — a tracked link. The token (signed, per message
 * and link) names the campaign and the link's position; the redirect goes to
 * the URL recorded for that position when the send started, and nowhere
 * else: nothing in the token or the query can choose the target, so this is
 * never an open redirect. The hit is queued, not written, on the way.
 */
export const GET = async (req: MedusaRequest, res: MedusaResponse) => {
  const service = marketing(req)
  const options = service.getOptions()
  const verified = verifyTrackingToken(String(req.params.token ?? ""), options.secret)
  const invalid = (status: number, message: string) => {
    res.set(NO_STORE_HEADERS)
    sendPage(res, renderErrorPage({ storeName: options.store_name, status, message }))
  }
  if (!verified.ok || verified.claims.kind !== "click") {
    invalid(404, "This link is not valid. Copy the whole link from the email, or open the email and click it again.")
    return
  }
  const { message_id, source_id, link } = verified.claims
  let url: string | null
  try {
    url = await service.resolveTrackedLink(source_id, link)
  } catch {
    invalid(503, "We could not open this link just now. Please try again in a moment.")
    return
  }
  if (!url) {
    invalid(404, "This link is no longer available.")
    return
  }
  queueHit(req, service, { kind: "click", message_id, source_id, link })
  res.set(NO_STORE_HEADERS)
  res.redirect(302, url)
}
