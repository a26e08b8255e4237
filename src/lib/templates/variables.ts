/**
 * The catalog of variables a template may use: what the render context
 * provides, for the admin's "insert variable" menu and for the unknown-variable
 * check at save time.
 *
 * Paths use `[]` for the items of a list (`cart.items[].title`) and `*` for a
 * key chosen by the template (`products.*.title`, written
 * `{{ products["prod_123"].title }}`).
 */

export type TemplateVariableType = "string" | "number" | "money" | "date" | "url" | "boolean" | "list" | "object"

export type TemplateVariableGroup =
  | "contact"
  | "commerce"
  | "store"
  | "links"
  | "campaign"
  | "products"
  | "coupon"
  | "cart"
  | "order"

export type TemplateVariable = {
  path: string
  type: TemplateVariableType
  group: TemplateVariableGroup
  label: string
  /** what an author would type, e.g. `{{ contact.first_name | default: "there" }}` */
  insert: string
  /** a sample value (what previews without a contact show) */
  example?: unknown
}

function v(
  path: string,
  type: TemplateVariableType,
  group: TemplateVariableGroup,
  label: string,
  example?: unknown,
  insert?: string
): TemplateVariable {
  return { path, type, group, label, example, insert: insert ?? defaultInsert(path, type) }
}

function defaultInsert(path: string, type: TemplateVariableType): string {
  const expr = path.startsWith("products.*")
    ? `products["PRODUCT_ID"]${path.slice("products.*".length)}`
    : path.replace(/\[\]/g, "").replace(/^(cart|order)\.items\./, "item.")
  if (type === "money") {
    return `{{ ${expr} | money }}`
  }
  if (type === "date") {
    return `{{ ${expr} | date: "medium" }}`
  }
  return `{{ ${expr} }}`
}

