import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { marketingService } from "./subscription-shared"

export type EnsureSignupContactStepInput = {
  email: string
  /** the existing contact, when there is one: it is left as it is */
  contact_id: string | null
  first_name?: string | null
  last_name?: string | null
  source: string
}

export const ensureSignupContactStepId = "marketing-subscription-ensure-contact"

/**
 * The contact a sign-up is about: the existing one untouched (an anonymous
 * form must not rename somebody), or a new pending contact. Undo deletes
 * only a contact this step created.
 */
export const ensureSignupContactStep = createStep(
  ensureSignupContactStepId,
  async (input: EnsureSignupContactStepInput, { container }) => {
    if (input.contact_id) {
      return new StepResponse({ id: input.contact_id }, { created_ids: [] as string[] })
    }
    const service = marketingService(container)
    // set-based upsert: a concurrent sign-up for the same address cannot create a twin
    const result = await service.upsertContactsByEmail(
      [{ email: input.email, first_name: input.first_name ?? null, last_name: input.last_name ?? null }],
      { source: input.source }
    )
    const [contact] = await service.listContacts({ email: input.email }, { select: ["id"], take: 1 })
    return new StepResponse({ id: contact.id }, { created_ids: result.created_ids })
  },
  async (undo, { container }) => {
    if (!undo?.created_ids?.length) {
      return
    }
    await marketingService(container).purgeContacts(undo.created_ids)
  }
)
