import type { MedusaContainer } from "@medusajs/framework/types"
import { refreshSegmentsWorkflow } from "../workflows/segments"

/**
 * Every hour (after RFM scoring at 04:00, the 04:10 run sees fresh scores):
 * every dynamic segment's members, in dependency order, with who entered
 * and left, which emits marketing.segment.members_changed for flows.
 */
export default async function refreshSegmentsJob(container: MedusaContainer) {
  await refreshSegmentsWorkflow(container).run({ input: {} })
}

export const config = {
  name: "marketing-refresh-segments",
  schedule: "10 * * * *",
}
