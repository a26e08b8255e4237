import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { refreshSegmentsWorkflow } from "../../../../../../workflows/segments"
import { refetchEntity } from "../../../helpers"

/** Recompute a segment's members now (who entered, who left). */
export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchEntity("segment", req.params.id, req.scope, ["id"])
  const { result } = await refreshSegmentsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  if (result.failed.length) {
    // a refresh error names the rule problem or the time limit: the caller can act on it
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, result.failed[0].error)
  }
  const segment = await refetchEntity("segment", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ segment, result: result.results[0] })
}
