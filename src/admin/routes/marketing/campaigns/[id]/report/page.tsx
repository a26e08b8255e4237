import { ArrowDownTray, ArrowUturnLeft } from "@medusajs/icons"
import { Button, Container, Heading, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { Link, useParams } from "react-router-dom"
import { formatCount } from "../../../../../components/analytics-display"
import { CampaignStatusBadge, formatSendTime } from "../../../../../components/campaign-display"
import {
  CampaignFunnel,
  CampaignLinksTable,
  CampaignReportStats,
  CampaignVariantsTable,
} from "../../../../../components/campaign-report"
import { CampaignActivityChart } from "../../../../../components/campaign-report-chart"
import type { CampaignStatus } from "../../../../../hooks/campaigns"
import {
  CampaignReport,
  ReportInterval,
  useCampaignReport,
  useExportCampaignReport,
} from "../../../../../hooks/analytics"
import { errorMessage } from "../../../../../lib/format"

/**
 * A campaign's results: the funnel from recipients to orders, the rates,
 * opens and clicks over time, the A/B variants side by side and which links
 * were clicked. Human numbers leave machine opens and scanner clicks out.
 */
const CampaignReportPage = () => {
  const { id } = useParams()
  const [interval, setReportInterval] = useState<ReportInterval>("hour")
  const { report, isLoading, isError, error, isPlaceholderData } = useCampaignReport(id!, interval)

  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-muted">
          Loading the report…
        </Text>
      </Container>
    )
  }
  if (isError && error?.status === 404) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4">
        <Heading>Campaign not found</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          It may have been deleted.{" "}
          <Link className="text-ui-fg-interactive" to="/marketing/campaigns">
            Back to campaigns
          </Link>
        </Text>
      </Container>
    )
  }
  if (isError || !report) {
    throw error
  }

  const started = Boolean(report.campaign.started_at)
  return (
    <div className="flex w-full flex-col gap-y-3" data-testid="campaign-report">
      <ReportHeader report={report} />
      {!started ? (
        <Container className="flex flex-col items-center gap-y-2 px-6 py-10 text-center" data-testid="campaign-report-unsent">
          <Text size="small" weight="plus">
            This campaign has not been sent yet
          </Text>
          <Text size="small" className="text-ui-fg-subtle max-w-[440px]">
            Send a campaign to see numbers here: opens, clicks, the links people chose and the orders it earned.
          </Text>
          <Button size="small" variant="secondary" asChild>
            <Link to={`/marketing/campaigns/${report.campaign.id}`}>Go to the campaign</Link>
          </Button>
        </Container>
      ) : (
        <>
          <CampaignReportStats report={report} />
          <div className="flex flex-col gap-3 xl:flex-row xl:items-start">
            <div className="flex min-w-0 flex-1 flex-col gap-y-3">
              <CampaignFunnel report={report} />
            </div>
            <div className="flex min-w-0 flex-1 flex-col gap-y-3">
              <CampaignActivityChart
                report={report}
                interval={interval}
                onIntervalChange={setReportInterval}
                loading={isPlaceholderData}
              />
            </div>
          </div>
          {report.variants.length > 1 && <CampaignVariantsTable report={report} />}
          <CampaignLinksTable report={report} />
          <Text size="xsmall" className="text-ui-fg-muted px-1">
            Computed in {formatCount(report.computed_ms)} ms.
          </Text>
        </>
      )}
    </div>
  )
}

const ReportHeader = ({ report }: { report: CampaignReport }) => {
  const c = report.campaign
  const exportCsv = useExportCampaignReport(c.id)
  const onExport = () =>
    exportCsv.mutate(undefined, {
      onSuccess: () => toast.success("CSV downloaded"),
      onError: (e) => toast.error(errorMessage(e, "The export failed")),
    })
  const when = c.completed_at
    ? `Sent ${formatSendTime(c.completed_at)}`
    : c.started_at
      ? `Sending since ${formatSendTime(c.started_at)}`
      : "Not sent yet"
  return (
    <Container className="flex flex-col gap-4 px-6 py-4 md:flex-row md:items-start md:justify-between" data-testid="campaign-report-header">
      <div className="flex min-w-0 flex-col gap-y-1">
        <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
          <Heading className="truncate">{c.name}</Heading>
          <CampaignStatusBadge status={c.status as CampaignStatus} />
        </div>
        <Text size="small" className="text-ui-fg-subtle">
          Report · {when} · {formatCount(c.recipients_count)} {c.recipients_count === 1 ? "recipient" : "recipients"}
          {c.variants_count > 1 ? ` · ${c.variants_count} variants` : ""}
        </Text>
      </div>
      <div className="flex shrink-0 flex-wrap items-center gap-2">
        <Button size="small" variant="secondary" asChild>
          <Link to={`/marketing/campaigns/${c.id}`}>
            <ArrowUturnLeft />
            Campaign
          </Link>
        </Button>
        <Button
          size="small"
          variant="secondary"
          onClick={onExport}
          isLoading={exportCsv.isPending}
          disabled={!c.started_at}
          data-testid="campaign-report-export"
        >
          <ArrowDownTray />
          Export CSV
        </Button>
      </div>
    </Container>
  )
}

export const handle = {
  breadcrumb: () => "Report",
}

export default CampaignReportPage
