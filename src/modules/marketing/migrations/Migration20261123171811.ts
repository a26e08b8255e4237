import { Migration } from "@medusajs/framework/mikro-orm/migrations";

export class Migration20261123171811 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index if exists "IDX_mkt_message_sent_at";`);

    this.addSql(`alter table if exists "mkt_link" add column if not exists "unique_human_clickers" integer not null default 0;`);
  }

  override async down(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_message_sent_at" ON "mkt_message" ("sent_at") WHERE deleted_at IS NULL AND sent_at IS NOT NULL;`);

    this.addSql(`alter table if exists "mkt_link" drop column if exists "unique_human_clickers";`);
  }

}
