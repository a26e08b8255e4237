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
// types only: the runtime of src/lib/templates (zod, liquidjs, mjml) stays out of the admin bundle
import type {
  Block,
  BlocksDocument,
  BlockType,
  HtmlDocument,
  MjmlDocument,
  TemplateSettings,
} from "../../lib/templates/blocks"
import type { TemplateIssue, TemplateIssueCode } from "../../lib/templates/issues"
import type { TemplateVariable, TemplateVariableGroup } from "../../lib/templates/variables"

export type { Block, BlockType, TemplateSettings, TemplateIssue, TemplateIssueCode, TemplateVariable, TemplateVariableGroup }

/* ---------------------------------- shapes --------------------------------- */

/**
 * A blocks document as the editor holds it: settings may be partial (the
 * server fills in the defaults), blocks are the API's shapes.
 */
export type EditorBlocksDocument = Omit<BlocksDocument, "settings" | "mode"> & {
  mode: "blocks"
  settings: Partial<TemplateSettings>
}
export type EditorDocument = EditorBlocksDocument | MjmlDocument | HtmlDocument
export type DocumentMode = EditorDocument["mode"]

export type Template = {
  id: string
  name: string
  description: string | null
  subject: string
  preheader: string | null
  document: EditorDocument
  version: number
  starter_handle: string | null
  metadata: Record<string, unknown> | null
  created_at: string
  updated_at: string
}

export type TemplateListQuery = { q?: string; limit?: number; offset?: number; order?: string }

export type TemplateListResponse = {
  templates: Template[]
  count: number
  limit: number
  offset: number
}

export type TemplatePayload = {
  name: string
  description?: string | null
  subject: string
  preheader?: string | null
  document: EditorDocument
  starter_handle?: string | null
}

export type UpdateTemplatePayload = Partial<Omit<TemplatePayload, "starter_handle">>

export type TemplateStarter = {
  handle: string
  name: string
  description: string
  subject: string
  preheader: string
  document: EditorDocument
}

export type TemplatePreviewPayload = {
  document: EditorDocument
  subject: string
  preheader?: string
  contact_id?: string
}

export type TemplatePreview = {
  subject: string
  html: string
  text: string
  issues: TemplateIssue[]
  lint: { ok: boolean; errors: TemplateIssue[]; warnings: TemplateIssue[] }
}

export type TemplateTestPayload = { emails: string[]; contact_id?: string }

/** A product as the product block's picker shows it. */
export type TemplateProductOption = { id: string; title: string; thumbnail: string | null; handle: string | null }

/* -------------------------------- query keys ------------------------------- */

const BASE = "/admin/marketing/templates"

const _templates = queryKeysFactory("marketing_template")
export const templatesQueryKeys = {
  ..._templates,
  starters: () => [..._templates.all, "starters"] as const,
  variables: () => [..._templates.all, "variables"] as const,
  preview: (body: Record<string, unknown>) => [..._templates.all, "preview", body] as const,
  /** the store's products, for the product block's picker */
  products: (query: Record<string, unknown>) => [..._templates.all, "products", query] as const,
}

type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

/* ---------------------------------- reads --------------------------------- */

