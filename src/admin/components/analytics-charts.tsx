import { Button, Table } from "@medusajs/ui"
import { useMemo } from "react"
import { Link } from "react-router-dom"
import {
  Bar,
  BarChart,
  CartesianGrid,
  ComposedChart,
  Line,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts"
import type { AnalyticsOverview } from "../hooks/analytics"
import {
  AnalyticsEmpty,
  AXIS_TICK,
  CHART_COLORS,
  ChartSection,
  formatCount,
  formatDay,
  formatMoney,
  formatMoneyShort,
  formatRatio,
  LegendItem,
  TOOLTIP_STYLE,
} from "./analytics-display"

const CHART_HEIGHT = 240

const SendCampaignAction = () => (
  <Button size="small" variant="secondary" asChild>
    <Link to="/marketing/campaigns">Go to campaigns</Link>
  </Button>
)

/** Revenue credited to emails by day, campaigns and flows stacked. */
export const RevenueByDayChart = ({ overview }: { overview: AnalyticsOverview }) => {
  const { currency } = overview
  const data = useMemo(
    () =>
      overview.revenue_by_day.map((d) => ({
        day: d.day,
        campaigns: Number(d.campaigns),
        flows: Number(d.flows),
        orders: d.orders,
      })),
    [overview.revenue_by_day]
  )
  const empty = data.every((d) => d.campaigns === 0 && d.flows === 0 && d.orders === 0)
  return (
    <ChartSection
      title="Attributed revenue"
      description="Orders credited to the email the buyer last clicked before ordering, by day."
      testId="analytics-revenue-chart"
      actions={
        !empty && (
          <>
            <LegendItem color={CHART_COLORS.blue} label="Campaigns" />
            <LegendItem color={CHART_COLORS.purple} label="Flows" />
          </>
        )
      }
    >
      {empty ? (
        <AnalyticsEmpty
          title="No attributed revenue in this period"
          description="When someone clicks a campaign email and then orders within the attribution window, the order and its revenue show up here. Send a campaign to see numbers here."
          action={<SendCampaignAction />}
          testId="analytics-revenue-empty"
          height={CHART_HEIGHT}
        />
      ) : (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <BarChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
            <XAxis dataKey="day" tickFormatter={formatDay} tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis
              tickFormatter={(v: number) => formatMoneyShort(v, currency)}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={64}
            />
            <Tooltip
              {...TOOLTIP_STYLE}
              labelFormatter={(d) => formatDay(String(d))}
              formatter={(value: number, name: string) => [formatMoney(value, currency), name]}
            />
            <Bar dataKey="campaigns" name="Campaigns" stackId="revenue" fill={CHART_COLORS.blue} maxBarSize={32} isAnimationActive={false} />
            <Bar
              dataKey="flows"
              name="Flows"
              stackId="revenue"
              fill={CHART_COLORS.purple}
              radius={[3, 3, 0, 0]}
              maxBarSize={32}
              isAnimationActive={false}
            />
          </BarChart>
        </ResponsiveContainer>
      )}
    </ChartSection>
  )
}

/** Subscriptions and unsubscriptions by day (unsubscriptions below the axis) with the net change as a line. */
export const ListGrowthChart = ({ overview }: { overview: AnalyticsOverview }) => {
  const data = useMemo(
    () =>
      overview.list_growth.map((d) => ({
        day: d.day,
        subscribed: d.subscribed,
        unsubscribed: -d.unsubscribed,
        net: d.net,
      })),
    [overview.list_growth]
  )
  const empty = data.every((d) => d.subscribed === 0 && d.unsubscribed === 0)
  return (
    <ChartSection
      title="List growth"
      description="Contacts who subscribed and who unsubscribed, with the net change, by day."
      testId="analytics-growth-chart"
      actions={
        !empty && (
          <>
            <LegendItem color={CHART_COLORS.green} label="Subscribed" />
            <LegendItem color={CHART_COLORS.red} label="Unsubscribed" />
            <LegendItem color={CHART_COLORS.blue} label="Net" line />
          </>
        )
      }
    >
      {empty ? (
        <AnalyticsEmpty
          title="No one subscribed or unsubscribed in this period"
          description="Add a sign-up form to your storefront, ask for consent at checkout, or import a list with its consent records."
          action={
            <Button size="small" variant="secondary" asChild>
              <Link to="/marketing/contacts">Go to contacts</Link>
            </Button>
          }
          testId="analytics-growth-empty"
          height={CHART_HEIGHT}
        />
      ) : (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data} stackOffset="sign" margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
            <XAxis dataKey="day" tickFormatter={formatDay} tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis
              allowDecimals={false}
              tickFormatter={(v: number) => formatCount(v)}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={40}
            />
            <ReferenceLine y={0} stroke={CHART_COLORS.grid} />
            <Tooltip
              {...TOOLTIP_STYLE}
              labelFormatter={(d) => formatDay(String(d))}
              formatter={(value: number, name: string) => [formatCount(name === "Unsubscribed" ? -value : value), name]}
            />
            <Bar dataKey="subscribed" name="Subscribed" stackId="growth" fill={CHART_COLORS.green} maxBarSize={24} isAnimationActive={false} />
            <Bar dataKey="unsubscribed" name="Unsubscribed" stackId="growth" fill={CHART_COLORS.red} maxBarSize={24} isAnimationActive={false} />
            <Line dataKey="net" name="Net" type="monotone" stroke={CHART_COLORS.blue} strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartSection>
  )
}

/**
 * Open and click rates by the day the messages were sent, over the number
 * sent that day (bars, right axis). Days without a send have no rate and
 * are left out of the lines rather than drawn as 0%.
 */
export const EngagementChart = ({ overview }: { overview: AnalyticsOverview }) => {
  const data = useMemo(
    () =>
      overview.engagement.map((d) => ({
        day: d.day,
        sent: d.sent,
        open_rate: d.sent > 0 ? d.open_rate : null,
        click_rate: d.sent > 0 ? d.click_rate : null,
      })),
    [overview.engagement]
  )
  const empty = data.every((d) => d.sent === 0)
  return (
    <ChartSection
      title="Engagement"
      description="Of the emails sent each day, the share people opened and clicked (human opens and clicks only)."
      testId="analytics-engagement-chart"
      actions={
        !empty && (
          <>
            <LegendItem color={CHART_COLORS.grey} label="Sent" />
            <LegendItem color={CHART_COLORS.green} label="Open rate" line />
            <LegendItem color={CHART_COLORS.orange} label="Click rate" line />
          </>
        )
      }
    >
      {empty ? (
        <AnalyticsEmpty
          title="No emails sent in this period"
          description="Send a campaign to see numbers here: opens and clicks appear as soon as recipients read your email."
          action={<SendCampaignAction />}
          testId="analytics-engagement-empty"
          height={CHART_HEIGHT}
        />
      ) : (
        <ResponsiveContainer width="100%" height={CHART_HEIGHT}>
          <ComposedChart data={data} margin={{ top: 8, right: 8, left: 8, bottom: 0 }}>
            <CartesianGrid vertical={false} stroke={CHART_COLORS.grid} />
            <XAxis dataKey="day" tickFormatter={formatDay} tick={AXIS_TICK} tickLine={false} axisLine={false} minTickGap={24} />
            <YAxis
              yAxisId="rate"
              domain={[0, (max: number) => Math.min(1, Math.max(0.1, Math.ceil(max * 10) / 10))]}
              tickFormatter={(v: number) => formatRatio(v)}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={48}
            />
            <YAxis
              yAxisId="sent"
              orientation="right"
              allowDecimals={false}
              tickFormatter={(v: number) => formatCount(v)}
              tick={AXIS_TICK}
              tickLine={false}
              axisLine={false}
              width={40}
            />
            <Tooltip
              {...TOOLTIP_STYLE}
              labelFormatter={(d) => formatDay(String(d))}
              formatter={(value: number, name: string) => [name === "Sent" ? formatCount(value) : formatRatio(value), name]}
            />
            <Bar
              yAxisId="sent"
              dataKey="sent"
              name="Sent"
              fill={CHART_COLORS.grey}
              fillOpacity={0.35}
              maxBarSize={24}
              isAnimationActive={false}
            />
            <Line
              yAxisId="rate"
              dataKey="open_rate"
              name="Open rate"
              type="monotone"
              stroke={CHART_COLORS.green}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
            <Line
              yAxisId="rate"
              dataKey="click_rate"
              name="Click rate"
              type="monotone"
              stroke={CHART_COLORS.orange}
              strokeWidth={2}
              dot={{ r: 3 }}
              connectNulls
              isAnimationActive={false}
            />
          </ComposedChart>
        </ResponsiveContainer>
      )}
    </ChartSection>
  )
}

/** The period's best campaigns by revenue, then by emails sent; each links to its report. */
export const TopCampaignsTable = ({ overview }: { overview: AnalyticsOverview }) => {
  const rows = overview.top_campaigns
  return (
    <ChartSection
      title="Top campaigns"
      description="The campaigns that earned the most in this period, then those sent to the most people."
      testId="analytics-top-campaigns"
      flush
    >
      {rows.length === 0 ? (
        <AnalyticsEmpty
          title="No campaigns sent in this period"
          description="Send a campaign to see numbers here: each one gets a report with its opens, clicks and revenue."
          action={<SendCampaignAction />}
          testId="analytics-top-campaigns-empty"
          height={120}
        />
      ) : (
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Campaign</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Sent</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Open rate</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Click rate</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
              <Table.HeaderCell className="text-right">Revenue</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {rows.map((c) => (
              <Table.Row key={c.id} data-testid="analytics-top-campaign" data-campaign-id={c.id}>
                <Table.Cell className="max-w-[320px]">
                  <Link
                    to={`/marketing/campaigns/${c.id}/report`}
                    className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover block truncate"
                  >
                    {c.name}
                  </Link>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatCount(c.sent)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums" data-testid="analytics-top-campaign-open-rate">
                  {formatRatio(c.open_rate)}
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums" data-testid="analytics-top-campaign-click-rate">
                  {formatRatio(c.click_rate)}
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatCount(c.orders)}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{formatMoney(c.revenue, overview.currency)}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      )}
    </ChartSection>
  )
}
