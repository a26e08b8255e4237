import type { MedusaResponse } from "@medusajs/framework/http"
import { stringify } from "csv-stringify/sync"
import type MarketingModuleService from "../../../modules/marketing/service"
import type { ContactExportFilters } from "../../../modules/marketing/types"

const COLUMNS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "locale",
  "timezone",
  "country_code",
  "status",
  "source",
  "topics",
  "customer_id",
  "subscribed_at",
  "unsubscribed_at",
  "created_at",
]

const cell = (v: unknown) => (v instanceof Date ? v.toISOString() : v ?? "")

/** Contacts as a CSV download, streamed page by page (memory stays flat however big the list). */
export async function sendContactsCsv(
  res: MedusaResponse,
  marketing: MarketingModuleService,
  filters: ContactExportFilters,
  filename: string
) {
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${filename}-${new Date().toISOString().slice(0, 10)}.csv"`)
  res.write(stringify([COLUMNS]))
  for await (const page of marketing.iterateContactsForExport(filters)) {
    const ok = res.write(stringify(page.map((r) => COLUMNS.map((c) => cell(r[c])))))
    if (!ok) {
      await new Promise((resolve) => res.once("drain", resolve))
    }
  }
  res.end()
}
