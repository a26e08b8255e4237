import { model } from "@medusajs/framework/utils"

export const SUPPRESSION_REASONS = [
  "hard_bounce",
  /** soft bounces in a row reached the limit */
  "soft_bounce",
  "complaint",
  "manual",
  "unsubscribed",
  "erased",
] as const

/**
 * Addresses no send may ever reach. Keyed by the SHA-256 of the lower-cased
 * address so an erased contact stays suppressed without keeping the address.
 */
export const Suppression = model
  .define({ name: "Suppression", tableName: "mkt_suppression" }, {
    id: model.id({ prefix: "msup" }).primaryKey(),
    email: model.text().searchable().nullable(),
    email_hash: model.text(),
    reason: model.enum([...SUPPRESSION_REASONS]),
    source: model.text().nullable(),
    note: model.text().nullable(),
  })
  .indexes([{ on: ["email_hash"], unique: true, where: "deleted_at IS NULL" }])
