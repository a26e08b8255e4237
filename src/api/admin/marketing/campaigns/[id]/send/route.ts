import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendCampaignWorkflow } from "../../../../../../workflows/campaigns"
import { loadCampaign } from "../../helpers"
import type { AdminSendCampaignType } from "../../validators"

/** Send now, or schedule for `scheduled_at` (UTC). */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSendCampaignType>, res: MedusaResponse) => {
  await sendCampaignWorkflow(req.scope).run({
    input: { id: req.params.id, scheduled_at: req.validatedBody.scheduled_at ?? null, actor: req.auth_context.actor_id },
  })
  res.json({ campaign: await loadCampaign(req.scope, req.params.id, req.queryConfig.fields) })
}
