import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { createSuppressionsWorkflow } from "../../../../workflows/suppressions"
import { hashEmail } from "../../../../lib/email"
import { refetchEntity } from "../helpers"
import type { AdminCreateSuppressionType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: suppressions, metadata } = await query.graph({
    entity: "suppression",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({ suppressions, count: metadata!.count, offset: metadata!.skip, limit: metadata!.take })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateSuppressionType>, res: MedusaResponse) => {
  const { result } = await createSuppressionsWorkflow(req.scope).run({
    input: { suppressions: [{ ...req.validatedBody, source: "admin" }] },
  })
  if (!result.length) {
    const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
    const { data } = await query.graph({
      entity: "suppression",
      fields: ["id", "reason"],
      filters: { email_hash: hashEmail(req.validatedBody.email) },
    })
    throw new MedusaError(
      MedusaError.Types.DUPLICATE_ERROR,
      `${req.validatedBody.email} is already suppressed (${data[0]?.reason ?? "existing entry"}, ${data[0]?.id ?? ""})`
    )
  }
  const suppression = await refetchEntity("suppression", result[0].id, req.scope, req.queryConfig.fields)
  res.status(201).json({ suppression })
}
