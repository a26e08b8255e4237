import { model } from "@medusajs/framework/utils"

export const MESSAGE_STATUSES = ["held", "queued", "sending", "sent", "failed", "skipped", "cancelled"] as const
export const MESSAGE_SKIP_REASONS = ["suppressed", "unsubscribed", "not_subscribed", "topic_opt_out", "frequency_cap"] as const

/**
 * The send ledger: one row per recipient of a campaign, written by the
 * audience snapshot in one INSERT ... SELECT (ids generated in SQL).
 *
 * held -> queued (A/B remainder, once the winner is known)
 * queued -> sending (claimed by a worker with a lease) -> sent | failed,
 *   or back to queued with next_attempt_at after a transient failure;
 *   a `sending` row whose lease ran out is claimed again (its worker died).
 * skipped rows record who the snapshot left out and why.
 */
export const Message = model
  .define({ name: "Message", tableName: "mkt_message" }, {
    id: model.id({ prefix: "mmsg" }).primaryKey(),
    campaign_id: model.text().nullable(),
    contact_id: model.text(),
    email: model.text(),
    /** 0-based A/B variant; null = no test, or the remainder before the pick */
    variant: model.number().nullable(),
    status: model.enum([...MESSAGE_STATUSES]).default("queued"),
    skip_reason: model.enum([...MESSAGE_SKIP_REASONS]).nullable(),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    lease_until: model.dateTime().nullable(),
    /** the Notification Module idempotency key of the current attempt */
    notification_key: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
    failed_at: model.dateTime().nullable(),
    error: model.text().nullable(),
    // what happened after it left (tracking flush and delivery webhooks);
    // human_* leave out machine opens and scanner clicks
    delivered_at: model.dateTime().nullable(),
    open_count: model.number().default(0),
    human_open_count: model.number().default(0),
    first_open_at: model.dateTime().nullable(),
    first_human_open_at: model.dateTime().nullable(),
    last_open_at: model.dateTime().nullable(),
    click_count: model.number().default(0),
    human_click_count: model.number().default(0),
    first_click_at: model.dateTime().nullable(),
    first_human_click_at: model.dateTime().nullable(),
    last_click_at: model.dateTime().nullable(),
    bounced_at: model.dateTime().nullable(),
    bounce_kind: model.text().nullable(),
    complained_at: model.dateTime().nullable(),
    unsubscribed_at: model.dateTime().nullable(),
  })
  .indexes([
    { on: ["campaign_id", "contact_id"], unique: true, where: "deleted_at IS NULL AND campaign_id IS NOT NULL" },
    { on: ["campaign_id", "status"], where: "deleted_at IS NULL" },
    { on: ["campaign_id", "next_attempt_at"], where: "deleted_at IS NULL AND status = 'queued'" },
    { on: ["campaign_id", "lease_until"], where: "deleted_at IS NULL AND status = 'sending'" },
    { on: ["campaign_id", "sent_at"], where: "deleted_at IS NULL AND sent_at IS NOT NULL" },
    { on: ["contact_id", "created_at"], where: "deleted_at IS NULL" },
    // analytics: covering indexes (INCLUDE) in Migration20261123172000
  ])
