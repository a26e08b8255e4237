import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { describeSegmentFields } from "../../../../lib/segments"

/** Every field a segment rule may use, with its operators and value shapes (for the builder and the AI). */
export const GET = async (_req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json(describeSegmentFields())
}
