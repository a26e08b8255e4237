import { model } from "@medusajs/framework/utils"
import { ContactTopic } from "./contact-topic"

/**
 * Something a contact can opt in to or out of: newsletter, promotions,
 * product news. `is_default` topics are granted on a sign-up that names none;
 * `is_public` topics show in the preference centre.
 */
export const Topic = model
  .define({ name: "Topic", tableName: "mkt_topic" }, {
    id: model.id({ prefix: "mtop" }).primaryKey(),
    handle: model.text(),
    name: model.text(),
    description: model.text().nullable(),
    is_default: model.boolean().default(false),
    is_public: model.boolean().default(true),
    contacts: model.hasMany(() => ContactTopic, { mappedBy: "topic" }),
  })
  .cascades({ delete: ["contacts"] })
  .indexes([{ on: ["handle"], unique: true, where: "deleted_at IS NULL" }])
