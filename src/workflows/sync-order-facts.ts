import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { ORDER_FACT_FIELDS, recordOrderFactsStep } from "./steps/record-order-facts"

export { ORDER_FACT_FIELDS }

/**
 * order.placed / canceled / updated / completed / return received -> the
 * order's facts and its contact's metrics, idempotently.
 */
export const syncOrderFactsWorkflow = createWorkflow(
  "marketing-sync-order-facts",
  (input: { order_ids: string[] }) => {
    const { data: orders } = useQueryGraphStep({
      entity: "order",
      fields: ORDER_FACT_FIELDS,
      filters: { id: input.order_ids },
    })
    return new WorkflowResponse(recordOrderFactsStep(orders))
  }
)