export const useTemplates = (query: TemplateListQuery, options?: QueryOpts<TemplateListResponse>) => {
  const { data, ...rest } = useQuery({
    queryKey: templatesQueryKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<TemplateListResponse>(BASE, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

export const useTemplate = (id: string, options?: QueryOpts<{ template: Template }>) => {
  const { data, ...rest } = useQuery({
    queryKey: templatesQueryKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ template: Template }>(`${BASE}/${id}`),
    ...options,
  })
  return { ...data, ...rest }
}

/** The starter library; it only changes with a deploy. */
export const useTemplateStarters = (options?: QueryOpts<{ starters: TemplateStarter[] }>) => {
  const { data, ...rest } = useQuery({
    queryKey: templatesQueryKeys.starters(),
    queryFn: () => sdk.client.fetch<{ starters: TemplateStarter[] }>(`${BASE}/starters`),
    staleTime: Infinity,
    ...options,
  })
  return { ...data, ...rest }
}

/** The variable catalog of the "insert variable" menus; it only changes with a deploy. */
export const useTemplateVariables = (options?: QueryOpts<{ variables: TemplateVariable[] }>) => {
  const { data, ...rest } = useQuery({
    queryKey: templatesQueryKeys.variables(),
    queryFn: () => sdk.client.fetch<{ variables: TemplateVariable[] }>(`/admin/marketing/template-variables`),
    staleTime: Infinity,
    ...options,
  })
  return { ...data, ...rest }
}

/**
 * The rendered email and its problems. A query keyed by the body, not a
 * mutation: the editor passes a debounced body, the last answer stays on
 * screen while the next one renders, and going back to an earlier state
 * answers from the cache.
 */
export const useTemplatePreview = (
  body: TemplatePreviewPayload | null,
  options?: QueryOpts<{ preview: TemplatePreview }>
) =>
  useQuery({
    queryKey: templatesQueryKeys.preview((body ?? {}) as Record<string, unknown>),
    queryFn: ({ signal }) =>
      sdk.client.fetch<{ preview: TemplatePreview }>(`${BASE}/preview`, {
        method: "POST",
        body: body!,
        signal,
      }),
    enabled: body !== null,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    gcTime: 60_000,
    retry: false,
    ...options,
  })

/** Products by title for the product block's picker, or by id for the ones it holds. */
export const useTemplateProducts = (
  query: { q?: string; ids?: string[] },
  options?: QueryOpts<TemplateProductOption[]>
) => {
  const ids = query.ids ? [...new Set(query.ids)].sort() : undefined
  const key = ids ? { ids } : { q: query.q ?? "" }
  return useQuery({
    queryKey: templatesQueryKeys.products(key),
    queryFn: async () => {
      const { products } = await sdk.admin.product.list({
        ...(ids ? { id: ids, limit: ids.length } : { q: query.q || undefined, limit: 10 }),
        fields: "id,title,thumbnail,handle",
      })
      return products.map((p) => ({
        id: p.id,
        title: p.title,
        thumbnail: p.thumbnail ?? null,
        handle: p.handle ?? null,
      }))
    },
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    enabled: ids ? ids.length > 0 : true,
    ...options,
  })
}

/* -------------------------------- mutations ------------------------------- */

/** A template change moves its list row and its page. */
const useInvalidateTemplates = () => {
  const queryClient = useQueryClient()
  return (id?: string) => {
    queryClient.invalidateQueries({ queryKey: templatesQueryKeys.lists() })
    if (id) {
      queryClient.invalidateQueries({ queryKey: templatesQueryKeys.detail(id) })
    }
  }
}

export const useCreateTemplate = (options?: MutationOpts<{ template: Template }, TemplatePayload>) => {
  const invalidate = useInvalidateTemplates()
  return useMutation({
    mutationFn: (body: TemplatePayload) => sdk.client.fetch<{ template: Template }>(BASE, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useUpdateTemplate = (
  id: string,
  options?: MutationOpts<{ template: Template }, UpdateTemplatePayload>
) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateTemplates()
  return useMutation({
    mutationFn: (body: UpdateTemplatePayload) =>
      sdk.client.fetch<{ template: Template }>(`${BASE}/${id}`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      // the editor re-bases on the saved template at once, without a refetch in between
      queryClient.setQueryData(templatesQueryKeys.detail(id), data)
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDuplicateTemplate = (options?: MutationOpts<{ template: Template }, string>) => {
  const invalidate = useInvalidateTemplates()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<{ template: Template }>(`${BASE}/${id}/duplicate`, { method: "POST", body: {} }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDeleteTemplate = (options?: MutationOpts<DeleteResponse, string>) => {
  const queryClient = useQueryClient()
  const invalidate = useInvalidateTemplates()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<DeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    ...options,
    onSuccess: (data, id, ctx) => {
      invalidate()
      queryClient.removeQueries({ queryKey: templatesQueryKeys.detail(id) })
      options?.onSuccess?.(data, id, ctx)
    },
  })
}

/** Sends the saved template to a few addresses; changes nothing the admin shows. */
export const useSendTemplateTest = (id: string, options?: MutationOpts<{ sent: number }, TemplateTestPayload>) =>
  useMutation({
    mutationFn: (body: TemplateTestPayload) =>
      sdk.client.fetch<{ sent: number }>(`${BASE}/${id}/test`, { method: "POST", body }),
    ...options,
  })
