import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { marketing } from "../helpers"
import type { AdminEstimateCampaignType } from "../validators"

/**
 * Who an audience would reach, after suppressions, unsubscribes, topic
 * opt-outs and the frequency cap (the store default when not given).
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminEstimateCampaignType>, res: MedusaResponse) => {
  const service = marketing(req.scope)
  const body = req.validatedBody
  const estimate = await service.estimateCampaignAudience({
    include_segment_ids: body.include_segment_ids,
    exclude_segment_ids: body.exclude_segment_ids ?? [],
    topic_id: body.topic_id ?? null,
    frequency_cap_hours: body.frequency_cap_hours ?? service.getOptions().frequency_cap_hours,
  })
  res.json({ estimate })
}
