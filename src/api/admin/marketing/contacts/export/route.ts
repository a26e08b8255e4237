import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../modules/marketing/service"
import { sendContactsCsv } from "../../contacts-csv"
import type { AdminExportContactsParamsType } from "../../validators"

/** Contacts as CSV, filtered like the list. */
export const GET = async (req: AuthenticatedMedusaRequest<unknown, AdminExportContactsParamsType>, res: MedusaResponse) => {
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  await sendContactsCsv(res, marketing, req.validatedQuery as AdminExportContactsParamsType, "contacts")
}
