import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { eraseContactWorkflow } from "../../../../../workflows/erase-contact"
import { createSuppressionsWorkflow } from "../../../../../workflows/suppressions"
import { hashEmail } from "../../../../../lib/email"
import type { AdminGdprRequestType } from "../../validators"

/**
 * GDPR Art. 17: anonymise the contact of this address. Only a hash of the
 * address stays, on the suppression list, so it is never emailed again —
 * also when no contact exists yet.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminGdprRequestType>, res: MedusaResponse) => {
  const { email } = req.validatedBody
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: contacts } = await query.graph({ entity: "contact", fields: ["id"], filters: { email } })
  if (contacts.length) {
    await eraseContactWorkflow(req.scope).run({ input: { contact_id: contacts[0].id } })
  } else {
    await createSuppressionsWorkflow(req.scope).run({
      input: { suppressions: [{ email: null, email_hash: hashEmail(email), reason: "erased", source: "gdpr" }] },
    })
  }
  res.json({ erased: true, contact_id: contacts[0]?.id ?? null })
}
