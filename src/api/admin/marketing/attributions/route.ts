import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../modules/marketing"
import type MarketingModuleService from "../../../../modules/marketing/service"
import type { AdminGetAttributionsParamsType } from "../analytics/validators"

/** Which email earned these orders: order_id=a,b (or order_id[]=a&order_id[]=b). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminGetAttributionsParamsType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const { order_id } = req.validatedQuery as AdminGetAttributionsParamsType
  res.json({ attributions: await marketing.listOrderAttributions(order_id) })
}
