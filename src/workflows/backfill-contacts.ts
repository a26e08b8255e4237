import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { backfillContactsStep } from "./steps/backfill-contacts"

/** Contacts for every existing customer and guest order address (idempotent). */
export const backfillContactsWorkflow = createWorkflow("marketing-backfill-contacts", (input: { page_size?: number }) => {
  return new WorkflowResponse(backfillContactsStep(input))
})
