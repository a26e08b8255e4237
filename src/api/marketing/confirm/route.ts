import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { buildContactLinks } from "../../../lib/links"
import { renderConfirmResultPage } from "../../../lib/system-emails"
import { confirmSubscriptionWorkflow } from "../../../workflows/confirm-subscription"
import { marketingOptions, pageRoute, requestContext, sendPage } from "../helpers"
import type { PageTokenQueryType } from "../validators"

/** GET /marketing/confirm?token=… — the double-opt-in link: confirms and says so. */
export const GET = pageRoute(async (req: MedusaRequest<unknown, PageTokenQueryType>, res: MedusaResponse) => {
  if (req.method === "HEAD") {
    // link prefetchers probe with HEAD: answer without confirming anything
    res.status(200).setHeader("Content-Type", "text/html; charset=utf-8")
    res.end()
    return
  }
  const options = marketingOptions(req.scope)
  const { result } = await confirmSubscriptionWorkflow(req.scope).run({
    input: { token: req.validatedQuery.token, ...requestContext(req) },
  })
  const links =
    result.outcome === "blocked"
      ? null
      : buildContactLinks({ publicUrl: options.public_url, secret: options.secret, contactId: result.contact_id })
  sendPage(
    res,
    renderConfirmResultPage({
      storeName: options.store_name,
      outcome: result.outcome,
      preferencesUrl: links?.preferences_url,
    })
  )
})
