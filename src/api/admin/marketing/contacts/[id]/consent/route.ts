import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { refetchEntity } from "../../../helpers"
import { consentEventFields } from "../../../query-config"

/** The contact's consent ledger, newest first. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchEntity("contact", req.params.id, req.scope, ["id"])
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: consent_events } = await query.graph({
    entity: "consent_event",
    fields: consentEventFields,
    filters: { contact_id: req.params.id },
    pagination: { order: { occurred_at: "DESC", id: "DESC" } },
  })
  res.json({ consent_events })
}
