import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { unsubscribeContactByAdminWorkflow } from "../../../../../../workflows/unsubscribe-contact-by-admin"
import { refetchEntity } from "../../../helpers"
import { retrieveContactQueryConfig } from "../../../query-config"

export const POST = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchEntity("contact", req.params.id, req.scope, ["id"])
  await unsubscribeContactByAdminWorkflow(req.scope).run({
    input: { contact_id: req.params.id, actor_id: req.auth_context?.actor_id },
  })
  const contact = await refetchEntity("contact", req.params.id, req.scope, retrieveContactQueryConfig.defaults)
  res.json({ contact })
}
