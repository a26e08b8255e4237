import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { hashEmail } from "../../lib/email"
import {
  BLOCKED_CONTACT_STATUSES,
  consentRow,
  LIFTABLE_SUPPRESSION_REASON,
  marketingService,
  SubscriptionConsent,
} from "./subscription-shared"

export type GrantSubscriptionStepInput = {
  contact_id: string
  /** topics to grant (handles of deleted topics are ignored) */
  topic_handles: string[]
  consent: SubscriptionConsent
}

export type GrantSubscriptionStepOutput = {
  /** blocked: suppressed for a reason a sign-up never lifts, or bounced/complained/erased */
  outcome: "blocked" | "changed" | "unchanged"
  /** the contact became subscribed (it was pending or unsubscribed) */
  status_changed: boolean
  granted: string[]
}

type Undo = {
  contact_id: string
  previous: { status: string; subscribed_at: string | null; unsubscribed_at: string | null } | null
  granted: string[]
  lifted_suppression_id: string | null
  consent_ids: string[]
}

export const grantSubscriptionStepId = "marketing-subscription-grant"

/**
 * Proven consent: the contact becomes subscribed (subscribed_at now), gets
 * the topics, an "unsubscribed" suppression is lifted (never a bounce,
 * complaint, manual or erasure one), and one "granted" ledger row is written
 * per real change — so a second click writes nothing. Undo reverses each of
 * those exactly.
 */
export const grantSubscriptionStep = createStep(
  grantSubscriptionStepId,
  async (input: GrantSubscriptionStepInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const contact = await service.retrieveContact(input.contact_id, {
      select: ["id", "email", "status", "subscribed_at", "unsubscribed_at"],
    })
    const blocked: GrantSubscriptionStepOutput = { outcome: "blocked", status_changed: false, granted: [] }
    if ((BLOCKED_CONTACT_STATUSES as readonly string[]).includes(contact.status)) {
      return new StepResponse<GrantSubscriptionStepOutput, Undo>(blocked)
    }
    const [suppression] = await service.listSuppressions(
      { email_hash: hashEmail(contact.email) },
      { select: ["id", "reason"], take: 1 }
    )
    if (suppression && suppression.reason !== LIFTABLE_SUPPRESSION_REASON) {
      return new StepResponse<GrantSubscriptionStepOutput, Undo>(blocked)
    }

    const now = new Date()
    const undo: Undo = {
      contact_id: contact.id,
      previous: null,
      granted: [],
      lifted_suppression_id: null,
      consent_ids: [],
    }
    const rows: ReturnType<typeof consentRow>[] = []
    const row = (topic: string | null) =>
      consentRow(
        { contact_id: contact.id, email: contact.email, action: "granted", topic_handle: topic, consent: input.consent },
        options,
        now
      )

    const statusChanged = contact.status !== "subscribed"
    if (statusChanged) {
      undo.previous = {
        status: contact.status,
        subscribed_at: contact.subscribed_at ? new Date(contact.subscribed_at).toISOString() : null,
        unsubscribed_at: contact.unsubscribed_at ? new Date(contact.unsubscribed_at).toISOString() : null,
      }
      await service.updateContacts({ id: contact.id, status: "subscribed", subscribed_at: now, unsubscribed_at: null })
      rows.push(row(null))
    }

    const { granted } = await service.setContactTopics(
      contact.id,
      Object.fromEntries(input.topic_handles.map((h) => [h, true]))
    )
    undo.granted = granted
    granted.forEach((h) => rows.push(row(h)))

    if (suppression) {
      await service.softDeleteSuppressions([suppression.id])
      undo.lifted_suppression_id = suppression.id
    }
    if (rows.length) {
      const created = await service.createConsentEvents(rows)
      undo.consent_ids = created.map((c) => c.id)
    }

    const output: GrantSubscriptionStepOutput = {
      outcome: statusChanged || granted.length || suppression ? "changed" : "unchanged",
      status_changed: statusChanged,
      granted,
    }
    return new StepResponse<GrantSubscriptionStepOutput, Undo>(output, undo)
  },
  async (undo: Undo | undefined, { container }) => {
    if (!undo?.contact_id) {
      return
    }
    const service = marketingService(container)
    if (undo.consent_ids.length) {
      await service.deleteConsentEvents(undo.consent_ids)
    }
    if (undo.lifted_suppression_id) {
      await service.restoreSuppressions([undo.lifted_suppression_id])
    }
    if (undo.granted.length) {
      await service.setContactTopics(undo.contact_id, Object.fromEntries(undo.granted.map((h) => [h, false])))
    }
    if (undo.previous) {
      await service.updateContacts({
        id: undo.contact_id,
        status: undo.previous.status as any,
        subscribed_at: undo.previous.subscribed_at as any,
        unsubscribed_at: undo.previous.unsubscribed_at as any,
      })
    }
  }
)
