/** Line items and addresses shaped the way Medusa's checkout writes them. */
import type { CatalogRefs } from "./context"
import type { AddressPlan, LinePlan } from "./plan"

export function toAddress(a: AddressPlan) {
  return {
    first_name: a.first_name,
    last_name: a.last_name,
    address_1: a.address_1,
    city: a.city,
    postal_code: a.postal_code,
    province: a.province ?? undefined,
    country_code: a.country_code,
    phone: a.phone ?? undefined,
  }
}

/** title = product title, subtitle = variant title, as `prepareLineItemData` does. */
export function toLineItem(line: LinePlan, catalog: CatalogRefs, isTaxInclusive: boolean) {
  const v = catalog.variants.get(line.sku)
  if (!v) {
    throw new Error(`Demo variant ${line.sku} is missing from the catalogue`)
  }
  return {
    title: v.product_title,
    subtitle: v.title,
    thumbnail: v.thumbnail ?? undefined,
    quantity: line.quantity,
    unit_price: line.unit_price,
    product_id: v.product_id,
    product_title: v.product_title,
    product_handle: v.product_handle,
    product_collection: v.product_collection ?? undefined,
    variant_id: v.id,
    variant_sku: v.sku,
    variant_title: v.title,
    variant_option_values: v.options,
    requires_shipping: true,
    is_discountable: true,
    is_tax_inclusive: isTaxInclusive,
  }
}
