import { keepPreviousData, useMutation, UseMutationOptions, useQuery, UseQueryOptions } from "@tanstack/react-query"
import { FetchError } from "@medusajs/js-sdk"
import { sdk } from "../lib/sdk"
import { saveResponse } from "../lib/download"
import { queryKeysFactory } from "../lib/query-key-factory"

/* ---------------------------------- types --------------------------------- */
/**
 * Shapes of the analytics API (contract: "analytics SQL + admin API"):
 * /admin/marketing/analytics/overview, /admin/marketing/campaigns/:id/report,
 * /admin/marketing/contacts/:id/activity and /admin/marketing/attributions.
 * Money is a decimal string in major units with its currency; rates are
 * fractions 0..1.
 */

export type Money = { currency_code: string; amount: string }

/** Numbers of a campaign, or of one of its A/B variants. "Human" leaves out machine opens and scanner clicks. */
export type ReportMetrics = {
  /** messages not skipped */
  recipients: number
  skipped: number
  sent: number
  failed: number
  delivered: number
  bounced: number
  hard_bounced: number
  opens: number
  human_opens: number
  unique_opens: number
  unique_human_opens: number
  clicks: number
  human_clicks: number
  unique_clicks: number
  unique_human_clicks: number
  unsubscribes: number
  complaints: number
  orders: number
  revenue: Money[]
  open_rate: number
  click_rate: number
  click_to_open_rate: number
  unsubscribe_rate: number
  complaint_rate: number
  bounce_rate: number
  revenue_per_recipient: Money[]
}

export type ReportVariant = ReportMetrics & { variant: number; label: string }

export type ReportLink = {
  position: number
  url: string
  label: string | null
  /** the A/B variant whose email holds the link */
  variant: number | null
  clicks: number
  human_clicks: number
  unique_human_clickers: number
}

export type ReportBucket = {
  /** ISO start of the hour or day */
  bucket: string
  opens: number
  human_opens: number
  clicks: number
  human_clicks: number
}

export type ReportInterval = "hour" | "day"

export type CampaignReport = {
  campaign: {
    id: string
    name: string
    status: string
    started_at: string | null
    completed_at: string | null
    recipients_count: number
    winner_variant: number | null
    variants_count: number
  }
  /** what the rates are divided by: delivered once the mail provider reported deliveries, else sent */
  rate_basis?: "delivered" | "sent"
  totals: ReportMetrics
  variants: ReportVariant[]
  links: ReportLink[]
  timeline: ReportBucket[]
  computed_ms: number
}

export type OverviewQuery = {
  /** ISO */
  from: string
  /** ISO */
  to: string
  /** lower-case ISO 4217; none lets the API pick the period's most common one */
  currency?: string
}

export type AnalyticsOverview = {
  period: { from: string; to: string }
  currency: string
  /** every currency with attributed orders in the period, most orders first */
  currencies?: string[]
  totals: {
    revenue: string
    orders: number
    campaign_revenue: string
    flow_revenue: string
    messages_sent: number
    unique_human_opens: number
    unique_human_clicks: number
    /** unsubscribe events from emails */
    unsubscribes: number
    complaints: number
    /** contacts who subscribed in the period */
    new_subscribers: number
    /** contacts who unsubscribed in the period */
    unsubscribed: number
  }
  revenue_by_day: { day: string; campaigns: string; flows: string; orders: number }[]
  list_growth: { day: string; subscribed: number; unsubscribed: number; net: number }[]
  engagement: {
    day: string
    sent: number
    unique_human_opens: number
    unique_human_clicks: number
    open_rate: number
    click_rate: number
  }[]
  top_campaigns: {
    id: string
    name: string
    sent: number
    open_rate: number
    click_rate: number
    orders: number
    revenue: string
  }[]
  computed_ms: number
}

export const ACTIVITY_TYPES = [
  "open",
  "click",
  "view",
  "unsubscribe",
  "delivered",
  "bounce",
  "complaint",
  "deferred",
] as const
export type ActivityType = (typeof ACTIVITY_TYPES)[number]

export type ActivityEvent = {
  id: string
  type: ActivityType
  occurred_at: string
  campaign_id: string | null
  campaign_name: string | null
  message_id: string | null
  link_url: string | null
  is_bot: boolean
  bot_reason: string | null
  bounce_kind?: string | null
  detail: string | null
}

export type ActivityQuery = { limit?: number; offset?: number }

export type ActivityResponse = {
  events: ActivityEvent[]
  count: number
  limit: number
  offset: number
}

export type OrderAttribution = {
  id: string
  order_id: string
  contact_id: string
  message_id: string
  campaign_id: string | null
  campaign_name: string | null
  variant: number | null
  event_id: string | null
  touch: "click" | "open"
  attribution_model: "last_click" | "last_touch"
  window_days: number
  revenue: string | number
  currency_code: string
  touched_at: string
  order_placed_at: string
}

/* ------------------------------- query keys ------------------------------- */

