/**
 * Newsletter sign-ups who never bought (marketing contacts with a consent
 * record each), then the lead's backfill for customers and guest emails.
 */
import fs from "node:fs"
import path from "node:path"
import { chunk, listIn, SeedContext } from "./context"
import type { NewsletterPlan } from "./plan"
import { scoreRfmWorkflow } from "../../workflows/score-rfm"
import { refreshSegmentsWorkflow } from "../../workflows/segments"

const MARKETING = "marketing"
/** Wording shown next to the demo sign-up form (matches the module default). */
const WORDING = "Yes, email me news and offers. I can unsubscribe at any time with the link in every email."

export type ContactCounts = { newsletter: number; created: number; consent_events: number } | null

export async function seedNewsletter(ctx: SeedContext): Promise<ContactCounts> {
  const { container, logger, plan } = ctx
  if (!hasMarketing(ctx)) {
    logger.warn(
      `Skipping ${plan.newsletter.length} newsletter contacts: the "${MARKETING}" module is not registered ` +
        `(add ./src/modules/marketing to medusa-config.ts modules and run db:migrate)`
    )
    return null
  }
  const marketing: any = container.resolve(MARKETING)
  const emails = plan.newsletter.map((n) => n.email)
  const existing: { id: string; email: string }[] = await listIn(emails, (slice) =>
    marketing.listContacts({ email: slice }, { select: ["id", "email"] })
  )
  const ids = new Map(existing.map((c) => [c.email, c.id]))
  const missing = plan.newsletter.filter((n) => !ids.has(n.email))
  for (const batch of chunk(missing, 250)) {
    const created: { id: string; email: string }[] = await marketing.createContacts(batch.map(toContact))
    for (const c of created) {
      ids.set(c.email, c.id)
    }
  }

  // consent proof for every sign-up that has none yet (also heals a run cut short in between)
  const contactIds = [...ids.values()]
  const withConsent = new Set(
    (
      await listIn(contactIds, (slice) =>
        marketing.listConsentEvents({ contact_id: slice }, { select: ["id", "contact_id"] })
      )
    ).map((e: any) => e.contact_id)
  )
  const events = plan.newsletter
    .filter((n) => !withConsent.has(ids.get(n.email)))
    .flatMap((n) => consentEvents(n, ids.get(n.email)!))
  for (const batch of chunk(events, 500)) {
    await marketing.createConsentEvents(batch)
  }
  await seedTopics(marketing, plan.newsletter, ids)
  logger.info(`Newsletter contacts: ${plan.newsletter.length} (${missing.length} created, ${events.length} consent events)`)
  return { newsletter: plan.newsletter.length, created: missing.length, consent_events: events.length }
}

const TOPICS = [
  { handle: "promotions", name: "Promotions", description: "Sales, discount codes and early access" },
  { handle: "product-news", name: "Product news", description: "New arrivals and restocks" },
]

/**
 * The store's topics, and each subscribed sign-up's choice of them: all
 * chose the newsletter, about a third promotions, a quarter product news
 * (by position in the fixed plan, so every run gives the same picture).
 */
async function seedTopics(marketing: any, newsletter: NewsletterPlan[], ids: Map<string, string>) {
  const have = new Set((await marketing.listTopics({}, { select: ["handle"] })).map((t: any) => t.handle))
  const missing = TOPICS.filter((t) => !have.has(t.handle))
  if (missing.length) {
    await marketing.createTopics(missing)
  }
  let i = 0
  for (const n of newsletter) {
    i++
    if (n.status !== "subscribed") {
      continue
    }
    await marketing.setContactTopics(ids.get(n.email)!, {
      newsletter: true,
      ...(i % 3 === 0 ? { promotions: true } : {}),
      ...(i % 4 === 0 ? { "product-news": true } : {}),
    })
  }
}

function toContact(n: NewsletterPlan) {
  return {
    email: n.email,
    first_name: n.first_name,
    last_name: n.last_name,
    country_code: n.country_code,
    locale: n.locale,
    status: n.status,
    source: "newsletter",
    subscribed_at: n.subscribed_at,
    unsubscribed_at: n.unsubscribed_at,
    confirmation_sent_at: n.confirmation_sent_at,
    created_at: n.created_at,
    updated_at: n.unsubscribed_at ?? n.subscribed_at ?? n.created_at,
    metadata: { seed: "demo" },
  }
}

function consentEvents(n: NewsletterPlan, contact_id: string) {
  const base = {
    contact_id,
    channel: "email",
    email: n.email,
    source: "newsletter",
    wording: WORDING,
    wording_version: "v1",
  }
  const events: Record<string, unknown>[] = [{ ...base, action: "requested", occurred_at: n.created_at }]
  if (n.subscribed_at) {
    events.push({ ...base, action: "granted", occurred_at: n.subscribed_at })
  }
  if (n.unsubscribed_at) {
    events.push({ ...base, action: "withdrawn", source: "unsubscribe_link", occurred_at: n.unsubscribed_at })
  }
  return events
}

/** src/workflows/backfill-contacts.(ts|js), when the lead's workflow is there. */
export function backfillFile(): string | undefined {
  const base = path.resolve(__dirname, "../../workflows/backfill-contacts")
  return [".ts", ".js"].map((ext) => base + ext).find((f) => fs.existsSync(f))
}

export function hasMarketing(ctx: Pick<SeedContext, "container">): boolean {
  return ctx.container.hasRegistration(MARKETING)
}

/**
 * Runs `backfillContactsWorkflow` (contacts for customers and guest emails).
 * Returns false when it could not run yet, so a later seed run retries it.
 */
export async function runBackfill(ctx: SeedContext): Promise<boolean> {
  const { container, logger } = ctx
  const file = backfillFile()
  if (!file) {
    logger.info("Skipping contact backfill: src/workflows/backfill-contacts.ts does not exist yet")
    return false
  }
  if (!hasMarketing(ctx)) {
    logger.warn(`Skipping contact backfill: the "${MARKETING}" module is not registered`)
    return false
  }
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { backfillContactsWorkflow } = require(file)
  if (typeof backfillContactsWorkflow !== "function") {
    logger.warn(`Skipping contact backfill: ${file} does not export backfillContactsWorkflow`)
    return false
  }
  logger.info("Backfilling contacts for customers and guest emails...")
  const { result } = await backfillContactsWorkflow(container).run({ input: {} })
  logger.info(`Contact backfill done: ${JSON.stringify(result ?? {})}`)
  // what the nightly jobs would do next: RFM scores, then every segment's members
  await scoreRfmWorkflow(container).run({ input: { reason: "seed" } })
  const { result: refreshed } = await refreshSegmentsWorkflow(container).run({ input: {} })
  logger.info(`Segments refreshed: ${refreshed.results.length} (${refreshed.failed.length} failed)`)
  return true
}
