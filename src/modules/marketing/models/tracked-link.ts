import { model } from "@medusajs/framework/utils"

/**
 * A link of a sent email, recorded when the send starts (the campaign's
 * frozen content). A click token names the source and the link's position;
 * the redirect goes to `url` and nowhere else, so a token can never be turned
 * into an open redirect. `clicks`/`human_clicks`/`unique_human_clickers`
 * are rollups kept by the tracking flush for the link map.
 */
export const TrackedLink = model
  .define({ name: "TrackedLink", tableName: "mkt_link" }, {
    id: model.id({ prefix: "mlnk" }).primaryKey(),
    /** what sent it: a campaign id (flow steps later) */
    source_id: model.text(),
    campaign_id: model.text().nullable(),
    variant: model.number().default(0),
    template_id: model.text().nullable(),
    template_version: model.number().nullable(),
    /** numbering shared by all variants of one source */
    position: model.number(),
    url: model.text(),
    label: model.text().nullable(),
    clicks: model.number().default(0),
    human_clicks: model.number().default(0),
    /** messages with at least one human click on this link */
    unique_human_clickers: model.number().default(0),
  })
  .indexes([{ on: ["source_id", "position"], unique: true, where: "deleted_at IS NULL" }])
