import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { deleteContactsStep } from "./steps/delete-contacts"

/** Remove contacts from the list (soft delete). For GDPR erasure use eraseContactWorkflow. */
export const deleteContactsWorkflow = createWorkflow("marketing-delete-contacts", (input: { ids: string[] }) => {
  return new WorkflowResponse(deleteContactsStep(input.ids))
})
