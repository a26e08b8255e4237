import { model } from "@medusajs/framework/utils"
import { Contact } from "./contact"
import { Topic } from "./topic"

/** A contact's current preference for one topic. History lives in the consent ledger. */
export const ContactTopic = model
  .define({ name: "ContactTopic", tableName: "mkt_contact_topic" }, {
    id: model.id({ prefix: "mctp" }).primaryKey(),
    subscribed: model.boolean().default(true),
    contact: model.belongsTo(() => Contact, { mappedBy: "topics" }),
    topic: model.belongsTo(() => Topic, { mappedBy: "contacts" }),
  })
  .indexes([
    { on: ["contact_id", "topic_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["topic_id", "subscribed"], where: "deleted_at IS NULL" },
  ])
