import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteSegmentsWorkflow, updateSegmentWorkflow } from "../../../../../workflows/segments"
import { refetchEntity } from "../../helpers"
import type { AdminUpdateSegmentType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const segment = await refetchEntity("segment", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ segment })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateSegmentType>, res: MedusaResponse) => {
  await updateSegmentWorkflow(req.scope).run({ input: { id: req.params.id, ...req.validatedBody } })
  const segment = await refetchEntity("segment", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ segment })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteSegmentsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "segment", deleted: true })
}
