import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { StoreContext } from "../../lib/templates"
import { marketingOptions } from "../steps/subscription-shared"

/**
 * What templates see as `store`: name, storefront URL and postal address from
 * the marketing options, the currency from the Medusa store's default
 * currency. Read once per send or preview, never per message.
 */
export async function loadStoreContext(container: MedusaContainer): Promise<StoreContext> {
  const options = marketingOptions(container)
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "store",
    fields: ["id", "name", "supported_currencies.currency_code", "supported_currencies.is_default"],
    pagination: { take: 1 },
  })
  const store = data[0] as
    | { name?: string; supported_currencies?: { currency_code: string; is_default?: boolean }[] }
    | undefined
  const currencies = store?.supported_currencies ?? []
  const currency = (currencies.find((c) => c.is_default) ?? currencies[0])?.currency_code ?? "usd"
  return {
    name: options.store_name || store?.name || "Store",
    url: options.store_url,
    address: options.postal_address,
    currency,
  }
}
