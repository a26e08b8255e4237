import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { parse } from "csv-parse/sync"
import { CsvImportError, IMPORTABLE_FIELDS, resolveMapping } from "../../../../../../lib/contact-csv"
import type { AdminPreviewImportType } from "../../../validators"

/** Headers, a guessed column mapping and a few rows, so the admin can map columns before importing. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewImportType>, res: MedusaResponse) => {
  const text = req.validatedBody.csv.replace(/^\uFEFF/, "")
  const head = text.split(/\r?\n/).slice(0, 6).join("\n")
  let records: string[][]
  try {
    records = parse(head, { relax_column_count: true, relax_quotes: true, skip_empty_lines: true, delimiter: [",", ";", "\t"] })
  } catch (e: any) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `The file could not be read as CSV: ${e.message}`)
  }
  const headers = (records[0] ?? []).map((h) => h.trim())
  let mapping = {}
  try {
    mapping = resolveMapping(headers)
  } catch (e) {
    if (!(e instanceof CsvImportError)) {
      throw e
    }
    // no email column guessed: the admin maps it by hand
  }
  res.json({ headers, mapping, fields: IMPORTABLE_FIELDS, sample: records.slice(1, 6) })
}
