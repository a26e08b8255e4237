import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

/**
 * GDPR erasure. Deliberately has no compensation: erased data is gone, and
 * it runs as the last step so nothing after it can fail and ask for an undo.
 */
export const eraseContactStep = createStep("erase-contact", async (contactId: string, { container }) => {
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const out = await marketing.eraseContact(contactId)
  return new StepResponse({ contact_id: contactId, ...out })
})
