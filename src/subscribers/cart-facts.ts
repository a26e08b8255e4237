import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncCartFactsWorkflow } from "../workflows/sync-cart-facts"

/** Carts with an address become facts for "has an open cart" rules and abandoned-cart flows. */
export default async function cartFacts({ event, container }: SubscriberArgs<{ id: string }>) {
  await syncCartFactsWorkflow(container).run({ input: { cart_ids: [event.data.id] } })
}

export const config: SubscriberConfig = {
  event: ["cart.created", "cart.updated", "cart.customer_updated", "cart.region_updated"],
  context: { subscriberId: "marketing-cart-facts" },
}
