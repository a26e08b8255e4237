import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"

/** A template by id through Query (404 when missing or deleted). */
export async function refetchTemplate<T = any>(id: string, scope: MedusaContainer, fields: string[]): Promise<T> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "template", fields, filters: { id } })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Template ${id} was not found`)
  }
  return data[0] as T
}
