import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { unsubscribeContactWorkflow } from "../../../../workflows/unsubscribe-contact"
import { requestContext } from "../../../marketing/helpers"
import type { StoreUnsubscribeType } from "../validators"

/** POST /store/marketing/unsubscribe — { token } from an unsubscribe link, for headless storefronts. Idempotent. */
export const POST = async (req: MedusaRequest<StoreUnsubscribeType>, res: MedusaResponse) => {
  const { result } = await unsubscribeContactWorkflow(req.scope).run({
    input: { token: req.validatedBody.token, source: "store_api", ...requestContext(req) },
  })
  res.json({ unsubscribed: true, topic_handle: result.topic_handle })
}
