import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { OrderFactInput } from "../../modules/marketing/types"

/** What an order must be read with to become facts. */
export const ORDER_FACT_FIELDS = [
  "id",
  "email",
  "customer_id",
  "currency_code",
  "status",
  "total",
  "created_at",
  "updated_at",
  "canceled_at",
  "summary.*",
  "items.id",
  "items.product_id",
  "items.variant_id",
  "items.quantity",
  "items.total",
  "items.product.collection_id",
  "items.product.categories.id",
]

/** A Medusa amount as read through Query (number, BigNumber, or raw) as a decimal string. */
export function amountOf(raw: any, value: any): string {
  if (raw?.value !== undefined) {
    return String(raw.value)
  }
  if (value && typeof value === "object" && "numeric" in value) {
    return String(value.numeric)
  }
  return String(value ?? 0)
}

/** Orders as read by Query -> the facts the marketing module keeps. */
export function toOrderFacts(orders: any[]): OrderFactInput[] {
  return orders
    .filter((o) => o?.email)
    .map((o) => ({
      order_id: o.id,
      email: o.email,
      customer_id: o.customer_id ?? null,
      currency_code: o.currency_code,
      total: amountOf(o.raw_total, o.total),
      refunded_total: amountOf(o.summary?.raw_refunded_total, o.summary?.refunded_total),
      placed_at: o.created_at,
      canceled_at: o.canceled_at ?? (o.status === "canceled" ? o.updated_at : null),
      lines: (o.items ?? []).map((i: any) => ({
        line_item_id: i.id,
        product_id: i.product_id ?? null,
        variant_id: i.variant_id ?? null,
        category_ids: (i.product?.categories ?? []).map((c: any) => c.id),
        collection_id: i.product?.collection_id ?? null,
        quantity: Number(i.quantity ?? 0),
        amount: amountOf(i.raw_total, i.total),
      })),
    }))
}

/**
 * Record orders as facts and refresh their contacts' metrics. It is the last
 * step of its workflows, and facts are a projection of Medusa's orders keyed
 * by their ids that any replay rebuilds, so it has no compensation.
 */
export const recordOrderFactsStep = createStep("record-order-facts", async (orders: any[], { container }) => {
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const result = await marketing.recordOrderFacts(toOrderFacts(orders))
  return new StepResponse(result)
})
