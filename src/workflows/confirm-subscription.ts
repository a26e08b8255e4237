import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { verifyTokenAndLockContact } from "./utils/verify-and-lock"
import { decodeTopicClaim } from "../lib/links"
import { grantSubscriptionStep } from "./steps/subscription-grant"
import { MarketingSubscriptionEvents } from "./subscribe-contact"

export type ConfirmSubscriptionWorkflowInput = {
  token: string
  ip?: string | null
  user_agent?: string | null
}

export type ConfirmSubscriptionWorkflowOutput = {
  contact_id: string
  outcome: "confirmed" | "already_confirmed" | "blocked"
}

export const confirmSubscriptionWorkflowId = "marketing-confirm-subscription"

/**
 * The click on a double-opt-in link: verifies the token (purpose "confirm",
 * not expired), subscribes the contact to the topics the token names,
 * records "granted" consent for the contact and each topic, and lifts an
 * "unsubscribed" suppression. Idempotent: a second click changes nothing.
 */
export const confirmSubscriptionWorkflow = createWorkflow(
  confirmSubscriptionWorkflowId,
  (input: WorkflowData<ConfirmSubscriptionWorkflowInput>) => {
    const { verified, lockKey } = verifyTokenAndLockContact(input, "confirm")

    const granted = grantSubscriptionStep(
      transform({ verified, input }, ({ verified, input }) => ({
        contact_id: verified.contact_id,
        topic_handles: decodeTopicClaim(verified.claim),
        // wording left unset: the sign-up wording the person agreed to
        consent: { source: "double_opt_in", ip: input.ip ?? null, user_agent: input.user_agent ?? null },
      }))
    )

    when("marketing-confirm-subscribed", { granted }, ({ granted }) => granted.status_changed).then(() => {
      emitEventStep({
        eventName: MarketingSubscriptionEvents.SUBSCRIBED,
        data: transform({ verified }, ({ verified }) => ({ id: verified.contact_id })),
      })
    })

    releaseLockStep({ key: lockKey })

    return new WorkflowResponse(
      transform({ verified, granted }, ({ verified, granted }): ConfirmSubscriptionWorkflowOutput => ({
        contact_id: verified.contact_id,
        outcome:
          granted.outcome === "blocked"
            ? "blocked"
            : granted.status_changed || granted.granted.length
              ? "confirmed"
              : "already_confirmed",
      }))
    )
  }
)
