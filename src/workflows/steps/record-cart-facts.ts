import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { CartFactInput } from "../../modules/marketing/types"
import { amountOf } from "./record-order-facts"

export const CART_FACT_FIELDS = [
  "id",
  "email",
  "customer_id",
  "currency_code",
  "subtotal",
  "updated_at",
  "completed_at",
  "items.id",
  "items.quantity",
]

export function toCartFacts(carts: any[]): CartFactInput[] {
  return carts
    .filter((c) => c?.email)
    .map((c) => ({
      cart_id: c.id,
      email: c.email,
      customer_id: c.customer_id ?? null,
      items_count: (c.items ?? []).reduce((n: number, i: any) => n + Number(i.quantity ?? 0), 0),
      subtotal: amountOf(c.raw_subtotal, c.subtotal),
      currency_code: c.currency_code,
      updated_at: c.updated_at,
      completed_at: c.completed_at ?? null,
    }))
}

/**
 * Record carts as facts. Like order facts, a projection of Medusa's carts
 * keyed by cart id that the next event rebuilds: no compensation.
 */
export const recordCartFactsStep = createStep("record-cart-facts", async (carts: any[], { container }) => {
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  return new StepResponse(await marketing.recordCartFacts(toCartFacts(carts)))
})
