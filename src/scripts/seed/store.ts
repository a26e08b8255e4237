/**
 * Store, sales channel, regions, taxes, warehouse, shipping and the
 * publishable key, each found by its natural key before it is created.
 */
import { Modules } from "@medusajs/framework/utils"
import {
  createApiKeysWorkflow,
  createRegionsWorkflow,
  createSalesChannelsWorkflow,
  createShippingOptionsWorkflow,
  createShippingProfilesWorkflow,
  createStockLocationsWorkflow,
  createTaxRegionsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
  linkSalesChannelsToStockLocationWorkflow,
  updateStoresWorkflow,
} from "@medusajs/medusa/core-flows"
import type { SeedContext, StoreRefs } from "./context"
import {
  FULFILLMENT_SET_NAME,
  PUBLISHABLE_KEY_TITLE,
  REGIONS,
  SHIPPING_OPTIONS,
  STOCK_LOCATION,
  TAX_RATES,
} from "./data"

const SALES_CHANNEL_NAME = "Default Sales Channel"
const MANUAL_PROVIDER = "manual_manual"

export async function seedStore(ctx: SeedContext): Promise<StoreRefs> {
  const { container, logger } = ctx
  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { take: 1 })
  if (!store) {
    throw new Error("No store found. Run `npx medusa db:migrate` first; it creates the default store.")
  }

  const sales_channel_id = await ensureSalesChannel(ctx, store.default_sales_channel_id ?? null)
  const region_ids = await ensureRegions(ctx)
  await ensureTaxRegions(ctx)

  await updateStoresWorkflow(container).run({
    input: {
      selector: { id: store.id },
      update: {
        supported_currencies: [
          { currency_code: "eur", is_default: true, is_tax_inclusive: true },
          { currency_code: "usd", is_tax_inclusive: false },
        ],
        default_sales_channel_id: sales_channel_id,
        default_region_id: region_ids["Europe"],
      },
    },
  })

  const stock_location_id = await ensureStockLocation(ctx)
  const shipping_option_ids = await ensureShipping(ctx, stock_location_id, sales_channel_id)
  await updateStoresWorkflow(container).run({
    input: { selector: { id: store.id }, update: { default_location_id: stock_location_id } },
  })

  const publishable_key = await ensurePublishableKey(ctx, sales_channel_id)
  logger.info(
    `Store ready: ${Object.keys(region_ids).length} regions, ${Object.keys(shipping_option_ids).length} shipping options, ` +
      `warehouse ${STOCK_LOCATION.name}. Publishable API key: ${publishable_key.token}`
  )
  return { store_id: store.id, sales_channel_id, region_ids, shipping_option_ids, stock_location_id, publishable_key }
}

async function ensureSalesChannel(ctx: SeedContext, defaultId: string | null): Promise<string> {
  const service = ctx.container.resolve(Modules.SALES_CHANNEL)
  if (defaultId) {
    const [found] = await service.listSalesChannels({ id: defaultId }, { take: 1 })
    if (found) {
      return found.id
    }
  }
  const [byName] = await service.listSalesChannels({ name: SALES_CHANNEL_NAME }, { take: 1 })
  if (byName) {
    return byName.id
  }
  const { result } = await createSalesChannelsWorkflow(ctx.container).run({
    input: { salesChannelsData: [{ name: SALES_CHANNEL_NAME }] },
  })
  return result[0].id
}

async function ensureRegions(ctx: SeedContext): Promise<Record<string, string>> {
  const service = ctx.container.resolve(Modules.REGION)
  const wanted = new Set(REGIONS.map((r) => r.name))
  const existing = (await service.listRegions({}, { select: ["id", "name"] })).filter((r) => wanted.has(r.name))
  const ids: Record<string, string> = Object.fromEntries(existing.map((r) => [r.name, r.id]))
  const missing = REGIONS.filter((r) => !ids[r.name])
  if (missing.length) {
    const { result } = await createRegionsWorkflow(ctx.container).run({
      input: {
        regions: missing.map((r) => ({
          name: r.name,
          currency_code: r.currency_code,
          countries: r.countries,
          is_tax_inclusive: r.is_tax_inclusive,
          payment_providers: ["pp_system_default"],
        })),
      },
    })
    for (const r of result) {
      ids[r.name] = r.id
    }
  }
  return ids
}

async function ensureTaxRegions(ctx: SeedContext): Promise<void> {
  const service = ctx.container.resolve(Modules.TAX)
  const countries = REGIONS.flatMap((r) => r.countries)
  const existing = await service.listTaxRegions({ country_code: countries }, { select: ["id", "country_code", "parent_id"] })
  const have = new Set(existing.filter((t) => !t.parent_id).map((t) => t.country_code))
  const missing = countries.filter((c) => !have.has(c))
  if (!missing.length) {
    return
  }
  await createTaxRegionsWorkflow(ctx.container).run({
    input: missing.map((country_code) => {
      const rate = TAX_RATES[country_code]
      return {
        country_code,
        provider_id: "tp_system",
        ...(rate ? { default_tax_rate: { rate: rate.rate, code: rate.code, name: rate.name } } : {}),
      }
    }),
  })
}

