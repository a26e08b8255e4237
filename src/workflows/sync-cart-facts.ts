import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { CART_FACT_FIELDS, recordCartFactsStep } from "./steps/record-cart-facts"

/** cart.* events -> the cart's fact (items, value, last change, completed). */
export const syncCartFactsWorkflow = createWorkflow("marketing-sync-cart-facts", (input: { cart_ids: string[] }) => {
  const { data: carts } = useQueryGraphStep({
    entity: "cart",
    fields: CART_FACT_FIELDS,
    filters: { id: input.cart_ids },
  })
  return new WorkflowResponse(recordCartFactsStep(carts))
})
