import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * mkt_message_daily: the overview's engagement cells, one row per UTC send
 * day and campaign ('' for a message without a campaign): messages sent,
 * messages with a human open or click, messages with a human click. The
 * send outcome and the tracking flush add to it in the same statement that
 * changes a message's facts, so the 30-day overview reads a few hundred rows
 * instead of a million messages. Filled here from the messages already sent
 * (the same aggregation as rebuildMessageDaily in analytics-sql.ts).
 * Hand-written: the rollup is keyed by its natural key and written only by
 * set-based upserts, it has no model.
 */
export class Migration20261123190000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE TABLE IF NOT EXISTS "mkt_message_daily" (
      "campaign_key" text NOT NULL,
      "day" date NOT NULL,
      "sent" integer NOT NULL DEFAULT 0,
      "human_engaged" integer NOT NULL DEFAULT 0,
      "human_clicked" integer NOT NULL DEFAULT 0,
      CONSTRAINT "mkt_message_daily_pkey" PRIMARY KEY ("day", "campaign_key")
    );`)
    this.addSql(`INSERT INTO "mkt_message_daily" (campaign_key, day, sent, human_engaged, human_clicked)
      SELECT coalesce(campaign_id, ''), CAST(sent_at AT TIME ZONE 'UTC' AS date),
        count(*),
        count(*) FILTER (WHERE first_human_open_at IS NOT NULL OR first_human_click_at IS NOT NULL),
        count(first_human_click_at)
      FROM mkt_message WHERE deleted_at IS NULL AND sent_at IS NOT NULL
      GROUP BY 1, 2
      ON CONFLICT DO NOTHING;`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP TABLE IF EXISTS "mkt_message_daily";`)
  }
}
