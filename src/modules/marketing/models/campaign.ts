import { model } from "@medusajs/framework/utils"
import { CAMPAIGN_STATUSES } from "../../../lib/campaigns/lifecycle"

export const AB_WINNER_METRICS = ["open_rate", "click_rate", "revenue_per_recipient"] as const

/**
 * (Named MarketingCampaign because the Promotion Module owns the "campaign"
 * alias in Medusa's module joiner.) A one-off send to an audience (include segments minus exclude segments).
 * Content is a template reference until the send starts; then the document,
 * subject and sender are frozen into `content` so later template edits never
 * change mail that is going out. The A/B test, when there is one, lives in
 * `ab_test` (variants, test fraction, metric, wait window); the remainder's
 * messages are held until a winner is picked.
 */
export const MarketingCampaign = model
  .define({ name: "MarketingCampaign", tableName: "mkt_campaign" }, {
    id: model.id({ prefix: "mcmp" }).primaryKey(),
    name: model.text().searchable(),
    status: model.enum([...CAMPAIGN_STATUSES]).default("draft"),
    subject: model.text().default(""),
    preheader: model.text().nullable(),
    from_name: model.text().nullable(),
    from_email: model.text().nullable(),
    reply_to: model.text().nullable(),
    template_id: model.text().nullable(),
    /** the frozen send content: { document, subject, preheader, template_version } */
    content: model.json().nullable(),
    topic_id: model.text().nullable(),
    include_segment_ids: model.array().default([]),
    exclude_segment_ids: model.array().default([]),
    /** UTC; the send starts at this time */
    scheduled_at: model.dateTime().nullable(),
    /** hours: skip contacts who got marketing mail more recently (null = store default, 0 = off) */
    frequency_cap_hours: model.number().nullable(),
    /** messages per second across all workers (null = store default) */
    send_rate: model.number().nullable(),
    /** { variants: [{ subject?, preheader?, from_name?, template_id? }], test_fraction, metric, wait_hours, auto_pick } */
    ab_test: model.json().nullable(),
    /** 0-based variant the remainder got */
    winner_variant: model.number().nullable(),
    /** the statistics behind the pick (pickWinner's result) */
    winner_decision: model.json().nullable(),
    winner_picked_at: model.dateTime().nullable(),
    /** when the test's wait window ends and the winner is picked */
    winner_due_at: model.dateTime().nullable(),
    started_at: model.dateTime().nullable(),
    completed_at: model.dateTime().nullable(),
    paused_at: model.dateTime().nullable(),
    pause_reason: model.text().nullable(),
    cancelled_at: model.dateTime().nullable(),
    /** audience rows written by the snapshot, and how long it took */
    recipients_count: model.number().default(0),
    snapshot_ms: model.number().nullable(),
    /** rate limiter state shared by all workers: the next free send slot */
    rate_next_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["status", "scheduled_at"], where: "deleted_at IS NULL" },
    { on: ["created_at"], where: "deleted_at IS NULL" },
  ])
