import type { MedusaContainer } from "@medusajs/framework/types"
import { dispatchCampaignSendsWorkflow } from "../workflows/dispatch-campaign-sends"

const TICK_SECONDS = (() => {
  const v = Number(process.env.MARKETING_SEND_TICK_SECONDS)
  return Number.isFinite(v) && v >= 1 ? v : 10
})()

/**
 * The send clock (every MARKETING_SEND_TICK_SECONDS, default 10): starts
 * scheduled campaigns that are due, picks A/B winners whose wait ended, and
 * requests send lanes for every sending campaign with work, which is how a
 * send carries on after a worker dies.
 */
export default async function dispatchCampaignSendsJob(container: MedusaContainer) {
  await dispatchCampaignSendsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "marketing-dispatch-campaign-sends",
  schedule: { interval: TICK_SECONDS * 1000 },
}
