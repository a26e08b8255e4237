import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../../modules/marketing/service"
import { sendContactsCsv } from "../../../contacts-csv"
import { refetchEntity } from "../../../helpers"

/** The segment's current members as CSV (same columns as the contacts export). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const segment = await refetchEntity("segment", req.params.id, req.scope, ["id", "handle"])
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  await sendContactsCsv(res, marketing, { segment_id: segment.id }, `segment-${segment.handle ?? segment.id}`)
}
