/**
 * Which products a template shows, so a sender loads exactly those into the
 * render context's `products` (by id) before rendering.
 */

/** More ids than any valid document can hold (12 per product block, 100 blocks). */
const MAX_PRODUCT_IDS = 1200

const PRODUCT_ID = /^[A-Za-z0-9_-]{1,128}$/

/** `products["prod_1"]`, `products['prod_1']` and `products.prod_1` in Liquid. */
const LIQUID_PRODUCT_REF = /\bproducts\s*(?:\[\s*(?:"([^"\\]{1,128})"|'([^'\\]{1,128})')\s*\]|\.([A-Za-z0-9_-]{1,128}))/g

/** `products.size` and friends are Liquid's, not product ids. */
const LIQUID_PROPERTIES = new Set(["size", "first", "last"])

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === "object" && !Array.isArray(v)

/**
 * The product ids a template document refers to, first appearance first,
 * each once: the `product_ids` of its product blocks, and products a Liquid
 * field (or raw MJML/HTML) names by a literal key such as
 * `{{ products["prod_123"].title }}`. Works on unvalidated input: anything
 * that is not a well-formed id is skipped.
 */
export function productIdsOfDocument(doc: unknown): string[] {
  const ids = new Set<string>()
  const add = (id: unknown) => {
    if (typeof id === "string" && PRODUCT_ID.test(id) && ids.size < MAX_PRODUCT_IDS) {
      ids.add(id)
    }
  }
  const scan = (text: unknown) => {
    if (typeof text !== "string" || !text.includes("products")) {
      return
    }
    for (const m of text.matchAll(LIQUID_PRODUCT_REF)) {
      if (m[3] === undefined || !LIQUID_PROPERTIES.has(m[3])) {
        add(m[1] ?? m[2] ?? m[3])
      }
    }
  }
  if (!isRecord(doc)) {
    return []
  }
  scan(doc.mjml)
  scan(doc.html)
  const blocks = Array.isArray(doc.blocks) ? doc.blocks : []
  for (const block of blocks) {
    if (!isRecord(block)) {
      continue
    }
    if (block.type === "product" && Array.isArray(block.product_ids)) {
      block.product_ids.forEach(add)
    }
    for (const value of Object.values(block)) {
      if (Array.isArray(value)) {
        value.forEach((item) => (isRecord(item) ? Object.values(item).forEach(scan) : scan(item)))
      } else {
        scan(value)
      }
    }
  }
  return [...ids]
}
