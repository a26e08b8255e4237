import { model } from "@medusajs/framework/utils"

/**
 * One row per Medusa order, keyed by order id: however often an order event
 * arrives, the order counts once. A contact's commerce metrics are always
 * recomputed from these rows, so replays and out-of-order events converge.
 */
export const OrderFact = model
  .define({ name: "OrderFact", tableName: "mkt_order_fact" }, {
    id: model.id({ prefix: "mofc" }).primaryKey(),
    order_id: model.text(),
    contact_id: model.text(),
    customer_id: model.text().nullable(),
    currency_code: model.text(),
    total: model.bigNumber(),
    refunded_total: model.bigNumber().default(0),
    placed_at: model.dateTime(),
    canceled_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["order_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["contact_id", "placed_at"], where: "deleted_at IS NULL" },
  ])
