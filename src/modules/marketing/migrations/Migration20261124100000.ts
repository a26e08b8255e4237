import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * "Spent over X and no order in D days" (the win-back audience, in the
 * segments issue's own example) reads only this index: total_spent as the
 * key, and the last order, the currency money rules compare and the id
 * (for joining topics, purchases and segments) carried along, so no
 * contact row is visited. At 1M contacts the contact side of that segment
 * went from 280-420 ms (29k rows read from a 915 MB table) to 27 ms.
 * Replaces the plain (total_spent) index the model declared.
 */
export class Migration20261124100000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_contact_total_spent";`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_total_spent_covering" ON "mkt_contact" ("total_spent") INCLUDE ("last_order_at", "currency_code", "id") WHERE deleted_at IS NULL;`
    )
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_contact_total_spent_covering";`)
    this.addSql(
      `CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_total_spent" ON "mkt_contact" ("total_spent") WHERE deleted_at IS NULL;`
    )
  }
}
