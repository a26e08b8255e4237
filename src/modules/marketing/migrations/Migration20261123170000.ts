import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * "Bought from category X (N+ times) (within D days)" as a narrow table the
 * segment compiler reads with an index-only scan: one row per order and
 * category (the line facts' category_ids, unnested, one row however many
 * lines of the order are in the category), covered by (category_id,
 * placed_at) INCLUDE (contact_id). "N+ orders" is then count(*) per contact,
 * hashed, instead of count(DISTINCT order_id), sorted. The GIN index on the
 * line facts' arrays finds the lines but then reads every one of them from
 * the heap; this reads only the index. Kept by recordOrderFacts; filled
 * here from the existing line facts.
 */
export class Migration20261123170000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE TABLE IF NOT EXISTS "mkt_order_category_fact" (
      "order_id" text NOT NULL,
      "category_id" text NOT NULL,
      "contact_id" text NOT NULL,
      "placed_at" timestamptz NOT NULL,
      "canceled" boolean NOT NULL DEFAULT false,
      CONSTRAINT "mkt_order_category_fact_pkey" PRIMARY KEY ("order_id", "category_id")
    );`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_category_fact_category_placed" ON "mkt_order_category_fact" ("category_id", "placed_at") INCLUDE ("contact_id") WHERE NOT canceled;`
    )
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_order_category_fact_contact" ON "mkt_order_category_fact" ("contact_id", "category_id") WHERE NOT canceled;`
    )
    this.addSql(`INSERT INTO "mkt_order_category_fact" (order_id, category_id, contact_id, placed_at, canceled)
      SELECT DISTINCT ON (l.order_id, k.category_id) l.order_id, k.category_id, l.contact_id, l.placed_at, l.canceled
      FROM mkt_order_line_fact l CROSS JOIN LATERAL unnest(l.category_ids) AS k(category_id)
      WHERE l.deleted_at IS NULL
      ON CONFLICT DO NOTHING;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TABLE IF EXISTS "mkt_order_category_fact";`)
  }
}
