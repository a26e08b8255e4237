import {
  createWorkflow,
  transform,
  when,
  WorkflowData,
  WorkflowResponse,
} from "@medusajs/framework/workflows-sdk"
import { emitEventStep, releaseLockStep } from "@medusajs/medusa/core-flows"
import { verifyTokenAndLockContact } from "./utils/verify-and-lock"
import { PREFERENCE_CENTRE_WORDING, PREFERENCE_CENTRE_WORDING_VERSION } from "../lib/system-emails"
import { grantSubscriptionStep } from "./steps/subscription-grant"
import { preparePreferenceChangesStep } from "./steps/subscription-prepare-preferences"
import { withdrawSubscriptionStep } from "./steps/subscription-withdraw"
import { MarketingSubscriptionEvents } from "./subscribe-contact"

export type UpdateContactPreferencesWorkflowInput = {
  /** a "preferences" token from an email */
  token: string
  /** handle -> wants it (JSON); handles not named stay as they are */
  topics?: Record<string, boolean> | null
  /** the ticked handles of the HTML form; every other public topic is switched off */
  selected_topics?: string[] | null
  unsubscribe_all?: boolean | null
  ip?: string | null
  user_agent?: string | null
  source?: string | null
}

export type UpdateContactPreferencesWorkflowOutput = {
  contact_id: string
  granted: string[]
  withdrawn: string[]
  unsubscribed: boolean
  /** a tick could not subscribe the address (suppressed for a bounce or complaint) */
  blocked: boolean
}

export const updateContactPreferencesWorkflowId = "marketing-update-contact-preferences"

/**
 * The preference centre's save: topics on and off, or off everything.
 * Every real change is a ledger row (source "preference_center"); ticking a
 * topic while unsubscribed subscribes again, as the signed link proves the
 * mailbox.
 */
export const updateContactPreferencesWorkflow = createWorkflow(
  updateContactPreferencesWorkflowId,
  (input: WorkflowData<UpdateContactPreferencesWorkflowInput>) => {
    const { verified, lockKey } = verifyTokenAndLockContact(input, "preferences")

    const changes = preparePreferenceChangesStep(
      transform({ verified, input }, ({ verified, input }) => ({
        contact_id: verified.contact_id,
        topics: input.topics ?? null,
        selected_topics: input.selected_topics ?? null,
        unsubscribe_all: input.unsubscribe_all ?? false,
      }))
    )
    const consent = transform({ input }, ({ input }) => ({
      source: input.source || "preference_center",
      ip: input.ip ?? null,
      user_agent: input.user_agent ?? null,
    }))

    const unsubscribed = when(
      "marketing-preferences-unsubscribe-all",
      { changes },
      ({ changes }) => changes.unsubscribe_all
    ).then(() =>
      withdrawSubscriptionStep(
        transform({ verified, consent }, ({ verified, consent }) => ({
          contact_id: verified.contact_id,
          topic_handles: null,
          consent: { ...consent, wording: null, wording_version: null },
        }))
      ).config({ name: "marketing-subscription-withdraw-all" })
    )

    const withdrawn = when(
      "marketing-preferences-withdraw-topics",
      { changes },
      ({ changes }) => !changes.unsubscribe_all && changes.withdraw.length > 0
    ).then(() =>
      withdrawSubscriptionStep(
        transform({ verified, consent, changes }, ({ verified, consent, changes }) => ({
          contact_id: verified.contact_id,
          topic_handles: changes.withdraw,
          consent: { ...consent, wording: null, wording_version: null },
        }))
      )
    )

    const granted = when(
      "marketing-preferences-grant-topics",
      { changes },
      ({ changes }) => !changes.unsubscribe_all && changes.grant.length > 0
    ).then(() =>
      grantSubscriptionStep(
        transform({ verified, consent, changes }, ({ verified, consent, changes }) => ({
          contact_id: verified.contact_id,
          topic_handles: changes.grant,
          consent: {
            ...consent,
            wording: PREFERENCE_CENTRE_WORDING,
            wording_version: PREFERENCE_CENTRE_WORDING_VERSION,
          },
        }))
      )
    )

    when(
      "marketing-preferences-unsubscribed",
      { unsubscribed },
      ({ unsubscribed }) => !!unsubscribed?.status_changed
    ).then(() => {
      emitEventStep({
        eventName: MarketingSubscriptionEvents.UNSUBSCRIBED,
        data: transform({ verified }, ({ verified }) => ({ id: verified.contact_id })),
      })
    })

    when("marketing-preferences-subscribed", { granted }, ({ granted }) => !!granted?.status_changed).then(() => {
      emitEventStep({
        eventName: MarketingSubscriptionEvents.SUBSCRIBED,
        data: transform({ verified }, ({ verified }) => ({ id: verified.contact_id })),
      }).config({ name: "marketing-preferences-emit-subscribed" })
    })

    releaseLockStep({ key: lockKey })

    return new WorkflowResponse(
      transform(
        { verified, unsubscribed, withdrawn, granted },
        ({ verified, unsubscribed, withdrawn, granted }): UpdateContactPreferencesWorkflowOutput => ({
          contact_id: verified.contact_id,
          granted: granted?.granted ?? [],
          withdrawn: [...(unsubscribed?.withdrawn ?? []), ...(withdrawn?.withdrawn ?? [])],
          unsubscribed: !!unsubscribed,
          blocked: granted?.outcome === "blocked",
        })
      )
    )
  }
)
