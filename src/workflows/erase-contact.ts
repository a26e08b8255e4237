import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { eraseContactStep } from "./steps/erase-contact"

/**
 * GDPR Art. 17: anonymise the contact and its consent records, keep only a
 * hash of the address on the suppression list so it is never emailed again.
 */
export const eraseContactWorkflow = createWorkflow("marketing-erase-contact", (input: { contact_id: string }) => {
  return new WorkflowResponse(eraseContactStep(input.contact_id))
})
