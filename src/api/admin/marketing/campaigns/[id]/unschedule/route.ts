import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { unscheduleCampaignWorkflow } from "../../../../../../workflows/campaigns"
import { loadCampaign, marketing } from "../../helpers"
import type { AdminCampaignControlType } from "../../validators"

export const POST = async (req: AuthenticatedMedusaRequest<AdminCampaignControlType>, res: MedusaResponse) => {
  await unscheduleCampaignWorkflow(req.scope).run({
    input: {
      id: req.params.id,
      actor: req.auth_context.actor_id,
      reason: req.validatedBody.reason ?? null,
      lanes: marketing(req.scope).getOptions().send_concurrency,
    },
  })
  res.json({ campaign: await loadCampaign(req.scope, req.params.id, req.queryConfig.fields) })
}