async function ensureStockLocation(ctx: SeedContext): Promise<string> {
  const service = ctx.container.resolve(Modules.STOCK_LOCATION)
  const [found] = await service.listStockLocations({ name: STOCK_LOCATION.name }, { take: 1 })
  if (found) {
    return found.id
  }
  const { result } = await createStockLocationsWorkflow(ctx.container).run({
    input: { locations: [{ name: STOCK_LOCATION.name, address: STOCK_LOCATION.address }] },
  })
  return result[0].id
}

async function ensureShipping(
  ctx: SeedContext,
  stockLocationId: string,
  salesChannelId: string
): Promise<Record<string, string>> {
  const { container, query, link } = ctx
  const fulfillment = container.resolve(Modules.FULFILLMENT)

  const [profile] = await fulfillment.listShippingProfiles({ type: "default" }, { take: 1 })
  const shipping_profile_id =
    profile?.id ??
    (
      await createShippingProfilesWorkflow(container).run({
        input: { data: [{ name: "Default Shipping Profile", type: "default" }] },
      })
    ).result[0].id

  let [set] = await fulfillment.listFulfillmentSets(
    { name: FULFILLMENT_SET_NAME },
    { relations: ["service_zones"], take: 1 }
  )
  if (!set) {
    set = await fulfillment.createFulfillmentSets({
      name: FULFILLMENT_SET_NAME,
      type: "shipping",
      service_zones: [
        {
          name: "Europe and North America",
          geo_zones: REGIONS.flatMap((r) => r.countries).map((country_code) => ({
            type: "country" as const,
            country_code,
          })),
        },
      ],
    })
  }
  const serviceZoneId = set.service_zones[0].id

  // links: warehouse <-> fulfillment set, manual provider and sales channel
  const {
    data: [location],
  } = await query.graph({
    entity: "stock_location",
    fields: ["id", "fulfillment_sets.id", "fulfillment_providers.id", "sales_channels.id"],
    filters: { id: stockLocationId },
  })
  const has = (list: { id: string }[] | undefined, id: string) => !!list?.some((x) => x?.id === id)
  if (!has(location?.fulfillment_providers, MANUAL_PROVIDER)) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
      [Modules.FULFILLMENT]: { fulfillment_provider_id: MANUAL_PROVIDER },
    })
  }
  if (!has(location?.fulfillment_sets, set.id)) {
    await link.create({
      [Modules.STOCK_LOCATION]: { stock_location_id: stockLocationId },
      [Modules.FULFILLMENT]: { fulfillment_set_id: set.id },
    })
  }
  if (!has(location?.sales_channels, salesChannelId)) {
    await linkSalesChannelsToStockLocationWorkflow(container).run({
      input: { id: stockLocationId, add: [salesChannelId] },
    })
  }

  const existing = await fulfillment.listShippingOptions({ name: SHIPPING_OPTIONS.map((o) => o.name) })
  const byName = new Map(existing.map((o) => [o.name, o.id]))
  const missing = SHIPPING_OPTIONS.filter((o) => !byName.has(o.name))
  if (missing.length) {
    const { result } = await createShippingOptionsWorkflow(container).run({
      input: missing.map((o) => ({
        name: o.name,
        price_type: "flat" as const,
        provider_id: MANUAL_PROVIDER,
        service_zone_id: serviceZoneId,
        shipping_profile_id,
        type: { label: o.label, description: o.description, code: o.code },
        prices: [
          { currency_code: "eur", amount: o.eur },
          { currency_code: "usd", amount: o.usd },
        ],
        rules: [
          { attribute: "enabled_in_store", value: "true", operator: "eq" as const },
          { attribute: "is_return", value: "false", operator: "eq" as const },
        ],
      })),
    })
    for (const o of result) {
      byName.set(o.name, o.id)
    }
  }
  return Object.fromEntries(SHIPPING_OPTIONS.map((o) => [o.code, byName.get(o.name)!]))
}

async function ensurePublishableKey(
  ctx: SeedContext,
  salesChannelId: string
): Promise<{ id: string; token: string }> {
  const { container, query } = ctx
  const { data: keys } = await query.graph({
    entity: "api_key",
    fields: ["id", "title", "token", "revoked_at", "sales_channels.id"],
    filters: { type: "publishable" },
  })
  const live = keys.filter((k: any) => !k.revoked_at)
  let key: any = live.find((k: any) => k.title === PUBLISHABLE_KEY_TITLE) ?? live[0]
  if (!key) {
    const { result } = await createApiKeysWorkflow(container).run({
      input: { api_keys: [{ title: PUBLISHABLE_KEY_TITLE, type: "publishable", created_by: "" }] },
    })
    key = { ...result[0], sales_channels: [] }
  }
  if (!key.sales_channels?.some((s: any) => s?.id === salesChannelId)) {
    await linkSalesChannelsToApiKeyWorkflow(container).run({
      input: { id: key.id, add: [salesChannelId] },
    })
  }
  return { id: key.id, token: key.token }
}
