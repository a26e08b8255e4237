import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../../modules/marketing/service"
import { overviewCsv, sendCsv } from "../../csv"
import type { AdminGetOverviewParamsType } from "../../validators"

/** The overview as CSV, one row per day. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetOverviewParamsType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const overview = await marketing.analyticsOverview(req.validatedQuery as AdminGetOverviewParamsType)
  const day = (iso: string) => iso.slice(0, 10)
  sendCsv(res, `marketing-overview-${day(overview.period.from)}-${day(overview.period.to)}-${overview.currency}.csv`, overviewCsv(overview))
}
