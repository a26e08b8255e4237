import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../../modules/marketing/service"
import type { AdminGetContactActivityParamsType } from "../../../analytics/validators"

/** What happened with a contact's emails (deliveries, opens, clicks, bounces...), newest first. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetContactActivityParamsType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const { limit, offset } = req.validatedQuery as AdminGetContactActivityParamsType
  const { events, count } = await marketing.contactActivity(req.params.id, { limit, offset })
  res.json({ events, count, limit, offset })
}
