import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { ProductContext } from "../../lib/templates"

type PriceRow = {
  amount?: number | string | { toJSON?: () => unknown } | null
  currency_code?: string | null
  price_list_id?: string | null
  min_quantity?: number | string | null
}

type ProductRow = {
  id: string
  title?: string | null
  handle?: string | null
  description?: string | null
  thumbnail?: string | null
  images?: { url?: string | null; rank?: number | null }[] | null
  variants?: { prices?: PriceRow[] | null }[] | null
}

const PRODUCT_FIELDS = [
  "id",
  "title",
  "handle",
  "description",
  "thumbnail",
  "images.url",
  "images.rank",
  "variants.prices.amount",
  "variants.prices.currency_code",
  "variants.prices.price_list_id",
  "variants.prices.min_quantity",
]

/** Query takes ids in chunks, so one huge document cannot build one huge IN list. */
const CHUNK = 200

function amountOf(price: PriceRow): number | null {
  const raw = price.amount
  const value =
    raw && typeof raw === "object" && typeof raw.toJSON === "function" ? raw.toJSON() : (raw as number | string | null)
  const n = typeof value === "string" ? Number(value) : value
  return typeof n === "number" && Number.isFinite(n) ? n : null
}

/**
 * The "from" price of a product in a currency: the lowest regular price of
 * any variant (price-list and quantity-tier prices are not what a newsletter
 * should advertise); a price-list price only when there is no regular one.
 */
function lowestPrice(product: ProductRow, currency: string): number | null {
  const prices = (product.variants ?? [])
    .flatMap((v) => v?.prices ?? [])
    .filter((p) => p?.currency_code?.toLowerCase() === currency)
  const regular = prices.filter((p) => !p.price_list_id && (p.min_quantity === null || p.min_quantity === undefined || Number(p.min_quantity) <= 1))
  let best: number | null = null
  for (const p of regular.length ? regular : prices) {
    const amount = amountOf(p)
    if (amount !== null && (best === null || amount < best)) {
      best = amount
    }
  }
  return best
}

function imageOf(product: ProductRow): string | null {
  if (product.thumbnail) {
    return product.thumbnail
  }
  const images = [...(product.images ?? [])].sort((a, b) => (a?.rank ?? 0) - (b?.rank ?? 0))
  return images.find((i) => i?.url)?.url ?? null
}

/**
 * What templates see as `products[id]`: title, storefront URL, image,
 * description and the lowest price in `currency` (major units, as Medusa
 * stores it). Unknown ids are simply absent, so a product block skips them.
 */
export async function loadProductContexts(
  container: MedusaContainer,
  productIds: string[],
  opts: { currency: string; storeUrl: string }
): Promise<Record<string, ProductContext>> {
  const ids = [...new Set(productIds.filter((id) => typeof id === "string" && id))]
  if (!ids.length) {
    return {}
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const currency = opts.currency.toLowerCase()
  const storeUrl = opts.storeUrl.replace(/\/+$/, "")
  const out: Record<string, ProductContext> = {}
  for (let i = 0; i < ids.length; i += CHUNK) {
    const { data } = await query.graph({
      entity: "product",
      fields: PRODUCT_FIELDS,
      filters: { id: ids.slice(i, i + CHUNK) },
    })
    for (const product of data as ProductRow[]) {
      const price = lowestPrice(product, currency)
      out[product.id] = {
        id: product.id,
        title: product.title ?? "",
        url: product.handle ? `${storeUrl}/products/${encodeURIComponent(product.handle)}` : storeUrl,
        image: imageOf(product),
        description: product.description ?? null,
        price,
        compare_at_price: null,
        currency_code: price === null ? null : currency,
      }
    }
  }
  return out
}
