import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncOrderFactsWorkflow } from "../workflows/sync-order-facts"

/** Every order keeps its contact's commerce metrics current. */
export default async function orderFacts({ event, container }: SubscriberArgs<{ id: string; order_id?: string }>) {
  const id = event.data.order_id ?? event.data.id
  await syncOrderFactsWorkflow(container).run({ input: { order_ids: [id] } })
}

export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled", "order.completed", "order.updated", "order.return_received"],
  context: { subscriberId: "marketing-order-facts" },
}
