/**
 * Seeds a demo store to market to: regions, taxes, shipping, a publishable
 * key, ~40 products, 2,000 customers, two years of orders (~8,000), open and
 * abandoned carts, newsletter sign-ups, then contacts for everyone.
 *
 *   npx medusa exec ./src/scripts/seed.ts
 *
 * Deterministic: a fixed seed and a time anchor stored on the store make
 * every run generate the same data. Idempotent: the store's
 * `metadata.demo_seed.completed_at` is written last and makes a second run a
 * no-op; a run cut short resumes where it stopped, because every section
 * looks its rows up by natural key (handle, SKU, email, seed ref) first.
 */
import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { updateStoresWorkflow } from "@medusajs/medusa/core-flows"
import { Prng } from "../lib/prng"
import { seedCarts } from "./seed/carts"
import { seedCatalog } from "./seed/catalog"
import { backfillFile, hasMarketing, runBackfill, seedNewsletter } from "./seed/contacts"
import { makeContext, SeedContext } from "./seed/context"
import { seedCustomers } from "./seed/customers"
import { REGIONS } from "./seed/data"
import { seedOrders } from "./seed/orders"
import { seedStore } from "./seed/store"
import { seedCampaigns } from "./seed/campaigns"
import { buildPlan, SeedPlan } from "./seed/plan"

const SEED = "medusa-marketing-demo-v1"
const MARKER = "demo_seed"

type Marker = {
  seed: string
  anchor: string
  started_at: string
  completed_at?: string
  /** the marketing parts, done once the marketing module (and the backfill workflow) exist */
  newsletter_at?: string
  backfill_at?: string
}

