import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123095951 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_cart_fact" drop constraint if exists "mkt_cart_fact_cart_id_unique";`);
    this.addSql(`create table if not exists "mkt_cart_fact" ("id" text not null, "cart_id" text not null, "contact_id" text not null, "items_count" integer not null default 0, "subtotal" numeric not null default 0, "currency_code" text not null, "cart_updated_at" timestamptz not null, "completed_at" timestamptz null, "raw_subtotal" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_cart_fact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_cart_fact_deleted_at" ON "mkt_cart_fact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_cart_fact_cart_id_unique" ON "mkt_cart_fact" ("cart_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_cart_fact_contact_id_cart_updated_at" ON "mkt_cart_fact" ("contact_id", "cart_updated_at") WHERE deleted_at IS NULL AND completed_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mkt_cart_fact" cascade;`);
  }

}
