import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createCampaignWorkflow } from "../../../../workflows/campaigns"
import { loadCampaign, withProgress } from "./helpers"
import type { AdminCreateCampaignType } from "./validators"

/** Campaigns, newest first by default, each with its send progress. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data, metadata } = await query.graph({
    entity: "marketing_campaign",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  const campaigns = await withProgress(req.scope, data as { id: string }[])
  res.json({ campaigns, count: metadata!.count, offset: metadata!.skip, limit: metadata!.take })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateCampaignType>, res: MedusaResponse) => {
  const { result } = await createCampaignWorkflow(req.scope).run({ input: req.validatedBody })
  res.status(201).json({ campaign: await loadCampaign(req.scope, result.id, req.queryConfig.fields) })
}
