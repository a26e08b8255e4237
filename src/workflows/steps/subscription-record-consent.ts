import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { consentRow, ConsentRowInput, marketingService } from "./subscription-shared"

export type RecordConsentEventsStepInput = ConsentRowInput[]

export const recordConsentEventsStepId = "marketing-subscription-record-consent"

/**
 * Appends rows to the consent ledger. The ledger is append-only; undo only
 * removes the rows this very step wrote when its workflow fails.
 */
export const recordConsentEventsStep = createStep(
  recordConsentEventsStepId,
  async (rows: RecordConsentEventsStepInput, { container }) => {
    if (!rows.length) {
      return new StepResponse([] as { id: string }[], [] as string[])
    }
    const service = marketingService(container)
    const options = service.getOptions()
    const now = new Date()
    const created = await service.createConsentEvents(rows.map((r) => consentRow(r, options, now)))
    return new StepResponse(
      created.map((c) => ({ id: c.id })),
      created.map((c) => c.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await marketingService(container).deleteConsentEvents(ids)
  }
)
