import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { marketing } from "../../helpers"
import type { AdminGetCampaignReportParamsType } from "../../../analytics/validators"

/** A campaign's results: per-variant numbers, revenue, link map and opens/clicks over time. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetCampaignReportParamsType>, res: MedusaResponse) => {
  const { interval } = req.validatedQuery as AdminGetCampaignReportParamsType
  const report = await marketing(req.scope).campaignReport(req.params.id, { interval })
  res.json({ report })
}
