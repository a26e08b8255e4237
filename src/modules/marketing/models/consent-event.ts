import { model } from "@medusajs/framework/utils"
import { Contact } from "./contact"

export const CONSENT_ACTIONS = ["requested", "granted", "withdrawn"] as const

/**
 * Append-only consent ledger (GDPR Art. 7(1) proof). Never updated; on
 * erasure the personal columns are blanked but the row stays.
 * `topic_handle` null means consent to marketing email as a whole.
 */
export const ConsentEvent = model
  .define({ name: "ConsentEvent", tableName: "mkt_consent_event" }, {
    id: model.id({ prefix: "mcev" }).primaryKey(),
    action: model.enum([...CONSENT_ACTIONS]),
    channel: model.text().default("email"),
    email: model.text().nullable(),
    topic_handle: model.text().nullable(),
    source: model.text(),
    ip: model.text().nullable(),
    user_agent: model.text().nullable(),
    wording: model.text().nullable(),
    wording_version: model.text().nullable(),
    occurred_at: model.dateTime(),
    contact: model.belongsTo(() => Contact, { mappedBy: "consent_events" }),
  })
  .indexes([{ on: ["contact_id", "occurred_at"] }])
