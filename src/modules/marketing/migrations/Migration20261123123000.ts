import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * "Bought product / collection X (within D days)" reads only these indexes:
 * covering the contact and order means no heap visit per matching line
 * (at 1M contacts a 6-condition segment went from 1.17 s to 0.47 s).
 */
export class Migration20261123123000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_order_line_fact_product_id_placed_at";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_order_line_fact_collection_id_placed_at";`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_product_covering" ON "mkt_order_line_fact" ("product_id", "placed_at") INCLUDE ("contact_id", "order_id") WHERE deleted_at IS NULL AND canceled = false;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_collection_covering" ON "mkt_order_line_fact" ("collection_id", "placed_at") INCLUDE ("contact_id", "order_id") WHERE deleted_at IS NULL AND canceled = false;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_order_line_fact_product_covering";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_order_line_fact_collection_covering";`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_product_id_placed_at" ON "mkt_order_line_fact" ("product_id", "placed_at") WHERE deleted_at IS NULL AND canceled = false;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_collection_id_placed_at" ON "mkt_order_line_fact" ("collection_id", "placed_at") WHERE deleted_at IS NULL AND canceled = false;`
    )
  }
}
