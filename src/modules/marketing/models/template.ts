import { model } from "@medusajs/framework/utils"

/**
 * An email template: a block document (or raw MJML/HTML, see
 * src/lib/templates) with its default subject and preview text. `version`
 * goes up on every content change so a send records which version it used.
 */
export const Template = model
  .define({ name: "Template", tableName: "mkt_template" }, {
    id: model.id({ prefix: "mtpl" }).primaryKey(),
    name: model.text().searchable(),
    description: model.text().nullable(),
    subject: model.text().default(""),
    preheader: model.text().nullable(),
    /** the TemplateDocument (blocks, or raw mjml/html) */
    document: model.json(),
    version: model.number().default(1),
    /** the starter this template was made from */
    starter_handle: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["updated_at"], where: "deleted_at IS NULL" }])
