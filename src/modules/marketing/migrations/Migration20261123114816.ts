import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123114816 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_placed_at" ON "mkt_order_line_fact" ("placed_at") WHERE deleted_at IS NULL AND canceled = false;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_mkt_order_line_fact_placed_at";`);
  }

}
