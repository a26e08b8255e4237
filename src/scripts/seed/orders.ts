/**
 * Two years of order history, written straight through the Order module in
 * batches (the checkout workflows would take an hour for 8,000 orders).
 * Each order carries `metadata.seed_ref`; refs already present are skipped,
 * and every batch is one transaction, so a resumed run never duplicates.
 */
import { Modules } from "@medusajs/framework/utils"
import { CatalogRefs, chunk, SeedContext, StoreRefs } from "./context"
import type { CustomerRefs } from "./customers"
import { toAddress, toLineItem } from "./lines"
import type { OrderPlan } from "./plan"

// ~250 is the sweet spot: createOrders re-reads every order it made with all relations
const BATCH = 250
const PAGE = 1_000

export type OrderCounts = { total: number; created: number; completed: number; pending: number; canceled: number }

export async function seedOrders(
  ctx: SeedContext,
  store: StoreRefs,
  catalog: CatalogRefs,
  customers: CustomerRefs
): Promise<OrderCounts> {
  const { container, logger, plan } = ctx
  const orderModule = container.resolve(Modules.ORDER)

  const existing = await existingRefs(async (skip, take) =>
    orderModule.listOrders({}, { select: ["id", "metadata"], skip, take, order: { id: "ASC" } })
  )
  const missing = plan.orders.filter((o) => !existing.has(o.ref))
  let done = plan.orders.length - missing.length
  if (done) {
    logger.info(`Orders: ${done}/${plan.orders.length} already present`)
  }
  const started = Date.now()
  for (const batch of chunk(missing, BATCH)) {
    await orderModule.createOrders(batch.map((o) => toOrder(o, store, catalog, customers)) as any)
    done += batch.length
    const rate = (done - (plan.orders.length - missing.length)) / ((Date.now() - started) / 1000)
    logger.info(`Orders: ${done}/${plan.orders.length} (${rate.toFixed(0)}/s)`)
  }

  const count = (s: string) => plan.orders.filter((o) => o.status === s).length
  return {
    total: plan.orders.length,
    created: missing.length,
    completed: count("completed"),
    pending: count("pending"),
    canceled: count("canceled"),
  }
}

/** Seed refs already stored, read page by page. */
export async function existingRefs(
  page: (skip: number, take: number) => Promise<{ metadata?: Record<string, unknown> | null }[]>
): Promise<Set<string>> {
  const refs = new Set<string>()
  for (let skip = 0; ; skip += PAGE) {
    const rows = await page(skip, PAGE)
    for (const row of rows) {
      const ref = row.metadata?.seed_ref
      if (typeof ref === "string") {
        refs.add(ref)
      }
    }
    if (rows.length < PAGE) {
      return refs
    }
  }
}

function toOrder(o: OrderPlan, store: StoreRefs, catalog: CatalogRefs, customers: CustomerRefs) {
  const taxLines = o.tax ? [{ code: o.tax.code, rate: o.tax.rate, description: o.tax.name }] : []
  const updated_at = o.canceled_at ?? o.created_at
  return {
    region_id: store.region_ids[o.region],
    customer_id: customers.ids.get(o.email),
    sales_channel_id: store.sales_channel_id,
    email: o.email,
    currency_code: o.currency_code,
    status: o.status,
    no_notification: true,
    shipping_address: toAddress(o.address),
    billing_address: toAddress(o.address),
    items: o.items.map((line) => ({
      ...toLineItem(line, catalog, o.is_tax_inclusive),
      tax_lines: taxLines,
      created_at: o.created_at,
      updated_at,
    })),
    shipping_methods: [
      {
        name: o.shipping_name,
        amount: o.shipping_amount,
        is_tax_inclusive: o.is_tax_inclusive,
        shipping_option_id: store.shipping_option_ids[o.shipping_code],
        tax_lines: taxLines,
      },
    ],
    // completed orders were paid in full; pending ones are authorised, canceled ones voided
    transactions:
      o.status === "completed"
        ? [
            {
              amount: round2(o.total),
              currency_code: o.currency_code,
              reference: "capture",
              reference_id: `${o.ref}-capture`,
            },
          ]
        : [],
    metadata: { seed_ref: o.ref },
    created_at: o.created_at,
    updated_at,
    canceled_at: o.canceled_at,
  }
}

function round2(n: number): number {
  return Math.round(n * 100) / 100
}
