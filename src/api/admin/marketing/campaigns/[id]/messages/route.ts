import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { AdminGetCampaignMessagesParamsType } from "../../validators"

/** The campaign's send ledger: who got it, who was skipped and why, what failed. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetCampaignMessagesParamsType>, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { q, ...filters } = req.filterableFields as Record<string, unknown>
  const { data: messages, metadata } = await query.graph({
    entity: "message",
    fields: req.queryConfig.fields,
    filters: {
      ...filters,
      campaign_id: req.params.id,
      ...(typeof q === "string" && q ? { email: { $ilike: `%${q.replace(/[%_\\]/g, "\\$&")}%` } } : {}),
    },
    pagination: req.queryConfig.pagination,
  })
  res.json({ messages, count: metadata!.count, offset: metadata!.skip, limit: metadata!.take })
}
