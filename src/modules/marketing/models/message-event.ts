import { model } from "@medusajs/framework/utils"

export const MESSAGE_EVENT_TYPES = [
  "open",
  "click",
  "view",
  "unsubscribe",
  "delivered",
  "bounce",
  "complaint",
  "deferred",
] as const

/**
 * What happened to a message after it left: recipient hits (open, click,
 * view, unsubscribe) and delivery reports from the ESP (delivered, bounce,
 * complaint, deferred). Append-only; machine opens and scanner clicks are
 * kept with `is_bot` and a reason so both the raw and the human numbers can
 * be shown. Delivery reports are deduplicated on (provider, provider_event_id).
 * Ids are generated in SQL by the batched writers.
 */
export const MessageEvent = model
  .define({ name: "MessageEvent", tableName: "mkt_event" }, {
    id: model.id({ prefix: "mevt" }).primaryKey(),
    type: model.enum([...MESSAGE_EVENT_TYPES]),
    message_id: model.text().nullable(),
    contact_id: model.text().nullable(),
    campaign_id: model.text().nullable(),
    variant: model.number().nullable(),
    link_position: model.number().nullable(),
    occurred_at: model.dateTime(),
    user_agent: model.text().nullable(),
    ip: model.text().nullable(),
    is_bot: model.boolean().default(false),
    bot_reason: model.text().nullable(),
    provider: model.text().nullable(),
    provider_event_id: model.text().nullable(),
    bounce_kind: model.text().nullable(),
    detail: model.text().nullable(),
  })
  .indexes([
    { on: ["campaign_id", "type", "occurred_at"], where: "deleted_at IS NULL AND campaign_id IS NOT NULL" },
    { on: ["contact_id", "occurred_at"], where: "deleted_at IS NULL AND contact_id IS NOT NULL" },
    { on: ["message_id", "type"], where: "deleted_at IS NULL AND message_id IS NOT NULL" },
    { on: ["provider", "provider_event_id"], unique: true, where: "provider_event_id IS NOT NULL" },
    { on: ["type", "occurred_at"], where: "deleted_at IS NULL" },
  ])
