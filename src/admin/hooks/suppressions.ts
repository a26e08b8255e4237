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
import { contactsQueryKeys, suppressionsQueryKeys } from "../lib/query-keys"
import type { DeleteResponse, Suppression, SuppressionListQuery } from "../lib/types"

const BASE = "/admin/marketing/suppressions"

export { suppressionsQueryKeys }

type SuppressionListResponse = {
  suppressions: Suppression[]
  count: number
  limit?: number
  offset?: number
}
type CreateSuppressionPayload = { email: string; reason?: "manual"; note?: string }
type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

export const useSuppressions = (
  query: SuppressionListQuery,
  options?: QueryOpts<SuppressionListResponse>
) => {
  const { data, ...rest } = useQuery({
    queryKey: suppressionsQueryKeys.list(query as Record<string, unknown>),
    queryFn: () => sdk.client.fetch<SuppressionListResponse>(BASE, { query }),
    placeholderData: keepPreviousData,
    ...options,
  })
  return { ...data, ...rest }
}

/** A suppression can change what a contact page shows (status, sendability). */
const useInvalidateSuppressions = () => {
  const queryClient = useQueryClient()
  return () => {
    queryClient.invalidateQueries({ queryKey: suppressionsQueryKeys.lists() })
    queryClient.invalidateQueries({ queryKey: contactsQueryKeys.all })
  }
}

export const useCreateSuppression = (
  options?: MutationOpts<{ suppression: Suppression }, CreateSuppressionPayload>
) => {
  const invalidate = useInvalidateSuppressions()
  return useMutation({
    mutationFn: (body: CreateSuppressionPayload) =>
      sdk.client.fetch<{ suppression: Suppression }>(BASE, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDeleteSuppression = (options?: MutationOpts<DeleteResponse, string>) => {
  const invalidate = useInvalidateSuppressions()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<DeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    ...options,
    onSuccess: (data, id, ctx) => {
      invalidate()
      options?.onSuccess?.(data, id, ctx)
    },
  })
}
