import {
  keepPreviousData,
  useMutation,
  UseMutationOptions,
  useQuery,
  useQueryClient,
  UseQueryOptions,
} from "@tanstack/react-query"
import { FetchError } from "@medusajs/js-sdk"
import { sdk } from "../lib/sdk"
import { queryKeysFactory } from "../lib/query-key-factory"
import type { DeleteResponse } from "../lib/types"

/* ---------------------------------- types --------------------------------- */
/** Shapes of /admin/marketing/campaigns (contract: "Campaigns"). */

export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const AB_METRICS = ["open_rate", "click_rate", "revenue_per_recipient"] as const
export type AbMetric = (typeof AB_METRICS)[number]

export const MESSAGE_STATUSES = ["held", "queued", "sending", "sent", "failed", "skipped", "cancelled"] as const
export type CampaignMessageStatus = (typeof MESSAGE_STATUSES)[number]

export type AbVariantConfig = {
  subject?: string | null
  preheader?: string | null
  from_name?: string | null
  template_id?: string | null
}

export type AbTestConfig = {
  variants: AbVariantConfig[]
  test_fraction: number
  metric: AbMetric
  wait_hours: number
  auto_pick: boolean
}

export type CampaignProgress = {
  total: number
  held: number
  queued: number
  sending: number
  sent: number
  failed: number
  skipped: number
  cancelled: number
  remaining: number
  /** 0-100 */
  percent: number
  rate_per_s: number | null
  eta_s: number | null
}

export type CampaignTransition = {
  id: string
  from_status: CampaignStatus | null
  to_status: CampaignStatus
  action: string
  /** an admin user id, or "system" */
  actor: string | null
  reason: string | null
  created_at: string
}

export type CampaignVariantStats = {
  variant: number
  subject: string | null
  preheader: string | null
  from_name: string | null
  template_id: string | null
  recipients: number
  sent: number
  failed: number
}

/** The statistics behind a winner pick (src/lib/ab-test pickWinner's result), when there is one. */
export type WinnerDecision = {
  metric?: AbMetric
  winner_id?: string
  confidence?: number
  decided?: boolean
  reason?: string
  manual?: boolean
  [key: string]: unknown
}

export type Campaign = {
  id: string
  name: string
  status: CampaignStatus
  subject: string
  preheader: string | null
  from_name: string | null
  from_email: string | null
  reply_to: string | null
  template_id: string | null
  topic_id: string | null
  include_segment_ids: string[]
  exclude_segment_ids: string[]
  scheduled_at: string | null
  frequency_cap_hours: number | null
  send_rate: number | null
  ab_test: AbTestConfig | null
  winner_variant: number | null
  winner_decision: WinnerDecision | null
  winner_picked_at: string | null
  winner_due_at: string | null
  started_at: string | null
  completed_at: string | null
  paused_at: string | null
  pause_reason: string | null
  cancelled_at: string | null
  recipients_count: number
  snapshot_ms: number | null
  created_at: string
  updated_at: string
  progress?: CampaignProgress | null
  transitions?: CampaignTransition[]
  variants?: CampaignVariantStats[]
}

export type CampaignListQuery = {
  q?: string
  status?: CampaignStatus[]
  limit?: number
  offset?: number
  order?: string
}

export type CampaignListResponse = {
  campaigns: Campaign[]
  count: number
  limit: number
  offset: number
}

export type CampaignPayload = {
  name?: string
  subject?: string
  preheader?: string | null
  from_name?: string | null
  from_email?: string | null
  reply_to?: string | null
  template_id?: string | null
  topic_id?: string | null
  include_segment_ids?: string[]
  exclude_segment_ids?: string[]
  frequency_cap_hours?: number | null
  send_rate?: number | null
  ab_test?: AbTestConfig | null
}

export type CampaignEstimatePayload = {
  include_segment_ids: string[]
  exclude_segment_ids?: string[]
  topic_id?: string
  frequency_cap_hours?: number
}

