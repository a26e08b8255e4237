import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { resolveTopicsStep } from "./steps/resolve-topics"
import { ContactUpdate, updateContactsStep } from "./steps/update-contacts"
import { setContactTopicsStep } from "./steps/set-contact-topics"

export type UpdateContactWorkflowInput = {
  id: string
  update: Omit<ContactUpdate, "id" | "status" | "subscribed_at" | "unsubscribed_at" | "confirmation_sent_at">
  /** topic handle -> wants it; each change lands in the consent ledger */
  topics?: Record<string, boolean>
  actor_id?: string
}

/** An admin edits a contact's profile and topic preferences. */
export const updateContactWorkflow = createWorkflow(
  "marketing-update-contact",
  (input: UpdateContactWorkflowInput) => {
    const updates = transform({ input }, ({ input }) => [
      {
        ...input.update,
        ...(input.update.country_code ? { country_code: input.update.country_code.toLowerCase() } : {}),
        id: input.id,
      },
    ])
    updateContactsStep(updates)
    const handles = transform({ input }, ({ input }) => ({ handles: Object.keys(input.topics ?? {}) }))
    resolveTopicsStep(handles)
    when({ input }, ({ input }) => Object.keys(input.topics ?? {}).length > 0).then(() => {
      const topicsInput = transform({ input }, ({ input }) => ({
        contact_id: input.id,
        preferences: input.topics!,
        consent: {
          source: "admin",
          wording: `Changed by a store admin${input.actor_id ? ` (${input.actor_id})` : ""}`,
        },
      }))
      setContactTopicsStep(topicsInput)
    })
    return new WorkflowResponse(input.id)
  }
)
