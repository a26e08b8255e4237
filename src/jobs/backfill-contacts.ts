import type { MedusaContainer } from "@medusajs/framework/types"
import { backfillContactsWorkflow } from "../workflows/backfill-contacts"

/**
 * Nightly safety net: contacts for customers and guest orders that arrived
 * while the event bus was down or before the plugin was installed.
 */
export default async function backfillContactsJob(container: MedusaContainer) {
  await backfillContactsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "marketing-backfill-contacts",
  schedule: "30 3 * * *",
}
