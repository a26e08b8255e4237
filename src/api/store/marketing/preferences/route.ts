import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateContactPreferencesWorkflow } from "../../../../workflows/update-contact-preferences"
import { readSubscriptionToken } from "../../../../workflows/steps/subscription-verify-token"
import { loadPreferences, marketingOptions, requestContext } from "../../../marketing/helpers"
import type { StoreGetPreferencesType, StoreUpdatePreferencesType } from "../validators"

function present(prefs: Awaited<ReturnType<typeof loadPreferences>>) {
  const { contact_id: _id, ...rest } = prefs
  return rest
}

/** GET /store/marketing/preferences?token=… — the preference centre's data. */
export const GET = async (req: MedusaRequest<unknown, StoreGetPreferencesType>, res: MedusaResponse) => {
  const options = marketingOptions(req.scope)
  const { contact_id } = readSubscriptionToken(req.validatedQuery.token, options.secret, "preferences")
  res.json({ preferences: present(await loadPreferences(req.scope, contact_id)) })
}

/** POST /store/marketing/preferences — { token, topics: { handle: boolean }, unsubscribe_all? } */
export const POST = async (req: MedusaRequest<StoreUpdatePreferencesType>, res: MedusaResponse) => {
  const { token, topics, unsubscribe_all } = req.validatedBody
  const { result } = await updateContactPreferencesWorkflow(req.scope).run({
    input: { token, topics: topics ?? null, unsubscribe_all: unsubscribe_all ?? false, ...requestContext(req) },
  })
  res.json({
    preferences: present(await loadPreferences(req.scope, result.contact_id)),
    changes: {
      granted: result.granted,
      withdrawn: result.withdrawn,
      unsubscribed: result.unsubscribed,
      blocked: result.blocked,
    },
  })
}
