import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { subscribeContactWorkflow } from "../../../../workflows/subscribe-contact"
import { marketingOptions, requestContext } from "../../../marketing/helpers"
import type { StoreSubscribeType } from "../validators"

/**
 * POST /store/marketing/subscribe — newsletter sign-up. The answer is the
 * same 202 for a new, pending, subscribed or suppressed address, so the form
 * cannot be used to find out who is on the list.
 */
export const POST = async (req: MedusaRequest<StoreSubscribeType>, res: MedusaResponse) => {
  const options = marketingOptions(req.scope)
  await subscribeContactWorkflow(req.scope).run({
    input: { ...req.validatedBody, ...requestContext(req) },
  })
  res.status(202).json({
    status: "accepted",
    double_opt_in: options.double_opt_in,
    message: options.double_opt_in
      ? "Thanks! Check your inbox: we have sent you a link to confirm your subscription."
      : "Thanks for subscribing!",
  })
}
