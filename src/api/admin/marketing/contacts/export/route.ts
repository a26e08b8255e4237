import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { stringify } from "csv-stringify/sync"
import { MARKETING_MODULE } from "../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../modules/marketing/service"
import type { AdminExportContactsParamsType } from "../../validators"

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

/** Contacts as CSV, streamed page by page (memory stays flat however big the list). */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminExportContactsParamsType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const filters = req.validatedQuery as AdminExportContactsParamsType
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="contacts-${new Date().toISOString().slice(0, 10)}.csv"`)
  res.write(stringify([COLUMNS]))
  for await (const page of marketing.iterateContactsForExport(filters)) {
    const ok = res.write(stringify(page.map((r) => COLUMNS.map((c) => cell(r[c])))))
    if (!ok) {
      await new Promise((resolve) => res.once("drain", resolve))
    }
  }
  res.end()
}
