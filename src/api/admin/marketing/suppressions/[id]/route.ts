import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { deleteSuppressionsWorkflow } from "../../../../../workflows/suppressions"
import { refetchEntity } from "../../helpers"

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const suppression = await refetchEntity("suppression", req.params.id, req.scope, ["id", "reason"])
  if (suppression.reason === "erased") {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      "This entry keeps an erased person's address from ever being emailed again (GDPR erasure); it cannot be removed"
    )
  }
  await deleteSuppressionsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "suppression", deleted: true })
}