const _analytics = queryKeysFactory("marketing_analytics")
export const analyticsQueryKeys = {
  ..._analytics,
  overview: (query: OverviewQuery) => [..._analytics.all, "overview", { query }] as const,
  report: (id: string, interval: ReportInterval) => [..._analytics.all, "report", id, { interval }] as const,
  activity: (contactId: string, query: ActivityQuery) =>
    [..._analytics.all, "activity", contactId, { query }] as const,
  attributions: (orderIds: string[]) => [..._analytics.all, "attributions", { order_ids: orderIds }] as const,
}

type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

const OVERVIEW = "/admin/marketing/analytics/overview"
const CAMPAIGNS = "/admin/marketing/campaigns"

/* ---------------------------------- reads --------------------------------- */

/** The store's numbers for a period: KPIs, series by day, top campaigns. */
export const useAnalyticsOverview = (query: OverviewQuery, options?: QueryOpts<{ overview: AnalyticsOverview }>) => {
  const { data, ...rest } = useQuery({
    queryKey: analyticsQueryKeys.overview(query),
    queryFn: () => sdk.client.fetch<{ overview: AnalyticsOverview }>(OVERVIEW, { query }),
    placeholderData: keepPreviousData,
    retry: (count, e) => (e?.status ?? 500) >= 500 && count < 2,
    ...options,
  })
  return { ...data, ...rest }
}

/**
 * One campaign's report. While the campaign sends, opens and clicks keep
 * coming in: refetched every 30 s then, and on focus otherwise.
 */
export const useCampaignReport = (
  id: string,
  interval: ReportInterval,
  options?: QueryOpts<{ report: CampaignReport }>
) => {
  const { data, ...rest } = useQuery({
    queryKey: analyticsQueryKeys.report(id, interval),
    queryFn: () =>
      sdk.client.fetch<{ report: CampaignReport }>(`${CAMPAIGNS}/${id}/report`, { query: { interval } }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => (q.state.data?.report.campaign.status === "sending" ? 30_000 : false),
    retry: (count, e) => (e?.status ?? 500) >= 500 && count < 2,
    ...options,
  })
  return { ...data, ...rest }
}

/** The store's currencies (the default first), for the dashboard's currency picker. */
export const useStoreCurrencies = () => {
  const { data, ...rest } = useQuery({
    queryKey: [..._analytics.all, "store_currencies"],
    queryFn: () =>
      sdk.client.fetch<{ stores: { supported_currencies?: { currency_code: string; is_default?: boolean }[] }[] }>(
        "/admin/stores",
        { query: { fields: "id,supported_currencies.currency_code,supported_currencies.is_default" } }
      ),
    staleTime: 5 * 60_000,
  })
  const currencies = (data?.stores?.[0]?.supported_currencies ?? [])
    .slice()
    .sort((a, b) => Number(Boolean(b.is_default)) - Number(Boolean(a.is_default)))
    .map((c) => c.currency_code.toLowerCase())
  return { currencies, ...rest }
}

/** A contact's opens, clicks and delivery reports, newest first. */
export const useContactActivity = (
  contactId: string,
  query: ActivityQuery,
  options?: QueryOpts<ActivityResponse>
) => {
  const { data, ...rest } = useQuery({
    queryKey: analyticsQueryKeys.activity(contactId, query),
    queryFn: () =>
      sdk.client.fetch<ActivityResponse>(`/admin/marketing/contacts/${contactId}/activity`, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

/** Which email (if any) earned these orders. */
export const useOrderAttributions = (orderIds: string[], options?: QueryOpts<{ attributions: OrderAttribution[] }>) => {
  const { data, ...rest } = useQuery({
    queryKey: analyticsQueryKeys.attributions(orderIds),
    queryFn: () =>
      sdk.client.fetch<{ attributions: OrderAttribution[] }>("/admin/marketing/attributions", {
        query: { order_id: orderIds.join(",") },
      }),
    enabled: orderIds.length > 0,
    ...options,
  })
  return { ...data, ...rest }
}

/* -------------------------------- downloads ------------------------------- */

/** Downloads the overview's numbers by day for the period as CSV. */
export const useExportOverview = (options?: MutationOpts<void, OverviewQuery>) =>
  useMutation({
    mutationFn: async (query: OverviewQuery) => {
      const res = await sdk.client.fetch<Response>(`${OVERVIEW}/export`, {
        query,
        // not application/json: the sdk would parse the body instead of handing us the file
        headers: { accept: "text/csv" },
      })
      await saveResponse(res, `marketing-${query.from.slice(0, 10)}-${query.to.slice(0, 10)}.csv`)
    },
    ...options,
  })

/** Downloads a campaign's report (a row per variant, then the link map) as CSV. */
export const useExportCampaignReport = (id: string, options?: MutationOpts<void, void>) =>
  useMutation({
    mutationFn: async () => {
      const res = await sdk.client.fetch<Response>(`${CAMPAIGNS}/${id}/report/export`, {
        headers: { accept: "text/csv" },
      })
      await saveResponse(res, `campaign-report-${id}.csv`)
    },
    ...options,
  })
