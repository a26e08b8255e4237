import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { pickCampaignWinnerWorkflow } from "../../../../../../workflows/campaigns"
import { loadCampaign, marketing } from "../../helpers"
import type { AdminPickWinnerType } from "../../validators"

/** Pick the A/B winner by hand; the remainder is sent that variant. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPickWinnerType>, res: MedusaResponse) => {
  await pickCampaignWinnerWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      variant: req.validatedBody.variant,
      actor: req.auth_context.actor_id,
      lanes: marketing(req.scope).getOptions().send_concurrency,
    },
  })
  res.json({ campaign: await loadCampaign(req.scope, req.params.id, req.queryConfig.fields) })
}
