import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildContactLinks } from "../../../lib/links"
import { verifyTrackingToken } from "../../../lib/tracking"
import { marketing, queueHit } from "../tracking-helpers"
import { renderDonePage, renderUnsubscribeConfirmPage } from "../../../lib/system-emails"
import { unsubscribeContactWorkflow } from "../../../workflows/unsubscribe-contact"
import { readSubscriptionToken } from "../../../workflows/steps/subscription-verify-token"
import { loadPreferences, marketingOptions, pageRoute, requestContext, sendPage, topicName } from "../helpers"
import type { PageTokenQueryType, UnsubscribeFormType } from "../validators"

/**
 * GET /marketing/unsubscribe?token=… — asks before doing anything: link
 * scanners follow every link in an email, and must not unsubscribe anyone.
 */
export const GET = pageRoute(async (req: MedusaRequest<unknown, PageTokenQueryType>, res: MedusaResponse) => {
  const options = marketingOptions(req.scope)
  const token = req.validatedQuery.token
  const { contact_id, claim } = readSubscriptionToken(token, options.secret, "unsubscribe")
  const prefs = await loadPreferences(req.scope, contact_id)
  const links = buildContactLinks({ publicUrl: options.public_url, secret: options.secret, contactId: contact_id })
  sendPage(
    res,
    renderUnsubscribeConfirmPage({
      storeName: options.store_name,
      action: `unsubscribe?token=${encodeURIComponent(token)}${messageParam(req)}`,
      token,
      email: prefs.email,
      topicName: await topicName(req.scope, claim),
      preferencesUrl: links.preferences_url,
    })
  )
})

/**
 * POST /marketing/unsubscribe?token=… — the page's button, or an RFC 8058
 * one-click POST from a mailbox provider (`List-Unsubscribe=One-Click`,
 * urlencoded or multipart, no cookie, no login). Always 200 and idempotent
 * for a valid token.
 */
export const POST = pageRoute(async (req: MedusaRequest<UnsubscribeFormType>, res: MedusaResponse) => {
  const options = marketingOptions(req.scope)
  const body = req.validatedBody
  const oneClick = [body["List-Unsubscribe"]].flat().some((v) => String(v).toLowerCase() === "one-click")
  const { result } = await unsubscribeContactWorkflow(req.scope).run({
    input: {
      token: body.token,
      source: oneClick ? "one_click" : "unsubscribe_page",
      ...requestContext(req),
    },
  })
  recordOnMessage(req)
  const links = buildContactLinks({ publicUrl: options.public_url, secret: options.secret, contactId: result.contact_id })
  const name = await topicName(req.scope, result.topic_handle)
  sendPage(
    res,
    renderDonePage({
      storeName: options.store_name,
      title: "You're unsubscribed",
      message: name
        ? `You will not get “${name}” emails any more.`
        : "You will not get any more marketing email from us.",
      link: { href: links.preferences_url, label: "Manage your preferences" },
    })
  )
})

/** The `m` (message) token of the link, carried from the page to its form. */
function messageParam(req: MedusaRequest): string {
  const m = (req.query as Record<string, unknown>)?.m
  return typeof m === "string" && m.length <= 160 ? `&m=${encodeURIComponent(m)}` : ""
}

/** An unsubscribe from an email's link is an event of the message that carried it. */
function recordOnMessage(req: MedusaRequest): void {
  const m = (req.query as Record<string, unknown>)?.m
  if (typeof m !== "string") {
    return
  }
  const service = marketing(req)
  const verified = verifyTrackingToken(m, service.getOptions().secret)
  if (verified.ok && verified.claims.kind === "view") {
    queueHit(req, service, { kind: "unsubscribe", message_id: verified.claims.message_id })
  }
}
