import { model } from "@medusajs/framework/utils"
import { ContactTopic } from "./contact-topic"
import { ConsentEvent } from "./consent-event"

export const CONTACT_STATUSES = [
  "pending",
  "subscribed",
  "unsubscribed",
  "bounced",
  "complained",
  "cleaned",
] as const

/**
 * One person we may (or may not) email. Exactly one live row per lower-cased
 * address; the link to a Medusa customer is a read-only module link over
 * `customer_id`.
 */
export const Contact = model
  .define({ name: "Contact", tableName: "mkt_contact" }, {
    id: model.id({ prefix: "mcon" }).primaryKey(),
    email: model.text().searchable(),
    first_name: model.text().searchable().nullable(),
    last_name: model.text().searchable().nullable(),
    phone: model.text().nullable(),
    locale: model.text().nullable(),
    timezone: model.text().nullable(),
    country_code: model.text().nullable(),
    status: model.enum([...CONTACT_STATUSES]).default("pending"),
    source: model.text().default("manual"),
    customer_id: model.text().nullable(),
    subscribed_at: model.dateTime().nullable(),
    unsubscribed_at: model.dateTime().nullable(),
    confirmation_sent_at: model.dateTime().nullable(),
    erased_at: model.dateTime().nullable(),
    // commerce facts, recomputed from mkt_order_fact (never read-add-write)
    orders_count: model.number().default(0),
    total_spent: model.bigNumber().default(0),
    avg_order_value: model.bigNumber().default(0),
    refunded_total: model.bigNumber().default(0),
    currency_code: model.text().nullable(),
    first_order_at: model.dateTime().nullable(),
    last_order_at: model.dateTime().nullable(),
    // RFM scores 1-5 and group, set by the nightly scoring job
    rfm_recency: model.number().nullable(),
    rfm_frequency: model.number().nullable(),
    rfm_monetary: model.number().nullable(),
    rfm_group: model.text().nullable(),
    rfm_scored_at: model.dateTime().nullable(),
    /** rank of total_spent among buyers in the same currency, 1-100 */
    spend_percentile: model.number().nullable(),
    // mirrored from the linked customer for segment rules
    has_account: model.boolean().default(false),
    customer_group_ids: model.array().default([]),
    // engagement, filled by tracking
    last_sent_at: model.dateTime().nullable(),
    last_open_at: model.dateTime().nullable(),
    last_click_at: model.dateTime().nullable(),
    /** soft bounces in a row (a delivery resets it); suppressed at the limit */
    soft_bounce_count: model.number().default(0),
    metadata: model.json().nullable(),
    topics: model.hasMany(() => ContactTopic, { mappedBy: "contact" }),
    consent_events: model.hasMany(() => ConsentEvent, { mappedBy: "contact" }),
  })
  .cascades({ delete: ["topics"] })
  .indexes([
    { on: ["email"], unique: true, where: "deleted_at IS NULL" },
    { on: ["customer_id"], where: "deleted_at IS NULL AND customer_id IS NOT NULL" },
    { on: ["status", "created_at"], where: "deleted_at IS NULL" },
    { on: ["source"], where: "deleted_at IS NULL" },
    { on: ["last_order_at"], where: "deleted_at IS NULL" },
    { on: ["total_spent"], where: "deleted_at IS NULL" },
    { on: ["rfm_group"], where: "deleted_at IS NULL AND rfm_group IS NOT NULL" },
    { on: ["first_order_at"], where: "deleted_at IS NULL AND first_order_at IS NOT NULL" },
    { on: ["orders_count"], where: "deleted_at IS NULL" },
    // list growth over a period
    { on: ["subscribed_at"], where: "deleted_at IS NULL AND subscribed_at IS NOT NULL" },
    { on: ["unsubscribed_at"], where: "deleted_at IS NULL AND unsubscribed_at IS NOT NULL" },
  ])
