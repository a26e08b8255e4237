import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../modules/marketing/service"
import type { AdminPreviewSegmentType } from "../../validators"

/** Count and first page of the contacts unsaved rules match, with how long it took. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewSegmentType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const { rules, segment_id, limit, offset } = req.validatedBody
  const preview = await marketing.previewSegment(rules, { segment_id, limit, offset })
  res.json(preview)
}
