import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteCampaignsWorkflow, updateCampaignWorkflow } from "../../../../../workflows/campaigns"
import { loadCampaign } from "../helpers"
import type { AdminUpdateCampaignType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ campaign: await loadCampaign(req.scope, req.params.id, req.queryConfig.fields) })
}

/** Edit a draft or scheduled campaign. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateCampaignType>, res: MedusaResponse) => {
  await updateCampaignWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
  res.json({ campaign: await loadCampaign(req.scope, req.params.id, req.queryConfig.fields) })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteCampaignsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "campaign", deleted: true })
}