export type CampaignEstimate = {
  audience: number
  suppressed: number
  unsubscribed: number
  topic_opt_out: number
  frequency_cap: number
  sendable: number
  evaluated_ms: number
}

export type CampaignIssue = { code: string; message: string; path?: string }

/** Issues once each (the same template in several A/B variants reports the same problem for each). */
export const uniqueIssues = (issues: CampaignIssue[]) => {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const key = `${i.code}|${i.path ?? ""}|${i.message}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

export type CampaignReview = {
  ok: boolean
  errors: CampaignIssue[]
  warnings: CampaignIssue[]
  estimate: CampaignEstimate | null
}

export type CampaignMessage = {
  id: string
  contact_id: string
  email: string
  variant: number | null
  status: CampaignMessageStatus
  skip_reason: string | null
  attempts: number
  sent_at: string | null
  failed_at: string | null
  error: string | null
}

export type CampaignMessagesQuery = {
  status?: CampaignMessageStatus[]
  q?: string
  limit?: number
  offset?: number
}

export type CampaignMessagesResponse = {
  messages: CampaignMessage[]
  count: number
  limit: number
  offset: number
}

/* ------------------------------- query keys ------------------------------- */

const BASE = "/admin/marketing/campaigns"

const _campaigns = queryKeysFactory("marketing_campaign")
export const campaignsQueryKeys = {
  ..._campaigns,
  review: (id: string) => [..._campaigns.detail(id), "review"] as const,
  messages: (id: string, query?: Record<string, unknown>) =>
    [..._campaigns.detail(id), "messages", ...(query ? [{ query }] : [])] as const,
  estimate: (body: Record<string, unknown>) => [..._campaigns.all, "estimate", body] as const,
}

type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

/* ---------------------------------- reads --------------------------------- */

export const useCampaigns = (query: CampaignListQuery, options?: QueryOpts<CampaignListResponse>) => {
  const { data, ...rest } = useQuery({
    queryKey: campaignsQueryKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<CampaignListResponse>(BASE, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

/** Statuses whose numbers move on their own (the send runs in the background). */
export const isLiveStatus = (status?: CampaignStatus) => status === "sending"

/**
 * One campaign with its transitions and variants. While it sends, its
 * progress is fetched every 2 s; a scheduled one is checked now and then so
 * the page notices the send starting.
 */
export const useCampaign = (id: string, options?: QueryOpts<{ campaign: Campaign }>) => {
  const { data, ...rest } = useQuery({
    queryKey: campaignsQueryKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ campaign: Campaign }>(`${BASE}/${id}`),
    refetchInterval: (q) => {
      const status = q.state.data?.campaign.status
      return isLiveStatus(status) ? 2_000 : status === "scheduled" ? 15_000 : false
    },
    ...options,
  })
  return { ...data, ...rest }
}

export const useCampaignReview = (id: string | null, options?: QueryOpts<{ review: CampaignReview }>) =>
  useQuery({
    queryKey: campaignsQueryKeys.review(id ?? ""),
    queryFn: () => sdk.client.fetch<{ review: CampaignReview }>(`${BASE}/${id}/review`),
    enabled: Boolean(id),
    // it reads the audience and the template as they are now
    staleTime: 0,
    ...options,
  })

/**
 * Who a campaign would reach and who it would leave out, for an audience
 * being edited. A query, not a mutation: the same audience answers from the
 * cache and the last numbers stay up while the next ones load.
 */
export const useCampaignEstimate = (
  body: CampaignEstimatePayload | null,
  options?: QueryOpts<{ estimate: CampaignEstimate }>
) =>
  useQuery({
    queryKey: campaignsQueryKeys.estimate((body ?? {}) as Record<string, unknown>),
    queryFn: () =>
      sdk.client.fetch<{ estimate: CampaignEstimate }>(`${BASE}/estimate`, { method: "POST", body: body! }),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
    ...options,
  })

export const useCampaignMessages = (
  id: string,
  query: CampaignMessagesQuery,
  options?: QueryOpts<CampaignMessagesResponse>
) => {
  const { data, ...rest } = useQuery({
    queryKey: campaignsQueryKeys.messages(id, query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<CampaignMessagesResponse>(`${BASE}/${id}/messages`, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

/* -------------------------------- mutations ------------------------------- */

/** A campaign change moves its list row and its page (review and messages included). */
const useInvalidateCampaigns = () => {
  const queryClient = useQueryClient()
  return (id?: string) => {
    queryClient.invalidateQueries({ queryKey: campaignsQueryKeys.lists() })
    if (id) {
      queryClient.invalidateQueries({ queryKey: campaignsQueryKeys.detail(id) })
    }
  }
}

export const useCreateCampaign = (options?: MutationOpts<{ campaign: Campaign }, CampaignPayload>) => {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (body: CampaignPayload) => sdk.client.fetch<{ campaign: Campaign }>(BASE, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/** Updates the campaign whose id is passed with the body (the create flow learns it on its first save). */
export const useUpdateCampaign = (
  options?: MutationOpts<{ campaign: Campaign }, { id: string; body: CampaignPayload }>
) => {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: CampaignPayload }) =>
      sdk.client.fetch<{ campaign: Campaign }>(`${BASE}/${id}`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(vars.id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDeleteCampaign = (options?: MutationOpts<DeleteResponse, string>) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<DeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    ...options,
    onSuccess: (data, id, ctx) => {
      invalidate()
      queryClient.removeQueries({ queryKey: campaignsQueryKeys.detail(id) })
      options?.onSuccess?.(data, id, ctx)
    },
  })
}

export type CampaignAction = "send" | "pause" | "resume" | "cancel" | "unschedule" | "pick-winner"

export type CampaignActionBody = {
  /** send: UTC ISO time; none (or a past time) sends now */
  scheduled_at?: string
  /** pause */
  reason?: string
  /** pick-winner: 0-based */
  variant?: number
}

/**
 * A status change (send/schedule, pause, resume, cancel, unschedule, pick
 * the winner). The answer is the campaign as it is now: it goes straight
 * into the page's cache, and lists, review and messages are refetched.
 */
export const useCampaignAction = (
  id: string,
  options?: MutationOpts<{ campaign: Campaign }, { action: CampaignAction; body?: CampaignActionBody }>
) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: ({ action, body }: { action: CampaignAction; body?: CampaignActionBody }) =>
      sdk.client.fetch<{ campaign: Campaign }>(`${BASE}/${id}/${action}`, { method: "POST", body: body ?? {} }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      // keep transitions and variants the action answer may not carry until the refetch lands
      queryClient.setQueryData<{ campaign: Campaign }>(campaignsQueryKeys.detail(id), (prev) =>
        prev ? { campaign: { ...prev.campaign, ...data.campaign } } : data
      )
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/** Sends the campaign as it would go out to up to five addresses; changes nothing. */
export const useSendCampaignTest = (
  id: string,
  options?: MutationOpts<{ sent: number }, { emails: string[]; contact_id?: string }>
) =>
  useMutation({
    mutationFn: (body: { emails: string[]; contact_id?: string }) =>
      sdk.client.fetch<{ sent: number }>(`${BASE}/${id}/test`, { method: "POST", body }),
    ...options,
  })

/* ---------------------------------- actors --------------------------------- */

export type CampaignActor = { id: string; email: string; first_name: string | null; last_name: string | null }

/** The admin users behind transitions (their ids), for names in the timeline. */
export const useCampaignActors = (ids: string[]) => {
  const sorted = [...new Set(ids.filter((id) => id && id !== "system"))].sort()
  return useQuery({
    queryKey: ["user", "list", { query: { id: sorted, fields: "id,email,first_name,last_name" } }],
    queryFn: async () => {
      const { users } = await sdk.admin.user.list({ id: sorted, fields: "id,email,first_name,last_name", limit: sorted.length })
      return users as CampaignActor[]
    },
    enabled: sorted.length > 0,
    staleTime: 5 * 60_000,
  })
}
