import { model } from "@medusajs/framework/utils"

/** Every status change of a campaign: who or what moved it, and why. Append-only. */
export const CampaignTransition = model
  .define({ name: "CampaignTransition", tableName: "mkt_campaign_transition" }, {
    id: model.id({ prefix: "mctr" }).primaryKey(),
    campaign_id: model.text(),
    from_status: model.text().nullable(),
    to_status: model.text(),
    action: model.text(),
    /** an admin user id, or "system" */
    actor: model.text().default("system"),
    reason: model.text().nullable(),
  })
  .indexes([{ on: ["campaign_id", "created_at"] }])
