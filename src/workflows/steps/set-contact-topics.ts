import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { ConsentContext } from "../../modules/marketing/types"

export type SetContactTopicsStepInput = {
  contact_id: string
  preferences: Record<string, boolean>
  consent: ConsentContext
}

/**
 * Apply topic preferences and write one consent record per real change.
 * Undo flips the changed topics back and removes the records this step
 * wrote: the change never took effect, so the ledger must not claim it did.
 */
export const setContactTopicsStep = createStep(
  "set-contact-topics",
  async (input: SetContactTopicsStepInput, { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const changed = await marketing.setContactTopics(input.contact_id, input.preferences)
    const [contact] = await marketing.listContacts({ id: input.contact_id }, { select: ["id", "email"] })
    const now = new Date()
    const events = [
      ...changed.granted.map((h) => ({ topic_handle: h, action: "granted" as const })),
      ...changed.withdrawn.map((h) => ({ topic_handle: h, action: "withdrawn" as const })),
    ].map((e) => ({
      ...e,
      contact_id: input.contact_id,
      email: contact?.email ?? null,
      channel: "email",
      source: input.consent.source,
      ip: input.consent.ip ?? null,
      user_agent: input.consent.user_agent ?? null,
      wording: input.consent.wording ?? null,
      wording_version: input.consent.wording_version ?? null,
      occurred_at: now,
    }))
    const created = events.length ? await marketing.createConsentEvents(events) : []
    return new StepResponse(changed, {
      contact_id: input.contact_id,
      changed,
      consent_event_ids: created.map((e) => e.id),
    })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const revert: Record<string, boolean> = {}
    undo.changed.granted.forEach((h) => (revert[h] = false))
    undo.changed.withdrawn.forEach((h) => (revert[h] = true))
    if (Object.keys(revert).length) {
      await marketing.setContactTopics(undo.contact_id, revert)
    }
    if (undo.consent_event_ids.length) {
      await marketing.deleteConsentEvents(undo.consent_event_ids)
    }
  }
)
