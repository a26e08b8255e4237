import { createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import type { ColumnMapping } from "../lib/contact-csv"
import { completeImportRecordStep, createImportRecordStep, parseContactsCsvStep } from "./steps/import-contacts"
import { resolveTopicsStep } from "./steps/resolve-topics"
import { upsertContactsStep } from "./steps/upsert-contacts"

export type ImportContactsWorkflowInput = {
  csv: string
  filename?: string | null
  mapping?: ColumnMapping
  /** the file's people gave consent: subscribe new and pending contacts */
  subscribe: boolean
  /** where that consent was given ("checkout checkbox 2024", "trade fair form"); recorded per contact */
  consent_source: string
  /** topics granted to every subscribed contact in the file, besides a topics column */
  topics?: string[]
  actor_id?: string
}

/**
 * Import contacts from CSV: every row is created, updated, counted as a
 * duplicate, or reported as invalid with its row number and reason.
 */
export const importContactsWorkflow = createWorkflow(
  "marketing-import-contacts",
  (input: ImportContactsWorkflowInput) => {
    const parsed = parseContactsCsvStep({ csv: input.csv, mapping: input.mapping })
    const handles = transform({ input, parsed }, ({ input, parsed }) => ({
      handles: [...new Set([...(input.topics ?? []), ...parsed.rows.flatMap((r) => r.topics)])],
    }))
    resolveTopicsStep(handles)
    const record = createImportRecordStep({
      filename: input.filename,
      consent_source: input.consent_source,
      subscribe: input.subscribe,
      parsed,
    })
    const upsert = transform({ input, parsed }, ({ input, parsed }) => ({
      rows: parsed.rows.map(({ topics, ...r }) => ({ ...r, topic_handles: topics })),
      options: {
        source: "import",
        subscribe: input.subscribe,
        topic_handles: input.topics ?? [],
        consent: {
          source: input.consent_source,
          wording: `Imported from ${input.filename ?? "a CSV file"} by a store admin${input.actor_id ? ` (${input.actor_id})` : ""}`,
        },
      },
    }))
    const result = upsertContactsStep(upsert)
    const done = transform({ record, result, parsed }, ({ record, result, parsed }) => ({
      id: record.id,
      started_at: parsed.started_at,
      created: result.created,
      updated: result.updated,
      suppressed: result.suppressed,
    }))
    return new WorkflowResponse(completeImportRecordStep(done))
  }
)
