import {
  useMutation,
  UseMutationOptions,
  useQuery,
  useQueryClient,
  UseQueryOptions,
} from "@tanstack/react-query"
import { FetchError } from "@medusajs/js-sdk"
import { sdk } from "../lib/sdk"
import { contactsQueryKeys, topicsQueryKeys } from "../lib/query-keys"
import type { DeleteResponse, Topic, TopicPayload } from "../lib/types"

const BASE = "/admin/marketing/topics"

export { topicsQueryKeys }

type TopicListResponse = { topics: Topic[]; count: number }
type QueryOpts<T> = Omit<UseQueryOptions<T, FetchError, T, any>, "queryKey" | "queryFn">
type MutationOpts<TData, TVars> = Omit<UseMutationOptions<TData, FetchError, TVars>, "mutationFn">

export const useTopics = (
  query: Record<string, unknown> = {},
  options?: QueryOpts<TopicListResponse>
) => {
  const { data, ...rest } = useQuery({
    queryKey: topicsQueryKeys.list(query),
    queryFn: () => sdk.client.fetch<TopicListResponse>(BASE, { query }),
    ...options,
  })
  return { ...data, ...rest }
}

/** Contacts show topic names, so topic changes refresh contact details too. */
const useInvalidateTopics = () => {
  const queryClient = useQueryClient()
  return (id?: string) => {
    queryClient.invalidateQueries({ queryKey: topicsQueryKeys.lists() })
    if (id) {
      queryClient.invalidateQueries({ queryKey: topicsQueryKeys.detail(id) })
    }
    queryClient.invalidateQueries({ queryKey: contactsQueryKeys.details() })
  }
}

export const useCreateTopic = (options?: MutationOpts<{ topic: Topic }, TopicPayload>) => {
  const invalidate = useInvalidateTopics()
  return useMutation({
    mutationFn: (body: TopicPayload) =>
      sdk.client.fetch<{ topic: Topic }>(BASE, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate()
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useUpdateTopic = (
  id: string,
  options?: MutationOpts<{ topic: Topic }, Partial<TopicPayload>>
) => {
  const invalidate = useInvalidateTopics()
  return useMutation({
    mutationFn: (body: Partial<TopicPayload>) =>
      sdk.client.fetch<{ topic: Topic }>(`${BASE}/${id}`, { method: "POST", body }),
    ...options,
    onSuccess: (data, vars, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, vars, ctx)
    },
  })
}

export const useDeleteTopic = (options?: MutationOpts<DeleteResponse, string>) => {
  const invalidate = useInvalidateTopics()
  return useMutation({
    mutationFn: (id: string) =>
      sdk.client.fetch<DeleteResponse>(`${BASE}/${id}`, { method: "DELETE" }),
    ...options,
    onSuccess: (data, id, ctx) => {
      invalidate(id)
      options?.onSuccess?.(data, id, ctx)
    },
  })
}
