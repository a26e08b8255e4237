import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123132227 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_message" drop constraint if exists "mkt_message_campaign_id_contact_id_unique";`);
    this.addSql(`create table if not exists "mkt_campaign_transition" ("id" text not null, "campaign_id" text not null, "from_status" text null, "to_status" text not null, "action" text not null, "actor" text not null default 'system', "reason" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_campaign_transition_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_campaign_transition_deleted_at" ON "mkt_campaign_transition" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_campaign_transition_campaign_id_created_at" ON "mkt_campaign_transition" ("campaign_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_campaign" ("id" text not null, "name" text not null, "status" text check ("status" in ('draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled')) not null default 'draft', "subject" text not null default '', "preheader" text null, "from_name" text null, "from_email" text null, "reply_to" text null, "template_id" text null, "content" jsonb null, "topic_id" text null, "include_segment_ids" text[] not null default '{}', "exclude_segment_ids" text[] not null default '{}', "scheduled_at" timestamptz null, "frequency_cap_hours" integer null, "send_rate" integer null, "ab_test" jsonb null, "winner_variant" integer null, "winner_decision" jsonb null, "winner_picked_at" timestamptz null, "winner_due_at" timestamptz null, "started_at" timestamptz null, "completed_at" timestamptz null, "paused_at" timestamptz null, "pause_reason" text null, "cancelled_at" timestamptz null, "recipients_count" integer not null default 0, "snapshot_ms" integer null, "rate_next_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_campaign_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_campaign_deleted_at" ON "mkt_campaign" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_campaign_status_scheduled_at" ON "mkt_campaign" ("status", "scheduled_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_campaign_created_at" ON "mkt_campaign" ("created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_message" ("id" text not null, "campaign_id" text null, "contact_id" text not null, "email" text not null, "variant" integer null, "status" text check ("status" in ('held', 'queued', 'sending', 'sent', 'failed', 'skipped', 'cancelled')) not null default 'queued', "skip_reason" text check ("skip_reason" in ('suppressed', 'unsubscribed', 'not_subscribed', 'topic_opt_out', 'frequency_cap')) null, "attempts" integer not null default 0, "next_attempt_at" timestamptz null, "lease_until" timestamptz null, "notification_key" text null, "sent_at" timestamptz null, "failed_at" timestamptz null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_message_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_deleted_at" ON "mkt_message" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_message_campaign_id_contact_id_unique" ON "mkt_message" ("campaign_id", "contact_id") WHERE deleted_at IS NULL AND campaign_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_campaign_id_status" ON "mkt_message" ("campaign_id", "status") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_campaign_id_next_attempt_at" ON "mkt_message" ("campaign_id", "next_attempt_at") WHERE deleted_at IS NULL AND status = 'queued';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_campaign_id_lease_until" ON "mkt_message" ("campaign_id", "lease_until") WHERE deleted_at IS NULL AND status = 'sending';`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_campaign_id_sent_at" ON "mkt_message" ("campaign_id", "sent_at") WHERE deleted_at IS NULL AND sent_at IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_contact_id_created_at" ON "mkt_message" ("contact_id", "created_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_template" ("id" text not null, "name" text not null, "description" text null, "subject" text not null default '', "preheader" text null, "document" jsonb not null, "version" integer not null default 1, "starter_handle" text null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_template_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_template_deleted_at" ON "mkt_template" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_template_updated_at" ON "mkt_template" ("updated_at") WHERE deleted_at IS NULL;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "mkt_campaign_transition" cascade;`);

    this.addSql(`drop table if exists "mkt_campaign" cascade;`);

    this.addSql(`drop table if exists "mkt_message" cascade;`);

    this.addSql(`drop table if exists "mkt_template" cascade;`);
  }

}
