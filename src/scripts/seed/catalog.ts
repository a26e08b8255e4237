/**
 * Categories, collections, products with variants and EUR/USD prices, and
 * stock at the warehouse. Everything is keyed by handle or SKU.
 */
import { Modules, ProductStatus } from "@medusajs/framework/utils"
import {
  createCollectionsWorkflow,
  createInventoryLevelsWorkflow,
  createProductCategoriesWorkflow,
  createProductsWorkflow,
} from "@medusajs/medusa/core-flows"
import { Prng } from "../../lib/prng"
import { CatalogRefs, chunk, listIn, SeedContext, StoreRefs, VariantRef } from "./context"
import { CATEGORIES, COLLECTIONS, PRODUCTS, variantCombos, variantSku, variantTitle } from "./data"

const PRODUCT_BATCH = 10

export async function seedCatalog(ctx: SeedContext, refs: StoreRefs, seed: Prng): Promise<CatalogRefs> {
  const { container, logger } = ctx
  const productModule = container.resolve(Modules.PRODUCT)

  const categoryIds = await ensureCategories(ctx)
  const collectionIds = await ensureCollections(ctx)

  const fulfillment = container.resolve(Modules.FULFILLMENT)
  const [profile] = await fulfillment.listShippingProfiles({ type: "default" }, { take: 1 })

  const existing = await productModule.listProducts(
    { handle: PRODUCTS.map((p) => p.handle) },
    { select: ["id", "handle"] }
  )
  const have = new Set(existing.map((p) => p.handle))
  const missing = PRODUCTS.filter((p) => !have.has(p.handle))
  let created = 0
  for (const batch of chunk(missing, PRODUCT_BATCH)) {
    await createProductsWorkflow(container).run({
      input: {
        products: batch.map((p) => ({
          title: p.title,
          subtitle: p.subtitle,
          handle: p.handle,
          description: p.description,
          status: ProductStatus.PUBLISHED,
          weight: p.weight,
          thumbnail: p.thumbnail,
          images: p.thumbnail ? [{ url: p.thumbnail }] : undefined,
          category_ids: [categoryIds[p.category]],
          collection_id: p.collection ? collectionIds[p.collection] : undefined,
          shipping_profile_id: profile?.id,
          sales_channels: [{ id: refs.sales_channel_id }],
          options: p.options.map((o) => ({ title: o.title, values: o.values })),
          variants: variantCombos(p.options).map((combo) => ({
            title: variantTitle(combo),
            sku: variantSku(p, combo),
            options: combo,
            manage_inventory: true,
            prices: [
              { currency_code: "eur", amount: p.eur },
              { currency_code: "usd", amount: p.usd },
            ],
          })),
        })),
      },
    })
    created += batch.length
    logger.info(`Products: ${existing.length + created}/${PRODUCTS.length}`)
  }

  const skus = PRODUCTS.flatMap((p) => variantCombos(p.options).map((c) => variantSku(p, c)))
  await ensureStock(ctx, refs, skus, seed.fork("stock"))

  const variants = new Map<string, VariantRef>()
  const rows = await listIn(skus, (slice) =>
    productModule.listProductVariants(
      { sku: slice },
      { relations: ["product", "product.collection", "options", "options.option"] }
    )
  )
  for (const v of rows) {
    const product = v.product!
    variants.set(v.sku!, {
      id: v.id,
      sku: v.sku!,
      title: v.title,
      product_id: product.id,
      product_title: product.title,
      product_handle: product.handle,
      product_collection: product.collection?.title ?? null,
      thumbnail: product.thumbnail ?? null,
      options: Object.fromEntries((v.options ?? []).map((o: any) => [o.option?.title, o.value])),
    })
  }
  if (variants.size !== skus.length) {
    throw new Error(
      `Expected ${skus.length} demo variants but found ${variants.size}; a product with a demo handle exists with other SKUs. ` +
        `Delete it or seed an empty database.`
    )
  }
  return {
    variants,
    products: PRODUCTS.length,
    categories: Object.keys(categoryIds).length,
    collections: Object.keys(collectionIds).length,
  }
}

async function ensureCategories(ctx: SeedContext): Promise<Record<string, string>> {
  const productModule = ctx.container.resolve(Modules.PRODUCT)
  const existing = await productModule.listProductCategories(
    { handle: CATEGORIES.map((c) => c.handle) },
    { select: ["id", "handle"] }
  )
  const ids: Record<string, string> = Object.fromEntries(existing.map((c) => [c.handle, c.id]))
  // parents first, then their children
  for (const level of [CATEGORIES.filter((c) => !c.parent), CATEGORIES.filter((c) => c.parent)]) {
    const missing = level.filter((c) => !ids[c.handle])
    if (!missing.length) {
      continue
    }
    const { result } = await createProductCategoriesWorkflow(ctx.container).run({
      input: {
        product_categories: missing.map((c) => ({
          name: c.name,
          handle: c.handle,
          description: c.description,
          is_active: true,
          parent_category_id: c.parent ? ids[c.parent] : null,
        })),
      },
    })
    for (const c of result) {
      ids[c.handle] = c.id
    }
  }
  return ids
}

async function ensureCollections(ctx: SeedContext): Promise<Record<string, string>> {
  const productModule = ctx.container.resolve(Modules.PRODUCT)
  const existing = await productModule.listProductCollections(
    { handle: COLLECTIONS.map((c) => c.handle) },
    { select: ["id", "handle"] }
  )
  const ids: Record<string, string> = Object.fromEntries(existing.map((c) => [c.handle, c.id]))
  const missing = COLLECTIONS.filter((c) => !ids[c.handle])
  if (missing.length) {
    const { result } = await createCollectionsWorkflow(ctx.container).run({
      input: { collections: missing.map((c) => ({ title: c.title, handle: c.handle })) },
    })
    for (const c of result) {
      ids[c.handle!] = c.id
    }
  }
  return ids
}

/** Every demo variant's inventory item gets a level at the warehouse. */
async function ensureStock(ctx: SeedContext, refs: StoreRefs, skus: string[], r: Prng): Promise<void> {
  const inventory = ctx.container.resolve(Modules.INVENTORY)
  const items = await listIn(skus, (slice) => inventory.listInventoryItems({ sku: slice }, { select: ["id", "sku"] }))
  const levels = await listIn(
    items.map((i) => i.id),
    (slice) =>
      inventory.listInventoryLevels(
        { inventory_item_id: slice, location_id: refs.stock_location_id },
        { select: ["id", "inventory_item_id"] }
      )
  )
  const stocked = new Set(levels.map((l) => l.inventory_item_id))
  const bySku = new Map(items.map((i) => [i.sku, i.id]))
  const missing = skus
    .map((sku) => ({ sku, id: bySku.get(sku), qty: r.int(40, 400) }))
    .filter((x) => x.id && !stocked.has(x.id))
  if (!missing.length) {
    return
  }
  await createInventoryLevelsWorkflow(ctx.container).run({
    input: {
      inventory_levels: missing.map((x) => ({
        location_id: refs.stock_location_id,
        inventory_item_id: x.id!,
        stocked_quantity: x.qty,
      })),
    },
  })
}
