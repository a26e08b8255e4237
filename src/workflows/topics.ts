import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createTopicsStep, deleteTopicsStep, TopicInput, updateTopicsStep } from "./steps/topics"

export const createTopicsWorkflow = createWorkflow("marketing-create-topics", (input: { topics: TopicInput[] }) => {
  return new WorkflowResponse(createTopicsStep(input.topics))
})

export const updateTopicsWorkflow = createWorkflow(
  "marketing-update-topics",
  (input: { topics: (Partial<TopicInput> & { id: string })[] }) => {
    return new WorkflowResponse(updateTopicsStep(input.topics))
  }
)

export const deleteTopicsWorkflow = createWorkflow("marketing-delete-topics", (input: { ids: string[] }) => {
  return new WorkflowResponse(deleteTopicsStep(input.ids))
})
