import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { marketing } from "../../../helpers"
import { campaignReportCsv, sendCsv } from "../../../../analytics/csv"

/** A campaign's report as CSV: a row per variant (and the total), then the link map. */
export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const report = await marketing(req.scope).campaignReport(req.params.id, { interval: "day" })
  sendCsv(res, `campaign-${report.campaign.id}-report.csv`, campaignReportCsv(report))
}
