import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import { ColumnMapping, CsvImportError, ParsedImport, parseContactsCsv } from "../../lib/contact-csv"

/** Read the CSV into valid rows plus a report of every row it refuses. */
export const parseContactsCsvStep = createStep(
  "parse-contacts-csv",
  async (input: { csv: string; mapping?: ColumnMapping }) => {
    const started_at = Date.now()
    try {
      return new StepResponse({ ...parseContactsCsv(input.csv, input.mapping ?? {}), started_at })
    } catch (e) {
      if (e instanceof CsvImportError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    }
  }
)

export type CreateImportRecordInput = {
  filename?: string | null
  consent_source: string
  subscribe: boolean
  parsed: ParsedImport
}

/** The import's record, with the counts known before any contact is written. */
export const createImportRecordStep = createStep(
  "create-contact-import-record",
  async (input: CreateImportRecordInput, { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const record = await marketing.createContactImports({
      status: "processing",
      filename: input.filename ?? null,
      mapping: input.parsed.mapping,
      consent_source: input.consent_source,
      subscribe: input.subscribe,
      total_rows: input.parsed.total_rows,
      invalid_count: input.parsed.invalid_count,
      duplicate_count: input.parsed.duplicates,
      invalid_rows: input.parsed.invalid as any,
    })
    return new StepResponse(record, record.id)
  },
  async (id, { container }) => {
    if (!id) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.updateContactImports({ id, status: "failed", error: "The import was rolled back" })
  }
)

export const completeImportRecordStep = createStep(
  "complete-contact-import-record",
  async (
    input: { id: string; started_at: number; created: number; updated: number; suppressed: number },
    { container }
  ) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const record = await marketing.updateContactImports({
      id: input.id,
      status: "completed",
      created_count: input.created,
      updated_count: input.updated,
      suppressed_count: input.suppressed,
      duration_ms: Date.now() - input.started_at,
    })
    return new StepResponse(record)
  }
)
