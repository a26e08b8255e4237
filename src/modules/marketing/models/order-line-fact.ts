import { model } from "@medusajs/framework/utils"

/**
 * What was bought: one row per order line, with the product's categories and
 * collection as they were at the time, for "bought X (at least N times)
 * (within D days)" rules without joining Medusa's product tables. The
 * product and collection lookups are covering indexes (INCLUDE contact_id,
 * order_id) written by hand in Migration20261123123000.
 */
export const OrderLineFact = model
  .define({ name: "OrderLineFact", tableName: "mkt_order_line_fact" }, {
    id: model.id({ prefix: "molf" }).primaryKey(),
    line_item_id: model.text(),
    order_id: model.text(),
    contact_id: model.text(),
    product_id: model.text().nullable(),
    variant_id: model.text().nullable(),
    category_ids: model.array().default([]),
    collection_id: model.text().nullable(),
    quantity: model.number(),
    amount: model.bigNumber(),
    currency_code: model.text(),
    placed_at: model.dateTime(),
    canceled: model.boolean().default(false),
  })
  .indexes([
    { on: ["line_item_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["order_id"], where: "deleted_at IS NULL" },
    { on: ["contact_id", "placed_at"], where: "deleted_at IS NULL" },
    // "bought from category X within D days": ANDed with the category GIN index in one bitmap
    { on: ["placed_at"], where: "deleted_at IS NULL AND canceled = false" },
  ])
