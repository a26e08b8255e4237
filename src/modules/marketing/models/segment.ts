import { model } from "@medusajs/framework/utils"

export const SEGMENT_TYPES = ["dynamic", "static"] as const

/**
 * An audience. A dynamic segment is a rule tree (src/lib/segments) whose
 * members are snapshotted into mkt_segment_member by a refresh; a static
 * segment is a list of members added by hand or by CSV. Built-in segments
 * carry a handle and cannot be edited or deleted.
 */
export const Segment = model
  .define({ name: "Segment", tableName: "mkt_segment" }, {
    id: model.id({ prefix: "mseg" }).primaryKey(),
    name: model.text().searchable(),
    description: model.text().searchable().nullable(),
    type: model.enum([...SEGMENT_TYPES]).default("dynamic"),
    /** the rule tree; null for static segments */
    rules: model.json().nullable(),
    /** stable key of a built-in segment */
    handle: model.text().nullable(),
    is_built_in: model.boolean().default(false),
    /** the members at the last refresh (or the static list's size) */
    member_count: model.number().default(0),
    count_computed_at: model.dateTime().nullable(),
    refreshed_at: model.dateTime().nullable(),
    refresh_duration_ms: model.number().nullable(),
    /** contacts who entered / left at the last refresh */
    last_entered_count: model.number().default(0),
    last_left_count: model.number().default(0),
    refresh_error: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["handle"], unique: true, where: "deleted_at IS NULL AND handle IS NOT NULL" },
    { on: ["type"], where: "deleted_at IS NULL" },
  ])
