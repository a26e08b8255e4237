import { model } from "@medusajs/framework/utils"

/**
 * The state of a shopper's cart as marketing sees it: one row per Medusa
 * cart that has an address, refreshed on cart events. Open carts with items
 * that stopped changing are the abandoned ones.
 */
export const CartFact = model
  .define({ name: "CartFact", tableName: "mkt_cart_fact" }, {
    id: model.id({ prefix: "mcrt" }).primaryKey(),
    cart_id: model.text(),
    contact_id: model.text(),
    items_count: model.number().default(0),
    subtotal: model.bigNumber().default(0),
    currency_code: model.text(),
    cart_updated_at: model.dateTime(),
    completed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["cart_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["contact_id", "cart_updated_at"], where: "deleted_at IS NULL AND completed_at IS NULL" },
  ])
