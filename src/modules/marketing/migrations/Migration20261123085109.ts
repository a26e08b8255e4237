import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123085109 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table if exists "mkt_contact_topic" drop constraint if exists "mkt_contact_topic_contact_id_topic_id_unique";`);
    this.addSql(`alter table if exists "mkt_topic" drop constraint if exists "mkt_topic_handle_unique";`);
    this.addSql(`alter table if exists "mkt_suppression" drop constraint if exists "mkt_suppression_email_hash_unique";`);
    this.addSql(`alter table if exists "mkt_contact" drop constraint if exists "mkt_contact_email_unique";`);
    this.addSql(`create table if not exists "mkt_contact" ("id" text not null, "email" text not null, "first_name" text null, "last_name" text null, "phone" text null, "locale" text null, "timezone" text null, "country_code" text null, "status" text check ("status" in ('pending', 'subscribed', 'unsubscribed', 'bounced', 'complained', 'cleaned')) not null default 'pending', "source" text not null default 'manual', "customer_id" text null, "subscribed_at" timestamptz null, "unsubscribed_at" timestamptz null, "confirmation_sent_at" timestamptz null, "erased_at" timestamptz null, "metadata" jsonb null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_contact_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_deleted_at" ON "mkt_contact" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_contact_email_unique" ON "mkt_contact" ("email") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_customer_id" ON "mkt_contact" ("customer_id") WHERE deleted_at IS NULL AND customer_id IS NOT NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_status_created_at" ON "mkt_contact" ("status", "created_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_source" ON "mkt_contact" ("source") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_consent_event" ("id" text not null, "action" text check ("action" in ('requested', 'granted', 'withdrawn')) not null, "channel" text not null default 'email', "email" text null, "topic_handle" text null, "source" text not null, "ip" text null, "user_agent" text null, "wording" text null, "wording_version" text null, "occurred_at" timestamptz not null, "contact_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_consent_event_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_consent_event_contact_id" ON "mkt_consent_event" ("contact_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_consent_event_deleted_at" ON "mkt_consent_event" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_consent_event_contact_id_occurred_at" ON "mkt_consent_event" ("contact_id", "occurred_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_contact_import" ("id" text not null, "status" text check ("status" in ('processing', 'completed', 'failed')) not null default 'processing', "filename" text null, "mapping" jsonb not null, "consent_source" text not null, "subscribe" boolean not null default false, "total_rows" integer not null default 0, "created_count" integer not null default 0, "updated_count" integer not null default 0, "invalid_count" integer not null default 0, "duplicate_count" integer not null default 0, "suppressed_count" integer not null default 0, "invalid_rows" jsonb null, "duration_ms" integer null, "error" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_contact_import_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_import_deleted_at" ON "mkt_contact_import" ("deleted_at") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_suppression" ("id" text not null, "email" text null, "email_hash" text not null, "reason" text check ("reason" in ('hard_bounce', 'complaint', 'manual', 'unsubscribed', 'erased')) not null, "source" text null, "note" text null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_suppression_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_suppression_deleted_at" ON "mkt_suppression" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_suppression_email_hash_unique" ON "mkt_suppression" ("email_hash") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_topic" ("id" text not null, "handle" text not null, "name" text not null, "description" text null, "is_default" boolean not null default false, "is_public" boolean not null default true, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_topic_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_topic_deleted_at" ON "mkt_topic" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_topic_handle_unique" ON "mkt_topic" ("handle") WHERE deleted_at IS NULL;`);

    this.addSql(`create table if not exists "mkt_contact_topic" ("id" text not null, "subscribed" boolean not null default true, "contact_id" text not null, "topic_id" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "deleted_at" timestamptz null, constraint "mkt_contact_topic_pkey" primary key ("id"));`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_contact_id" ON "mkt_contact_topic" ("contact_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_topic_id" ON "mkt_contact_topic" ("topic_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_deleted_at" ON "mkt_contact_topic" ("deleted_at") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE UNIQUE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_contact_id_topic_id_unique" ON "mkt_contact_topic" ("contact_id", "topic_id") WHERE deleted_at IS NULL;`);
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_topic_id_subscribed" ON "mkt_contact_topic" ("topic_id", "subscribed") WHERE deleted_at IS NULL;`);

    this.addSql(`alter table if exists "mkt_consent_event" add constraint "mkt_consent_event_contact_id_foreign" foreign key ("contact_id") references "mkt_contact" ("id") on update cascade;`);

    this.addSql(`alter table if exists "mkt_contact_topic" add constraint "mkt_contact_topic_contact_id_foreign" foreign key ("contact_id") references "mkt_contact" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table if exists "mkt_contact_topic" add constraint "mkt_contact_topic_topic_id_foreign" foreign key ("topic_id") references "mkt_topic" ("id") on update cascade on delete cascade;`);
    // A store can take sign-ups the moment it installs the plugin.
    this.addSql(`insert into "mkt_topic" ("id", "handle", "name", "description", "is_default", "is_public") select 'mtop_newsletter', 'newsletter', 'Newsletter', 'News, launches and offers from the store', true, true where not exists (select 1 from "mkt_topic" where "deleted_at" is null);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table if exists "mkt_consent_event" drop constraint if exists "mkt_consent_event_contact_id_foreign";`);

    this.addSql(`alter table if exists "mkt_contact_topic" drop constraint if exists "mkt_contact_topic_contact_id_foreign";`);

    this.addSql(`alter table if exists "mkt_contact_topic" drop constraint if exists "mkt_contact_topic_topic_id_foreign";`);

    this.addSql(`drop table if exists "mkt_contact" cascade;`);

    this.addSql(`drop table if exists "mkt_consent_event" cascade;`);

    this.addSql(`drop table if exists "mkt_contact_import" cascade;`);

    this.addSql(`drop table if exists "mkt_suppression" cascade;`);

    this.addSql(`drop table if exists "mkt_topic" cascade;`);

    this.addSql(`drop table if exists "mkt_contact_topic" cascade;`);
  }

}
