import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  cancelUnsentMessagesStep,
  CampaignInput,
  CampaignUpdateInput,
  createCampaignStep,
  deleteCampaignsStep,
  CampaignTestInput,
  pickCampaignWinnerStep,
  prepareCampaignTestStep,
  PickWinnerInput,
  prepareCampaignSendStep,
  PrepareSendInput,
  recordCampaignLinksStep,
  refreshAudienceSegmentsStep,
  snapshotCampaignStep,
  transitionCampaignStep,
  updateCampaignStep,
} from "./steps/campaigns"
import { sendCampaignBatchStep } from "./steps/send-campaign-batch"
import { sendTemplateTestStep } from "./steps/templates"

export const CampaignEvents = {
  CREATED: "marketing.campaign.created",
  UPDATED: "marketing.campaign.updated",
  DELETED: "marketing.campaign.deleted",
  SCHEDULED: "marketing.campaign.scheduled",
  STARTED: "marketing.campaign.started",
  PAUSED: "marketing.campaign.paused",
  RESUMED: "marketing.campaign.resumed",
  CANCELLED: "marketing.campaign.cancelled",
  /** a send lane should run for the campaign: { id } (one event per lane; any worker takes it) */
  SEND_REQUESTED: "marketing.campaign.send_requested",
} as const

const lanesOf = (id: string, lanes: number) => Array.from({ length: lanes }, () => ({ id }))

export const createCampaignWorkflow = createWorkflow("marketing-create-campaign", (input: CampaignInput) => {
  const campaign = createCampaignStep(input)
  emitEventStep({ eventName: CampaignEvents.CREATED, data: transform({ campaign }, ({ campaign }) => ({ id: campaign.id })) })
  return new WorkflowResponse(campaign)
})

/** Edit a draft or scheduled campaign (a sending one must be paused or cancelled first). */
export const updateCampaignWorkflow = createWorkflow("marketing-update-campaign", (input: CampaignUpdateInput) => {
  const campaign = updateCampaignStep(input)
  emitEventStep({ eventName: CampaignEvents.UPDATED, data: transform({ input }, ({ input }) => ({ id: input.id })) })
  return new WorkflowResponse(campaign)
})

export const deleteCampaignsWorkflow = createWorkflow("marketing-delete-campaigns", (input: { ids: string[] }) => {
  const ids = deleteCampaignsStep(input.ids)
  emitEventStep({ eventName: CampaignEvents.DELETED, data: transform({ ids }, ({ ids }) => ids.map((id) => ({ id }))) })
  return new WorkflowResponse(ids)
})

/**
 * Send a campaign now or at `scheduled_at`. Checked first (status, audience,
 * time, every variant's template compiled and linted). Scheduling only
 * records the time; starting freezes the compiled content, refreshes the
 * audience's segments, snapshots the audience into the send ledger in one
 * statement and asks for send lanes, which any worker picks up.
 */
export const sendCampaignWorkflow = createWorkflow(
  "marketing-send-campaign",
  (input: PrepareSendInput & { actor?: string | null }) => {
    const prepared = prepareCampaignSendStep(input)

    when({ prepared }, ({ prepared }) => prepared.mode === "schedule").then(() => {
      transitionCampaignStep(
        transform({ prepared, input }, ({ prepared, input }) => ({
          id: prepared.id,
          action: "schedule" as const,
          actor: input.actor,
          patch: { scheduled_at: prepared.scheduled_at },
        }))
      ).config({ name: "schedule-campaign" })
      emitEventStep({
        eventName: CampaignEvents.SCHEDULED,
        data: transform({ prepared }, ({ prepared }) => ({ id: prepared.id })),
      }).config({ name: "emit-campaign-scheduled" })
    })

    const snapshot = when({ prepared }, ({ prepared }) => prepared.mode === "start").then(() => {
      transitionCampaignStep(
        transform({ prepared, input }, ({ prepared, input }) => ({
          id: prepared.id,
          action: "start" as const,
          actor: input.actor,
          patch: {
            content: prepared.content,
            started_at: new Date(),
            winner_due_at: prepared.winner_due_at,
            rate_next_at: null,
          },
        }))
      ).config({ name: "start-campaign" })
      recordCampaignLinksStep(transform({ prepared }, ({ prepared }) => ({ id: prepared.id, content: prepared.content })))
      refreshAudienceSegmentsStep(
        transform({ prepared }, ({ prepared }) => ({
          segment_ids: [...prepared.include_segment_ids, ...prepared.exclude_segment_ids],
        }))
      )
      const result = snapshotCampaignStep(
        transform({ prepared }, ({ prepared }) => ({ id: prepared.id, frequency_cap_hours: prepared.frequency_cap_hours }))
      )
      emitEventStep({
        eventName: CampaignEvents.STARTED,
        data: transform({ prepared }, ({ prepared }) => ({ id: prepared.id })),
      }).config({ name: "emit-campaign-started" })
      emitEventStep({
        eventName: CampaignEvents.SEND_REQUESTED,
        data: transform({ prepared }, ({ prepared }) => lanesOf(prepared.id, prepared.lanes)),
      }).config({ name: "emit-campaign-send-requested" })
      return result
    })

    return new WorkflowResponse({ id: input.id, snapshot })
  }
)

