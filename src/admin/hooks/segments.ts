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
import { contactsQueryKeys, segmentsQueryKeys } from "../lib/query-keys"
import { saveResponse } from "../lib/download"
import type {
  DeleteResponse,
  Segment,
  SegmentFieldsResponse,
  SegmentFieldType,
  SegmentImportReport,
  SegmentListQuery,
  SegmentListResponse,
  SegmentMembersPayload,
  SegmentMembersQuery,
  SegmentMembersResponse,
  SegmentMembersResult,
  SegmentPayload,
  SegmentPreviewPayload,
  SegmentPreviewResponse,
  SegmentRefreshResponse,
  Topic,
  UpdateSegmentPayload,
} from "../lib/types"

const BASE = "/admin/marketing/segments"

export { segmentsQueryKeys }

type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

/* ---------------------------------- reads --------------------------------- */

export const useSegments = (query: SegmentListQuery, options?: QueryOpts<SegmentListResponse>) => {
  const { data, ...rest } = useQuery({
    queryKey: segmentsQueryKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<SegmentListResponse>(BASE, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

export const useSegment = (id: string, options?: QueryOpts<{ segment: Segment }>) => {
  const { data, ...rest } = useQuery({
    queryKey: segmentsQueryKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ segment: Segment }>(`${BASE}/${id}`),
    ...options,
  })
  return { ...data, ...rest }
}

/**
 * The field catalog the rule builder is built from; it only changes with a
 * deploy. `data` is the whole document (fields, groups, limits, units), so it
 * is not spread like the list hooks.
 */
export const useSegmentFields = (options?: QueryOpts<SegmentFieldsResponse>) =>
  useQuery({
    queryKey: segmentsQueryKeys.fields(),
    queryFn: () => sdk.client.fetch<SegmentFieldsResponse>(`/admin/marketing/segment-fields`),
    staleTime: Infinity,
    ...options,
  })

/**
 * The live count and first contacts of a rule tree. A query, not a mutation:
 * the same rules answer from the cache, and the previous answer stays on
 * screen while the next one loads. Relative dates move, so it never goes stale
 * for long.
 */
export const useSegmentPreview = (
  body: SegmentPreviewPayload | null,
  options?: QueryOpts<SegmentPreviewResponse>
) =>
  useQuery({
    queryKey: segmentsQueryKeys.preview((body ?? {}) as Record<string, unknown>),
    queryFn: () =>
      sdk.client.fetch<SegmentPreviewResponse>(`${BASE}/preview`, { method: "POST", body: body! }),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    retry: false,
    ...options,
  })

export const useSegmentMembers = (
  id: string,
  query: SegmentMembersQuery,
  options?: QueryOpts<SegmentMembersResponse>
) => {
  const { data, ...rest } = useQuery({
    queryKey: segmentsQueryKeys.members(id, query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<SegmentMembersResponse>(`${BASE}/${id}/contacts`, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

/* ---------------------------- pickers' options ---------------------------- */

/** A Medusa record a condition can name, by the value the rule stores. */
export type SegmentPickerOption = { value: string; label: string; hint?: string }

type PickerSource = {
  path: string
  key: string
  label: (r: any) => string
  hint?: (r: any) => string | undefined
  fields?: string
}

/** Where the records behind each id field type come from. */
const PICKER_SOURCES: Partial<Record<SegmentFieldType, PickerSource>> = {
  product: {
    path: "/admin/products",
    key: "products",
    fields: "id,title,handle",
    label: (r) => r.title,
    hint: (r) => r.handle,
  },
  category: {
    path: "/admin/product-categories",
    key: "product_categories",
    fields: "id,name,handle",
    label: (r) => r.name,
    hint: (r) => r.handle,
  },
  collection: {
    path: "/admin/collections",
    key: "collections",
    fields: "id,title,handle",
    label: (r) => r.title,
    hint: (r) => r.handle,
  },
  tags: {
    path: "/admin/customer-groups",
    key: "customer_groups",
    fields: "id,name",
    label: (r) => r.name,
  },
}

async function fetchPickerOptions(
  type: SegmentFieldType,
  { q, ids, excludeId }: { q?: string; ids?: string[]; excludeId?: string }
): Promise<SegmentPickerOption[]> {
  if (type === "topic") {
    // a handful per store: load them all, match by name or handle here
    const { topics } = await sdk.client.fetch<{ topics: Topic[] }>("/admin/marketing/topics")
    const needle = q?.trim().toLowerCase()
    return topics
      .filter((t) => !ids || ids.includes(t.handle))
      .filter((t) => !needle || t.name.toLowerCase().includes(needle) || t.handle.includes(needle))
      .map((t) => ({ value: t.handle, label: t.name, hint: t.handle }))
  }
  if (type === "segment") {
    if (ids) {
      const found = await Promise.all(
        ids.map((id) =>
          sdk.client
            .fetch<{ segment: Segment }>(`${BASE}/${id}`)
            .then((r) => r.segment)
            .catch(() => null)
        )
      )
      return found
        .filter((s): s is Segment => s !== null)
        .map((s) => ({ value: s.id, label: s.name, hint: segmentHint(s) }))
    }
    const { segments } = await sdk.client.fetch<SegmentListResponse>(BASE, {
      query: { q: q || undefined, limit: 20, order: "name" },
    })
    return segments
      .filter((s) => s.id !== excludeId)
      .map((s) => ({ value: s.id, label: s.name, hint: segmentHint(s) }))
  }
  const source = PICKER_SOURCES[type]
  if (!source) {
    return []
  }
  const res = await sdk.client.fetch<Record<string, any[]>>(source.path, {
    query: {
      q: q || undefined,
      id: ids,
      fields: source.fields,
      limit: ids ? ids.length : 20,
    },
  })
  return (res[source.key] ?? []).map((r) => ({
    value: r.id,
    label: source.label(r) || r.id,
    hint: source.hint?.(r),
  }))
}

const segmentHint = (s: Segment) =>
  `${s.member_count.toLocaleString()} ${s.member_count === 1 ? "member" : "members"}`

/** Records matching a search, for an id picker's list. */
export const useSegmentPickerSearch = (
  type: SegmentFieldType,
  q: string,
  { enabled = true, excludeId }: { enabled?: boolean; excludeId?: string } = {}
) =>
  useQuery({
    queryKey: segmentsQueryKeys.options(type, { q, excludeId }),
    queryFn: () => fetchPickerOptions(type, { q, excludeId }),
    placeholderData: keepPreviousData,
    staleTime: 30_000,
    enabled,
  })

/** Names for the ids a rule already holds. */
export const useSegmentPickerLabels = (type: SegmentFieldType, ids: string[]) => {
  const sorted = [...new Set(ids)].sort()
  return useQuery({
    queryKey: segmentsQueryKeys.options(type, { ids: sorted }),
    queryFn: () => fetchPickerOptions(type, { ids: sorted }),
    enabled: sorted.length > 0,
    staleTime: 5 * 60_000,
  })
}

/* -------------------------------- mutations ------------------------------- */

/** A segment change moves its list row, its page and its members. */
const useInvalidateSegments = () => {
  const queryClient = useQueryClient()
  return (id?: string) => {
    queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.lists() })
    // other segments' pickers show member counts
    queryClient.invalidateQueries({ queryKey: [...segmentsQueryKeys.all, "options", "segment"] })
    if (id) {
      queryClient.invalidateQueries({ queryKey: segmentsQueryKeys.detail(id) })
    }
  }
}

export const useCreateSegment = (options?: MutationOpts<{ segment: Segment }, SegmentPayload>) => {
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: (body: SegmentPayload) =>
      sdk.client.fetch<{ segment: Segment }>(BASE, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useUpdateSegment = (
  id: string,
  options?: MutationOpts<{ segment: Segment }, UpdateSegmentPayload>
) => {
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: (body: UpdateSegmentPayload) =>
      sdk.client.fetch<{ segment: Segment }>(`${BASE}/${id}`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDeleteSegment = (options?: MutationOpts<DeleteResponse, string>) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<DeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    ...options,
    onSuccess: (data, id, ctx) => {
      invalidate()
      queryClient.removeQueries({ queryKey: segmentsQueryKeys.detail(id) })
      options?.onSuccess?.(data, id, ctx)
    },
  })
}

/** Recomputes a dynamic segment's members now. */
export const useRefreshSegment = (id: string, options?: MutationOpts<SegmentRefreshResponse, void>) => {
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<SegmentRefreshResponse>(`${BASE}/${id}/refresh`, { method: "POST", body: {} }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/** Adds or removes members of a static segment. */
export const useUpdateSegmentMembers = (
  id: string,
  options?: MutationOpts<SegmentMembersResult, SegmentMembersPayload>
) => {
  const invalidate = useInvalidateSegments()
  return useMutation({
    mutationFn: (body: SegmentMembersPayload) =>
      sdk.client.fetch<SegmentMembersResult>(`${BASE}/${id}/contacts`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/** Adds the addresses of a CSV to a static segment, creating contacts it does not know. */
export const useImportSegmentMembers = (
  id: string,
  options?: MutationOpts<{ import: SegmentImportReport }, { csv: string; filename?: string }>
) => {
  const invalidate = useInvalidateSegments()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { csv: string; filename?: string }) =>
      sdk.client.fetch<{ import: SegmentImportReport }>(`${BASE}/${id}/import`, {
        method: "POST",
        body,
      }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      if (data.import.created_contacts > 0) {
        queryClient.invalidateQueries({ queryKey: contactsQueryKeys.lists() })
      }
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/** Downloads the segment's members as CSV. */
export const useExportSegment = (id: string, options?: MutationOpts<void, void>) =>
  useMutation({
    mutationFn: async () => {
      const res = await sdk.client.fetch<Response>(`${BASE}/${id}/export`, {
        headers: { accept: "text/csv" },
      })
      await saveResponse(res, `segment-${id}.csv`)
    },
    ...options,
  })
