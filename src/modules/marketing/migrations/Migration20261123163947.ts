import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123163947 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_link" drop constraint if exists "mkt_link_source_id_position_unique";`);
    this.addSql(`alter table if exists "mkt_event" drop constraint if exists "mkt_event_provider_provider_event_id_unique";`);
    this.addSql(`alter table if exists "mkt_attribution" drop constraint if exists "mkt_attribution_order_id_unique";`);
    this.addSql(`create table if not exists "mkt_attribution" ("id" text not null, "order_id" text not null, "contact_id" text not null, "message_id" text not null, "campaign_id" text null, "variant" integer null, "event_id" text null, "touch" text check ("touch" in ('click', 'open')) not null, "attribution_model" text check ("attribution_model" in ('last_click', 'last_touch')) not null, "window_days" integer not null, "revenue" numeric not null, "currency_code" text not null, "touched_at" timestamptz not null, "order_placed_at" timestamptz not null, "raw_revenue" jsonb not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_attribution_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_attribution_deleted_at" ON "mkt_attribution" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_attribution_order_id_unique" ON "mkt_attribution" ("order_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_attribution_campaign_id_order_placed_at" ON "mkt_attribution" ("campaign_id", "order_placed_at") WHERE deleted_at IS NULL AND campaign_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_attribution_order_placed_at" ON "mkt_attribution" ("order_placed_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_attribution_contact_id" ON "mkt_attribution" ("contact_id") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_event" ("id" text not null, "type" text check ("type" in ('open', 'click', 'view', 'unsubscribe', 'delivered', 'bounce', 'complaint', 'deferred')) not null, "message_id" text null, "contact_id" text null, "campaign_id" text null, "variant" integer null, "link_position" integer null, "occurred_at" timestamptz not null, "user_agent" text null, "ip" text null, "is_bot" boolean not null default false, "bot_reason" text null, "provider" text null, "provider_event_id" text null, "bounce_kind" text null, "detail" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_event_deleted_at" ON "mkt_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_event_campaign_id_type_occurred_at" ON "mkt_event" ("campaign_id", "type", "occurred_at") WHERE deleted_at IS NULL AND campaign_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_event_contact_id_occurred_at" ON "mkt_event" ("contact_id", "occurred_at") WHERE deleted_at IS NULL AND contact_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_event_message_id_type" ON "mkt_event" ("message_id", "type") WHERE deleted_at IS NULL AND message_id IS NOT NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_event_provider_provider_event_id_unique" ON "mkt_event" ("provider", "provider_event_id") WHERE provider_event_id IS NOT NULL AND deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_event_type_occurred_at" ON "mkt_event" ("type", "occurred_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_link" ("id" text not null, "source_id" text not null, "campaign_id" text null, "variant" integer not null default 0, "template_id" text null, "template_version" integer null, "position" integer not null, "url" text not null, "label" text null, "clicks" integer not null default 0, "human_clicks" integer not null default 0, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_link_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_link_deleted_at" ON "mkt_link" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_link_source_id_position_unique" ON "mkt_link" ("source_id", "position") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "mkt_suppression" drop constraint if exists "mkt_suppression_reason_check";`);

    this.addSql(`alter table if exists "mkt_contact" add column if not exists "soft_bounce_count" integer not null default 0;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_subscribed_at" ON "mkt_contact" ("subscribed_at") WHERE deleted_at IS NULL AND subscribed_at IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_unsubscribed_at" ON "mkt_contact" ("unsubscribed_at") WHERE deleted_at IS NULL AND unsubscribed_at IS NOT NULL;`);

    this.addSql(`alter table if exists "mkt_message" add column if not exists "delivered_at" timestamptz null, add column if not exists "open_count" integer not null default 0, add column if not exists "human_open_count" integer not null default 0, add column if not exists "first_open_at" timestamptz null, add column if not exists "first_human_open_at" timestamptz null, add column if not exists "last_open_at" timestamptz null, add column if not exists "click_count" integer not null default 0, add column if not exists "human_click_count" integer not null default 0, add column if not exists "first_click_at" timestamptz null, add column if not exists "first_human_click_at" timestamptz null, add column if not exists "last_click_at" timestamptz null, add column if not exists "bounced_at" timestamptz null, add column if not exists "bounce_kind" text null, add column if not exists "complained_at" timestamptz null, add column if not exists "unsubscribed_at" timestamptz null;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_sent_at" ON "mkt_message" ("sent_at") WHERE deleted_at IS NULL AND sent_at IS NOT NULL;`);

    this.addSql(`alter table if exists "mkt_suppression" add constraint "mkt_suppression_reason_check" check("reason" in ('hard_bounce', 'soft_bounce', 'complaint', 'manual', 'unsubscribed', 'erased'));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mkt_attribution" cascade;`);

    this.addSql(`drop table if exists "mkt_event" cascade;`);

    this.addSql(`drop table if exists "mkt_link" cascade;`);

    this.addSql(`alter table if exists "mkt_suppression" drop constraint if exists "mkt_suppression_reason_check";`);

    this.addSql(`drop index if exists "IDX_mkt_contact_subscribed_at";`);
    this.addSql(`drop index if exists "IDX_mkt_contact_unsubscribed_at";`);
    this.addSql(`alter table if exists "mkt_contact" drop column if exists "soft_bounce_count";`);

    this.addSql(`drop index if exists "IDX_mkt_message_sent_at";`);
    this.addSql(`alter table if exists "mkt_message" drop column if exists "delivered_at", drop column if exists "open_count", drop column if exists "human_open_count", drop column if exists "first_open_at", drop column if exists "first_human_open_at", drop column if exists "last_open_at", drop column if exists "click_count", drop column if exists "human_click_count", drop column if exists "first_click_at", drop column if exists "first_human_click_at", drop column if exists "last_click_at", drop column if exists "bounced_at", drop column if exists "bounce_kind", drop column if exists "complained_at", drop column if exists "unsubscribed_at";`);

    this.addSql(`alter table if exists "mkt_suppression" add constraint "mkt_suppression_reason_check" check("reason" in ('hard_bounce', 'complaint', 'manual', 'unsubscribed', 'erased'));`);
  }

}
