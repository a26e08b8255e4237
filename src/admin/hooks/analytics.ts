import { keepPreviousData, useMutation, UseMutationOptions, useQuery, UseQueryOptions } from "@tanstack/react-query"
import { FetchError } from "@medusajs/js-sdk"
import { sdk } from "../lib/sdk"
import { saveResponse } from "../lib/download"
import { queryKeysFactory } from "../lib/query-key-factory"
import type * as Api from "../../modules/marketing/analytics-sql"

/* ---------------------------------- types --------------------------------- */
/**
 * Shapes of the analytics API (contract: "analytics SQL + admin API"):
 * /admin/marketing/analytics/overview, /admin/marketing/campaigns/:id/report,
 * /admin/marketing/contacts/:id/activity and /admin/marketing/attributions.
 * Money is a decimal string in major units with its currency; rates are
 * fractions 0..1.
 */

/** The API's types as they arrive over JSON: dates become ISO strings. */
type Json<T> = T extends Date
  ? string
  : T extends (infer U)[]
    ? Json<U>[]
    : T extends object
      ? { [K in keyof T]: Json<T[K]> }
      : T

export type Money = Api.Money
/** Numbers of a campaign, or of one of its A/B variants. "Human" leaves out machine opens and scanner clicks. */
export type ReportMetrics = Api.Metrics
export type ReportVariant = Api.VariantMetrics
export type ReportLink = Api.LinkStats
export type ReportBucket = Api.TimelinePoint
export type ReportInterval = Api.ReportInterval
export type CampaignReport = Json<Api.CampaignReport>

export type OverviewQuery = {
  /** ISO */
  from: string
  /** ISO */
  to: string
  /** lower-case ISO 4217; none lets the API pick the period's most common one */
  currency?: string
}

export type AnalyticsOverview = Json<Api.AnalyticsOverview>

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

export type ActivityEvent = Json<Omit<Api.ActivityEvent, "type">> & { type: ActivityType }

export type ActivityQuery = { limit?: number; offset?: number }

export type ActivityResponse = {
  events: ActivityEvent[]
  count: number
  limit: number
  offset: number
}

export type OrderAttribution = Json<Api.OrderAttribution>

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
