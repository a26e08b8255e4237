import { defineLink } from "@medusajs/framework/utils"
import OrderModule from "@medusajs/medusa/order"
import MarketingModule from "../modules/marketing"

/**
 * An attribution points at the order it credits. The attribution stores
 * `order_id`, so the link is read-only (no link table): query.graph can
 * return an order's attribution and an attribution's order.
 */
export default defineLink(
  { linkable: MarketingModule.linkable.attribution, field: "order_id" },
  OrderModule.linkable.order,
  { readOnly: true }
)
