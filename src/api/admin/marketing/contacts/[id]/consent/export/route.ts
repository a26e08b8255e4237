import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../../../modules/marketing/service"
import { refetchEntity } from "../../../../helpers"
import { consentEventFields, defaultAdminContactFields } from "../../../../query-config"

/**
 * Proof of consent (GDPR Art. 7(1)): who, which address, what they were
 * shown, when, from where — as a JSON document to file or hand over.
 */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const contact = await refetchEntity("contact", req.params.id, req.scope, defaultAdminContactFields)
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: consent_events } = await query.graph({
    entity: "consent_event",
    fields: consentEventFields,
    filters: { contact_id: req.params.id },
    pagination: { order: { occurred_at: "ASC", id: "ASC" } },
  })
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const proof = {
    document: "Record of consent to marketing email",
    store: marketing.getOptions().store_name,
    generated_at: new Date().toISOString(),
    contact: {
      id: contact.id,
      email: contact.email,
      status: contact.status,
      subscribed_at: contact.subscribed_at,
      unsubscribed_at: contact.unsubscribed_at,
      source: contact.source,
    },
    consent_events,
  }
  res.setHeader("Content-Disposition", `attachment; filename="consent-${contact.id}.json"`)
  res.json(proof)
}
