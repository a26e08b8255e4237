import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../modules/marketing"
import type MarketingModuleService from "../modules/marketing/service"
import { normalizeEmail } from "../lib/email"
import { resolveTopicsStep } from "./steps/resolve-topics"
import { upsertContactsStep } from "./steps/upsert-contacts"

export type CreateContactWorkflowInput = {
  email: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  locale?: string | null
  timezone?: string | null
  country_code?: string | null
  /** mark the contact subscribed now; `consent_source` says where consent was given */
  subscribe?: boolean
  consent_source?: string
  /** topic handles; subscribing with none grants the store's default topics */
  topics?: string[]
  actor_id?: string
}

const assertContactIsNewStep = createStep("assert-contact-is-new", async (email: string, { container }) => {
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const [existing] = await marketing.listContacts({ email: normalizeEmail(email) }, { select: ["id"] })
  if (existing) {
    throw new MedusaError(
      MedusaError.Types.DUPLICATE_ERROR,
      `A contact with the address ${normalizeEmail(email)} already exists (${existing.id}); edit that contact instead`
    )
  }
  return new StepResponse(undefined)
})

/** An admin adds one contact, optionally subscribed with a recorded consent source. */
export const createContactWorkflow = createWorkflow(
  "marketing-create-contact",
  (input: CreateContactWorkflowInput) => {
    assertContactIsNewStep(input.email)
    const topics = resolveTopicsStep(
      transform({ input }, ({ input }) => ({ handles: input.topics, defaults_when_empty: !!input.subscribe }))
    )
    const upsert = transform({ input, topics }, ({ input, topics }) => ({
      rows: [
        {
          email: input.email,
          first_name: input.first_name,
          last_name: input.last_name,
          phone: input.phone,
          locale: input.locale,
          timezone: input.timezone,
          country_code: input.country_code?.toLowerCase() ?? null,
        },
      ],
      options: {
        source: "admin",
        subscribe: !!input.subscribe,
        topic_handles: topics.map((t) => t.handle),
        consent: {
          source: input.consent_source ?? "admin",
          wording: `Recorded by a store admin${input.actor_id ? ` (${input.actor_id})` : ""}`,
        },
      },
    }))
    const result = upsertContactsStep(upsert)
    const id = transform({ result }, ({ result }) => result.created_ids[0])
    return new WorkflowResponse(id)
  }
)
