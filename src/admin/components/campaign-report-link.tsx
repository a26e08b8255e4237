import { ChartBar } from "@medusajs/icons"
import { Button, Container, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { useCampaignReport } from "../hooks/analytics"
import { formatCount, formatMoneyList, formatRatio } from "./analytics-display"

/**
 * The way from a campaign's page to its report, with the headline numbers
 * (human open and click rates, orders, revenue) so the owner sees at a glance
 * whether it is worth a look.
 */
export const CampaignReportLink = ({ id }: { id: string }) => {
  const { report } = useCampaignReport(id, "day", { refetchInterval: false })
  const t = report?.totals
  return (
    <Container className="flex flex-col gap-3 px-6 py-4 md:flex-row md:items-center md:justify-between" data-testid="campaign-report-link-section">
      <div className="flex min-w-0 flex-col gap-y-1">
        <Text size="small" weight="plus">
          Report
        </Text>
        <Text size="small" className="text-ui-fg-subtle tabular-nums" data-testid="campaign-report-summary">
          {t
            ? `Open rate ${formatRatio(t.open_rate)} · Click rate ${formatRatio(t.click_rate)} · ${formatCount(t.orders)} ${
                t.orders === 1 ? "order" : "orders"
              } · ${formatMoneyList(t.revenue)}`
            : "Opens, clicks, the links people chose and the orders this campaign earned."}
        </Text>
      </div>
      <Button size="small" variant="secondary" asChild>
        <Link to={`/marketing/campaigns/${id}/report`} data-testid="campaign-view-report">
          <ChartBar />
          View report
        </Link>
      </Button>
    </Container>
  )
}
