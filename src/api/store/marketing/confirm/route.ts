import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { confirmSubscriptionWorkflow } from "../../../../workflows/confirm-subscription"
import { requestContext } from "../../../marketing/helpers"
import type { StoreConfirmType } from "../validators"

/** POST /store/marketing/confirm — the double-opt-in click, for headless storefronts. */
export const POST = async (req: MedusaRequest<StoreConfirmType>, res: MedusaResponse) => {
  const { result } = await confirmSubscriptionWorkflow(req.scope).run({
    input: { token: req.validatedBody.token, ...requestContext(req) },
  })
  res.json({ subscription: { status: result.outcome } })
}
