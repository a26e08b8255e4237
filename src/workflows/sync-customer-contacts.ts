import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { useQueryGraphStep } from "@medusajs/medusa/core-flows"
import { syncCustomerContactsStep } from "./steps/sync-customer-contacts"

/** customer.created / customer.updated -> the customer's contact, created or refreshed and linked. */
export const syncCustomerContactsWorkflow = createWorkflow(
  "marketing-sync-customer-contacts",
  (input: { customer_ids: string[] }) => {
    const { data: customers } = useQueryGraphStep({
      entity: "customer",
      fields: ["id", "email", "first_name", "last_name", "phone", "has_account", "groups.id"],
      filters: { id: input.customer_ids },
    })
    return new WorkflowResponse(syncCustomerContactsStep(customers as any))
  }
)
