import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createSegmentWorkflow } from "../../../../workflows/segments"
import { refetchEntity } from "../helpers"
import type { AdminCreateSegmentType } from "../validators"

/** Segments with their cached member counts (as of count_computed_at). */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: segments, metadata } = await query.graph({
    entity: "segment",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({ segments, count: metadata!.count, offset: metadata!.skip, limit: metadata!.take })
}

/** Create a segment; a dynamic segment answers with its members already counted. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateSegmentType>, res: MedusaResponse) => {
  const { result } = await createSegmentWorkflow(req.scope).run({ input: req.validatedBody })
  const segment = await refetchEntity("segment", result.segment.id, req.scope, req.queryConfig.fields)
  res.status(201).json({ segment })
}
