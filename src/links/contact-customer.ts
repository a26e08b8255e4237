import { defineLink } from "@medusajs/framework/utils"
import CustomerModule from "@medusajs/medusa/customer"
import MarketingModule from "../modules/marketing"

/**
 * A contact points at the Medusa customer with the same address. The contact
 * already stores `customer_id`, so the link is read-only: no link table.
 */
export default defineLink(
  { linkable: MarketingModule.linkable.contact, field: "customer_id" },
  CustomerModule.linkable.customer,
  { readOnly: true }
)
