import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { marketingService } from "./subscription-shared"

export type AttributeOrderStepInput = {
  orders: { id: string; email?: string | null; total?: unknown; currency_code?: string | null; created_at?: Date | string | null }[]
}

/**
 * Credit each order to the email that earned it (see the module's
 * attributeOrder): one row per order, so a replayed order.placed adds
 * nothing. Undo removes only the rows this run created.
 */
export const attributeOrdersStep = createStep(
  "marketing-attribute-orders",
  async (input: AttributeOrderStepInput, { container }) => {
    const service = marketingService(container)
    const created: string[] = []
    for (const o of input.orders) {
      if (!o.email || !o.currency_code) {
        continue // nothing to match an email to
      }
      const total = o.total as { toString(): string } | number | string | null | undefined
      const row = await service.attributeOrder({
        order_id: o.id,
        email: o.email.trim().toLowerCase(),
        placed_at: o.created_at ? new Date(o.created_at) : new Date(),
        revenue: total === null || total === undefined ? "0" : String(total),
        currency_code: o.currency_code,
      })
      if (row) {
        created.push(row.id)
      }
    }
    return new StepResponse({ attributed: created.length, ids: created }, created)
  },
  async (created, { container }) => {
    if (created?.length) {
      await marketingService(container).deleteAttributions(created)
    }
  }
)
