import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

export type SuppressionInput = {
  /** null with `email_hash` set: suppress an address we may not keep (erasure) */
  email: string | null
  email_hash?: string
  reason: "hard_bounce" | "complaint" | "manual" | "unsubscribed" | "erased"
  source?: string | null
  note?: string | null
}

/** Add addresses to the suppression list (an address already there keeps its row); undo removes what was added. */
export const createSuppressionsStep = createStep(
  "create-suppressions",
  async (input: SuppressionInput[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const created = await marketing.suppress(input)
    return new StepResponse(created, created.map((c) => c.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.deleteSuppressions(ids)
  }
)

export const deleteSuppressionsStep = createStep(
  "delete-suppressions",
  async (ids: string[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.softDeleteSuppressions(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.restoreSuppressions(ids)
  }
)