type ControlInput = { id: string; actor?: string | null; reason?: string | null; lanes?: number }

export const pauseCampaignWorkflow = createWorkflow("marketing-pause-campaign", (input: ControlInput) => {
  transitionCampaignStep(
    transform({ input }, ({ input }) => ({
      id: input.id,
      action: "pause" as const,
      actor: input.actor,
      reason: input.reason,
      patch: { paused_at: new Date(), pause_reason: input.reason ?? null },
    }))
  )
  emitEventStep({ eventName: CampaignEvents.PAUSED, data: transform({ input }, ({ input }) => ({ id: input.id })) })
  return new WorkflowResponse({ id: input.id })
})

export const resumeCampaignWorkflow = createWorkflow(
  "marketing-resume-campaign",
  (input: ControlInput) => {
    transitionCampaignStep(
      transform({ input }, ({ input }) => ({
        id: input.id,
        action: "resume" as const,
        actor: input.actor,
        reason: input.reason,
        patch: { paused_at: null, pause_reason: null },
      }))
    )
    emitEventStep({ eventName: CampaignEvents.RESUMED, data: transform({ input }, ({ input }) => ({ id: input.id })) })
    emitEventStep({
      eventName: CampaignEvents.SEND_REQUESTED,
      data: transform({ input }, ({ input }) => lanesOf(input.id, input.lanes ?? 1)),
    }).config({ name: "emit-campaign-send-requested" })
    return new WorkflowResponse({ id: input.id })
  }
)

/** Cancel a campaign: nothing more is sent; what was sent stays recorded. */
export const cancelCampaignWorkflow = createWorkflow("marketing-cancel-campaign", (input: ControlInput) => {
  transitionCampaignStep(
    transform({ input }, ({ input }) => ({
      id: input.id,
      action: "cancel" as const,
      actor: input.actor,
      reason: input.reason,
      patch: { cancelled_at: new Date() },
    }))
  )
  const cancelled = cancelUnsentMessagesStep(transform({ input }, ({ input }) => ({ id: input.id })))
  emitEventStep({ eventName: CampaignEvents.CANCELLED, data: transform({ input }, ({ input }) => ({ id: input.id })) })
  return new WorkflowResponse({ id: input.id, cancelled })
})

export const unscheduleCampaignWorkflow = createWorkflow("marketing-unschedule-campaign", (input: ControlInput) => {
  transitionCampaignStep(
    transform({ input }, ({ input }) => ({
      id: input.id,
      action: "unschedule" as const,
      actor: input.actor,
      reason: input.reason,
      patch: { scheduled_at: null },
    }))
  )
  return new WorkflowResponse({ id: input.id })
})

/** Pick the A/B winner (by hand, or the leader when the wait window ends) and send it to the remainder. */
export const pickCampaignWinnerWorkflow = createWorkflow(
  "marketing-pick-campaign-winner",
  (input: PickWinnerInput & { lanes?: number }) => {
    const result = pickCampaignWinnerStep(input)
    emitEventStep({
      eventName: CampaignEvents.SEND_REQUESTED,
      data: transform({ input }, ({ input }) => lanesOf(input.id, input.lanes ?? 1)),
    })
    return new WorkflowResponse(result)
  }
)

/** One batch of a campaign's send (what every worker's send lane repeats). */
export const sendCampaignBatchWorkflow = createWorkflow(
  "marketing-send-campaign-batch",
  (input: { campaign_id: string }) => {
    return new WorkflowResponse(sendCampaignBatchStep(input))
  }
)

/** Send the campaign's content (every variant) to a few addresses as a test. */
export const sendCampaignTestWorkflow = createWorkflow("marketing-send-campaign-test", (input: CampaignTestInput) => {
  const prepared = prepareCampaignTestStep(input)
  return new WorkflowResponse(sendTemplateTestStep(prepared))
})
