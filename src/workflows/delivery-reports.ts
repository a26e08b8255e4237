import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { DeliveryReport } from "../modules/marketing/tracking-sql"
import { complaintBreakerStep, recordDeliveryReportsStep } from "./steps/delivery-reports"

export type ProcessDeliveryReportsInput = { reports: DeliveryReport[] }

/**
 * Delivery reports from an ESP webhook: record them (bounces and complaints
 * suppress), then pause any sending campaign whose complaint rate crossed
 * the limit.
 */
export const processDeliveryReportsWorkflow = createWorkflow(
  "marketing-process-delivery-reports",
  (input: ProcessDeliveryReportsInput) => {
    const result = recordDeliveryReportsStep({ reports: input.reports })
    const breaker = complaintBreakerStep({ result })
    return new WorkflowResponse(
      transform({ result, breaker }, ({ result, breaker }) => ({
        recorded: result.recorded,
        duplicates: result.duplicates,
        suppressed: result.hard_bounces.length + result.complaints.length + result.soft_bounce_limit_reached.length,
        paused_campaign_ids: breaker.paused,
      }))
    )
  }
)
