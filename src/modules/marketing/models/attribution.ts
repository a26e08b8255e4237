import { model } from "@medusajs/framework/utils"

export const ATTRIBUTION_TOUCHES = ["click", "open"] as const
export const ATTRIBUTION_MODELS = ["last_click", "last_touch"] as const

/**
 * One order credited to one email: the contact's last human click (else open,
 * by the model) within the attribution window before the order. Unique on
 * order_id, so replays of order.placed change nothing. Read-only module link
 * to the order over `order_id`.
 */
export const Attribution = model
  .define({ name: "Attribution", tableName: "mkt_attribution" }, {
    id: model.id({ prefix: "matt" }).primaryKey(),
    order_id: model.text(),
    contact_id: model.text(),
    message_id: model.text(),
    campaign_id: model.text().nullable(),
    variant: model.number().nullable(),
    /** the event that won the credit */
    event_id: model.text().nullable(),
    touch: model.enum([...ATTRIBUTION_TOUCHES]),
    attribution_model: model.enum([...ATTRIBUTION_MODELS]),
    window_days: model.number(),
    revenue: model.bigNumber(),
    currency_code: model.text(),
    touched_at: model.dateTime(),
    order_placed_at: model.dateTime(),
  })
  .indexes([
    { on: ["order_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["campaign_id", "order_placed_at"], where: "deleted_at IS NULL AND campaign_id IS NOT NULL" },
    { on: ["order_placed_at"], where: "deleted_at IS NULL" },
    { on: ["contact_id"], where: "deleted_at IS NULL" },
  ])
