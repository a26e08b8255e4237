import type { MedusaResponse } from "@medusajs/framework/http"
import { stringify } from "csv-stringify/sync"
import { REPORT_COUNT_KEYS, type AnalyticsOverview, type CampaignReport, type Metrics } from "../../../../modules/marketing/analytics-sql"

/** the metric columns of a report row, in order */
export const REPORT_METRIC_COLUMNS = [
  ...REPORT_COUNT_KEYS,
  "orders",
  "open_rate",
  "click_rate",
  "click_to_open_rate",
  "unsubscribe_rate",
  "complaint_rate",
  "bounce_rate",
] as const satisfies readonly (keyof Metrics)[]

export const REPORT_LINK_COLUMNS = ["position", "variant", "link_label", "url", "clicks", "human_clicks", "unique_human_clickers"]

export const OVERVIEW_COLUMNS = [
  "day",
  "currency",
  "revenue_campaigns",
  "revenue_flows",
  "orders",
  "subscribed",
  "unsubscribed",
  "net",
  "sent",
  "unique_human_opens",
  "unique_human_clicks",
  "open_rate",
  "click_rate",
]

const amountIn = (money: { currency_code: string; amount: string }[], currency: string) =>
  money.find((m) => m.currency_code === currency)?.amount ?? "0"

/**
 * A campaign report as CSV: one row per variant with every metric (revenue
 * and revenue per recipient get a column per currency) and a total row,
 * then a blank line and the link map.
 */
export function campaignReportCsv(report: CampaignReport): string {
  const currencies = report.totals.revenue.map((r) => r.currency_code)
  const header = [
    "variant",
    "label",
    ...REPORT_METRIC_COLUMNS,
    ...currencies.flatMap((c) => [`revenue_${c}`, `revenue_per_recipient_${c}`]),
  ]
  const row = (variant: string, label: string, m: Metrics) => [
    variant,
    label,
    ...REPORT_METRIC_COLUMNS.map((k) => m[k]),
    ...currencies.flatMap((c) => [amountIn(m.revenue, c), amountIn(m.revenue_per_recipient, c)]),
  ]
  const metrics = stringify([
    header,
    ...report.variants.map((v) => row(String(v.variant), v.label, v)),
    row("total", "Total", report.totals),
  ])
  const links = stringify([
    REPORT_LINK_COLUMNS,
    ...report.links.map((l) => [
      l.position,
      String.fromCharCode(65 + l.variant),
      l.label ?? "",
      l.url,
      l.clicks,
      l.human_clicks,
      l.unique_human_clickers,
    ]),
  ])
  return `${metrics}\n${links}`
}

/** The overview as CSV: one row per day of the period. */
export function overviewCsv(overview: AnalyticsOverview): string {
  const rows = overview.revenue_by_day.map((r, i) => {
    const g = overview.list_growth[i]
    const e = overview.engagement[i]
    return [
      r.day,
      overview.currency,
      r.campaigns,
      r.flows,
      r.orders,
      g.subscribed,
      g.unsubscribed,
      g.net,
      e.sent,
      e.unique_human_opens,
      e.unique_human_clicks,
      e.open_rate,
      e.click_rate,
    ]
  })
  return stringify([OVERVIEW_COLUMNS, ...rows])
}

export function sendCsv(res: MedusaResponse, filename: string, body: string) {
  res.setHeader("Content-Type", "text/csv; charset=utf-8")
  res.setHeader("Content-Disposition", `attachment; filename="${filename}"`)
  res.send(body)
}
