import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createTemplatesWorkflow } from "../../../../workflows/templates"
import { refetchTemplate } from "./helpers"
import type { AdminCreateTemplateType } from "./validators"

/** Templates, last changed first unless `order` says otherwise; `q` searches the name. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: templates, metadata } = await query.graph({
    entity: "template",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  res.json({ templates, count: metadata!.count, offset: metadata!.skip, limit: metadata!.take })
}

/** Create a template; 400 lists every problem of the document with its path. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateTemplateType>, res: MedusaResponse) => {
  const { result } = await createTemplatesWorkflow(req.scope).run({ input: { templates: [req.validatedBody] } })
  const template = await refetchTemplate(result[0].id, req.scope, req.queryConfig.fields)
  res.status(201).json({ template })
}
