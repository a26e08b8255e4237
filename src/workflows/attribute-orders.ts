import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { attributeOrdersStep } from "./steps/attribute-order"

/**
 * order.placed -> credit the order to the contact's last human click (else
 * open, by the model) within the attribution window, for that message's
 * campaign. Revenue is the order total in the order's currency.
 */
export const attributeOrdersWorkflow = createWorkflow(
  "marketing-attribute-orders",
  (input: { order_ids: string[] }) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ["id", "email", "total", "currency_code", "created_at"],
      filters: { id: input.order_ids },
    })
    return new WorkflowResponse(attributeOrdersStep({ orders }))
  }
)
