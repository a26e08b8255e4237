import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { sendCampaignTestWorkflow } from "../../../../../../workflows/campaigns"
import type { AdminTestCampaignType } from "../../validators"

/** Send the campaign's content to up to five addresses as a test. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminTestCampaignType>, res: MedusaResponse) => {
  const { result } = await sendCampaignTestWorkflow(req.scope).run({
    input: { id: req.params.id, emails: req.validatedBody.emails, contact_id: req.validatedBody.contact_id ?? null },
  })
  res.json(result)
}
