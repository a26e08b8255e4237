import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { withdrawSubscriptionStep } from "./steps/subscription-withdraw"
import { MarketingSubscriptionEvents } from "./subscribe-contact"
import { contactLockKey } from "./utils/verify-and-lock"

export type UnsubscribeContactByAdminInput = {
  contact_id: string
  actor_id?: string
}

/**
 * A store admin unsubscribes a contact from all marketing email (say, they
 * asked by phone): the same withdrawal as an unsubscribe link, recorded
 * with the admin as its source.
 */
export const unsubscribeContactByAdminWorkflow = createWorkflow(
  "marketing-unsubscribe-contact-by-admin",
  (input: UnsubscribeContactByAdminInput) => {
    const lockKey = transform({ input }, ({ input }) => contactLockKey(input.contact_id))
    acquireLockStep({ key: lockKey, timeout: 15, ttl: 60 })
    const result = withdrawSubscriptionStep(
      transform({ input }, ({ input }) => ({
        contact_id: input.contact_id,
        topic_handles: null,
        consent: {
          source: "admin",
          ip: null,
          user_agent: null,
          wording: `Unsubscribed by a store admin${input.actor_id ? ` (${input.actor_id})` : ""}`,
          wording_version: null,
        },
      }))
    )
    when("marketing-admin-unsubscribe-changed", { result }, ({ result }) => result.status_changed).then(() => {
      emitEventStep({
        eventName: MarketingSubscriptionEvents.UNSUBSCRIBED,
        data: transform({ input }, ({ input }) => ({ id: input.contact_id })),
      })
    })
    releaseLockStep({ key: lockKey })
    return new WorkflowResponse(result)
  }
)
