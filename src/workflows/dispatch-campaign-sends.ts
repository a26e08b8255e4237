import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, createWorkflow, StepResponse, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { Logger } from "@medusajs/framework/types"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import { CampaignEvents, pickCampaignWinnerWorkflow, sendCampaignWorkflow, unscheduleCampaignWorkflow } from "./campaigns"
import { marketingService } from "./steps/subscription-shared"

type Dispatched = { started: string[]; failed_to_start: string[]; winners: string[]; lanes: { id: string }[] }

/**
 * The send clock, run by a job every few seconds:
 * - scheduled campaigns whose time has come start (a campaign that no
 *   longer passes its checks goes back to draft, with the reason recorded);
 * - A/B tests whose wait window ended get their winner picked;
 * - every sending campaign with messages to claim (or leases that ran out
 *   because a worker died) gets send lanes requested, so sending resumes on
 *   any worker after a crash or restart.
 * Each part is its own workflow or an idempotent query; nothing to undo here.
 */
export const dispatchCampaignSendsStep = createStep(
  "marketing-dispatch-campaign-sends",
  async (input: { now?: Date }, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
    const now = input.now ?? new Date()
    const out: Dispatched = { started: [], failed_to_start: [], winners: [], lanes: [] }

    const due = await service.listMarketingCampaigns(
      { status: "scheduled", scheduled_at: { $lte: now } } as any,
      { select: ["id"], take: 20, order: { scheduled_at: "ASC" } }
    )
    for (const c of due) {
      try {
        await sendCampaignWorkflow(container).run({ input: { id: c.id, actor: "system" } })
        out.started.push(c.id)
      } catch (e) {
        const reason = `The scheduled send did not start: ${(e as Error).message}`
        logger.warn(`Campaign ${c.id}: ${reason}`)
        await unscheduleCampaignWorkflow(container)
          .run({ input: { id: c.id, actor: "system", reason } })
          .catch(() => undefined)
        out.failed_to_start.push(c.id)
      }
    }

    const winners = await service.listMarketingCampaigns(
      { status: "sending", winner_variant: null, winner_due_at: { $lte: now } } as any,
      { select: ["id", "ab_test"], take: 20 }
    )
    for (const c of winners) {
      if ((c.ab_test as { auto_pick?: boolean } | null)?.auto_pick === false) {
        continue
      }
      try {
        await pickCampaignWinnerWorkflow(container).run({
          input: { id: c.id, actor: "system", lanes: options.send_concurrency },
        })
        out.winners.push(c.id)
      } catch (e) {
        logger.warn(`Campaign ${c.id}: the A/B winner could not be picked: ${(e as Error).message}`)
      }
    }

    for (const id of await service.listCampaignsWithWork()) {
      for (let i = 0; i < Math.max(1, options.send_concurrency); i++) {
        out.lanes.push({ id })
      }
    }
    return new StepResponse(out)
  }
)

export const dispatchCampaignSendsWorkflow = createWorkflow(
  "marketing-dispatch-campaign-sends",
  (input: { now?: Date }) => {
    const dispatched = dispatchCampaignSendsStep(input)
    emitEventStep({
      eventName: CampaignEvents.SEND_REQUESTED,
      data: transform({ dispatched }, ({ dispatched }) => dispatched.lanes),
    })
    return new WorkflowResponse(dispatched)
  }
)
