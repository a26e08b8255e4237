import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createContactWorkflow } from "../../../../workflows/create-contact"
import { contactListFilters, refetchEntity } from "../helpers"
import type { AdminCreateContactType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: contacts, metadata } = await query.graph({
    entity: "contact",
    fields: req.queryConfig.fields,
    filters: contactListFilters(req.filterableFields),
    pagination: req.queryConfig.pagination,
  })
  res.json({ contacts, count: metadata!.count, offset: metadata!.skip, limit: metadata!.take })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateContactType>, res: MedusaResponse) => {
  const { result: id } = await createContactWorkflow(req.scope).run({
    input: { ...req.validatedBody, actor_id: req.auth_context?.actor_id },
  })
  const contact = await refetchEntity("contact", id, req.scope, req.queryConfig.fields)
  res.status(201).json({ contact })
}
