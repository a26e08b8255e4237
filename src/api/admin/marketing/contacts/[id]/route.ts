import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { updateContactWorkflow } from "../../../../../workflows/update-contact"
import { deleteContactsWorkflow } from "../../../../../workflows/delete-contacts"
import { refetchEntity } from "../../helpers"
import type { AdminUpdateContactType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const contact = await refetchEntity("contact", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ contact })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateContactType>, res: MedusaResponse) => {
  await refetchEntity("contact", req.params.id, req.scope, ["id"])
  const { topics, ...update } = req.validatedBody
  await updateContactWorkflow(req.scope).run({
    input: { id: req.params.id, update, topics, actor_id: req.auth_context?.actor_id },
  })
  const contact = await refetchEntity("contact", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ contact })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchEntity("contact", req.params.id, req.scope, ["id"])
  await deleteContactsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "contact", deleted: true })
}
