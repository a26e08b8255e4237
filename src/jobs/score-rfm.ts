import type { MedusaContainer } from "@medusajs/framework/types"
import { scoreRfmWorkflow } from "../workflows/score-rfm"

/** Nightly RFM scores and groups over the store's own customers. */
export default async function scoreRfmJob(container: MedusaContainer) {
  await scoreRfmWorkflow(container).run({ input: {} })
}

export const config = {
  name: "marketing-score-rfm",
  schedule: "0 4 * * *",
}
