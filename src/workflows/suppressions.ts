import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createSuppressionsStep, deleteSuppressionsStep, SuppressionInput } from "./steps/suppressions"

export const createSuppressionsWorkflow = createWorkflow(
  "marketing-create-suppressions",
  (input: { suppressions: SuppressionInput[] }) => {
    return new WorkflowResponse(createSuppressionsStep(input.suppressions))
  }
)

export const deleteSuppressionsWorkflow = createWorkflow(
  "marketing-delete-suppressions",
  (input: { ids: string[] }) => {
    return new WorkflowResponse(deleteSuppressionsStep(input.ids))
  }
)
