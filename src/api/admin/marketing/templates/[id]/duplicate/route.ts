import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { duplicateTemplateWorkflow } from "../../../../../../workflows/templates"
import { refetchTemplate } from "../../helpers"
import type { AdminDuplicateTemplateType } from "../../validators"

/** A copy named "Copy of <name>" at version 1. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminDuplicateTemplateType>, res: MedusaResponse) => {
  const { result } = await duplicateTemplateWorkflow(req.scope).run({
    input: { id: req.params.id, name: req.validatedBody.name },
  })
  const template = await refetchTemplate(result.id, req.scope, req.queryConfig.fields)
  res.status(201).json({ template })
}
