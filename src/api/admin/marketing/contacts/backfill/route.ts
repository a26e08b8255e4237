import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { backfillContactsWorkflow } from "../../../../../workflows/backfill-contacts"

/** Create contacts for every customer and guest order address now (the nightly job does the same). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const { result } = await backfillContactsWorkflow(req.scope).run({ input: {} })
  res.json(result)
}
