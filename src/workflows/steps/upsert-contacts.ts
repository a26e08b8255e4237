import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { ContactUpsertRow, UpsertContactsOptions } from "../../modules/marketing/types"

export type UpsertContactsStepInput = {
  rows: ContactUpsertRow[]
  options: UpsertContactsOptions
}

/**
 * Create or update contacts by address (set-based). Undo removes the
 * contacts this step created; updates to existing contacts only ever fill
 * blanks or subscribe pending contacts, and stay.
 */
export const upsertContactsStep = createStep(
  "upsert-contacts",
  async (input: UpsertContactsStepInput, { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const result = await marketing.upsertContactsByEmail(input.rows, input.options)
    return new StepResponse(result, result.created_ids)
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.purgeContacts(createdIds)
  }
)
