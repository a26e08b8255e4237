import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

export type ContactUpdate = {
  id: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  locale?: string | null
  timezone?: string | null
  country_code?: string | null
  status?: "pending" | "subscribed" | "unsubscribed" | "bounced" | "complained" | "cleaned"
  subscribed_at?: Date | null
  unsubscribed_at?: Date | null
  confirmation_sent_at?: Date | null
  metadata?: Record<string, unknown> | null
}

/** Update contacts; undo writes back exactly the fields this step changed. */
export const updateContactsStep = createStep(
  "update-contacts",
  async (updates: ContactUpdate[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const fields = [...new Set(updates.flatMap((u) => Object.keys(u)))]
    const before = await marketing.listContacts(
      { id: updates.map((u) => u.id) },
      { select: fields as any }
    )
    const updated = await marketing.updateContacts(updates as any)
    return new StepResponse(updated, before)
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.updateContacts(before as any)
  }
)
