import { model } from "@medusajs/framework/utils"

export const SEGMENT_MEMBER_SOURCES = ["rule", "manual", "import"] as const

/**
 * Segment membership with its history: a row is created when a contact
 * enters a segment and soft-deleted (deleted_at = when they left) when they
 * leave, so "entered / left since t" is a range scan and re-entering opens
 * a new row. Written in bulk with set-based SQL by the service. The lookup
 * by contact is a plain index in a hand-written migration, so deleting a
 * contact also finds its past memberships.
 */
export const SegmentMember = model
  .define({ name: "SegmentMember", tableName: "mkt_segment_member" }, {
    id: model.id({ prefix: "msm" }).primaryKey(),
    segment_id: model.text(),
    contact_id: model.text(),
    source: model.enum([...SEGMENT_MEMBER_SOURCES]).default("rule"),
  })
  .indexes([
    { on: ["segment_id", "contact_id"], unique: true, where: "deleted_at IS NULL" },
    { on: ["segment_id", "created_at"] },
    { on: ["segment_id", "deleted_at"], where: "deleted_at IS NOT NULL" },
  ])
