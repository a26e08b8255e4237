import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../modules/marketing/service"
import type { AdminGetOverviewParamsType } from "../validators"

/** Store-wide email marketing numbers for a period (default: the last 30 days). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetOverviewParamsType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const overview = await marketing.analyticsOverview(req.validatedQuery as AdminGetOverviewParamsType)
  res.json({ overview })
}
