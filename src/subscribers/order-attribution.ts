import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { attributeOrdersWorkflow } from "../workflows/attribute-orders"

/** A placed order is credited to the email that earned it, if any did. */
export default async function orderAttribution({ event, container }: SubscriberArgs<{ id: string }>) {
  await attributeOrdersWorkflow(container).run({ input: { order_ids: [event.data.id] } })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "marketing-order-attribution" },
}
