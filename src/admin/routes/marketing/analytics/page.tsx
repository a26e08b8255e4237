import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowDownTray } from "@medusajs/icons"
import { Button, Container, DatePicker, Heading, Hint, Select, Text, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { EngagementChart, ListGrowthChart, RevenueByDayChart, TopCampaignsTable } from "../../../components/analytics-charts"
import {
  formatCount,
  formatMoney,
  formatRatio,
  HUMAN_NOTE,
  KpiCard,
} from "../../../components/analytics-display"
import {
  AnalyticsOverview,
  OverviewQuery,
  useAnalyticsOverview,
  useExportOverview,
  useStoreCurrencies,
} from "../../../hooks/analytics"
import { errorMessage } from "../../../lib/format"

const PRESETS = [
  { value: "7", label: "Last 7 days", days: 7 },
  { value: "30", label: "Last 30 days", days: 30 },
  { value: "90", label: "Last 90 days", days: 90 },
] as const
const CUSTOM = "custom"
const AUTO_CURRENCY = "auto"
/** The API answers at most this many days at once. */
const MAX_DAYS = 366
const DAY_MS = 24 * 60 * 60 * 1000

const startOfDay = (d: Date) => {
  const x = new Date(d)
  x.setHours(0, 0, 0, 0)
  return x
}
const endOfDay = (d: Date) => {
  const x = new Date(d)
  x.setHours(23, 59, 59, 999)
  return x
}

type Range = { from: Date; to: Date }

/** The last `days` days, today included, up to `now`. */
const lastDays = (days: number, now: Date): Range => ({
  from: startOfDay(new Date(now.getTime() - (days - 1) * DAY_MS)),
  to: now,
})

/** Why a custom range cannot be asked for, or null. */
function rangeProblem(from: Date | null, to: Date | null): string | null {
  if (!from || !to) {
    return "Pick the first and the last day."
  }
  if (startOfDay(from) > startOfDay(to)) {
    return "The first day must be on or before the last day."
  }
  if (endOfDay(to).getTime() - startOfDay(from).getTime() > MAX_DAYS * DAY_MS) {
    return `Pick at most ${MAX_DAYS} days.`
  }
  return null
}

const AnalyticsPage = () => {
  const [preset, setPreset] = useState<string>("30")
  // the moment the period was picked: the query stays the same until the owner picks again
  const [anchor, setAnchor] = useState(() => new Date())
  const [custom, setCustom] = useState<{ from: Date | null; to: Date | null }>({ from: null, to: null })
  const [currency, setCurrency] = useState<string>(AUTO_CURRENCY)
  const { currencies } = useStoreCurrencies()

  const problem = preset === CUSTOM ? rangeProblem(custom.from, custom.to) : null
  const range: Range | null = useMemo(() => {
    if (preset !== CUSTOM) {
      return lastDays(PRESETS.find((p) => p.value === preset)?.days ?? 30, anchor)
    }
    return problem ? null : { from: startOfDay(custom.from!), to: endOfDay(custom.to!) }
  }, [preset, anchor, custom, problem])

  const query: OverviewQuery | null = useMemo(
    () =>
      range && {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        ...(currency !== AUTO_CURRENCY ? { currency } : {}),
      },
    [range, currency]
  )

  const { overview, isLoading, isError, error, isFetching } = useAnalyticsOverview(
    query ?? { from: "", to: "" },
    { enabled: query !== null }
  )
  const exportCsv = useExportOverview()

  const onPreset = (value: string) => {
    if (value === CUSTOM) {
      // start from the period on screen
      const current = range ?? lastDays(30, new Date())
      setCustom({ from: startOfDay(current.from), to: startOfDay(current.to) })
    } else {
      setAnchor(new Date())
    }
    setPreset(value)
  }

  const onExport = () =>
    query &&
    exportCsv.mutate(query, {
      onSuccess: () => toast.success("CSV downloaded"),
      onError: (e) => toast.error(errorMessage(e, "The export failed")),
    })

  const currencyOptions = useMemo(() => {
    const list = new Set(currencies)
    for (const c of overview?.currencies ?? []) list.add(c.toLowerCase())
    if (overview?.currency) list.add(overview.currency.toLowerCase())
    if (currency !== AUTO_CURRENCY) list.add(currency)
    return [...list]
  }, [currencies, overview?.currencies, overview?.currency, currency])

  return (
    <div className="flex w-full flex-col gap-y-3" data-testid="analytics-page">
      <Container className="divide-y p-0">
        <div className="flex flex-col gap-4 px-6 py-4 xl:flex-row xl:items-start xl:justify-between">
          <div className="flex min-w-0 flex-col gap-y-1">
            <Heading>Analytics</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              What your email marketing earns and how people respond to it.
            </Text>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <div className="w-[160px]">
              <Select size="small" value={preset} onValueChange={onPreset}>
                <Select.Trigger data-testid="analytics-period" aria-label="Period">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {PRESETS.map((p) => (
                    <Select.Item key={p.value} value={p.value}>
                      {p.label}
                    </Select.Item>
                  ))}
                  <Select.Item value={CUSTOM}>Custom range</Select.Item>
                </Select.Content>
              </Select>
            </div>
            {preset === CUSTOM && (
              <>
                <div className="w-[150px]" data-testid="analytics-from">
                  <DatePicker
                    size="small"
                    aria-label="First day"
                    value={custom.from}
                    maxValue={new Date()}
                    onChange={(d) => setCustom((c) => ({ ...c, from: d }))}
                  />
                </div>
                <Text size="small" className="text-ui-fg-muted">
                  to
                </Text>
                <div className="w-[150px]" data-testid="analytics-to">
                  <DatePicker
                    size="small"
                    aria-label="Last day"
                    value={custom.to}
                    onChange={(d) => setCustom((c) => ({ ...c, to: d }))}
                  />
                </div>
              </>
            )}
            <div className="w-[130px]">
              <Select size="small" value={currency} onValueChange={setCurrency}>
                <Select.Trigger data-testid="analytics-currency" aria-label="Currency">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value={AUTO_CURRENCY}>
                    {overview && currency === AUTO_CURRENCY ? overview.currency.toUpperCase() : "Main currency"}
                  </Select.Item>
                  {currencyOptions.map((c) => (
                    <Select.Item key={c} value={c}>
                      {c.toUpperCase()}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </div>
            <Button
              size="small"
              variant="secondary"
              onClick={onExport}
              isLoading={exportCsv.isPending}
              disabled={!query}
              data-testid="analytics-export"
            >
              <ArrowDownTray />
              Export CSV
            </Button>
          </div>
        </div>
        {problem && (
          <div className="px-6 py-3">
            <Hint variant="error">{problem}</Hint>
          </div>
        )}
      </Container>

      {isError ? (
        <Container className="px-6 py-4" data-testid="analytics-error">
          <Text size="small" weight="plus">
            The numbers could not be loaded
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            {errorMessage(error, "Try again in a moment.")}
          </Text>
        </Container>
      ) : (
        <>
          <KpiGrid overview={overview} loading={isLoading || !query} />
          <div
            className="grid grid-cols-1 gap-3 xl:grid-cols-2"
            data-refreshing={isFetching ? "true" : "false"}
            data-testid="analytics-charts"
          >
            {overview && (
              <>
                <RevenueByDayChart overview={overview} />
                <EngagementChart overview={overview} />
                <ListGrowthChart overview={overview} />
                <TopCampaignsTable overview={overview} />
              </>
            )}
          </div>
          <Text size="xsmall" className="text-ui-fg-muted px-1">
            {HUMAN_NOTE}
            {overview ? ` Computed in ${formatCount(overview.computed_ms)} ms.` : ""}
          </Text>
        </>
      )}
    </div>
  )
}

/** The period's headline numbers. Rates are of the emails sent in the period. */
const KpiGrid = ({ overview, loading }: { overview?: AnalyticsOverview; loading: boolean }) => {
  const t = overview?.totals
  const cur = overview?.currency ?? "usd"
  const pending = loading || !t
  const rate = (n: number | undefined) => (t && t.messages_sent > 0 && n !== undefined ? n / t.messages_sent : null)
  const openRate = rate(t?.unique_human_opens)
  const clickRate = rate(t?.unique_human_clicks)
  const show = (v: string) => (pending ? "…" : v)
  return (
    <div className="grid grid-cols-2 gap-3 md:grid-cols-4 xl:grid-cols-7" data-testid="analytics-kpis">
      <KpiCard
        label="Revenue"
        testId="analytics-kpi-revenue"
        rawValue={t?.revenue}
        value={show(formatMoney(t?.revenue ?? 0, cur))}
        caption={
          t &&
          `${formatMoney(t.campaign_revenue, cur)} campaigns · ${formatMoney(t.flow_revenue, cur)} flows`
        }
      />
      <KpiCard
        label="Orders"
        testId="analytics-kpi-orders"
        rawValue={t?.orders}
        value={show(formatCount(t?.orders))}
        caption="Credited to an email"
      />
      <KpiCard
        label="Emails sent"
        testId="analytics-kpi-sent"
        rawValue={t?.messages_sent}
        value={show(formatCount(t?.messages_sent))}
        caption={t && `${formatCount(t.complaints)} spam complaints`}
      />
      <KpiCard
        label="Open rate"
        testId="analytics-kpi-open-rate"
        rawValue={openRate ?? ""}
        value={show(formatRatio(openRate))}
        caption={t && `${formatCount(t.unique_human_opens)} opened`}
      />
      <KpiCard
        label="Click rate"
        testId="analytics-kpi-click-rate"
        rawValue={clickRate ?? ""}
        value={show(formatRatio(clickRate))}
        caption={t && `${formatCount(t.unique_human_clicks)} clicked`}
      />
      <KpiCard
        label="New subscribers"
        testId="analytics-kpi-subscribers"
        rawValue={t?.new_subscribers}
        value={show(formatCount(t?.new_subscribers))}
        caption={t && `Net ${t.new_subscribers - t.unsubscribed >= 0 ? "+" : ""}${formatCount(t.new_subscribers - t.unsubscribed)}`}
      />
      <KpiCard
        label="Unsubscribes"
        testId="analytics-kpi-unsubscribes"
        rawValue={t?.unsubscribed}
        value={show(formatCount(t?.unsubscribed))}
        caption={t && `${formatCount(t.unsubscribes)} from email links`}
      />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "Analytics",
  // first in the section: how it is all going, before the lists
  rank: 0.5,
})

export const handle = {
  breadcrumb: () => "Analytics",
}

export default AnalyticsPage
