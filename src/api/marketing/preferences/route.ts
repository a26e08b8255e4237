import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildContactLinks } from "../../../lib/links"
import { renderConfirmResultPage, renderDonePage, renderPreferencesPage } from "../../../lib/system-emails"
import { updateContactPreferencesWorkflow } from "../../../workflows/update-contact-preferences"
import { readSubscriptionToken } from "../../../workflows/steps/subscription-verify-token"
import { loadPreferences, marketingOptions, pageRoute, requestContext, sendPage } from "../helpers"
import type { PageTokenQueryType, PreferencesFormType } from "../validators"

function formAction(token: string): string {
  // relative to /marketing/preferences, so it works behind any public URL
  return `preferences?token=${encodeURIComponent(token)}`
}

/** GET /marketing/preferences?token=… — the preference centre form. */
export const GET = pageRoute(async (req: MedusaRequest<unknown, PageTokenQueryType>, res: MedusaResponse) => {
  const options = marketingOptions(req.scope)
  const token = req.validatedQuery.token
  const { contact_id } = readSubscriptionToken(token, options.secret, "preferences")
  const prefs = await loadPreferences(req.scope, contact_id)
  sendPage(
    res,
    renderPreferencesPage({
      storeName: options.store_name,
      action: formAction(token),
      token,
      email: prefs.email,
      status: prefs.status,
      topics: prefs.topics,
    })
  )
})

/** POST /marketing/preferences?token=… — saves the form (ticked topics, or unsubscribe from all). */
export const POST = pageRoute(async (req: MedusaRequest<PreferencesFormType>, res: MedusaResponse) => {
  const options = marketingOptions(req.scope)
  const { token, topics, unsubscribe_all } = req.validatedBody
  const { result } = await updateContactPreferencesWorkflow(req.scope).run({
    input: {
      token,
      selected_topics: unsubscribe_all ? null : topics,
      unsubscribe_all,
      source: "preference_center",
      ...requestContext(req),
    },
  })
  const links = buildContactLinks({ publicUrl: options.public_url, secret: options.secret, contactId: result.contact_id })
  if (result.unsubscribed) {
    sendPage(
      res,
      renderDonePage({
        storeName: options.store_name,
        title: "You're unsubscribed",
        message: "You will not get any more marketing email from us. Changed your mind? You can subscribe again from your preferences.",
        link: { href: links.preferences_url, label: "Back to your preferences" },
      })
    )
    return
  }
  if (result.blocked) {
    sendPage(res, renderConfirmResultPage({ storeName: options.store_name, outcome: "blocked" }))
    return
  }
  const prefs = await loadPreferences(req.scope, result.contact_id)
  sendPage(
    res,
    renderPreferencesPage({
      storeName: options.store_name,
      action: formAction(token),
      token,
      email: prefs.email,
      status: prefs.status,
      topics: prefs.topics,
      saved: true,
    })
  )
})
