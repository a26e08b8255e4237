import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123095221 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_contact" add column if not exists "rfm_recency" integer null, add column if not exists "rfm_frequency" integer null, add column if not exists "rfm_monetary" integer null, add column if not exists "rfm_group" text null, add column if not exists "rfm_scored_at" timestamptz null, add column if not exists "has_account" boolean not null default false, add column if not exists "customer_group_ids" text[] not null default '{}';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_rfm_group" ON "mkt_contact" ("rfm_group") WHERE deleted_at IS NULL AND rfm_group IS NOT NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "IDX_mkt_contact_rfm_group";`);
    this.addSql(`alter table if exists "mkt_contact" drop column if exists "rfm_recency", drop column if exists "rfm_frequency", drop column if exists "rfm_monetary", drop column if exists "rfm_group", drop column if exists "rfm_scored_at", drop column if exists "has_account", drop column if exists "customer_group_ids";`);
  }

}
