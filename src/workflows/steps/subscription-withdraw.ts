import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { consentRow, marketingService, SubscriptionConsent } from "./subscription-shared"

export type WithdrawSubscriptionStepInput = {
  contact_id: string
  /** topics to leave; null = all marketing email */
  topic_handles: string[] | null
  consent: SubscriptionConsent
}

export type WithdrawSubscriptionStepOutput = {
  outcome: "changed" | "unchanged"
  /** the contact became unsubscribed */
  status_changed: boolean
  withdrawn: string[]
}

type Undo = {
  contact_id: string
  previous: { status: string; unsubscribed_at: string | null } | null
  withdrawn: string[]
  suppression_ids: string[]
  consent_ids: string[]
}

/** Statuses an unsubscribe moves to "unsubscribed"; the others already get nothing. */
const UNSUBSCRIBABLE = ["pending", "subscribed"]

export const withdrawSubscriptionStepId = "marketing-subscription-withdraw"

/**
 * Withdrawn consent, idempotently. For one or more topics: those topics are
 * switched off. For all marketing email: status unsubscribed (unsubscribed_at
 * now), every topic off, and the address on the suppression list with reason
 * "unsubscribed" (an existing suppression keeps its reason). One "withdrawn"
 * ledger row per real change, so repeating it writes nothing.
 */
export const withdrawSubscriptionStep = createStep(
  withdrawSubscriptionStepId,
  async (input: WithdrawSubscriptionStepInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const contact = await service.retrieveContact(input.contact_id, {
      select: ["id", "email", "status", "unsubscribed_at"],
    })
    const now = new Date()
    const undo: Undo = { contact_id: contact.id, previous: null, withdrawn: [], suppression_ids: [], consent_ids: [] }
    const rows: ReturnType<typeof consentRow>[] = []
    const row = (topic: string | null) =>
      consentRow(
        { contact_id: contact.id, email: contact.email, action: "withdrawn", topic_handle: topic, consent: input.consent },
        options,
        now
      )
    if (contact.status === "cleaned") {
      // erased: nothing personal left to change, and already suppressed
      return new StepResponse<WithdrawSubscriptionStepOutput, Undo>({
        outcome: "unchanged",
        status_changed: false,
        withdrawn: [],
      })
    }

    const all = input.topic_handles === null
    let statusChanged = false
    if (all && UNSUBSCRIBABLE.includes(contact.status)) {
      undo.previous = {
        status: contact.status,
        unsubscribed_at: contact.unsubscribed_at ? new Date(contact.unsubscribed_at).toISOString() : null,
      }
      await service.updateContacts({ id: contact.id, status: "unsubscribed", unsubscribed_at: now })
      rows.push(row(null))
      statusChanged = true
    }

    let handles = input.topic_handles ?? []
    if (all) {
      const held = await service.listContactTopics(
        { contact_id: contact.id, subscribed: true },
        { relations: ["topic"], select: ["id", "topic.handle"] }
      )
      handles = held.map((h: any) => h.topic?.handle).filter(Boolean)
    }
    const { withdrawn } = handles.length
      ? await service.setContactTopics(contact.id, Object.fromEntries(handles.map((h) => [h, false])))
      : { withdrawn: [] as string[] }
    undo.withdrawn = withdrawn
    withdrawn.forEach((h) => rows.push(row(h)))

    if (all) {
      const created = await service.suppress([
        { email: contact.email, reason: "unsubscribed", source: input.consent.source },
      ])
      undo.suppression_ids = created.map((c) => c.id)
    }
    if (rows.length) {
      const created = await service.createConsentEvents(rows)
      undo.consent_ids = created.map((c) => c.id)
    }
    return new StepResponse<WithdrawSubscriptionStepOutput, Undo>(
      {
        outcome: statusChanged || withdrawn.length || undo.suppression_ids.length ? "changed" : "unchanged",
        status_changed: statusChanged,
        withdrawn,
      },
      undo
    )
  },
  async (undo: Undo | undefined, { container }) => {
    if (!undo?.contact_id) {
      return
    }
    const service = marketingService(container)
    if (undo.consent_ids.length) {
      await service.deleteConsentEvents(undo.consent_ids)
    }
    if (undo.suppression_ids.length) {
      await service.deleteSuppressions(undo.suppression_ids)
    }
    if (undo.withdrawn.length) {
      await service.setContactTopics(undo.contact_id, Object.fromEntries(undo.withdrawn.map((h) => [h, true])))
    }
    if (undo.previous) {
      await service.updateContacts({
        id: undo.contact_id,
        status: undo.previous.status as any,
        unsubscribed_at: undo.previous.unsubscribed_at as any,
      })
    }
  }
)
