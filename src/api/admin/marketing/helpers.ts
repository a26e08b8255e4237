import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

export async function refetchEntity<T = any>(
  entity: "contact" | "topic" | "suppression" | "segment",
  id: string,
  scope: MedusaContainer,
  fields: string[]
): Promise<T> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity, fields, filters: { id } })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `${entity[0].toUpperCase()}${entity.slice(1)} ${id} was not found`)
  }
  return data[0] as T
}

/** Translate the list API's `topic_id` into a filter over the contact's topic rows. */
export function contactListFilters(filterable: Record<string, any>) {
  const { topic_id, ...filters } = filterable
  if (topic_id) {
    filters.topics = { topic_id, subscribed: true }
  }
  return filters
}
