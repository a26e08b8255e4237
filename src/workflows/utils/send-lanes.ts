import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { sendCampaignBatchWorkflow } from "../campaigns"
import { marketingService } from "../steps/subscription-shared"

/**
 * Send lanes: a lane repeats the one-batch workflow for a campaign until
 * nothing is left to claim. Each process runs at most `send_concurrency`
 * lanes per campaign (so one worker keeps its SMTP pool busy while the next
 * batch is claimed and rendered); more workers add more lanes, and the
 * SKIP LOCKED claims keep them from sending the same message.
 */
const active = new Map<string, number>()
const lastLog = new Map<string, number>()

/** A lane gives its place back after this long so other campaigns and workers get a turn. */
const LANE_MAX_MS = 10 * 60_000
const LOG_EVERY_MS = 10_000

export async function runSendLane(container: MedusaContainer, campaignId: string): Promise<void> {
  const service = marketingService(container)
  const options = service.getOptions()
  const running = active.get(campaignId) ?? 0
  if (running >= Math.max(1, options.send_concurrency)) {
    return
  }
  active.set(campaignId, running + 1)
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const started = Date.now()
  try {
    if (running === 0) {
      const released = await service.releaseExpiredMessageLeases(campaignId)
      if (released) {
        logger.warn(`Campaign ${campaignId}: ${released} messages of a stopped worker are queued again`)
      }
    }
    // (a lane that runs dry also takes back expired leases, see sendCampaignBatchStep)
    while (Date.now() - started < LANE_MAX_MS) {
      const { result } = await sendCampaignBatchWorkflow(container).run({ input: { campaign_id: campaignId } })
      logProgress(container, campaignId, logger)
      if (result.claimed === 0 || result.paused) {
        break
      }
    }
    if (await service.completeCampaignIfDone(campaignId)) {
      const p = (await service.campaignProgress([campaignId])).get(campaignId)
      logger.info(
        `Campaign ${campaignId} sent: ${p?.sent ?? 0} sent, ${p?.failed ?? 0} failed, ${p?.skipped ?? 0} skipped`
      )
    }
  } finally {
    const left = (active.get(campaignId) ?? 1) - 1
    if (left > 0) {
      active.set(campaignId, left)
    } else {
      active.delete(campaignId)
    }
  }
}

function logProgress(container: MedusaContainer, campaignId: string, logger: Logger) {
  const now = Date.now()
  if (now - (lastLog.get(campaignId) ?? 0) < LOG_EVERY_MS) {
    return
  }
  lastLog.set(campaignId, now)
  void marketingService(container)
    .campaignProgress([campaignId])
    .then((m) => {
      const p = m.get(campaignId)
      if (p) {
        logger.info(
          `Campaign ${campaignId}: ${p.percent}% (${p.sent} sent, ${p.failed} failed, ${p.remaining} to go)` +
            (p.rate_per_s ? `, ${p.rate_per_s} msg/s` : "") +
            (p.eta_s ? `, about ${Math.ceil(p.eta_s / 60)} min left` : "")
        )
      }
    })
    .catch(() => undefined)
}