/** Every variable the render context may hold. */
export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  // contact
  v("contact", "object", "contact", "Contact"),
  v("contact.id", "string", "contact", "Contact id", "mcon_01HXYZ"),
  v("contact.email", "string", "contact", "Email", "ada@example.com"),
  v("contact.first_name", "string", "contact", "First name", "Ada", '{{ contact.first_name | default: "there" }}'),
  v("contact.last_name", "string", "contact", "Last name", "Lovelace"),
  v("contact.phone", "string", "contact", "Phone", "+44 20 7946 0000"),
  v("contact.locale", "string", "contact", "Locale", "en-GB"),
  v("contact.timezone", "string", "contact", "Time zone", "Europe/London"),
  v("contact.country_code", "string", "contact", "Country code", "gb"),
  v("contact.subscribed_at", "date", "contact", "Subscribed at", "2024-03-02T10:00:00Z"),
  v("contact.has_account", "boolean", "contact", "Has a store account", true),
  // commerce metrics
  v("contact.orders_count", "number", "commerce", "Orders placed", 4),
  v("contact.total_spent", "money", "commerce", "Total spent", 412.5),
  v("contact.avg_order_value", "money", "commerce", "Average order value", 103.13),
  v("contact.currency_code", "string", "commerce", "Currency of the metrics", "eur"),
  v("contact.first_order_at", "date", "commerce", "First order at", "2023-11-20T09:12:00Z"),
  v("contact.last_order_at", "date", "commerce", "Last order at", "2024-05-14T17:40:00Z"),
  v("contact.rfm_group", "string", "commerce", "RFM group", "loyal"),
  // store
  v("store", "object", "store", "Store"),
  v("store.name", "string", "store", "Store name", "Acme Goods"),
  v("store.url", "url", "store", "Store URL", "https://shop.example.com"),
  v("store.address", "string", "store", "Postal address", "Acme Goods Ltd, 1 Market Street, London EC1A 1AA, UK"),
  v("store.currency", "string", "store", "Store currency", "eur"),
  v("store.locale", "string", "store", "Store locale", "en-GB"),
  v("store.timezone", "string", "store", "Store time zone", "Europe/London"),
  v("store.logo_url", "url", "store", "Logo URL", "https://shop.example.com/logo.png"),
  v("store.support_email", "string", "store", "Support email", "help@example.com"),
  // links
  v("unsubscribe_url", "url", "links", "Unsubscribe link", "https://shop.example.com/marketing/unsubscribe?token=…"),
  v("preferences_url", "url", "links", "Preference centre link", "https://shop.example.com/marketing/preferences?token=…"),
  v("view_in_browser_url", "url", "links", "View in browser link", "https://shop.example.com/marketing/view?token=…"),
  // campaign
  v("campaign", "object", "campaign", "Campaign"),
  v("campaign.name", "string", "campaign", "Campaign name", "Spring sale"),
  // products (loaded by the sender for the product blocks)
  v("products", "object", "products", "Products by id"),
  v("products.*", "object", "products", "A product"),
  v("products.*.id", "string", "products", "Product id", "prod_01HXYZ"),
  v("products.*.title", "string", "products", "Product title", "Linen shirt"),
  v("products.*.description", "string", "products", "Product description", "Breathable, relaxed fit."),
  v("products.*.url", "url", "products", "Product URL", "https://shop.example.com/products/linen-shirt"),
  v("products.*.image", "url", "products", "Product image", "https://shop.example.com/img/linen-shirt.jpg"),
  v("products.*.price", "money", "products", "Price", 59),
  v("products.*.compare_at_price", "money", "products", "Price before discount", 79),
  v("products.*.currency_code", "string", "products", "Price currency", "eur"),
  // coupon
  v("coupon_code", "string", "coupon", "Coupon code", "WELCOME10"),
  v("coupon", "object", "coupon", "Coupon"),
  v("coupon.code", "string", "coupon", "Coupon code", "WELCOME10"),
  v("coupon.description", "string", "coupon", "Coupon description", "10% off your next order"),
  v("coupon.expires_at", "date", "coupon", "Coupon expires at", "2024-06-30T23:59:59Z"),
  // abandoned cart
  v("cart", "object", "cart", "Cart"),
  v("cart.id", "string", "cart", "Cart id", "cart_01HXYZ"),
  v("cart.items", "list", "cart", "Cart items", undefined, "{% for item in cart.items %}{{ item.title }}{% endfor %}"),
  v("cart.items[]", "object", "cart", "A cart item"),
  v("cart.items[].title", "string", "cart", "Item title", "Linen shirt"),
  v("cart.items[].variant_title", "string", "cart", "Item variant", "M / Sand"),
  v("cart.items[].quantity", "number", "cart", "Item quantity", 1),
  v("cart.items[].price", "money", "cart", "Item unit price", 59),
  v("cart.items[].total", "money", "cart", "Item total", 59),
  v("cart.items[].image", "url", "cart", "Item image", "https://shop.example.com/img/linen-shirt.jpg"),
  v("cart.items[].url", "url", "cart", "Item URL", "https://shop.example.com/products/linen-shirt"),
  v("cart.items_count", "number", "cart", "Number of items", 2),
  v("cart.subtotal", "money", "cart", "Cart subtotal", 84),
  v("cart.total", "money", "cart", "Cart total", 84),
  v("cart.currency_code", "string", "cart", "Cart currency", "eur"),
  v("cart.recovery_url", "url", "cart", "Return-to-cart link", "https://shop.example.com/cart/recover?token=…"),
  v("cart.updated_at", "date", "cart", "Cart last changed", "2024-06-01T07:10:00Z"),
  // order (thank you)
  v("order", "object", "order", "Order"),
  v("order.id", "string", "order", "Order id", "order_01HXYZ"),
  v("order.display_id", "string", "order", "Order number", "1042"),
  v("order.created_at", "date", "order", "Order date", "2024-06-01T07:30:00Z"),
  v("order.items", "list", "order", "Order items", undefined, "{% for item in order.items %}{{ item.title }}{% endfor %}"),
  v("order.items[]", "object", "order", "An order item"),
  v("order.items[].title", "string", "order", "Item title", "Linen shirt"),
  v("order.items[].variant_title", "string", "order", "Item variant", "M / Sand"),
  v("order.items[].quantity", "number", "order", "Item quantity", 1),
  v("order.items[].price", "money", "order", "Item unit price", 59),
  v("order.items[].total", "money", "order", "Item total", 59),
  v("order.items[].image", "url", "order", "Item image", "https://shop.example.com/img/linen-shirt.jpg"),
  v("order.items[].url", "url", "order", "Item URL", "https://shop.example.com/products/linen-shirt"),
  v("order.subtotal", "money", "order", "Order subtotal", 84),
  v("order.shipping_total", "money", "order", "Shipping", 5),
  v("order.tax_total", "money", "order", "Tax", 14),
  v("order.discount_total", "money", "order", "Discounts", 0),
  v("order.total", "money", "order", "Order total", 89),
  v("order.currency_code", "string", "order", "Order currency", "eur"),
  v("order.url", "url", "order", "Order status link", "https://shop.example.com/account/orders/1042"),
]

/** Loop helpers available inside `{% for %}` blocks. */
export const FORLOOP_PROPERTIES = ["index", "index0", "rindex", "rindex0", "first", "last", "length", "name"] as const

/** Properties Liquid adds to every list / string (`items.size`, `items.first`). */
export const BUILTIN_PROPERTIES = ["size", "first", "last"] as const

// ---------------------------------------------------------------- lookup tree

export type VariableNode = {
  variable?: TemplateVariable
  children: Map<string, VariableNode>
}

/** Build the lookup tree the unknown-variable check walks. */
export function buildVariableTree(variables: readonly (TemplateVariable | string)[]): VariableNode {
  const root: VariableNode = { children: new Map() }
  for (const entry of variables) {
    const variable = typeof entry === "string" ? undefined : entry
    const path = typeof entry === "string" ? entry : entry.path
    let node = root
    for (const seg of splitCatalogPath(path)) {
      let next = node.children.get(seg)
      if (!next) {
        next = { children: new Map() }
        node.children.set(seg, next)
      }
      node = next
    }
    node.variable = variable ?? node.variable
  }
  return root
}

/** "cart.items[].title" -> ["cart", "items", "[]", "title"] */
export function splitCatalogPath(path: string): string[] {
  const out: string[] = []
  for (const part of path.split(".")) {
    if (part.endsWith("[]")) {
      out.push(part.slice(0, -2), "[]")
    } else {
      out.push(part)
    }
  }
  return out.filter(Boolean)
}

let defaultTree: VariableNode | undefined

/** The lookup tree of TEMPLATE_VARIABLES (built once). */
export function defaultVariableTree(): VariableNode {
  defaultTree ??= buildVariableTree(TEMPLATE_VARIABLES)
  return defaultTree
}
