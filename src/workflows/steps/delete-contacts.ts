import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

/** Soft-delete contacts (their topic rows cascade); undo restores them. */
export const deleteContactsStep = createStep(
  "delete-contacts",
  async (ids: string[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.softDeleteContacts(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.restoreContacts(ids)
  }
)
