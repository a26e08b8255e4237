import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { hashEmail } from "../../../../../lib/email"
import { consentEventFields, defaultAdminContactFields } from "../../query-config"
import type { AdminGdprRequestType } from "../../validators"

/** GDPR Art. 15: everything the marketing module holds about one address. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminGdprRequestType>, res: MedusaResponse) => {
  const { email } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: contacts } = await query.graph({
    entity: "contact",
    fields: [
      ...defaultAdminContactFields,
      "metadata",
      "confirmation_sent_at",
      "topics.subscribed",
      "topics.updated_at",
      "topics.topic.handle",
      "topics.topic.name",
      ...consentEventFields.map((f) => `consent_events.${f}`),
    ],
    filters: { email },
  })
  const { data: suppressions } = await query.graph({
    entity: "suppression",
    fields: ["id", "email", "reason", "source", "note", "created_at"],
    filters: { email_hash: hashEmail(email) },
  })
  res.setHeader("Content-Disposition", `attachment; filename="personal-data-export.json"`)
  res.json({
    document: "Personal data held by the marketing module",
    email,
    generated_at: new Date().toISOString(),
    contact: contacts[0] ?? null,
    suppressions,
  })
}
