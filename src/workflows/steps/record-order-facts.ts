import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MathBN } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { OrderFactInput } from "../../modules/marketing/types"

/**
 * What an order must be read with to become facts. No computed totals
 * (`total`, `items.total`): asking Query for them runs the totals
 * calculation on every order and made a backfill three times slower. The
 * order total and refunds come from the order's stored summary, a line's
 * amount is unit price times quantity (before discounts and tax).
 */
export const ORDER_FACT_FIELDS = [
  "id",
  "email",
  "customer_id",
  "currency_code",
  "status",
  "created_at",
  "updated_at",
  "canceled_at",
  "summary.*",
  "items.id",
  "items.product_id",
  "items.variant_id",
  "items.quantity",
  // the quantity lives on the order item; asking for it makes Query fill items.quantity
  "items.detail.quantity",
  "items.unit_price",
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

/** unit price x quantity as an exact decimal string (BigNumber, never a float product). */
function lineAmount(item: any): string {
  if (item.total !== undefined && item.unit_price === undefined) {
    return amountOf(item.raw_total, item.total)
  }
  const quantity = Number(item.quantity ?? item.detail?.quantity ?? 0)
  return MathBN.mult(amountOf(item.raw_unit_price, item.unit_price), quantity).toFixed()
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
      total: amountOf(o.summary?.raw_current_order_total, o.summary?.current_order_total ?? o.total),
      refunded_total: amountOf(o.summary?.raw_refunded_total, o.summary?.refunded_total),
      placed_at: o.created_at,
      canceled_at: o.canceled_at ?? (o.status === "canceled" ? o.updated_at : null),
      lines: (o.items ?? []).map((i: any) => ({
        line_item_id: i.id,
        product_id: i.product_id ?? null,
        variant_id: i.variant_id ?? null,
        category_ids: (i.product?.categories ?? []).map((c: any) => c.id),
        collection_id: i.product?.collection_id ?? null,
        quantity: Number(i.quantity ?? i.detail?.quantity ?? 0),
        amount: lineAmount(i),
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