export default async function seedDemoStore({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const started = Date.now()

  if (process.env.NODE_ENV === "production") {
    throw new Error("The demo seed writes thousands of fake customers and orders; it refuses to run with NODE_ENV=production.")
  }

  const storeModule = container.resolve(Modules.STORE)
  const [store] = await storeModule.listStores({}, { take: 1, select: ["id", "metadata"] })
  if (!store) {
    throw new Error("No store found. Run `npx medusa db:migrate` first; it creates the default store.")
  }
  const previous = (store.metadata?.[MARKER] ?? null) as Marker | null
  const seed = new Prng(SEED)
  if (previous?.completed_at) {
    if (hasMarketing({ container })) {
      // seeded before templates and campaigns existed: adds them once
      const ctx = makeContext(container, buildPlan(seed.fork("plan"), new Date(previous.anchor)))
      await step(ctx, "campaigns", () => seedCampaigns(ctx))
    }
    const pending = { newsletter: !previous.newsletter_at, backfill: !previous.backfill_at && !!backfillFile() }
    if (!hasMarketing({ container }) || (!pending.newsletter && !pending.backfill)) {
      logger.info(`Demo data already seeded at ${previous.completed_at} (store metadata "${MARKER}"); nothing to do.`)
      return
    }
    // the store was seeded before the marketing module (or its backfill) existed: add just that
    logger.info(`Demo data already seeded at ${previous.completed_at}; adding the marketing contacts skipped then`)
    const ctx = makeContext(container, buildPlan(seed.fork("plan"), new Date(previous.anchor)))
    const marker = { ...previous }
    if (pending.newsletter && (await step(ctx, "newsletter", () => seedNewsletter(ctx)))) {
      marker.newsletter_at = new Date().toISOString()
    }
    if (pending.backfill && (await step(ctx, "backfill", () => runBackfill(ctx)))) {
      marker.backfill_at = new Date().toISOString()
    }
    await writeMarker(container, store.id, store.metadata ?? null, marker)
    return
  }

  // The anchor ("now" for the generated history) is kept from an interrupted
  // run so the resumed run generates exactly the same rows.
  const anchor = previous?.anchor ? new Date(previous.anchor) : hourFloor(new Date())
  const marker: Marker = { seed: SEED, anchor: anchor.toISOString(), started_at: previous?.started_at ?? new Date().toISOString() }
  await writeMarker(container, store.id, store.metadata ?? null, marker)
  logger.info(
    previous
      ? `Resuming the demo seed started at ${previous.started_at} (anchor ${marker.anchor})`
      : `Seeding the demo store (seed "${SEED}", history up to ${marker.anchor})`
  )

  const plan = buildPlan(seed.fork("plan"), anchor)
  const ctx = makeContext(container, plan)

  const storeRefs = await step(ctx, "store", () => seedStore(ctx))
  const catalog = await step(ctx, "catalog", () => seedCatalog(ctx, storeRefs, seed.fork("catalog")))
  const customers = await step(ctx, "customers", () => seedCustomers(ctx))
  const orders = await step(ctx, "orders", () => seedOrders(ctx, storeRefs, catalog, customers))
  const carts = await step(ctx, "carts", () => seedCarts(ctx, storeRefs, catalog, customers))
  const newsletter = await step(ctx, "newsletter", () => seedNewsletter(ctx))
  const backfilled = await step(ctx, "backfill", () => runBackfill(ctx))
  await step(ctx, "verify", () => verifyOrders(ctx, plan))
  const content = await step(ctx, "campaigns", () => seedCampaigns(ctx))

  // written last: its presence means everything above is in place
  const now = new Date().toISOString()
  const [fresh] = await storeModule.listStores({ id: store.id }, { select: ["id", "metadata"] })
  await writeMarker(container, store.id, fresh?.metadata ?? null, {
    ...marker,
    completed_at: now,
    ...(newsletter ? { newsletter_at: now } : {}),
    ...(backfilled ? { backfill_at: now } : {}),
  })

  const guestEmails = new Set(plan.customers.filter((c) => !c.has_account).map((c) => c.email))
  const guestOrders = plan.orders.filter((o) => guestEmails.has(o.email)).length
  logger.info(
    `Demo store seeded in ${((Date.now() - started) / 1000).toFixed(1)}s: ` +
      `${REGIONS.length} regions (${REGIONS.flatMap((r) => r.countries).length} countries), ` +
      `${catalog.products} products (${catalog.variants.size} variants) in ${catalog.categories} categories and ${catalog.collections} collections, ` +
      `${plan.customers.length} customers (${customers.accounts} with an account, ${customers.guests} guest checkouts), ` +
      `${orders.total} orders (${orders.completed} completed, ${orders.pending} pending, ${orders.canceled} canceled; ${guestOrders} by guests), ` +
      `${carts.total} open carts (${carts.with_email} abandoned with an email), ` +
      (newsletter ? `${newsletter.newsletter} newsletter contacts, ` : "no newsletter contacts (marketing module missing), ") +
      (backfilled ? "contacts backfilled, " : "contact backfill skipped, ") +
      (content ? `${content.templates} templates and ${content.campaigns} draft campaigns, ` : "") +
      `publishable key ${storeRefs.publishable_key.token}`
  )
}

async function step<T>(ctx: SeedContext, name: string, run: () => Promise<T>): Promise<T> {
  const t = Date.now()
  const result = await run()
  ctx.logger.info(`Seed step "${name}" done in ${((Date.now() - t) / 1000).toFixed(1)}s`)
  return result
}

function hourFloor(d: Date): Date {
  const out = new Date(d)
  out.setUTCMinutes(0, 0, 0)
  return out
}

async function writeMarker(
  container: ExecArgs["container"],
  storeId: string,
  metadata: Record<string, unknown> | null,
  marker: Marker
): Promise<void> {
  await updateStoresWorkflow(container).run({
    input: { selector: { id: storeId }, update: { metadata: { ...(metadata ?? {}), [MARKER]: marker } } },
  })
}

/**
 * Reads the newest and oldest orders back through Query, the way the admin
 * and the marketing module will, and checks their totals against the plan.
 */
async function verifyOrders(ctx: SeedContext, plan: SeedPlan): Promise<void> {
  const { container, query, logger } = ctx
  const orderModule = container.resolve(Modules.ORDER)
  const [newest, count] = await orderModule.listAndCountOrders(
    {},
    { select: ["id", "metadata"], take: 5, order: { created_at: "DESC" } }
  )
  const oldest = await orderModule.listOrders({}, { select: ["id", "metadata"], take: 5, order: { created_at: "ASC" } })
  const ids = [...newest, ...oldest].map((o) => o.id)
  const { data } = await query.graph({
    entity: "order",
    fields: ["id", "display_id", "email", "total", "currency_code", "created_at", "metadata", "items.*"],
    filters: { id: ids },
  })
  const byRef = new Map(plan.orders.map((o) => [o.ref, o]))
  let checked = 0
  for (const order of data as any[]) {
    const planned = byRef.get(order.metadata?.seed_ref)
    if (!planned) {
      continue
    }
    const total = Number(order.total)
    if (Math.abs(total - planned.total) > 0.01 || !order.items?.length) {
      throw new Error(
        `Order ${order.id} (${planned.ref}) reads back with total ${total} and ${order.items?.length ?? 0} items; ` +
          `the plan says ${planned.total.toFixed(2)} and ${planned.items.length} items`
      )
    }
    checked++
  }
  const sample = (data as any[]).find((o) => o.metadata?.seed_ref) ?? (data as any[])[0]
  logger.info(
    `Verified ${checked} orders through query.graph (${count} orders in the store); e.g. #${sample?.display_id} ` +
      `${sample?.email} ${sample?.currency_code?.toUpperCase()} ${Number(sample?.total).toFixed(2)} ` +
      `on ${new Date(sample?.created_at).toISOString().slice(0, 10)} with ${sample?.items?.length} items`
  )
}
