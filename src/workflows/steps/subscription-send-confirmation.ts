import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { INotificationModuleService, Logger } from "@medusajs/framework/types"
import { maskEmail } from "../../lib/email"
import { buildConfirmUrl } from "../../lib/links"
import { renderConfirmationEmail } from "../../lib/system-emails"
import { marketingService } from "./subscription-shared"

export type SendConfirmationStepInput = {
  contact_id: string
  email: string
  first_name?: string | null
  /** topics the confirmation click grants */
  topic_handles: string[]
  topic_names: string[]
}

export type SendConfirmationStepOutput = {
  sent: boolean
  reason?: "recently_sent" | "send_failed"
}

export const sendConfirmationStepId = "marketing-subscription-send-confirmation"

/**
 * Sends the double-opt-in email through the Notification Module on the
 * marketing channel, at most once per `confirmation_resend_minutes` per
 * contact (the caller holds a lock on the address). A delivery failure is
 * logged and leaves no trace, so the next sign-up tries again; the sign-up
 * answer stays the same either way. Undo restores `confirmation_sent_at`
 * (an email cannot be unsent).
 */
export const sendConfirmationStep = createStep(
  sendConfirmationStepId,
  async (input: SendConfirmationStepInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const contact = await service.retrieveContact(input.contact_id, { select: ["id", "confirmation_sent_at"] })
    const previous = contact.confirmation_sent_at ? new Date(contact.confirmation_sent_at) : null
    const now = new Date()
    if (previous && now.getTime() - previous.getTime() < options.confirmation_resend_minutes * 60_000) {
      return new StepResponse<SendConfirmationStepOutput, any>({ sent: false, reason: "recently_sent" })
    }

    await service.updateContacts({ id: contact.id, confirmation_sent_at: now })
    const undo = { contact_id: contact.id, previous: previous?.toISOString() ?? null }

    const { url } = buildConfirmUrl({
      publicUrl: options.public_url,
      secret: options.secret,
      contactId: contact.id,
      topicHandles: input.topic_handles,
      ttlHours: options.confirm_token_ttl_hours,
      now: now.getTime(),
    })
    const content = renderConfirmationEmail({
      storeName: options.store_name,
      confirmUrl: url,
      firstName: input.first_name,
      topicNames: input.topic_names,
      ttlHours: options.confirm_token_ttl_hours,
    })
    try {
      const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
      await notifications.createNotifications({
        to: input.email,
        from: options.from,
        channel: options.channel,
        content,
        // for template-based providers (SendGrid and the like)
        data: { confirm_url: url, store_name: options.store_name, first_name: input.first_name ?? null },
        trigger_type: "marketing.subscription.confirmation",
        resource_type: "marketing_contact",
        resource_id: contact.id,
        idempotency_key: `mkt-confirm-${contact.id}-${now.getTime()}`,
      })
    } catch (e) {
      const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      logger.warn(
        `Could not send the subscription confirmation to ${maskEmail(input.email)} (contact ${contact.id}): ${
          (e as Error).message
        }`
      )
      await service.updateContacts({ id: contact.id, confirmation_sent_at: previous })
      return new StepResponse<SendConfirmationStepOutput, any>({ sent: false, reason: "send_failed" })
    }
    return new StepResponse<SendConfirmationStepOutput, any>({ sent: true }, undo)
  },
  async (undo, { container }) => {
    if (!undo?.contact_id) {
      return
    }
    await marketingService(container).updateContacts({
      id: undo.contact_id,
      confirmation_sent_at: undo.previous,
    })
  }
)
