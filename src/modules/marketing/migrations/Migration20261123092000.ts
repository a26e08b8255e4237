import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * Plain (not partial) indexes on the columns that reference mkt_contact.
 * Postgres checks these foreign keys on every delete of a contact, and the
 * generated indexes are partial (`WHERE deleted_at IS NULL`), which such a
 * check cannot use: without these, deleting n contacts scans the child
 * tables n times.
 */
export class Migration20261123092000 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_contact_topic_contact_id_fk" ON "mkt_contact_topic" ("contact_id");`)
    this.addSql(`CREATE INDEX IF NOT EXISTS "IDX_mkt_consent_event_contact_id_fk" ON "mkt_consent_event" ("contact_id");`)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_contact_topic_contact_id_fk";`)
    this.addSql(`DROP INDEX IF EXISTS "IDX_mkt_consent_event_contact_id_fk";`)
  }
}
