import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { syncCustomerContactsWorkflow } from "../workflows/sync-customer-contacts"

/** Every customer has a contact for their address, linked to them. */
export default async function customerContactSync({ event, container }: SubscriberArgs<{ id: string }>) {
  await syncCustomerContactsWorkflow(container).run({ input: { customer_ids: [event.data.id] } })
}

export const config: SubscriberConfig = {
  event: ["customer.created", "customer.updated"],
  context: { subscriberId: "marketing-customer-contact-sync" },
}
