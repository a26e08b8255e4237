import type { MedusaContainer } from "@medusajs/framework/types"
import { backfillContactsWorkflow } from "../workflows/backfill-contacts"

/**
 * Weekly safety net (Sundays): contacts for customers and guest orders that
 * arrived while the event bus was down or before the plugin was installed,
 * and every order's facts re-recorded. The nightly drift check
 * (check-order-facts-drift) catches missed order events far more cheaply.
 */
export default async function backfillContactsJob(container: MedusaContainer) {
  await backfillContactsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "marketing-backfill-contacts",
  schedule: "30 3 * * 0",
}
