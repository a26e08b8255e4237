import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { CampaignEvents } from "../workflows/campaigns"
import { runSendLane } from "../workflows/utils/send-lanes"

/**
 * A send lane for a campaign on whichever worker takes the event: it runs
 * the one-batch workflow until the campaign has nothing left to claim.
 */
export default async function campaignSend({ event, container }: SubscriberArgs<{ id: string }>) {
  await runSendLane(container, event.data.id)
}

export const config: SubscriberConfig = {
  event: CampaignEvents.SEND_REQUESTED,
  context: { subscriberId: "marketing-campaign-send" },
}
