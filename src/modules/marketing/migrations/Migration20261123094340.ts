import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123094340 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_order_line_fact" drop constraint if exists "mkt_order_line_fact_line_item_id_unique";`);
    this.addSql(`alter table if exists "mkt_order_fact" drop constraint if exists "mkt_order_fact_order_id_unique";`);
    this.addSql(`create table if not exists "mkt_order_fact" ("id" text not null, "order_id" text not null, "contact_id" text not null, "customer_id" text null, "currency_code" text not null, "total" numeric not null, "refunded_total" numeric not null default 0, "placed_at" timestamptz not null, "canceled_at" timestamptz null, "raw_total" jsonb not null, "raw_refunded_total" jsonb not null default '{"value":"0","precision":20}', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_order_fact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_fact_deleted_at" ON "mkt_order_fact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_order_fact_order_id_unique" ON "mkt_order_fact" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_fact_contact_id_placed_at" ON "mkt_order_fact" ("contact_id", "placed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_order_line_fact" ("id" text not null, "line_item_id" text not null, "order_id" text not null, "contact_id" text not null, "product_id" text null, "variant_id" text null, "category_ids" text[] not null default '{}', "collection_id" text null, "quantity" integer not null, "amount" numeric not null, "currency_code" text not null, "placed_at" timestamptz not null, "canceled" boolean not null default false, "raw_amount" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_order_line_fact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_deleted_at" ON "mkt_order_line_fact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_line_item_id_unique" ON "mkt_order_line_fact" ("line_item_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_order_id" ON "mkt_order_line_fact" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_product_id_placed_at" ON "mkt_order_line_fact" ("product_id", "placed_at") WHERE deleted_at IS NULL AND canceled = false;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_collection_id_placed_at" ON "mkt_order_line_fact" ("collection_id", "placed_at") WHERE deleted_at IS NULL AND canceled = false;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_order_line_fact_contact_id_placed_at" ON "mkt_order_line_fact" ("contact_id", "placed_at") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "mkt_contact" add column if not exists "orders_count" integer not null default 0, add column if not exists "total_spent" numeric not null default 0, add column if not exists "avg_order_value" numeric not null default 0, add column if not exists "refunded_total" numeric not null default 0, add column if not exists "currency_code" text null, add column if not exists "first_order_at" timestamptz null, add column if not exists "last_order_at" timestamptz null, add column if not exists "last_sent_at" timestamptz null, add column if not exists "last_open_at" timestamptz null, add column if not exists "last_click_at" timestamptz null, add column if not exists "raw_total_spent" jsonb not null default '{"value":"0","precision":20}', add column if not exists "raw_avg_order_value" jsonb not null default '{"value":"0","precision":20}', add column if not exists "raw_refunded_total" jsonb not null default '{"value":"0","precision":20}';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_last_order_at" ON "mkt_contact" ("last_order_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_total_spent" ON "mkt_contact" ("total_spent") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mkt_order_fact" cascade;`);

    this.addSql(`drop table if exists "mkt_order_line_fact" cascade;`);

    this.addSql(`drop index if exists "IDX_mkt_contact_last_order_at";`);
    this.addSql(`drop index if exists "IDX_mkt_contact_total_spent";`);
    this.addSql(`alter table if exists "mkt_contact" drop column if exists "orders_count", drop column if exists "total_spent", drop column if exists "avg_order_value", drop column if exists "refunded_total", drop column if exists "currency_code", drop column if exists "first_order_at", drop column if exists "last_order_at", drop column if exists "last_sent_at", drop column if exists "last_open_at", drop column if exists "last_click_at", drop column if exists "raw_total_spent", drop column if exists "raw_avg_order_value", drop column if exists "raw_refunded_total";`);
  }

}
