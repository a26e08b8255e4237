import type { MedusaContainer } from "@medusajs/framework/types"
import { checkOrderFactsDriftWorkflow } from "../workflows/check-order-facts-drift"

/** Nightly: re-record orders whose facts drifted from Medusa's orders (missed or late events). */
export default async function checkOrderFactsDriftJob(container: MedusaContainer) {
  await checkOrderFactsDriftWorkflow(container).run({ input: {} })
}

export const config = {
  name: "marketing-check-order-facts-drift",
  schedule: "0 3 * * *",
}
