import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { Logger } from "@medusajs/framework/types"
import { complaintPauseReason } from "../../lib/campaigns"
import type { DeliveryReport, DeliveryResult } from "../../modules/marketing/tracking-sql"
import { marketingService } from "./subscription-shared"

/**
 * Record ESP delivery reports: events (deduplicated on the provider's id),
 * message delivery/bounce/complaint times, suppressions and contact status.
 * Nothing to undo: a report is a fact from the outside, recording it twice
 * changes nothing, and a suppression it caused is right on its own.
 */
export const recordDeliveryReportsStep = createStep(
  "marketing-record-delivery-reports",
  async (input: { reports: DeliveryReport[] }, { container }) => {
    const result = await marketingService(container).recordDeliveryReports(input.reports)
    return new StepResponse(result)
  }
)

/**
 * The complaint-rate breaker: a sending campaign whose spam complaints cross
 * the limit (after the minimum sample) is paused with the reason, before the
 * rest of the list burns the sender's reputation.
 */
export const complaintBreakerStep = createStep(
  "marketing-complaint-breaker",
  async (input: { result: DeliveryResult }, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const paused: string[] = []
    const rates = await service.campaignComplaintRates(input.result.complained_campaign_ids)
    for (const r of rates) {
      const reason = complaintPauseReason(r, {
        maxComplaintRate: options.complaint_rate_limit,
        minSample: options.complaint_min_sample,
      })
      if (!reason || r.status !== "sending") {
        continue
      }
      try {
        await service.transitionCampaign(r.campaign_id, "pause", {
          actor: "system",
          reason,
          patch: { paused_at: new Date(), pause_reason: reason },
        })
        paused.push(r.campaign_id)
        container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`Campaign ${r.campaign_id}: ${reason}`)
      } catch {
        // paused or cancelled by someone else in the meantime
      }
    }
    return new StepResponse({ paused })
  }
)
