import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { verifyTokenAndLockContact } from "./utils/verify-and-lock"
import { withdrawSubscriptionStep } from "./steps/subscription-withdraw"
import { MarketingSubscriptionEvents } from "./subscribe-contact"

export type UnsubscribeContactWorkflowInput = {
  /** an "unsubscribe" token; its extra claim, when present, is the one topic to leave */
  token: string
  /** "one_click" (RFC 8058), "unsubscribe_page", "store_api", ... */
  source?: string | null
  ip?: string | null
  user_agent?: string | null
}

export type UnsubscribeContactWorkflowOutput = {
  contact_id: string
  /** the topic left, or null for all marketing email */
  topic_handle: string | null
  changed: boolean
}

export const unsubscribeContactWorkflowId = "marketing-unsubscribe-contact"

/**
 * An unsubscribe link or RFC 8058 one-click POST. With a topic in the token
 * only that topic is left; otherwise the contact is unsubscribed from all
 * marketing email and suppressed with reason "unsubscribed". Idempotent:
 * repeating it writes nothing.
 */
export const unsubscribeContactWorkflow = createWorkflow(
  unsubscribeContactWorkflowId,
  (input: WorkflowData<UnsubscribeContactWorkflowInput>) => {
    const { verified, lockKey } = verifyTokenAndLockContact(input, "unsubscribe")

    const result = withdrawSubscriptionStep(
      transform({ verified, input }, ({ verified, input }) => ({
        contact_id: verified.contact_id,
        topic_handles: verified.claim ? [verified.claim] : null,
        consent: {
          source: input.source || "unsubscribe_link",
          ip: input.ip ?? null,
          user_agent: input.user_agent ?? null,
          wording: null,
          wording_version: null,
        },
      }))
    )

    when("marketing-unsubscribe-unsubscribed", { result }, ({ result }) => result.status_changed).then(() => {
      emitEventStep({
        eventName: MarketingSubscriptionEvents.UNSUBSCRIBED,
        data: transform({ verified }, ({ verified }) => ({ id: verified.contact_id })),
      })
    })

    releaseLockStep({ key: lockKey })

    return new WorkflowResponse(
      transform({ verified, result }, ({ verified, result }): UnsubscribeContactWorkflowOutput => ({
        contact_id: verified.contact_id,
        topic_handle: verified.claim,
        changed: result.outcome === "changed",
      }))
    )
  }
)
