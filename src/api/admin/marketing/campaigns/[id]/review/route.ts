import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { prepareCampaignContent, type CampaignForContent } from "../../../../../../workflows/utils/send-content"
import { marketing } from "../../helpers"

/**
 * The last look before sending: what would block it (no audience, no
 * template, no subject, template or compliance errors), the warnings, and
 * the audience estimate. Nothing changes.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const service = marketing(req.scope)
  const [campaign] = await service.listMarketingCampaigns({ id: req.params.id })
  if (!campaign) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${req.params.id} was not found`)
  }
  const { errors, warnings } = await prepareCampaignContent(req.scope, campaign as unknown as CampaignForContent)
  const include = (campaign.include_segment_ids as string[]) ?? []
  if (!include.length) {
    errors.unshift({ code: "no_audience", message: "Include at least one segment", path: "include_segment_ids" })
  }
  const estimate = await service.estimateCampaignAudience({
    include_segment_ids: include,
    exclude_segment_ids: (campaign.exclude_segment_ids as string[]) ?? [],
    topic_id: campaign.topic_id,
    frequency_cap_hours: campaign.frequency_cap_hours ?? service.getOptions().frequency_cap_hours,
  })
  if (include.length && estimate.sendable === 0) {
    errors.push({ code: "empty_audience", message: "Nobody in this audience can be emailed right now", path: "include_segment_ids" })
  }
  res.json({ review: { ok: errors.length === 0, errors, warnings, estimate } })
}
