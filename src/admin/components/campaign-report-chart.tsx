import { Tabs } from "@medusajs/ui"
import { useMemo } from "react"
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts"
import type { CampaignReport, ReportBucket, ReportInterval } from "../hooks/analytics"
import {
  AnalyticsEmpty,
  AXIS_TICK,
  CHART_COLORS,
  ChartSection,
  formatCount,
  LegendItem,
  TOOLTIP_STYLE,
} from "./analytics-display"

const CHART_HEIGHT = 260

/** A bucket start as "14 Mar" (by day) or "14 Mar, 15:00" (by hour), in the admin's time zone. */
function formatBucket(iso: string, interval: ReportInterval) {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) {
    return iso
  }
  return interval === "day"
    ? d.toLocaleDateString(undefined, { day: "numeric", month: "short" })
    : d.toLocaleString(undefined, { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" })
}

const INTERVAL_MS: Record<ReportInterval, number> = { hour: 60 * 60 * 1000, day: 24 * 60 * 60 * 1000 }

/**
 * The API's buckets run from the first event to the last. With a single one
 * (everything in the same hour or day) the zero bucket before it is added, so
 * the chart draws a line from nothing instead of a lone dot.
 */
function withLeadingZero(timeline: ReportBucket[], interval: ReportInterval): ReportBucket[] {
  if (timeline.length !== 1) {
    return timeline
  }
  const first = new Date(timeline[0].bucket).getTime()
  if (Number.isNaN(first)) {
    return timeline
  }
  const before = new Date(first - INTERVAL_MS[interval]).toISOString()
  return [{ bucket: before, opens: 0, human_opens: 0, clicks: 0, human_clicks: 0 }, ...timeline]
}

/**
 * Opens and clicks over time, by hour or by day. Solid lines are people;
 * the dashed ones include machine opens and scanner clicks.
 */
export const CampaignActivityChart = ({
  report,
  interval,
  onIntervalChange,
  loading,
}: {
  report: CampaignReport
  interval: ReportInterval
  onIntervalChange: (i: ReportInterval) => void
  loading?: boolean
}) => {
  const data = useMemo(
    () => withLeadingZero(report.timeline, interval).map((b) => ({ ...b, label: formatBucket(b.bucket, interval) })),
    [report.timeline, interval]
  )
  const empty = data.every((b) => b.opens === 0 && b.clicks === 0)
  return (
    <ChartSection
      title="Opens and clicks over time"
      description="When people read and clicked this email. Dashed lines include machine opens and scanner clicks."
      testId="campaign-report-timeline"
      actions={
        <Tabs value={interval} onValueChange={(v) => onIntervalChange(v as ReportInterval)}>
          <Tabs.List>
            <Tabs.Trigger value="hour" data-testid="campaign-report-interval-hour">
              By hour
            </Tabs.Trigger>
            <Tabs.Trigger value="day" data-testid="campaign-report-interval-day">
              By day
            </Tabs.Trigger>
          </Tabs.List>
        </Tabs>
      }
    >
      {empty ? (
        <AnalyticsEmpty
          title={report.campaign.started_at ? "No opens or clicks yet" : "Not sent yet"}
          description={
            report.campaign.started_at
              ? "Opens and clicks show up here as recipients read the email. Most arrive in the first hours after sending."
              : "Send the campaign to see numbers here."
          }
          testId="campaign-report-timeline-empty"
          height={CHART_HEIGHT}
        />
      ) : (
        <div data-loading={loading ? "true" : "false"} data-interval={interval}>
          <div className="mb-2 flex flex-wrap gap-x-4 gap-y-1 px-2">
            <LegendItem color={CHART_COLORS.green} label="Human opens" line />
            <LegendItem color={CHART_COLORS.orange} label="Human clicks" line />
          </div>
          <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
            <LineChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
              <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
              <XAxis dataKey="label" tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
              <YAxis
                allowDecimals={false}
                tickFormatter={(v: number) => formatCount(v)}
                tick={AXIS_TICK}
                tickLine={false}
                axisLine={false}
                width={40}
              />
              <Tooltip {...TOOLTIP_STYLE} formatter={(value: number, name: string) => [formatCount(value), name]} />
              <Line dataKey="human_opens" name="Human opens" type="monotone" stroke={CHART_COLORS.green} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
              <Line dataKey="human_clicks" name="Human clicks" type="monotone" stroke={CHART_COLORS.orange} strokeWidth={2} dot={{ r: 3 }} isAnimationActive={false} />
              <Line
                dataKey="opens"
                name="All opens"
                type="monotone"
                stroke={CHART_COLORS.green}
                strokeOpacity={0.5}
                strokeDasharray="4 4"
                dot={false}
                isAnimationActive={false}
              />
              <Line
                dataKey="clicks"
                name="All clicks"
                type="monotone"
                stroke={CHART_COLORS.orange}
                strokeOpacity={0.5}
                strokeDasharray="4 4"
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      )}
    </ChartSection>
  )
}
