import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendTemplateTestWorkflow } from "../../../../../../workflows/templates"
import type { AdminSendTemplateTestType } from "../../validators"

/** Send the saved template to 1-5 addresses as "[Test] ..."; 400 while its lint has errors. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminSendTemplateTestType>, res: MedusaResponse) => {
  const { result } = await sendTemplateTestWorkflow(req.scope).run({
    input: { id: req.params.id, emails: req.validatedBody.emails, contact_id: req.validatedBody.contact_id },
  })
  res.json(result)
}
