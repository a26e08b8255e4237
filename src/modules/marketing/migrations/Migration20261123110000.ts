import { Migration } from "@medusajs/framework/mikro-orm/migrations"
import { generateEntityId } from "@medusajs/framework/utils"
import { BUILT_IN_SEGMENTS } from "../../../lib/segments/built-in"

/**
 * What the segment compiler's queries need beyond the generated indexes:
 * GIN indexes for the array containment/overlap it writes for customer
 * groups and purchased categories, topic subscribers by topic, memberships
 * by contact (plain, so deleting a contact finds past ones too), and the
 * built-in segments (inserted once per handle, so re-running adds only new
 * ones and never overwrites a store's copy).
 */
export class Migration20261123110000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_customer_group_ids_gin" ON "mkt_contact" USING GIN ("customer_group_ids") WHERE deleted_at IS NULL;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_category_ids_gin" ON "mkt_order_line_fact" USING GIN ("category_ids") WHERE deleted_at IS NULL AND canceled = false;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_topic_subscribed" ON "mkt_contact_topic" ("topic_id", "contact_id") WHERE deleted_at IS NULL AND subscribed;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_segment_member_contact_id_segment_id" ON "mkt_segment_member" ("contact_id", "segment_id");`
    )
    const knex = this.getKnex()
    for (const s of BUILT_IN_SEGMENTS) {
      this.addSql(
        knex.raw(
          `INSERT INTO "mkt_segment" (id, name, description, type, rules, handle, is_built_in)
           VALUES (?, ?, ?, 'dynamic', ?::jsonb, ?, true)
           ON CONFLICT (handle) WHERE deleted_at IS NULL AND handle IS NOT NULL DO NOTHING;`,
          [generateEntityId("", "mseg"), s.name, s.description, JSON.stringify(s.rules), s.handle]
        )
      )
    }
  }

  override async down(): Promise<void> {
    this.addSql(`DELETE FROM "mkt_segment" WHERE is_built_in = true;`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_contact_customer_group_ids_gin";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_order_line_fact_category_ids_gin";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_contact_topic_topic_subscribed";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_segment_member_contact_id_segment_id";`)
  }
}
