import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { SeedPlan } from "./plan"

/** What the store setup made (or found), needed by every later section. */
export type StoreRefs = {
  store_id: string
  sales_channel_id: string
  region_ids: Record<string, string>
  shipping_option_ids: Record<string, string>
  stock_location_id: string
  publishable_key: { id: string; token: string }
}

/** Variant facts an order or cart line copies, by SKU. */
export type VariantRef = {
  id: string
  sku: string
  title: string
  product_id: string
  product_title: string
  product_handle: string
  product_collection: string | null
  thumbnail: string | null
  options: Record<string, string>
}

export type CatalogRefs = {
  variants: Map<string, VariantRef>
  products: number
  categories: number
  collections: number
}

export function makeContext(container: MedusaContainer, plan: SeedPlan) {
  return {
    container,
    logger: container.resolve(ContainerRegistrationKeys.LOGGER) as Logger,
    query: container.resolve(ContainerRegistrationKeys.QUERY),
    link: container.resolve(ContainerRegistrationKeys.LINK),
    plan,
  }
}

export type SeedContext = ReturnType<typeof makeContext>

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size))
  }
  return out
}

/** Look up many keys in slices so no query carries thousands of parameters. */
export async function listIn<T>(
  keys: readonly string[],
  fetch: (slice: string[]) => Promise<T[]>,
  size = 500
): Promise<T[]> {
  const out: T[] = []
  for (const slice of chunk(keys, size)) {
    out.push(...(await fetch(slice)))
  }
  return out
}
