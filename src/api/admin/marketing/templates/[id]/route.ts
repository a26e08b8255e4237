import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteTemplatesWorkflow, updateTemplatesWorkflow } from "../../../../../workflows/templates"
import { refetchTemplate } from "../helpers"
import type { AdminUpdateTemplateType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const template = await refetchTemplate(req.params.id, req.scope, req.queryConfig.fields)
  res.json({ template })
}

/** Change any field; `version` goes up when the document, subject or preview text changes. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateTemplateType>, res: MedusaResponse) => {
  await updateTemplatesWorkflow(req.scope).run({ input: { templates: [{ id: req.params.id, ...req.validatedBody }] } })
  const template = await refetchTemplate(req.params.id, req.scope, req.queryConfig.fields)
  res.json({ template })
}

/** Refused (400 not_allowed, naming the campaign) while a scheduled, sending or paused campaign uses it. */
export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await deleteTemplatesWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "template", deleted: true })
}
