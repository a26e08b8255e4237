import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { acquireLockStep, emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { hashEmail } from "../lib/email"
import { ensureSignupContactStep } from "./steps/subscription-ensure-contact"
import { grantSubscriptionStep } from "./steps/subscription-grant"
import { prepareSignupStep, PrepareSignupStepInput, SignupAction } from "./steps/subscription-prepare-signup"
import { recordConsentEventsStep } from "./steps/subscription-record-consent"
import { sendConfirmationStep } from "./steps/subscription-send-confirmation"

export type SubscribeContactWorkflowInput = PrepareSignupStepInput

export type SubscribeContactWorkflowOutput = {
  /** for logs and tests only: the API answers the same whatever it is */
  action: SignupAction
}

export const MarketingSubscriptionEvents = {
  SUBSCRIBED: "marketing.contact.subscribed",
  UNSUBSCRIBED: "marketing.contact.unsubscribed",
} as const

export const subscribeContactWorkflowId = "marketing-subscribe-contact"

/**
 * A newsletter sign-up. With double opt-in (the default) the contact is kept
 * or created as pending, a "requested" consent is recorded per topic and a
 * confirmation email is sent (at most once per resend window); the click
 * grants. Without it the contact is subscribed at once. Suppressed addresses
 * (other than "unsubscribed") get nothing at all. Callers answer the same
 * whatever happened, so a sign-up form does not reveal who is on the list.
 */
export const subscribeContactWorkflow = createWorkflow(
  subscribeContactWorkflowId,
  (input: WorkflowData<SubscribeContactWorkflowInput>) => {
    const lockKey = transform({ input }, ({ input }) => `mkt:signup:${hashEmail(String(input.email ?? ""))}`)
    acquireLockStep({ key: lockKey, timeout: 15, ttl: 60 })

    const plan = prepareSignupStep(input)

    const contact = when(
      "marketing-signup-needs-contact",
      { plan },
      ({ plan }) => plan.action === "confirm" || plan.action === "subscribe"
    ).then(() =>
      ensureSignupContactStep(
        transform({ plan, input }, ({ plan, input }) => ({
          email: plan.email,
          contact_id: plan.contact_id,
          first_name: input.first_name ?? null,
          last_name: input.last_name ?? null,
          source: plan.source,
        }))
      )
    )

    when("marketing-signup-double-opt-in", { plan }, ({ plan }) => plan.action === "confirm").then(() => {
      const requested = transform({ plan, contact }, ({ plan, contact }) => [
        { contact_id: contact!.id, email: plan.email, action: "requested" as const, topic_handle: null, consent: plan.consent },
        ...plan.topic_handles.map((handle) => ({
          contact_id: contact!.id,
          email: plan.email,
          action: "requested" as const,
          topic_handle: handle,
          consent: plan.consent,
        })),
      ])
      recordConsentEventsStep(requested)
      sendConfirmationStep(
        transform({ plan, contact }, ({ plan, contact }) => ({
          contact_id: contact!.id,
          email: plan.email,
          first_name: plan.first_name,
          topic_handles: plan.topic_handles,
          topic_names: plan.topic_names,
        }))
      )
    })

    const granted = when("marketing-signup-single-opt-in", { plan }, ({ plan }) => plan.action === "subscribe").then(
      () =>
        grantSubscriptionStep(
          transform({ plan, contact }, ({ plan, contact }) => ({
            contact_id: contact!.id,
            topic_handles: plan.topic_handles,
            consent: plan.consent,
          }))
        )
    )

    when("marketing-signup-subscribed", { granted }, ({ granted }) => !!granted?.status_changed).then(() => {
      emitEventStep({
        eventName: MarketingSubscriptionEvents.SUBSCRIBED,
        data: transform({ contact }, ({ contact }) => ({ id: contact!.id })),
      })
    })

    releaseLockStep({ key: lockKey })

    return new WorkflowResponse(
      transform({ plan }, ({ plan }): SubscribeContactWorkflowOutput => ({ action: plan.action }))
    )
  }
)
