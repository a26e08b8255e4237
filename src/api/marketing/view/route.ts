import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { RECIPIENT_COLUMNS, recipientContext, type RecipientRow } from "../../../lib/campaigns"
import { renderForRecipient } from "../../../lib/templates"
import { fillTrackingPlaceholders, verifyTrackingToken } from "../../../lib/tracking"
import { messageTrackingUrls } from "../../../lib/tracking/urls"
import { loadSendContent } from "../../../workflows/utils/send-content"
import { pageRoute } from "../helpers"
import { NO_STORE_HEADERS } from "../../../lib/tracking/respond"
import { marketing, queueHit } from "../tracking-helpers"

/**
 * GET /marketing/view?token=… — the email as a web page ("view in
 * browser"), rendered again from the campaign's frozen content for the
 * message's contact, with working tracked links and no open pixel (the view
 * itself is recorded). Only for messages that were sent, and never for an
 * erased contact.
 */
export const GET = pageRoute(async (req: MedusaRequest, res: MedusaResponse) => {
  const service = marketing(req)
  const options = service.getOptions()
  const verified = verifyTrackingToken(typeof req.query.token === "string" ? req.query.token : null, options.secret)
  if (!verified.ok || verified.claims.kind !== "view") {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "This link is not valid. Copy the whole link from the email and try again.")
  }
  const messageId = verified.claims.message_id
  const [message] = await service.listMessages(
    { id: messageId },
    { select: ["id", "campaign_id", "contact_id", "variant", "status"] }
  )
  if (!message?.campaign_id || message.status !== "sent") {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "This email is no longer available.")
  }
  const [contact] = await service.listContacts({ id: message.contact_id }, { select: [...RECIPIENT_COLUMNS, "erased_at"] })
  if (!contact || (contact as { erased_at?: Date | null }).erased_at) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, "This email is no longer available.")
  }
  const content = await loadSendContent(req.scope, message.campaign_id)
  const variant = content.variants[message.variant ?? 0] ?? content.variants[0]
  const { context } = recipientContext(contact as unknown as RecipientRow, content.shared)
  const urls = messageTrackingUrls({
    publicUrl: options.public_url,
    trackingUrl: options.tracking_url,
    secret: options.secret,
    messageId,
    sourceId: message.campaign_id,
  })
  context.view_in_browser_url = urls.view
  const html = fillTrackingPlaceholders(renderForRecipient(variant.compiled, context).html, { open: null, click: urls.click })
  queueHit(req, service, { kind: "view", message_id: messageId })
  res.set(NO_STORE_HEADERS)
  res.setHeader("Content-Type", "text/html; charset=utf-8")
  // the email's own markup: no scripts run, nothing frames it
  res.setHeader("Content-Security-Policy", "script-src 'none'; object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
  res.status(200).send(html)
})
