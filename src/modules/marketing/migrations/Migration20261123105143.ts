import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123105143 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_segment_member" drop constraint if exists "mkt_segment_member_segment_id_contact_id_unique";`);
    this.addSql(`alter table if exists "mkt_segment" drop constraint if exists "mkt_segment_handle_unique";`);
    this.addSql(`create table if not exists "mkt_segment" ("id" text not null, "name" text not null, "description" text null, "type" text check ("type" in ('dynamic', 'static')) not null default 'dynamic', "rules" jsonb null, "handle" text null, "is_built_in" boolean not null default false, "member_count" integer not null default 0, "count_computed_at" timestamptz null, "refreshed_at" timestamptz null, "refresh_duration_ms" integer null, "last_entered_count" integer not null default 0, "last_left_count" integer not null default 0, "refresh_error" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_segment_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_segment_deleted_at" ON "mkt_segment" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_segment_handle_unique" ON "mkt_segment" ("handle") WHERE deleted_at IS NULL AND handle IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_segment_type" ON "mkt_segment" ("type") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_segment_member" ("id" text not null, "segment_id" text not null, "contact_id" text not null, "source" text check ("source" in ('rule', 'manual', 'import')) not null default 'rule', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_segment_member_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_segment_member_deleted_at" ON "mkt_segment_member" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_segment_member_segment_id_contact_id_unique" ON "mkt_segment_member" ("segment_id", "contact_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_segment_member_segment_id_created_at" ON "mkt_segment_member" ("segment_id", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_segment_member_segment_id_deleted_at" ON "mkt_segment_member" ("segment_id", "deleted_at") WHERE deleted_at IS NOT NULL;`);

    this.addSql(`alter table if exists "mkt_contact" add column if not exists "spend_percentile" integer null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_first_order_at" ON "mkt_contact" ("first_order_at") WHERE deleted_at IS NULL AND first_order_at IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_orders_count" ON "mkt_contact" ("orders_count") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mkt_segment" cascade;`);

    this.addSql(`drop table if exists "mkt_segment_member" cascade;`);

    this.addSql(`drop index if exists "IDX_mkt_contact_first_order_at";`);
    this.addSql(`drop index if exists "IDX_mkt_contact_orders_count";`);
    this.addSql(`alter table if exists "mkt_contact" drop column if exists "spend_percentile";`);
  }

}
