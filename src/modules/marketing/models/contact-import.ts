import { model } from "@medusajs/framework/utils"

export const IMPORT_STATUSES = ["processing", "completed", "failed"] as const

/** One CSV import: its mapping, counts and the report of rows it refused. */
export const ContactImport = model.define(
  { name: "ContactImport", tableName: "mkt_contact_import" },
  {
    id: model.id({ prefix: "mimp" }).primaryKey(),
    status: model.enum([...IMPORT_STATUSES]).default("processing"),
    filename: model.text().nullable(),
    mapping: model.json(),
    consent_source: model.text(),
    subscribe: model.boolean().default(false),
    total_rows: model.number().default(0),
    created_count: model.number().default(0),
    updated_count: model.number().default(0),
    invalid_count: model.number().default(0),
    duplicate_count: model.number().default(0),
    suppressed_count: model.number().default(0),
    invalid_rows: model.json().nullable(),
    duration_ms: model.number().nullable(),
    error: model.text().nullable(),
  }
)
