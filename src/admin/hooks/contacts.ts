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
import { contactsQueryKeys, suppressionsQueryKeys, topicsQueryKeys } from "../lib/query-keys"
import { saveResponse } from "../lib/download"
import type {
  BackfillResult,
  ConsentEvent,
  Contact,
  ContactDetail,
  ContactImportReport,
  ContactListQuery,
  ContactListResponse,
  CreateContactPayload,
  DeleteResponse,
  ImportPayload,
  ImportPreview,
  UpdateContactPayload,
} from "../lib/types"

const BASE = "/admin/marketing/contacts"

export { contactsQueryKeys }

type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

/* ---------------------------------- reads --------------------------------- */

export const useContacts = (query: ContactListQuery, options?: QueryOpts<ContactListResponse>) => {
  const { data, ...rest } = useQuery({
    queryKey: contactsQueryKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<ContactListResponse>(BASE, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

export const useContact = (id: string, options?: QueryOpts<{ contact: ContactDetail }>) => {
  const { data, ...rest } = useQuery({
    queryKey: contactsQueryKeys.detail(id),
    queryFn: () => sdk.client.fetch<{ contact: ContactDetail }>(`${BASE}/${id}`),
    ...options,
  })
  return { ...data, ...rest }
}

export const useContactConsent = (
  id: string,
  options?: QueryOpts<{ consent_events: ConsentEvent[] }>
) => {
  const { data, ...rest } = useQuery({
    queryKey: contactsQueryKeys.consent(id),
    queryFn: () => sdk.client.fetch<{ consent_events: ConsentEvent[] }>(`${BASE}/${id}/consent`),
    ...options,
  })
  return { ...data, ...rest }
}

/* -------------------------------- mutations ------------------------------- */

/** Invalidate everything a change to contacts can show up in. */
const useInvalidateContacts = () => {
  const queryClient = useQueryClient()
  return (id?: string) => {
    queryClient.invalidateQueries({ queryKey: contactsQueryKeys.lists() })
    // subscriber counts per topic move with contact changes; unsubscribes may suppress
    queryClient.invalidateQueries({ queryKey: topicsQueryKeys.lists() })
    queryClient.invalidateQueries({ queryKey: suppressionsQueryKeys.lists() })
    if (id) {
      queryClient.invalidateQueries({ queryKey: contactsQueryKeys.detail(id) })
    }
  }
}

export const useCreateContact = (options?: MutationOpts<{ contact: Contact }, CreateContactPayload>) => {
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: (body: CreateContactPayload) =>
      sdk.client.fetch<{ contact: Contact }>(BASE, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useUpdateContact = (
  id: string,
  options?: MutationOpts<{ contact: ContactDetail }, UpdateContactPayload>
) => {
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: (body: UpdateContactPayload) =>
      sdk.client.fetch<{ contact: ContactDetail }>(`${BASE}/${id}`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDeleteContact = (id: string, options?: MutationOpts<DeleteResponse, void>) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<DeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      queryClient.invalidateQueries({ queryKey: contactsQueryKeys.lists() })
      queryClient.invalidateQueries({ queryKey: topicsQueryKeys.lists() })
      queryClient.removeQueries({ queryKey: contactsQueryKeys.detail(id) })
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useUnsubscribeContact = (
  id: string,
  options?: MutationOpts<{ contact: ContactDetail }, void>
) => {
  const invalidate = useInvalidateContacts()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ contact: ContactDetail }>(`${BASE}/${id}/unsubscribe`, {
        method: "POST",
        body: {},
      }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/** Downloads the contact's proof of consent (JSON attachment). */
export const useDownloadConsentProof = (id: string, options?: MutationOpts<void, void>) =>
  useMutation({
    mutationFn: async () => {
      const res = await sdk.client.fetch<Response>(`${BASE}/${id}/consent/export`, {
        // not application/json: the sdk would parse the body instead of handing us the file
        headers: { accept: "*/*" },
      })
      await saveResponse(res, `consent-${id}.json`)
    },
    ...options,
  })

/* ---------------------------------- import -------------------------------- */

export const usePreviewImport = (options?: MutationOpts<ImportPreview, { csv: string }>) =>
  useMutation({
    mutationFn: (body: { csv: string }) =>
      sdk.client.fetch<ImportPreview>(`${BASE}/import/preview`, { method: "POST", body }),
    ...options,
  })

export const useImportContacts = (
  options?: MutationOpts<{ import: ContactImportReport }, ImportPayload>
) => {
  const invalidate = useInvalidateContacts()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: ImportPayload) =>
      sdk.client.fetch<{ import: ContactImportReport }>(`${BASE}/import`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      queryClient.invalidateQueries({ queryKey: contactsQueryKeys.details() })
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/* ------------------------------ export & sync ----------------------------- */

/** Downloads the contacts matching `query` (same filters as the list) as CSV. */
export const useExportContacts = (options?: MutationOpts<void, ContactListQuery>) =>
  useMutation({
    mutationFn: async (query: ContactListQuery) => {
      const res = await sdk.client.fetch<Response>(`${BASE}/export`, {
        query,
        headers: { accept: "text/csv" },
      })
      await saveResponse(res, `contacts-${new Date().toISOString().slice(0, 10)}.csv`)
    },
    ...options,
  })

/** Creates or refreshes a contact for every customer and guest order email. */
export const useBackfillContacts = (options?: MutationOpts<BackfillResult, void>) => {
  const invalidate = useInvalidateContacts()
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<BackfillResult>(`${BASE}/backfill`, { method: "POST", body: {} }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      queryClient.invalidateQueries({ queryKey: contactsQueryKeys.details() })
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

/* ----------------------------------- GDPR --------------------------------- */

/** Everything held about an address (Art. 15 access request), returned as JSON. */
export const useGdprExport = (options?: MutationOpts<Record<string, unknown>, { email: string }>) =>
  useMutation({
    mutationFn: (body: { email: string }) =>
      sdk.client.fetch<Record<string, unknown>>(`/admin/marketing/gdpr/export`, {
        method: "POST",
        body,
      }),
    ...options,
  })

/** Erases an address (Art. 17): personal data blanked, address kept suppressed by hash. */
export const useGdprErase = (
  options?: MutationOpts<{ erased: boolean; contact_id: string | null }, { email: string }>
) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { email: string }) =>
      sdk.client.fetch<{ erased: boolean; contact_id: string | null }>(
        `/admin/marketing/gdpr/erase`,
        { method: "POST", body }
      ),
    ...options,
    onSuccess: (data, vars, ctx) => {
      queryClient.invalidateQueries({ queryKey: contactsQueryKeys.all })
      queryClient.invalidateQueries({ queryKey: topicsQueryKeys.lists() })
      queryClient.invalidateQueries({ queryKey: suppressionsQueryKeys.lists() })
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}
