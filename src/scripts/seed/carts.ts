/**
 * Open carts: abandoned ones with an email (updated 1-72 hours ago) and
 * anonymous browsing carts, created through the Cart module and keyed by
 * `metadata.seed_ref`.
 */
import { Modules } from "@medusajs/framework/utils"
import { CatalogRefs, chunk, SeedContext, StoreRefs } from "./context"
import type { CustomerRefs } from "./customers"
import { toAddress, toLineItem } from "./lines"
import { existingRefs } from "./orders"
import { REGIONS } from "./data"

export type CartCounts = { total: number; created: number; with_email: number }

export async function seedCarts(
  ctx: SeedContext,
  store: StoreRefs,
  catalog: CatalogRefs,
  customers: CustomerRefs
): Promise<CartCounts> {
  const { container, logger, plan } = ctx
  const cartModule = container.resolve(Modules.CART)
  const existing = await existingRefs((skip, take) =>
    cartModule.listCarts({}, { select: ["id", "metadata"], skip, take, order: { id: "ASC" } })
  )
  const missing = plan.carts.filter((c) => !existing.has(c.ref))
  const inclusive = new Map(REGIONS.map((r) => [r.name, r.is_tax_inclusive]))
  for (const batch of chunk(missing, 50)) {
    await cartModule.createCarts(
      batch.map((c) => ({
        region_id: store.region_ids[c.region],
        sales_channel_id: store.sales_channel_id,
        currency_code: c.currency_code,
        email: c.email ?? undefined,
        customer_id: c.email ? customers.ids.get(c.email) : undefined,
        shipping_address: c.address ? toAddress(c.address) : undefined,
        billing_address: c.address ? toAddress(c.address) : undefined,
        metadata: { seed_ref: c.ref },
        created_at: c.created_at,
        updated_at: c.updated_at,
        items: c.items.map((line) => ({
          ...toLineItem(line, catalog, !!inclusive.get(c.region)),
          created_at: c.created_at,
          updated_at: c.updated_at,
        })),
      })) as any
    )
  }
  if (missing.length) {
    logger.info(`Carts: ${plan.carts.length} open (${missing.length} created)`)
  }
  return {
    total: plan.carts.length,
    created: missing.length,
    with_email: plan.carts.filter((c) => c.email).length,
  }
}
