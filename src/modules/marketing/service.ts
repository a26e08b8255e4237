import {
  InjectManager,
  InjectTransactionManager,
  MedusaContext,
  MedusaError,
  MedusaService,
  generateEntityId,
} from "@medusajs/framework/utils"
import type { Context, Logger } from "@medusajs/framework/types"
import { Contact } from "./models/contact"
import { Topic } from "./models/topic"
import { ContactTopic } from "./models/contact-topic"
import { ConsentEvent } from "./models/consent-event"
import { Suppression } from "./models/suppression"
import { ContactImport } from "./models/contact-import"
import { OrderFact } from "./models/order-fact"
import { OrderLineFact } from "./models/order-line-fact"
import { CartFact } from "./models/cart-fact"
import { Segment } from "./models/segment"
import { SegmentMember } from "./models/segment-member"
import { Template } from "./models/template"
import { MarketingCampaign } from "./models/campaign"
import { CampaignTransition } from "./models/campaign-transition"
import { Message } from "./models/message"
import { TrackedLink } from "./models/tracked-link"
import { MessageEvent } from "./models/message-event"
import { Attribution } from "./models/attribution"
import {
  attributeOrder,
  findTrackedLink,
  insertTrackedLinks,
  recordDeliveryReports,
  recordHits,
  type AttributionInput,
  type AttributionRow,
  type DeliveryReport,
  type DeliveryResult,
  type HitsResult,
  type TrackedLinkRow,
  type TrackingHit,
} from "./tracking-sql"
import { TrackingWriter } from "./tracking-writer"
import { servesHttp, TrackingListener } from "./tracking-listener"
import { FixedWindowLimiter } from "../../lib/rate-limit"
import { privacyIp } from "../../lib/tracking/privacy"
import type { TrackingResponder } from "../../lib/tracking/respond"
import * as analytics from "./analytics-sql"
import {
  claimBatch,
  estimateAudience,
  recordOutcomes,
  releaseExpiredLeases,
  reserveRate,
  sendCounts,
  snapshotAudience,
  type AudienceEstimate,
  type AudienceSpec,
  type ClaimedMessage,
  type MessageOutcome,
  type SnapshotResult,
} from "./campaign-sql"
import {
  checkCampaignTransition,
  countsFromRows,
  sendProgress,
  type CampaignAction,
  type CampaignStatus,
  type SendProgress,
} from "../../lib/campaigns"
import { hashEmail, isValidEmail, normalizeEmail } from "../../lib/email"
import { generateIds } from "../../lib/ids"
import { rfmGrid } from "../../lib/rfm"
import {
  collectSegmentReferences,
  compileSegmentPredicate,
  refreshContactCollectionsSql,
  segmentRefreshOrder,
  SegmentRulesError,
  toKnexRaw,
} from "../../lib/segments"
import {
  ConsentContext,
  CartFactInput,
  OrderFactInput,
  ContactExportFilters,
  ContactUpsertRow,
  DEFAULT_OPTIONS,
  SegmentEvalOptions,
  CompiledSegmentForKnex,
  SegmentPreview,
  SegmentRefreshResult,
  MarketingModuleOptions,
  UpsertContactsOptions,
  UpsertContactsResult,
} from "./types"

const UPSERT_BATCH = 5_000
/** The longest a segment count, preview or refresh may run. */
const SEGMENT_STATEMENT_TIMEOUT_MS = 60_000
/** random_page_cost for segment queries (SSD); MARKETING_SEGMENT_RANDOM_PAGE_COST overrides it. */
const SEGMENT_RANDOM_PAGE_COST = (() => {
  const v = Number(process.env.MARKETING_SEGMENT_RANDOM_PAGE_COST)
  return Number.isFinite(v) && v > 0 && v <= 100 ? v : 1.1
})()
/**
 * The SET list that writes a contact's commerce metrics from a row aliased
 * `alias` (orders_count, total_spent, avg_order_value, refunded_total,
 * currency_code, first/last_order_at), keeping each BigNumber's raw_ column
 * in step. The alias is one of the callers' literals, never input.
 */
const contactMetricsSet = (alias: "m" | "t") =>
  ["total_spent", "avg_order_value", "refunded_total"]
    .flatMap((col) => [
      `${col} = ${alias}.${col}`,
      `raw_${col} = jsonb_build_object('value', ${alias}.${col}::text, 'precision', 20)`,
    ])
    .concat(
      ["orders_count", "currency_code", "first_order_at", "last_order_at"].map((col) => `${col} = ${alias}.${col}`),
      ["updated_at = now()"]
    )
    .join(", ")
/**
 * Whether the metrics in row `alias` differ from the contact's (c): the
 * rebuilds write only those rows, so re-running one over unchanged facts
 * leaves no dead row versions behind (every rewrite of a 1M-row contact
 * table makes each later scan of it longer).
 */
const contactMetricsChanged = (alias: "m" | "t") =>
  `(c.orders_count, c.total_spent, c.avg_order_value, c.refunded_total, c.currency_code, c.first_order_at,
    c.last_order_at) IS DISTINCT FROM (${alias}.orders_count, ${alias}.total_spent, ${alias}.avg_order_value,
    ${alias}.refunded_total, ${alias}.currency_code, ${alias}.first_order_at, ${alias}.last_order_at)`
/** Membership changes after which a refresh updates the member table's planner statistics. */
const SEGMENT_ANALYZE_AFTER_CHANGES = 10_000
/** The contact columns segment previews and member lists show. */
const SEGMENT_CONTACT_COLUMNS = [
  "id",
  "email",
  "first_name",
  "last_name",
  "status",
  "orders_count",
  "total_spent",
  "currency_code",
  "last_order_at",
  "rfm_group",
  "created_at",
]
  .map((col) => `c.${col}`)
  .join(", ")

type Knex = any

const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v)).toISOString()

class MarketingModuleService extends MedusaService({
  Contact,
  Topic,
  ContactTopic,
  ConsentEvent,
  Suppression,
  ContactImport,
  OrderFact,
  OrderLineFact,
  CartFact,
  Segment,
  SegmentMember,
  Template,
  MarketingCampaign,
  CampaignTransition,
  Message,
  TrackedLink,
  MessageEvent,
  Attribution,
}) {
  protected readonly options_: MarketingModuleOptions

  constructor(container: Record<string, unknown>, options: Partial<MarketingModuleOptions> = {}) {
    // @ts-ignore MedusaService takes the container and options as given
    super(...arguments)
    if (!options.secret) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "The marketing module needs a `secret` option (set MARKETING_SECRET) to sign links in emails"
      )
    }
    const given = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined && v !== ""))
    this.options_ = { ...DEFAULT_OPTIONS, ...given } as MarketingModuleOptions
    const o = this.options_
    if (!["full", "truncated", "none"].includes(o.tracking_ip)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `tracking_ip (MARKETING_TRACKING_IP) must be full, truncated or none, not "${o.tracking_ip}"`)
    }
    if (!["last_click", "last_touch"].includes(o.attribution_model)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `attribution_model (MARKETING_ATTRIBUTION_MODEL) must be last_click or last_touch, not "${o.attribution_model}"`
      )
    }
    if (!(Number.isInteger(o.tracking_port) && o.tracking_port >= 0 && o.tracking_port <= 65535)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `tracking_port (MARKETING_TRACKING_PORT) must be a port number (0 = off), not "${o.tracking_port}"`)
    }
    if (!(Number.isInteger(o.tracking_trust_proxy) && o.tracking_trust_proxy >= 0)) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `tracking_trust_proxy (MARKETING_TRACKING_TRUST_PROXY) must be a whole number of proxies, not "${o.tracking_trust_proxy}"`
      )
    }
    this.logger_ = (container as { logger?: Logger }).logger
    this.trackingWriter_ = new TrackingWriter((hits) => this.recordTrackingHits(hits), this.logger_, {
      flushMs: o.tracking_flush_ms,
      maxQueued: o.tracking_buffer_max,
    })
  }

  protected readonly logger_: Logger | undefined
  protected readonly trackingWriter_: TrackingWriter
  /** recorded links by "source:position" (they never change once recorded) */
  protected readonly linkCache_ = new Map<string, string>()
  /** counted hits per IP per minute (tracking_rate_limit_per_ip), shared by every tracking front end of this process */
  protected hitLimiter_: FixedWindowLimiter | null = null
  protected trackingListener_: TrackingListener | null = null
  protected trackingResponder_: TrackingResponder | null = null

  __hooks = {
    // the dedicated tracking listener, in processes that serve HTTP, when a port is set
    onApplicationStart: async () => {
      if (!this.options_.tracking_port || !servesHttp()) {
        return
      }
      const listener = new TrackingListener(
        this.trackingResponder(),
        { port: this.options_.tracking_port, host: this.options_.tracking_host, trustProxy: this.options_.tracking_trust_proxy },
        this.logger_
      )
      try {
        await listener.start()
        this.trackingListener_ = listener
      } catch (e) {
        // the API still answers tracking on its own routes; say why the listener is not there
        this.logger_?.error(`Tracking listener could not listen on port ${this.options_.tracking_port}: ${(e as Error).message}`)
      }
    },
    // stop taking hits, then write the ones still waiting in memory before the process exits
    onApplicationPrepareShutdown: async () => {
      await this.trackingListener_?.stop()
      this.trackingListener_ = null
      await this.trackingWriter_.flush()
    },
  }

  getOptions(): MarketingModuleOptions {
    return this.options_
  }

  protected knex(sharedContext: Context): Knex {
    const manager: any = sharedContext.transactionManager ?? sharedContext.manager
    return manager.getTransactionContext?.() ?? manager.getKnex()
  }

  /**
   * Create or update contacts by address in set-based batches: one statement
   * per 5,000 rows however many contacts there are. Existing values are kept
   * where the input has none. With `subscribe`, new and pending contacts become
   * subscribed (with a consent record and the given topics); contacts who
   * unsubscribed, bounced or complained, and suppressed addresses, never do.
   */
  @InjectTransactionManager()
  async upsertContactsByEmail(
    rows: ContactUpsertRow[],
    options: UpsertContactsOptions,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<UpsertContactsResult> {
    const result: UpsertContactsResult = {
      created: 0,
      updated: 0,
      subscribed: 0,
      suppressed: 0,
      created_ids: [],
    }
    const knex = this.knex(sharedContext)
    const seen = new Set<string>()
    const clean: ContactUpsertRow[] = []
    for (const r of rows) {
      const email = normalizeEmail(r.email ?? "")
      if (!isValidEmail(email)) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, `"${r.email}" is not a valid email address`)
      }
      if (!seen.has(email)) {
        seen.add(email)
        clean.push({ ...r, email })
      }
    }
    const consent: ConsentContext = options.consent ?? { source: options.source }
    // The statement joins CTEs of thousands of rows that Postgres estimates at
    // ten (unnest of a parameter): left alone it picks nested loops, which
    // are quadratic here. Hash joins only, for this transaction.
    await knex.raw("SET LOCAL enable_nestloop = off")
    // ...and the disabled-node costs that setting adds would otherwise make
    // Postgres JIT-compile every batch (about a second each).
    await knex.raw("SET LOCAL jit = off")
    for (let i = 0; i < clean.length; i += UPSERT_BATCH) {
      const batch = clean.slice(i, i + UPSERT_BATCH)
      const col = (k: keyof ContactUpsertRow) => batch.map((r) => r[k] ?? null)
      const { rows: out } = await knex.raw(
        `
        WITH input AS (
          SELECT * FROM unnest(
            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
            ?::text[]
          ) AS t(id, consent_id, email, first_name, last_name, phone, locale, timezone, country_code, customer_id,
                 topic_handles)
        ),
        flagged AS (
          SELECT i.*, EXISTS (
            SELECT 1 FROM mkt_suppression s
            WHERE s.email_hash = encode(sha256(convert_to(i.email, 'UTF8')), 'hex') AND s.deleted_at IS NULL
          ) AS suppressed
          FROM input i
        ),
        up AS (
          INSERT INTO mkt_contact AS c (id, email, first_name, last_name, phone, locale, timezone, country_code,
            customer_id, status, source, subscribed_at, created_at, updated_at)
          SELECT f.id, f.email, f.first_name, f.last_name, f.phone, f.locale, f.timezone, f.country_code,
            f.customer_id,
            CASE WHEN ?::boolean AND NOT f.suppressed THEN 'subscribed' ELSE 'pending' END,
            ?, CASE WHEN ?::boolean AND NOT f.suppressed THEN now() END, now(), now()
          FROM flagged f
          ON CONFLICT (email) WHERE deleted_at IS NULL DO UPDATE SET
            first_name = COALESCE(EXCLUDED.first_name, c.first_name),
            last_name = COALESCE(EXCLUDED.last_name, c.last_name),
            phone = COALESCE(EXCLUDED.phone, c.phone),
            locale = COALESCE(EXCLUDED.locale, c.locale),
            timezone = COALESCE(EXCLUDED.timezone, c.timezone),
            country_code = COALESCE(EXCLUDED.country_code, c.country_code),
            customer_id = COALESCE(EXCLUDED.customer_id, c.customer_id),
            status = CASE WHEN c.status = 'pending' AND EXCLUDED.status = 'subscribed' THEN 'subscribed' ELSE c.status END,
            subscribed_at = CASE WHEN c.status = 'pending' AND EXCLUDED.status = 'subscribed' THEN now() ELSE c.subscribed_at END,
            updated_at = now()
          RETURNING c.id, c.email, c.status, (xmax = 0) AS inserted,
            (c.status = 'subscribed' AND c.subscribed_at = now()) AS newly_subscribed
        ),
        consent AS (
          INSERT INTO mkt_consent_event (id, contact_id, action, channel, email, topic_handle, source, ip,
            user_agent, wording, wording_version, occurred_at, created_at, updated_at)
          SELECT i.consent_id, up.id, 'granted', 'email', up.email, NULL, ?, ?, ?, ?, ?, now(), now(), now()
          FROM up JOIN input i ON i.email = up.email
          WHERE up.newly_subscribed
          RETURNING 1
        ),
        topics AS (
          INSERT INTO mkt_contact_topic (id, contact_id, topic_id, subscribed, created_at, updated_at)
          SELECT 'mctp_' || replace(gen_random_uuid()::text, '-', ''), x.contact_id, x.topic_id, true, now(), now()
          FROM (
            SELECT DISTINCT up.id AS contact_id, tp.id AS topic_id
            FROM up JOIN input i ON i.email = up.email
            CROSS JOIN LATERAL unnest(coalesce(string_to_array(i.topic_handles, ';'), '{}') || ?::text[]) AS h(handle)
            JOIN mkt_topic tp ON tp.handle = h.handle AND tp.deleted_at IS NULL
            WHERE ?::boolean AND up.status = 'subscribed'
          ) x
          ON CONFLICT (contact_id, topic_id) WHERE deleted_at IS NULL
            DO UPDATE SET subscribed = true, updated_at = now()
          RETURNING 1
        )
        SELECT up.id, up.inserted, up.newly_subscribed, f.suppressed
        FROM up JOIN flagged f ON f.email = up.email
        `,
        [
          generateIds("mcon", batch.length),
          generateIds("mcev", batch.length),
          col("email"),
          col("first_name"),
          col("last_name"),
          col("phone"),
          col("locale"),
          col("timezone"),
          col("country_code"),
          col("customer_id"),
          batch.map((r) => (r.topic_handles?.length ? r.topic_handles.join(";") : null)),
          !!options.subscribe,
          options.source,
          !!options.subscribe,
          consent.source,
          consent.ip ?? null,
          consent.user_agent ?? null,
          consent.wording ?? null,
          consent.wording_version ?? null,
          options.topic_handles ?? [],
          !!options.subscribe,
        ]
      )
      for (const r of out) {
        if (r.inserted) {
          result.created++
          result.created_ids.push(r.id)
        } else {
          result.updated++
        }
        if (r.newly_subscribed) {
          result.subscribed++
        }
        if (r.suppressed && options.subscribe) {
          result.suppressed++
        }
      }
    }
    return result
  }

  /**
   * Set a contact's preference for each topic (true = wants it). Returns the
   * handles whose value actually changed, so callers record consent only for
   * real changes.
   */
  @InjectTransactionManager()
  async setContactTopics(
    contactId: string,
    preferences: Record<string, boolean>,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ granted: string[]; withdrawn: string[] }> {
    const handles = Object.keys(preferences)
    if (!handles.length) {
      return { granted: [], withdrawn: [] }
    }
    const knex = this.knex(sharedContext)
    const { rows } = await knex.raw(
      `
      WITH wanted AS (
        SELECT t.id AS topic_id, t.handle, w.subscribed
        FROM unnest(?::text[], ?::boolean[]) AS w(handle, subscribed)
        JOIN mkt_topic t ON t.handle = w.handle AND t.deleted_at IS NULL
      ),
      before AS (
        SELECT ct.topic_id, ct.subscribed FROM mkt_contact_topic ct
        WHERE ct.contact_id = ? AND ct.deleted_at IS NULL
      ),
      up AS (
        INSERT INTO mkt_contact_topic (id, contact_id, topic_id, subscribed, created_at, updated_at)
        SELECT 'mctp_' || replace(gen_random_uuid()::text, '-', ''), ?, w.topic_id, w.subscribed, now(), now()
        FROM wanted w
        ON CONFLICT (contact_id, topic_id) WHERE deleted_at IS NULL
          DO UPDATE SET subscribed = EXCLUDED.subscribed, updated_at = now()
        RETURNING topic_id, subscribed
      )
      SELECT w.handle, w.subscribed
      FROM wanted w LEFT JOIN before b ON b.topic_id = w.topic_id
      WHERE b.subscribed IS DISTINCT FROM w.subscribed
        AND (b.topic_id IS NOT NULL OR w.subscribed)
      `,
      [handles, handles.map((h) => preferences[h]), contactId, contactId]
    )
    return {
      granted: rows.filter((r: any) => r.subscribed).map((r: any) => r.handle),
      withdrawn: rows.filter((r: any) => !r.subscribed).map((r: any) => r.handle),
    }
  }

  /**
   * A customer whose address changed keeps no link to the contact of the old
   * address: consent belongs to an address, so it does not move with them.
   */
  @InjectTransactionManager()
  async unlinkStaleCustomerContacts(
    rows: { customer_id: string; email: string }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; customer_id: string }[]> {
    if (!rows.length) {
      return []
    }
    const { rows: out } = await this.knex(sharedContext).raw(
      `UPDATE mkt_contact c SET customer_id = NULL, updated_at = now()
       FROM unnest(?::text[], ?::text[]) AS t(customer_id, email)
       WHERE c.customer_id = t.customer_id AND c.email <> t.email AND c.deleted_at IS NULL
       RETURNING c.id, t.customer_id`,
      [rows.map((r) => r.customer_id), rows.map((r) => normalizeEmail(r.email))]
    )
    return out
  }

  /** Subscribed contacts per topic, counted in one grouped query. */
  @InjectManager()
  async countTopicSubscribers(
    topicIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, number>> {
    if (!topicIds.length) {
      return {}
    }
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT ct.topic_id, count(*)::int AS n
       FROM mkt_contact_topic ct JOIN mkt_contact c ON c.id = ct.contact_id AND c.deleted_at IS NULL
       WHERE ct.topic_id = ANY(?::text[]) AND ct.subscribed AND ct.deleted_at IS NULL AND c.status = 'subscribed'
       GROUP BY ct.topic_id`,
      [topicIds]
    )
    return Object.fromEntries(rows.map((r: any) => [r.topic_id, r.n]))
  }

  /**
   * Remove contacts for good, with their topic rows and consent records, by
   * id arrays of any size (the undo of a bulk upsert: rows that never
   * should have existed). Not for GDPR requests: use eraseContact.
   */
  @InjectTransactionManager()
  async purgeContacts(ids: string[], @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const knex = this.knex(sharedContext)
    let n = 0
    for (let i = 0; i < ids.length; i += UPSERT_BATCH) {
      const batch = ids.slice(i, i + UPSERT_BATCH)
      await knex.raw(`DELETE FROM mkt_contact_topic WHERE contact_id = ANY(?::text[])`, [batch])
      await knex.raw(`DELETE FROM mkt_consent_event WHERE contact_id = ANY(?::text[])`, [batch])
      await knex.raw(`DELETE FROM mkt_segment_member WHERE contact_id = ANY(?::text[])`, [batch])
      const { rowCount } = await knex.raw(`DELETE FROM mkt_contact WHERE id = ANY(?::text[])`, [batch])
      n += rowCount ?? 0
    }
    return n
  }

  /**
   * Record orders as facts (one row per order and per line, keyed by Medusa
   * ids, so an event that arrives twice changes nothing the second time),
   * create contacts for their addresses, and recompute those contacts'
   * metrics from their facts. Returns the contacts touched.
   */
  @InjectTransactionManager()
  async recordOrderFacts(
    orders: OrderFactInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ contact_ids: string[]; orders: number; lines: number }> {
    const usable = orders.filter((o) => o.email && isValidEmail(o.email))
    if (!usable.length) {
      return { contact_ids: [], orders: 0, lines: 0 }
    }
    const knex = this.knex(sharedContext)
    await this.upsertContactsByEmail(
      usable.map((o) => ({ email: o.email, customer_id: o.customer_id ?? null })),
      { source: "order" },
      sharedContext
    )
    const emails = [...new Set(usable.map((o) => normalizeEmail(o.email)))]
    const { rows: contacts } = await knex.raw(
      `SELECT id, email FROM mkt_contact WHERE deleted_at IS NULL AND email = ANY(?::text[])`,
      [emails]
    )
    const contactByEmail = new Map<string, string>(contacts.map((c: any) => [c.email, c.id]))
    const contactOf = (o: OrderFactInput) => contactByEmail.get(normalizeEmail(o.email))!
    // an order already recorded under another address moves: its old contact's numbers change too
    const { rows: previous } = await knex.raw(
      `SELECT DISTINCT contact_id FROM mkt_order_fact WHERE deleted_at IS NULL AND order_id = ANY(?::text[])`,
      [usable.map((o) => o.order_id)]
    )

    for (let i = 0; i < usable.length; i += UPSERT_BATCH) {
      const batch = usable.slice(i, i + UPSERT_BATCH)
      await knex.raw(
        `INSERT INTO mkt_order_fact AS f (id, order_id, contact_id, customer_id, currency_code, total, raw_total,
           refunded_total, raw_refunded_total, placed_at, canceled_at, created_at, updated_at)
         SELECT t.id, t.order_id, t.contact_id, t.customer_id, t.currency_code, t.total::numeric,
           jsonb_build_object('value', t.total, 'precision', 20), t.refunded::numeric,
           jsonb_build_object('value', t.refunded, 'precision', 20), t.placed_at, t.canceled_at, now(), now()
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
           AS t(id, order_id, contact_id, customer_id, currency_code, total, refunded, placed_at, canceled_at)
         ON CONFLICT (order_id) WHERE deleted_at IS NULL DO UPDATE SET
           contact_id = EXCLUDED.contact_id, customer_id = EXCLUDED.customer_id, currency_code = EXCLUDED.currency_code,
           total = EXCLUDED.total, raw_total = EXCLUDED.raw_total, refunded_total = EXCLUDED.refunded_total,
           raw_refunded_total = EXCLUDED.raw_refunded_total, placed_at = EXCLUDED.placed_at,
           canceled_at = EXCLUDED.canceled_at, updated_at = now()`,
        [
          generateIds("mofc", batch.length),
          batch.map((o) => o.order_id),
          batch.map(contactOf),
          batch.map((o) => o.customer_id ?? null),
          batch.map((o) => o.currency_code.toLowerCase()),
          batch.map((o) => String(o.total)),
          batch.map((o) => String(o.refunded_total ?? 0)),
          batch.map((o) => toDate(o.placed_at)),
          batch.map((o) => (o.canceled_at ? toDate(o.canceled_at) : null)),
        ]
      )
    }

    const lines = usable.flatMap((o) =>
      o.lines.map((l) => ({ ...l, order: o, contact_id: contactOf(o) }))
    )
    for (let i = 0; i < lines.length; i += UPSERT_BATCH) {
      const batch = lines.slice(i, i + UPSERT_BATCH)
      await knex.raw(
        `INSERT INTO mkt_order_line_fact AS l (id, line_item_id, order_id, contact_id, product_id, variant_id,
           category_ids, collection_id, quantity, amount, raw_amount, currency_code, placed_at, canceled,
           created_at, updated_at)
         SELECT t.id, t.line_item_id, t.order_id, t.contact_id, t.product_id, t.variant_id,
           coalesce(string_to_array(t.category_ids, ','), '{}'), t.collection_id, t.quantity, t.amount::numeric,
           jsonb_build_object('value', t.amount, 'precision', 20), t.currency_code, t.placed_at, t.canceled,
           now(), now()
         FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
           ?::int[], ?::text[], ?::text[], ?::timestamptz[], ?::boolean[])
           AS t(id, line_item_id, order_id, contact_id, product_id, variant_id, category_ids, collection_id,
             quantity, amount, currency_code, placed_at, canceled)
         ON CONFLICT (line_item_id) WHERE deleted_at IS NULL DO UPDATE SET
           contact_id = EXCLUDED.contact_id, quantity = EXCLUDED.quantity, amount = EXCLUDED.amount,
           raw_amount = EXCLUDED.raw_amount, canceled = EXCLUDED.canceled, updated_at = now()`,
        [
          generateIds("molf", batch.length),
          batch.map((l) => l.line_item_id),
          batch.map((l) => l.order.order_id),
          batch.map((l) => l.contact_id),
          batch.map((l) => l.product_id ?? null),
          batch.map((l) => l.variant_id ?? null),
          batch.map((l) => (l.category_ids?.length ? l.category_ids.join(",") : null)),
          batch.map((l) => l.collection_id ?? null),
          batch.map((l) => l.quantity),
          batch.map((l) => String(l.amount)),
          batch.map((l) => l.order.currency_code.toLowerCase()),
          batch.map((l) => toDate(l.order.placed_at)),
          batch.map((l) => !!l.order.canceled_at),
        ]
      )
    }
    // the category facts mirror the orders' lines (see Migration20261123170000)
    for (let i = 0; i < usable.length; i += UPSERT_BATCH) {
      const ids = usable.slice(i, i + UPSERT_BATCH).map((o) => o.order_id)
      await knex.raw(`DELETE FROM mkt_order_category_fact WHERE order_id = ANY(?::text[])`, [ids])
      await knex.raw(
        `INSERT INTO mkt_order_category_fact (order_id, category_id, contact_id, placed_at, canceled)
         SELECT DISTINCT ON (l.order_id, k.category_id) l.order_id, k.category_id, l.contact_id, l.placed_at, l.canceled
         FROM mkt_order_line_fact l CROSS JOIN LATERAL unnest(l.category_ids) AS k(category_id)
         WHERE l.order_id = ANY(?::text[]) AND l.deleted_at IS NULL
         ON CONFLICT DO NOTHING`,
        [ids]
      )
    }
    const contactIds = [...new Set(usable.map(contactOf))]
    const touched = [...new Set([...contactIds, ...previous.map((r: { contact_id: string }) => r.contact_id)])]
    // the collection summary (see Migration20261124120000) of every contact whose lines changed
    for (let i = 0; i < touched.length; i += UPSERT_BATCH) {
      const ids = touched.slice(i, i + UPSERT_BATCH)
      await knex.raw(refreshContactCollectionsSql("?::text[]"), [ids, ids])
    }
    await this.recomputeContactMetrics(touched, sharedContext)
    return { contact_ids: contactIds, orders: usable.length, lines: lines.length }
  }

  /**
   * Commerce metrics of the given contacts, recomputed from their order
   * facts in one statement. Money is counted in the contact's main currency
   * (the one most of their orders are in); canceled orders and refunds are
   * left out of what they spent.
   */
  @InjectTransactionManager()
  async recomputeContactMetrics(contactIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<void> {
    const knex = this.knex(sharedContext)
    for (let i = 0; i < contactIds.length; i += UPSERT_BATCH) {
      await knex.raw(
        `WITH s AS (
           SELECT x.id AS contact_id, cur.currency_code,
             count(f.id) FILTER (WHERE f.canceled_at IS NULL) AS orders_count,
             count(f.id) FILTER (WHERE f.canceled_at IS NULL AND f.currency_code = cur.currency_code) AS n_cur,
             coalesce(sum(f.total - f.refunded_total)
               FILTER (WHERE f.canceled_at IS NULL AND f.currency_code = cur.currency_code), 0) AS total_spent,
             coalesce(sum(f.refunded_total) FILTER (WHERE f.currency_code = cur.currency_code), 0) AS refunded_total,
             min(f.placed_at) FILTER (WHERE f.canceled_at IS NULL) AS first_order_at,
             max(f.placed_at) FILTER (WHERE f.canceled_at IS NULL) AS last_order_at
           FROM unnest(?::text[]) AS x(id)
           LEFT JOIN LATERAL (
             SELECT o.currency_code FROM mkt_order_fact o
             WHERE o.contact_id = x.id AND o.deleted_at IS NULL AND o.canceled_at IS NULL
             GROUP BY o.currency_code ORDER BY count(*) DESC, o.currency_code LIMIT 1
           ) cur ON true
           LEFT JOIN mkt_order_fact f ON f.contact_id = x.id AND f.deleted_at IS NULL
           GROUP BY x.id, cur.currency_code
         ),
         m AS (
           SELECT s.*, CASE WHEN s.n_cur > 0 THEN round(s.total_spent / s.n_cur, 2) ELSE 0 END AS avg_order_value
           FROM s
         )
         UPDATE mkt_contact c SET
           ${contactMetricsSet("m")}
         FROM m WHERE c.id = m.contact_id AND ${contactMetricsChanged("m")}`,
        [contactIds.slice(i, i + UPSERT_BATCH)]
      )
    }
  }

  /**
   * Score every contact with orders 1-5 on recency, frequency and monetary
   * value (quintiles over the store's own data by percent rank, so ties
   * share a score; money ranked within each currency) and assign the RFM
   * group, in one statement. Contacts without orders are cleared. Only
   * rows whose scores change are written (rfm_scored_at: when they last
   * changed), so a nightly run over a stable store rewrites little.
   */
  @InjectTransactionManager()
  async scoreRfm(
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ scored: number; changed: number; groups: Record<string, number> }> {
    const knex = this.knex(sharedContext)
    const grid = rfmGrid()
    await knex.raw(
      `UPDATE mkt_contact SET rfm_recency = NULL, rfm_frequency = NULL, rfm_monetary = NULL, rfm_group = NULL,
         spend_percentile = NULL, rfm_scored_at = now()
       WHERE deleted_at IS NULL AND orders_count = 0 AND rfm_group IS NOT NULL`
    )
    const { rowCount } = await knex.raw(
      `WITH ranked AS (
         SELECT id,
           least(5, floor(percent_rank() OVER (ORDER BY last_order_at) * 5)::int + 1) AS r,
           least(5, floor(percent_rank() OVER (ORDER BY orders_count) * 5)::int + 1) AS f,
           least(5, floor(percent_rank() OVER (PARTITION BY currency_code ORDER BY total_spent) * 5)::int + 1) AS m,
           ceil(cume_dist() OVER (PARTITION BY currency_code ORDER BY total_spent) * 100)::int AS p
         FROM mkt_contact
         WHERE deleted_at IS NULL AND orders_count > 0
       ),
       grid AS (
         SELECT * FROM unnest(?::int[], ?::int[], ?::text[]) AS g(r, f, grp)
       )
       UPDATE mkt_contact c SET rfm_recency = ranked.r, rfm_frequency = ranked.f, rfm_monetary = ranked.m,
         rfm_group = grid.grp, spend_percentile = ranked.p, rfm_scored_at = now()
       FROM ranked JOIN grid ON grid.r = ranked.r AND grid.f = ranked.f
       WHERE c.id = ranked.id
         AND (c.rfm_recency, c.rfm_frequency, c.rfm_monetary, c.rfm_group, c.spend_percentile)
           IS DISTINCT FROM (ranked.r, ranked.f, ranked.m, grid.grp, ranked.p)`,
      [grid.map((g) => g.recency), grid.map((g) => g.frequency), grid.map((g) => g.group)]
    )
    const { rows } = await knex.raw(
      `SELECT rfm_group, count(*)::int AS n FROM mkt_contact
       WHERE deleted_at IS NULL AND rfm_group IS NOT NULL GROUP BY rfm_group`
    )
    const groups: Record<string, number> = Object.fromEntries(rows.map((r: any) => [r.rfm_group, r.n]))
    return { scored: Object.values(groups).reduce((a, b) => a + b, 0), changed: rowCount ?? 0, groups }
  }

  /** Mirror account and customer groups from customers onto their contacts. */
  @InjectTransactionManager()
  async setCustomerAttributes(
    rows: { customer_id: string; has_account: boolean; customer_group_ids: string[] }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    const knex = this.knex(sharedContext)
    for (let i = 0; i < rows.length; i += UPSERT_BATCH) {
      const batch = rows.slice(i, i + UPSERT_BATCH)
      await knex.raw(
        `UPDATE mkt_contact c SET has_account = t.has_account,
           customer_group_ids = coalesce(string_to_array(t.groups, ','), '{}'), updated_at = now()
         FROM unnest(?::text[], ?::boolean[], ?::text[]) AS t(customer_id, has_account, groups)
         WHERE c.customer_id = t.customer_id AND c.deleted_at IS NULL
           AND (c.has_account IS DISTINCT FROM t.has_account
             OR c.customer_group_ids IS DISTINCT FROM coalesce(string_to_array(t.groups, ','), '{}'))`,
        [
          batch.map((r) => r.customer_id),
          batch.map((r) => r.has_account),
          batch.map((r) => (r.customer_group_ids.length ? [...r.customer_group_ids].sort().join(",") : null)),
        ]
      )
    }
  }

  /**
   * Record carts that carry an address (creating a contact for a new one,
   * source "cart"), keyed by cart id so a replayed event changes nothing.
   */
  @InjectTransactionManager()
  async recordCartFacts(
    carts: CartFactInput[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ carts: number }> {
    const usable = carts.filter((c) => c.email && isValidEmail(c.email))
    if (!usable.length) {
      return { carts: 0 }
    }
    await this.upsertContactsByEmail(
      usable.map((c) => ({ email: c.email, customer_id: c.customer_id ?? null })),
      { source: "cart" },
      sharedContext
    )
    const knex = this.knex(sharedContext)
    for (let i = 0; i < usable.length; i += UPSERT_BATCH) {
      const batch = usable.slice(i, i + UPSERT_BATCH)
      await knex.raw(
        `INSERT INTO mkt_cart_fact AS f (id, cart_id, contact_id, items_count, subtotal, raw_subtotal, currency_code,
           cart_updated_at, completed_at, created_at, updated_at)
         SELECT t.id, t.cart_id, c.id, t.items_count, t.subtotal::numeric,
           jsonb_build_object('value', t.subtotal, 'precision', 20), t.currency_code, t.cart_updated_at,
           t.completed_at, now(), now()
         FROM unnest(?::text[], ?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[])
           AS t(id, cart_id, email, items_count, subtotal, currency_code, cart_updated_at, completed_at)
         JOIN mkt_contact c ON c.email = t.email AND c.deleted_at IS NULL
         ON CONFLICT (cart_id) WHERE deleted_at IS NULL DO UPDATE SET
           contact_id = EXCLUDED.contact_id, items_count = EXCLUDED.items_count, subtotal = EXCLUDED.subtotal,
           raw_subtotal = EXCLUDED.raw_subtotal, currency_code = EXCLUDED.currency_code,
           cart_updated_at = EXCLUDED.cart_updated_at, completed_at = EXCLUDED.completed_at, updated_at = now()
         WHERE f.cart_updated_at <= EXCLUDED.cart_updated_at OR EXCLUDED.completed_at IS NOT NULL`,
        [
          generateIds("mcrt", batch.length),
          batch.map((c) => c.cart_id),
          batch.map((c) => normalizeEmail(c.email)),
          batch.map((c) => c.items_count),
          batch.map((c) => String(c.subtotal)),
          batch.map((c) => c.currency_code.toLowerCase()),
          batch.map((c) => toDate(c.updated_at)),
          batch.map((c) => (c.completed_at ? toDate(c.completed_at) : null)),
        ]
      )
    }
    return { carts: usable.length }
  }

  /** Hashes of the given addresses that are on the suppression list. */
  @InjectManager()
  async findSuppressed(emails: string[], @MedusaContext() sharedContext: Context = {}): Promise<Set<string>> {
    if (!emails.length) {
      return new Set()
    }
    const hashes = emails.map(hashEmail)
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT email_hash FROM mkt_suppression WHERE deleted_at IS NULL AND email_hash = ANY(?::text[])`,
      [hashes]
    )
    return new Set(rows.map((r: any) => r.email_hash))
  }

  /**
   * Add addresses to the suppression list; an address already there keeps its
   * first reason. Returns the rows this call created.
   */
  @InjectTransactionManager()
  async suppress(
    entries: { email: string | null; email_hash?: string; reason: string; source?: string | null; note?: string | null }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; email_hash: string }[]> {
    if (!entries.length) {
      return []
    }
    const { rows } = await this.knex(sharedContext).raw(
      `
      INSERT INTO mkt_suppression (id, email, email_hash, reason, source, note, created_at, updated_at)
      SELECT * , now(), now() FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[])
      ON CONFLICT (email_hash) WHERE deleted_at IS NULL DO NOTHING
      RETURNING id, email_hash
      `,
      [
        generateIds("msup", entries.length),
        entries.map((e) => (e.email ? normalizeEmail(e.email) : null)),
        entries.map((e) => e.email_hash ?? hashEmail(e.email!)),
        entries.map((e) => e.reason),
        entries.map((e) => e.source ?? null),
        entries.map((e) => e.note ?? null),
      ]
    )
    return rows
  }

  /**
   * GDPR erasure: blank every personal field of the contact and of its
   * consent records, drop its topic rows, and keep only the address hash on
   * the suppression list so it is never emailed again. Irreversible.
   */
  @InjectTransactionManager()
  async eraseContact(contactId: string, @MedusaContext() sharedContext: Context = {}): Promise<{ email_hash: string }> {
    const knex = this.knex(sharedContext)
    const { rows } = await knex.raw(
      `SELECT id, email FROM mkt_contact WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [contactId]
    )
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Contact ${contactId} was not found`)
    }
    const emailHash = hashEmail(rows[0].email)
    await knex.raw(
      `INSERT INTO mkt_suppression (id, email, email_hash, reason, source, created_at, updated_at)
       VALUES (?, NULL, ?, 'erased', 'gdpr', now(), now())
       ON CONFLICT (email_hash) WHERE deleted_at IS NULL DO NOTHING`,
      [generateEntityId(undefined, "msup"), emailHash]
    )
    // every row for this address, live or soft-deleted, forgets the address itself
    await knex.raw(`UPDATE mkt_suppression SET email = NULL, updated_at = now() WHERE email_hash = ?`, [emailHash])
    await knex.raw(
      `UPDATE mkt_consent_event SET email = NULL, ip = NULL, user_agent = NULL, updated_at = now() WHERE contact_id = ?`,
      [contactId]
    )
    await knex.raw(`DELETE FROM mkt_contact_topic WHERE contact_id = ?`, [contactId])
    await knex.raw(`DELETE FROM mkt_segment_member WHERE contact_id = ?`, [contactId])
    await knex.raw(
      `UPDATE mkt_contact SET email = ?, first_name = NULL, last_name = NULL, phone = NULL, locale = NULL,
         timezone = NULL, country_code = NULL, customer_id = NULL, metadata = NULL, status = 'cleaned',
         erased_at = now(), updated_at = now()
       WHERE id = ?`,
      [`erased+${contactId}@erased.invalid`, contactId]
    )
    return { email_hash: emailHash }
  }

  /**
   * Every contact's commerce metrics from all facts in one set-based pass
   * (a backfill's or a benchmark's rebuild: one hash aggregate over the facts
   * instead of a lookup per contact). Rows whose metrics did not change are
   * not rewritten. Returns the contacts updated.
   */
  @InjectTransactionManager()
  async recomputeAllContactMetrics(@MedusaContext() sharedContext: Context = {}): Promise<number> {
    const knex = this.knex(sharedContext)
    const { rowCount } = await knex.raw(
      `WITH per_currency AS (
         SELECT contact_id, currency_code, count(*) AS n FROM mkt_order_fact
         WHERE deleted_at IS NULL AND canceled_at IS NULL GROUP BY contact_id, currency_code
       ),
       cur AS (
         SELECT DISTINCT ON (contact_id) contact_id, currency_code FROM per_currency
         ORDER BY contact_id, n DESC, currency_code
       ),
       s AS (
         SELECT f.contact_id, cur.currency_code,
           count(*) FILTER (WHERE f.canceled_at IS NULL) AS orders_count,
           count(*) FILTER (WHERE f.canceled_at IS NULL AND f.currency_code = cur.currency_code) AS n_cur,
           coalesce(sum(f.total - f.refunded_total)
             FILTER (WHERE f.canceled_at IS NULL AND f.currency_code = cur.currency_code), 0) AS total_spent,
           coalesce(sum(f.refunded_total) FILTER (WHERE f.currency_code = cur.currency_code), 0) AS refunded_total,
           min(f.placed_at) FILTER (WHERE f.canceled_at IS NULL) AS first_order_at,
           max(f.placed_at) FILTER (WHERE f.canceled_at IS NULL) AS last_order_at
         FROM mkt_order_fact f LEFT JOIN cur ON cur.contact_id = f.contact_id
         WHERE f.deleted_at IS NULL
         GROUP BY f.contact_id, cur.currency_code
       ),
       m AS (
         SELECT s.*, CASE WHEN s.n_cur > 0 THEN round(s.total_spent / s.n_cur, 2) ELSE 0 END AS avg_order_value
         FROM s
       ),
       target AS (
         SELECT c.id, coalesce(m.orders_count, 0) AS orders_count, coalesce(m.total_spent, 0) AS total_spent,
           coalesce(m.avg_order_value, 0) AS avg_order_value, coalesce(m.refunded_total, 0) AS refunded_total,
           m.currency_code, m.first_order_at, m.last_order_at
         FROM mkt_contact c LEFT JOIN m ON m.contact_id = c.id
         WHERE c.deleted_at IS NULL AND (m.contact_id IS NOT NULL OR c.orders_count <> 0 OR c.total_spent <> 0
           OR c.refunded_total <> 0 OR c.currency_code IS NOT NULL)
       )
       UPDATE mkt_contact c SET
         ${contactMetricsSet("t")}
       FROM target t
       WHERE c.id = t.id AND ${contactMetricsChanged("t")}`
    )
    return rowCount ?? 0
  }

  /**
   * Of these orders (as Medusa has them now), the ones whose facts are
   * missing or older than the order: never recorded, updated since they
   * were recorded, or canceled on one side only.
   */
  @InjectManager()
  async findOrderFactDrift(
    orders: { order_id: string; updated_at: Date | string; canceled: boolean }[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string[]> {
    if (!orders.length) {
      return []
    }
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT t.order_id
       FROM unnest(?::text[], ?::timestamptz[], ?::boolean[]) AS t(order_id, updated_at, canceled)
       LEFT JOIN mkt_order_fact f ON f.order_id = t.order_id AND f.deleted_at IS NULL
       WHERE f.id IS NULL OR f.updated_at < t.updated_at OR (f.canceled_at IS NOT NULL) <> t.canceled`,
      [orders.map((o) => o.order_id), orders.map((o) => toDate(o.updated_at)), orders.map((o) => o.canceled)]
    )
    return rows.map((r: any) => r.order_id)
  }

  // ---------------------------------------------------------------- segments

  /**
   * Every live segment's rules as the compiler's resolver sees them: a
   * static segment resolves to an empty tree (its members are a list).
   */
  protected async segmentResolver_(knex: Knex): Promise<(id: string) => unknown> {
    const { rows } = await knex.raw(`SELECT id, type, rules FROM mkt_segment WHERE deleted_at IS NULL`)
    const map = new Map<string, unknown>(
      rows.map((r: any) => [r.id, r.type === "static" ? { all: [] } : r.rules ?? { all: [] }])
    )
    return (id: string) => map.get(id) ?? null
  }

  /**
   * Compile rules for this store: validated (paths named in a 400), segment
   * references resolved and checked for cycles, relative dates resolved
   * against `now`, and rewritten for knex.
   */
  protected async compileSegment_(
    knex: Knex,
    rules: unknown,
    options: SegmentEvalOptions
  ): Promise<CompiledSegmentForKnex> {
    const resolveSegment = await this.segmentResolver_(knex)
    try {
      const { sql, params, from, alternatives } = compileSegmentPredicate(rules, {
        now: options.now ?? new Date(),
        currency: options.currency ?? null,
        segmentId: options.segment_id,
        resolveSegment,
      })
      return { ...toKnexRaw(sql, params), from, alternatives }
    } catch (e) {
      if (e instanceof SegmentRulesError) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
      }
      throw e
    }
  }

  /**
   * The contacts a compiled predicate should read, `FROM ... WHERE ...`:
   * where it could read either mkt_contact or its narrow copy, the one
   * Postgres estimates cheaper for it (an EXPLAIN each, a few ms), under the
   * caller's session settings. See contactSources in src/lib/segments.
   */
  protected async cheapestContacts_(knex: Knex, compiled: CompiledSegmentForKnex): Promise<string> {
    const { sql, bindings, from, alternatives } = compiled
    let best = from
    let bestCost = Infinity
    for (const candidate of alternatives.length ? [from, ...alternatives] : []) {
      const { rows } = await knex.raw(`EXPLAIN (FORMAT JSON) SELECT count(*) ${candidate} AND (${sql})`, bindings)
      const cost = Number(rows[0]["QUERY PLAN"][0].Plan["Total Cost"])
      if (cost < bestCost) {
        best = candidate
        bestCost = cost
      }
    }
    return best
  }

  /**
   * Check rules as they would be saved: the tree, every value, and references
   * to this store's segments (they must exist and form no cycle with
   * `segment_id`). Throws a 400-type MedusaError naming the paths.
   */
  @InjectManager()
  async assertSegmentRules(
    rules: unknown,
    segmentId?: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<void> {
    await this.compileSegment_(this.knex(sharedContext), rules, { segment_id: segmentId })
  }

  /**
   * Settings for the big read-only aggregates (segments, analytics), for the
   * current transaction only. JIT compiles a plan's expressions when its
   * estimated cost is high, which counts over a million rows always are: it
   * cost 1.3 s of a 5.5 s segment count and 2.5 s of a 4.8 s analytics
   * overview in the benchmarks and never paid for itself. Their sorts and
   * hashes stay in memory (the 4 MB default spilled 10 MB sorts to disk).
   */
  protected async aggregateSession_(knex: Knex): Promise<void> {
    await knex.raw(`SET LOCAL jit = off`)
    await knex.raw(`SET LOCAL work_mem = '64MB'`)
  }

  /** Run a segment query with a time limit (so no rule tree can hold a connection for long) and the aggregate settings. */
  protected async withSegmentTimeout_<T>(knex: Knex, run: () => Promise<T>): Promise<T> {
    await knex.raw(`SET LOCAL statement_timeout = ${SEGMENT_STATEMENT_TIMEOUT_MS}`)
    await this.aggregateSession_(knex)
    // planned for SSD-class storage (Postgres' default of 4 assumes spinning
    // disks): at 4 the planner reads all 8.5M line facts in parallel rather
    // than the category index's bitmap, 2.1 s instead of 0.12 s
    await knex.raw(`SET LOCAL random_page_cost = ${SEGMENT_RANDOM_PAGE_COST}`)
    try {
      return await run()
    } catch (e: any) {
      if (e?.code === "57014") {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `The segment took longer than ${SEGMENT_STATEMENT_TIMEOUT_MS / 1000} s to evaluate; narrow its conditions`
        )
      }
      throw e
    }
  }

  /**
   * Count and first page of the contacts matching rules that need not be
   * saved: the rule builder's live preview. One COUNT and one page query,
   * both the compiled predicate over mkt_contact.
   */
  @InjectTransactionManager()
  async previewSegment(
    rules: unknown,
    options: SegmentEvalOptions & { limit?: number; offset?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SegmentPreview> {
    const knex = this.knex(sharedContext)
    const started = performance.now()
    const compiled = await this.compileSegment_(knex, rules, options)
    const { sql, bindings } = compiled
    const limit = options.limit ?? 20
    const offset = options.offset ?? 0
    return await this.withSegmentTimeout_(knex, async () => {
      const from = await this.cheapestContacts_(knex, compiled)
      const { rows: countRows } = await knex.raw(
        `SELECT count(*)::int AS n ${from} AND (${sql})`,
        bindings
      )
      const count_ms = Math.round((performance.now() - started) * 10) / 10
      const contacts =
        limit > 0
          ? (
              await knex.raw(
                `SELECT ${SEGMENT_CONTACT_COLUMNS} FROM mkt_contact c WHERE c.deleted_at IS NULL AND (${sql})
                 ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`,
                [...bindings, limit, offset]
              )
            ).rows
          : []
      return {
        count: countRows[0].n,
        contacts,
        count_ms,
        duration_ms: Math.round((performance.now() - started) * 10) / 10,
        evaluated_at: new Date(),
      }
    })
  }

  /** How many contacts match rules now (the benchmark's and the count cache's query). */
  @InjectTransactionManager()
  async countSegmentRules(
    rules: unknown,
    options: SegmentEvalOptions = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const knex = this.knex(sharedContext)
    const compiled = await this.compileSegment_(knex, rules, options)
    const { sql, bindings } = compiled
    return await this.withSegmentTimeout_(knex, async () => {
      const from = await this.cheapestContacts_(knex, compiled)
      const { rows } = await knex.raw(
        `SELECT count(*)::int AS n ${from} AND (${sql})`,
        bindings
      )
      return rows[0].n
    })
  }

  /**
   * Bring a segment's membership up to date in one statement: contacts who
   * now match and are not members enter (a new row), members who no longer
   * match leave (their row gets deleted_at), everyone else is untouched. A
   * static segment only has its count refreshed. Refreshes of one segment
   * are serialized by a row lock.
   */
  @InjectTransactionManager()
  async refreshSegmentMembers(
    segmentId: string,
    options: { now?: Date } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SegmentRefreshResult> {
    const knex = this.knex(sharedContext)
    const started = performance.now()
    const { rows } = await knex.raw(
      `SELECT id, type, rules FROM mkt_segment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [segmentId]
    )
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${segmentId} was not found`)
    }
    const segment = rows[0]
    let entered = 0
    let left = 0
    let count: number
    if (segment.type === "static") {
      count = await this.countStaticMembers_(knex, segmentId)
    } else {
      const compiled = await this.compileSegment_(knex, segment.rules, {
        now: options.now,
        segment_id: segmentId,
      })
      // hash anti-joins both ways: with statistics from a small or empty
      // member table the planner picks nested loops, quadratic in the members
      // (34 s instead of 1.3 s for 63k members in the benchmark)
      await knex.raw(`SET LOCAL enable_nestloop = off`)
      const { sql, bindings } = compiled
      const { rows: out } = await this.withSegmentTimeout_<any>(knex, async () =>
        knex.raw(
          `WITH target AS MATERIALIZED (
             SELECT c.id ${await this.cheapestContacts_(knex, compiled)} AND (${sql})
           ),
           gone AS (
             UPDATE mkt_segment_member m SET deleted_at = now(), updated_at = now()
             WHERE m.segment_id = ? AND m.deleted_at IS NULL
               AND NOT EXISTS (SELECT 1 FROM target t WHERE t.id = m.contact_id)
             RETURNING 1
           ),
           came AS (
             INSERT INTO mkt_segment_member (id, segment_id, contact_id, source, created_at, updated_at)
             SELECT 'msm_' || replace(gen_random_uuid()::text, '-', ''), ?, t.id, 'rule', now(), now()
             FROM target t
             WHERE NOT EXISTS (
               SELECT 1 FROM mkt_segment_member m
               WHERE m.segment_id = ? AND m.contact_id = t.id AND m.deleted_at IS NULL
             )
             RETURNING 1
           )
           SELECT (SELECT count(*) FROM target)::int AS count, (SELECT count(*) FROM came)::int AS entered,
             (SELECT count(*) FROM gone)::int AS left`,
          [...bindings, segmentId, segmentId, segmentId]
        )
      )
      ;({ count, entered, left } = out[0])
      if (entered + left >= SEGMENT_ANALYZE_AFTER_CHANGES) {
        // the next refresh's anti-joins are planned from these statistics;
        // stale after a large change, they can turn seconds into minutes
        await knex.raw(`ANALYZE mkt_segment_member`)
      }
    }
    const duration_ms = Math.round(performance.now() - started)
    await knex.raw(
      `UPDATE mkt_segment SET member_count = ?, count_computed_at = now(), refreshed_at = now(),
         refresh_duration_ms = ?, last_entered_count = ?, last_left_count = ?, refresh_error = NULL,
         updated_at = now()
       WHERE id = ?`,
      [count, duration_ms, entered, left, segmentId]
    )
    return { segment_id: segmentId, count, entered, left, duration_ms }
  }

  /** Record why a segment could not be refreshed, for the admin to see. */
  @InjectTransactionManager()
  async markSegmentRefreshFailed(segmentId: string, error: string, @MedusaContext() sharedContext: Context = {}) {
    await this.knex(sharedContext).raw(`UPDATE mkt_segment SET refresh_error = ?, updated_at = now() WHERE id = ?`, [
      error.slice(0, 1000),
      segmentId,
    ])
  }

  protected async countStaticMembers_(knex: Knex, segmentId: string): Promise<number> {
    const { rows } = await knex.raw(
      `SELECT count(*)::int AS n FROM mkt_segment_member m JOIN mkt_contact c ON c.id = m.contact_id AND c.deleted_at IS NULL
       WHERE m.segment_id = ? AND m.deleted_at IS NULL`,
      [segmentId]
    )
    return rows[0].n
  }

  /** The live dynamic segments in refresh order: a segment after the segments it refers to. */
  @InjectManager()
  async listSegmentsInRefreshOrder(@MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT id, rules FROM mkt_segment WHERE deleted_at IS NULL AND type = 'dynamic' ORDER BY created_at, id`
    )
    return segmentRefreshOrder(rows.map((r: any) => ({ id: r.id, refs: collectSegmentReferences(r.rules) })))
  }

  /**
   * Add contacts to a static segment (ids that are not live contacts are
   * returned as not found; existing members are left as they are).
   */
  @InjectTransactionManager()
  async addStaticSegmentMembers(
    segmentId: string,
    contactIds: string[],
    source: "manual" | "import" = "manual",
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ added: number; added_ids: string[]; already_members: number; not_found: string[]; count: number }> {
    return await this.addStaticMembersBy_(this.knex(sharedContext), segmentId, "id", contactIds, source)
  }

  /** addStaticSegmentMembers by (normalized) address; unknown addresses come back as not found. */
  @InjectTransactionManager()
  async addStaticSegmentMembersByEmail(
    segmentId: string,
    emails: string[],
    source: "manual" | "import" = "import",
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ added: number; added_ids: string[]; already_members: number; not_found: string[]; count: number }> {
    return await this.addStaticMembersBy_(this.knex(sharedContext), segmentId, "email", emails.map(normalizeEmail), source)
  }

  protected async addStaticMembersBy_(
    knex: Knex,
    segmentId: string,
    by: "id" | "email",
    keys: string[],
    source: "manual" | "import"
  ) {
    await this.lockStaticSegment_(knex, segmentId)
    const unique = [...new Set(keys)]
    const addedIds: string[] = []
    const found = new Set<string>()
    for (let i = 0; i < unique.length; i += UPSERT_BATCH) {
      const batch = unique.slice(i, i + UPSERT_BATCH)
      const { rows } = await knex.raw(
        `WITH live AS (
           SELECT c.id, c.${by} AS key FROM mkt_contact c WHERE c.${by} = ANY(?::text[]) AND c.deleted_at IS NULL
         ),
         ins AS (
           INSERT INTO mkt_segment_member (id, segment_id, contact_id, source, created_at, updated_at)
           SELECT 'msm_' || replace(gen_random_uuid()::text, '-', ''), ?, live.id, ?, now(), now() FROM live
           ON CONFLICT (segment_id, contact_id) WHERE deleted_at IS NULL DO NOTHING
           RETURNING contact_id
         )
         SELECT (SELECT array_agg(key) FROM live) AS found, (SELECT array_agg(contact_id) FROM ins) AS added`,
        [batch, segmentId, source]
      )
      addedIds.push(...(rows[0].added ?? []))
      for (const id of rows[0].found ?? []) {
        found.add(id)
      }
    }
    const count = await this.updateStaticCount_(knex, segmentId)
    return {
      added: addedIds.length,
      added_ids: addedIds,
      already_members: found.size - addedIds.length,
      not_found: unique.filter((key) => !found.has(key)),
      count,
    }
  }

  /** Remove contacts from a static segment (their membership rows record when they left). */
  @InjectTransactionManager()
  async removeStaticSegmentMembers(
    segmentId: string,
    contactIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ removed: number; removed_ids: string[]; count: number }> {
    const knex = this.knex(sharedContext)
    await this.lockStaticSegment_(knex, segmentId)
    const removedIds: string[] = []
    for (let i = 0; i < contactIds.length; i += UPSERT_BATCH) {
      const { rows } = await knex.raw(
        `UPDATE mkt_segment_member SET deleted_at = now(), updated_at = now()
         WHERE segment_id = ? AND contact_id = ANY(?::text[]) AND deleted_at IS NULL
         RETURNING contact_id`,
        [segmentId, contactIds.slice(i, i + UPSERT_BATCH)]
      )
      removedIds.push(...rows.map((r: any) => r.contact_id))
    }
    return {
      removed: removedIds.length,
      removed_ids: removedIds,
      count: await this.updateStaticCount_(knex, segmentId),
    }
  }

  protected async lockStaticSegment_(knex: Knex, segmentId: string) {
    const { rows } = await knex.raw(`SELECT type FROM mkt_segment WHERE id = ? AND deleted_at IS NULL FOR UPDATE`, [
      segmentId,
    ])
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${segmentId} was not found`)
    }
    if (rows[0].type !== "static") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Segment ${segmentId} is dynamic: its members come from its rules, so they cannot be added or removed by hand`
      )
    }
  }

  protected async updateStaticCount_(knex: Knex, segmentId: string): Promise<number> {
    const count = await this.countStaticMembers_(knex, segmentId)
    await knex.raw(
      `UPDATE mkt_segment SET member_count = ?, count_computed_at = now(), updated_at = now() WHERE id = ?`,
      [count, segmentId]
    )
    return count
  }

  /** A page of a segment's current members (live contacts), newest members first. */
  @InjectManager()
  async listSegmentContacts(
    segmentId: string,
    page: { limit: number; offset: number; q?: string },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ contacts: Record<string, unknown>[]; count: number }> {
    const knex = this.knex(sharedContext)
    const base = knex("mkt_segment_member as m")
      .join("mkt_contact as c", function (this: any) {
        this.on("c.id", "m.contact_id").andOnNull("c.deleted_at")
      })
      .where("m.segment_id", segmentId)
      .whereNull("m.deleted_at")
    if (page.q) {
      const like = `%${page.q.replace(/[\\%_]/g, (m) => "\\" + m)}%`
      base.where((w: any) =>
        w.whereILike("c.email", like).orWhereILike("c.first_name", like).orWhereILike("c.last_name", like)
      )
    }
    const [{ n }] = await base.clone().count({ n: "*" })
    const contacts = await base
      .clone()
      .select(knex.raw(SEGMENT_CONTACT_COLUMNS), "m.created_at as entered_at", "m.source as member_source")
      .orderBy([
        { column: "m.created_at", order: "desc" },
        { column: "m.id", order: "desc" },
      ])
      .limit(page.limit)
      .offset(page.offset)
    return { contacts, count: Number(n) }
  }

  /** Who entered and left a segment since a time (for flows triggered by segment changes). */
  @InjectManager()
  async listSegmentChanges(
    segmentId: string,
    since: Date,
    limit = 1000,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ entered: string[]; left: string[] }> {
    const knex = this.knex(sharedContext)
    const { rows: entered } = await knex.raw(
      `SELECT contact_id FROM mkt_segment_member WHERE segment_id = ? AND deleted_at IS NULL AND created_at > ?
       ORDER BY created_at LIMIT ?`,
      [segmentId, since.toISOString(), limit]
    )
    const { rows: left } = await knex.raw(
      `SELECT contact_id FROM mkt_segment_member WHERE segment_id = ? AND deleted_at IS NOT NULL AND deleted_at > ?
       ORDER BY deleted_at LIMIT ?`,
      [segmentId, since.toISOString(), limit]
    )
    return { entered: entered.map((r: any) => r.contact_id), left: left.map((r: any) => r.contact_id) }
  }

  /** Drop a segment's membership rows for good (the segment is being deleted). */
  @InjectTransactionManager()
  async purgeSegmentMembers(segmentIds: string[], @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const { rowCount } = await this.knex(sharedContext).raw(
      `DELETE FROM mkt_segment_member WHERE segment_id = ANY(?::text[])`,
      [segmentIds]
    )
    return rowCount ?? 0
  }

  /** The live segments whose rules refer to any of these segments. */
  @InjectManager()
  async findSegmentsReferencing(
    segmentIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ id: string; name: string; refers_to: string[] }[]> {
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT id, name, rules FROM mkt_segment WHERE deleted_at IS NULL AND type = 'dynamic' AND NOT (id = ANY(?::text[]))`,
      [segmentIds]
    )
    const wanted = new Set(segmentIds)
    return rows
      .map((r: any) => ({ id: r.id, name: r.name, refers_to: collectSegmentReferences(r.rules).filter((x) => wanted.has(x)) }))
      .filter((r: any) => r.refers_to.length > 0)
  }


  // ---------------------------------------------------------------- campaigns

  /** Who an audience would reach now, and why the rest would be left out (segment snapshots, one query). */
  @InjectManager()
  async estimateCampaignAudience(
    spec: AudienceSpec,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AudienceEstimate & { evaluated_ms: number }> {
    const started = performance.now()
    const estimate = await estimateAudience(this.knex(sharedContext), spec)
    return { ...estimate, evaluated_ms: Math.round((performance.now() - started) * 10) / 10 }
  }

  /**
   * Move a campaign through its lifecycle under a row lock: the transition is
   * checked (src/lib/campaigns/lifecycle.ts), `patch` is written with the new
   * status, and the change is recorded in mkt_campaign_transition. Returns
   * the status it had, for compensation.
   */
  @InjectTransactionManager()
  async transitionCampaign(
    campaignId: string,
    action: CampaignAction,
    input: { actor?: string | null; reason?: string | null; patch?: Record<string, unknown> } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ from: CampaignStatus; to: CampaignStatus }> {
    const knex = this.knex(sharedContext)
    const { rows } = await knex.raw(
      `SELECT id, status FROM mkt_campaign WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [campaignId]
    )
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${campaignId} was not found`)
    }
    const from = rows[0].status as CampaignStatus
    const check = checkCampaignTransition(from, action)
    if (!check.ok) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `${check.reason} (campaign ${campaignId})`)
    }
    await knex("mkt_campaign")
      .where({ id: campaignId })
      .update({ ...(input.patch ?? {}), status: check.to, updated_at: knex.fn.now() })
    await this.recordCampaignTransition_(knex, campaignId, from, check.to, action, input.actor, input.reason)
    return { from, to: check.to }
  }

  protected async recordCampaignTransition_(
    knex: Knex,
    campaignId: string,
    from: string | null,
    to: string,
    action: string,
    actor?: string | null,
    reason?: string | null
  ) {
    await knex("mkt_campaign_transition").insert({
      id: generateEntityId(undefined, "mctr"),
      campaign_id: campaignId,
      from_status: from,
      to_status: to,
      action,
      actor: actor || "system",
      reason: reason ?? null,
    })
  }

  /**
   * Snapshot a sending campaign's audience into the send ledger (one
   * INSERT ... SELECT; see campaign-sql.ts) and store the count and the time
   * it took. Serialized per campaign by a row lock; a second call adds nobody.
   */
  @InjectTransactionManager()
  async snapshotCampaignAudience(
    campaignId: string,
    options: { now?: Date; frequency_cap_hours: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<SnapshotResult & { snapshot_ms: number }> {
    const knex = this.knex(sharedContext)
    const started = performance.now()
    const { rows } = await knex.raw(
      `SELECT id, include_segment_ids, exclude_segment_ids, topic_id, ab_test
       FROM mkt_campaign WHERE id = ? AND deleted_at IS NULL FOR UPDATE`,
      [campaignId]
    )
    if (!rows.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${campaignId} was not found`)
    }
    const c = rows[0]
    const ab = c.ab_test?.variants?.length
      ? { test_fraction: c.ab_test.test_fraction ?? 0.2, variant_count: c.ab_test.variants.length }
      : null
    const result = await snapshotAudience(
      knex,
      {
        campaign_id: campaignId,
        include_segment_ids: c.include_segment_ids ?? [],
        exclude_segment_ids: c.exclude_segment_ids ?? [],
        topic_id: c.topic_id,
        frequency_cap_hours: options.frequency_cap_hours,
        ab,
      },
      options.now
    )
    const snapshot_ms = Math.round(performance.now() - started)
    await knex.raw(
      `UPDATE mkt_campaign SET recipients_count = (SELECT count(*) FROM mkt_message WHERE campaign_id = ? AND deleted_at IS NULL),
         snapshot_ms = ?, updated_at = now() WHERE id = ?`,
      [campaignId, snapshot_ms, campaignId]
    )
    return { ...result, snapshot_ms }
  }

  /** Reserve a batch of a sending campaign's queued messages for this worker (see claimBatch). */
  @InjectTransactionManager()
  async claimCampaignBatch(
    input: { campaign_id: string; limit: number; lease_seconds: number },
    @MedusaContext() sharedContext: Context = {}
  ): Promise<ClaimedMessage[]> {
    return await claimBatch(this.knex(sharedContext), input)
  }

  /** Return messages whose worker's lease ran out to the queue. */
  @InjectTransactionManager()
  async releaseExpiredMessageLeases(campaignId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await releaseExpiredLeases(this.knex(sharedContext), campaignId)
  }

  /**
   * Record a batch's outcomes in bulk; permanent failures listed in
   * `hard_bounces` also put the address on the suppression list and mark
   * the contact bounced.
   */
  @InjectTransactionManager()
  async recordMessageOutcomes(
    outcomes: MessageOutcome[],
    hardBounces: { email: string; note: string }[] = [],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ updated: number }> {
    const knex = this.knex(sharedContext)
    const result = await recordOutcomes(knex, outcomes)
    if (hardBounces.length) {
      await this.suppress(
        hardBounces.map((b) => ({ email: b.email, reason: "hard_bounce", source: "campaign", note: b.note })),
        sharedContext
      )
      await knex.raw(
        `UPDATE mkt_contact SET status = 'bounced', updated_at = now()
         WHERE deleted_at IS NULL AND email = ANY(CAST(? AS text[])) AND status IN ('subscribed', 'pending')`,
        [hardBounces.map((b) => normalizeEmail(b.email))]
      )
    }
    return result
  }

  /** When a batch of `n` may start under the campaign's rate (shared by all workers). */
  @InjectTransactionManager()
  async reserveCampaignRate(
    campaignId: string,
    n: number,
    perSecond: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Date> {
    return await reserveRate(this.knex(sharedContext), campaignId, n, perSecond)
  }

  /** Live progress of campaigns: counts by status, percent, the last minute's rate and an ETA. */
  @InjectManager()
  async campaignProgress(
    campaignIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Map<string, SendProgress>> {
    const windowSeconds = 60
    const counts = await sendCounts(this.knex(sharedContext), campaignIds, windowSeconds)
    return new Map(
      [...counts].map(([id, c]) => [
        id,
        sendProgress(countsFromRows(c.rows), { sentInWindow: c.recent, windowSeconds: c.span }),
      ])
    )
  }

  /** Message counts per A/B variant of a campaign. */
  @InjectManager()
  async campaignVariantCounts(
    campaignId: string,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<
    {
      variant: number
      recipients: number
      sent: number
      failed: number
      /** unique human opens (a human click proves an open) */
      opens: number
      /** unique human clicks */
      clicks: number
      /** attributed revenue per message, in minor units: sum and sum of squares (for the t-test) */
      revenue_sum: number
      revenue_sum_sq: number
    }[]
  > {
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT m.variant, count(*)::int AS recipients, count(*) FILTER (WHERE m.status = 'sent')::int AS sent,
              count(*) FILTER (WHERE m.status = 'failed')::int AS failed,
              count(*) FILTER (WHERE m.first_human_open_at IS NOT NULL OR m.first_human_click_at IS NOT NULL)::int AS opens,
              count(*) FILTER (WHERE m.first_human_click_at IS NOT NULL)::int AS clicks,
              coalesce(sum(r.minor), 0)::float8 AS revenue_sum,
              coalesce(sum(r.minor * r.minor), 0)::float8 AS revenue_sum_sq
       FROM mkt_message m
       LEFT JOIN (
         SELECT message_id, round(sum(revenue) * 100) AS minor FROM mkt_attribution
         WHERE campaign_id = ? AND deleted_at IS NULL GROUP BY message_id
       ) r ON r.message_id = m.id
       WHERE m.campaign_id = ? AND m.deleted_at IS NULL AND m.variant IS NOT NULL
       GROUP BY m.variant ORDER BY m.variant`,
      [campaignId, campaignId]
    )
    return rows
  }

  /**
   * Finish a sending campaign once nothing is left to send (no queued,
   * sending or held message). Safe to call from every worker after every
   * batch: only the first one that finds it done records the transition.
   */
  @InjectTransactionManager()
  async completeCampaignIfDone(campaignId: string, @MedusaContext() sharedContext: Context = {}): Promise<boolean> {
    const knex = this.knex(sharedContext)
    const { rows } = await knex.raw(
      `UPDATE mkt_campaign SET status = 'sent', completed_at = now(), updated_at = now()
       WHERE id = ? AND status = 'sending' AND deleted_at IS NULL
         -- not before its audience is written: a lane that runs between the
         -- start and the snapshot finds no messages, which is not "done"
         AND snapshot_ms IS NOT NULL
         AND NOT EXISTS (SELECT 1 FROM mkt_message m WHERE m.campaign_id = ? AND m.deleted_at IS NULL
                         AND m.status IN ('queued', 'sending', 'held'))
       RETURNING id`,
      [campaignId, campaignId]
    )
    if (rows.length) {
      await this.recordCampaignTransition_(knex, campaignId, "sending", "sent", "complete", "system", null)
    }
    return rows.length > 0
  }

  /** Cancel what a campaign has not sent yet (queued and held messages). */
  @InjectTransactionManager()
  async cancelUnsentMessages(campaignId: string, @MedusaContext() sharedContext: Context = {}): Promise<number> {
    const { rowCount } = await this.knex(sharedContext).raw(
      `UPDATE mkt_message SET status = 'cancelled', updated_at = now()
       WHERE campaign_id = ? AND deleted_at IS NULL AND status IN ('queued', 'held')`,
      [campaignId]
    )
    return rowCount ?? 0
  }

  /** Send the A/B test's winner to the remainder: held messages are queued with that variant. */
  @InjectTransactionManager()
  async releaseHeldMessages(
    campaignId: string,
    variant: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<number> {
    const { rowCount } = await this.knex(sharedContext).raw(
      `UPDATE mkt_message SET status = 'queued', variant = ?, updated_at = now()
       WHERE campaign_id = ? AND deleted_at IS NULL AND status = 'held'`,
      [variant, campaignId]
    )
    return rowCount ?? 0
  }

  /** Sending campaigns with messages ready to claim now (or whose leases ran out), oldest first. */
  @InjectManager()
  async listCampaignsWithWork(@MedusaContext() sharedContext: Context = {}): Promise<string[]> {
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT k.id FROM mkt_campaign k
       WHERE k.status = 'sending' AND k.deleted_at IS NULL AND (
         EXISTS (SELECT 1 FROM mkt_message m WHERE m.campaign_id = k.id AND m.deleted_at IS NULL AND m.status = 'queued'
                 AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now()))
         OR EXISTS (SELECT 1 FROM mkt_message m WHERE m.campaign_id = k.id AND m.deleted_at IS NULL AND m.status = 'sending'
                    AND m.lease_until < now())
         OR NOT EXISTS (SELECT 1 FROM mkt_message m WHERE m.campaign_id = k.id AND m.deleted_at IS NULL
                        AND m.status IN ('queued', 'sending', 'held')))
       ORDER BY k.started_at NULLS LAST`
    )
    return rows.map((r: any) => r.id)
  }

  /**
   * Rows for a CSV export, streamed page by page with keyset pagination so
   * the export of a million contacts holds one page in memory at a time.
   */
  async *iterateContactsForExport(
    filters: ContactExportFilters,
    pageSize = 5_000
  ): AsyncGenerator<Record<string, unknown>[]> {
    let after = ""
    for (;;) {
      const page = await this.exportPage_(filters, after, pageSize)
      if (!page.length) {
        return
      }
      yield page
      after = page[page.length - 1].id as string
      if (page.length < pageSize) {
        return
      }
    }
  }

  @InjectManager()
  protected async exportPage_(
    filters: ContactExportFilters,
    after: string,
    pageSize: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<Record<string, unknown>[]> {
    const knex = this.knex(sharedContext)
    const q = knex("mkt_contact as c")
      .select(
        "c.id",
        "c.email",
        "c.first_name",
        "c.last_name",
        "c.phone",
        "c.locale",
        "c.timezone",
        "c.country_code",
        "c.status",
        "c.source",
        "c.customer_id",
        "c.subscribed_at",
        "c.unsubscribed_at",
        "c.created_at",
        knex.raw(
          `(SELECT string_agg(t.handle, ';' ORDER BY t.handle) FROM mkt_contact_topic ct
             JOIN mkt_topic t ON t.id = ct.topic_id AND t.deleted_at IS NULL
             WHERE ct.contact_id = c.id AND ct.subscribed AND ct.deleted_at IS NULL) AS topics`
        )
      )
      .whereNull("c.deleted_at")
      .where("c.id", ">", after)
      .orderBy("c.id")
      .limit(pageSize)
    if (filters.status?.length) {
      q.whereIn("c.status", filters.status)
    }
    if (filters.source?.length) {
      q.whereIn("c.source", filters.source)
    }
    if (filters.q) {
      const like = `%${filters.q.replace(/[\\%_]/g, (m) => "\\" + m)}%`
      q.where((w: any) =>
        w.whereILike("c.email", like).orWhereILike("c.first_name", like).orWhereILike("c.last_name", like)
      )
    }
    if (filters.segment_id) {
      q.whereExists(
        knex("mkt_segment_member as m")
          .select(knex.raw("1"))
          .whereRaw("m.contact_id = c.id")
          .where("m.segment_id", filters.segment_id)
          .whereNull("m.deleted_at")
      )
    }
    if (filters.topic_id) {
      q.whereExists(
        knex("mkt_contact_topic as ct")
          .select(knex.raw("1"))
          .whereRaw("ct.contact_id = c.id")
          .where({ "ct.topic_id": filters.topic_id, "ct.subscribed": true })
          .whereNull("ct.deleted_at")
      )
    }
    return await q
  }

  // ---------------------------------------------------------------- tracking

  /**
   * Queue an open/click/view/unsubscribe hit for the next batched write.
   * Synchronous and cheap: the public routes answer without waiting for the
   * database. Returns false when the queue is full (the hit is not counted).
   */
  trackHit(hit: TrackingHit): boolean {
    return this.trackingWriter_.push(hit)
  }

  /**
   * Queue a hit a recipient's request made, under the per-IP cap: each IP
   * gets tracking_rate_limit_per_ip counted hits a minute (0 = no cap);
   * beyond it the pixel and the redirect still answer (a person behind a
   * busy NAT is never refused a link) but a flood is not written. The IP is
   * kept as tracking_ip says. False when the hit is not counted.
   */
  trackRequestHit(
    hit: Pick<TrackingHit, "kind" | "message_id" | "source_id" | "link">,
    req: { method: string; ip: string | null; user_agent: string | undefined }
  ): boolean {
    const o = this.options_
    if (o.tracking_rate_limit_per_ip) {
      this.hitLimiter_ ??= new FixedWindowLimiter(o.tracking_rate_limit_per_ip, 60_000)
      if (!this.hitLimiter_.hit(`ip:${req.ip ?? "?"}`).allowed) {
        return false
      }
    }
    return this.trackHit({
      ...hit,
      at: new Date(),
      user_agent: req.user_agent ? req.user_agent.slice(0, 512) : null,
      ip: privacyIp(req.ip, o.tracking_ip),
      raw_ip: req.ip,
      method: req.method === "HEAD" ? "HEAD" : req.method === "POST" ? "POST" : "GET",
    })
  }

  /** What the open pixel and click redirect need from this module, for either HTTP front end. */
  trackingResponder(): TrackingResponder {
    // one per process: the options never change, and the routes ask on every hit
    return (this.trackingResponder_ ??= {
      secret: this.options_.secret,
      store_name: this.options_.store_name,
      resolveLink: (sourceId, position) => this.resolveTrackedLink(sourceId, position),
      queueHit: (hit, req) => {
        this.trackRequestHit(hit, req)
      },
    })
  }

  /** The port the dedicated tracking listener listens on in this process, or null. */
  trackingListenerPort(): number | null {
    return this.trackingListener_?.port ?? null
  }

  /** Write every queued hit now (tests, benchmarks, shutdown). */
  async flushTrackingHits(): Promise<{ pending: number; totals: TrackingWriter["totals"] }> {
    await this.trackingWriter_.flush()
    return { pending: this.trackingWriter_.pending, totals: { ...this.trackingWriter_.totals } }
  }

  /** Write a batch of hits: events, message counters, link rollups, contact engagement. */
  @InjectTransactionManager()
  async recordTrackingHits(hits: TrackingHit[], @MedusaContext() sharedContext: Context = {}): Promise<HitsResult> {
    return await recordHits(this.knex(sharedContext), hits)
  }

  /** Record the tracked links of a send (idempotent per source and position). */
  @InjectTransactionManager()
  async recordTrackedLinks(links: TrackedLinkRow[], @MedusaContext() sharedContext: Context = {}): Promise<number> {
    return await insertTrackedLinks(this.knex(sharedContext), links)
  }

  /**
   * The recorded URL a click token's link points at, or null. Recorded
   * links never change, so they are cached per process; a cached link costs
   * no database session at all (the click path is hot).
   */
  async resolveTrackedLink(sourceId: string, position: number): Promise<string | null> {
    const key = `${sourceId}:${position}`
    const hit = this.linkCache_.get(key)
    if (hit) {
      return hit
    }
    const url = await this.findTrackedLinkUrl(sourceId, position)
    if (url) {
      if (this.linkCache_.size >= 20_000) {
        this.linkCache_.delete(this.linkCache_.keys().next().value as string)
      }
      this.linkCache_.set(key, url)
    }
    return url
  }

  @InjectManager()
  protected async findTrackedLinkUrl(
    sourceId: string,
    position: number,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<string | null> {
    return await findTrackedLink(this.knex(sharedContext), sourceId, position)
  }

  /**
   * Record delivery reports from an ESP webhook (deduplicated; replays and
   * out-of-order reports change nothing), then suppress what must be:
   * hard bounces and complaints at once, soft bounces at the limit in a row.
   * Contacts become bounced / complained.
   */
  @InjectTransactionManager()
  async recordDeliveryReports(
    reports: DeliveryReport[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<DeliveryResult> {
    const knex = this.knex(sharedContext)
    const result = await recordDeliveryReports(knex, reports, { soft_bounce_limit: this.options_.soft_bounce_limit })
    const entries = [
      ...result.hard_bounces.map((email) => ({ email, reason: "hard_bounce", source: "webhook", note: "hard bounce reported by the ESP" })),
      ...result.soft_bounce_limit_reached.map((email) => ({
        email,
        reason: "soft_bounce",
        source: "webhook",
        note: `${this.options_.soft_bounce_limit} soft bounces in a row`,
      })),
      ...result.complaints.map((email) => ({ email, reason: "complaint", source: "webhook", note: "spam complaint reported by the ESP" })),
    ]
    if (entries.length) {
      await this.suppress(entries, sharedContext)
    }
    const bounced = [...result.hard_bounces, ...result.soft_bounce_limit_reached]
    if (bounced.length) {
      await knex.raw(
        `UPDATE mkt_contact SET status = 'bounced', updated_at = now()
         WHERE deleted_at IS NULL AND email = ANY(CAST(? AS text[])) AND status IN ('subscribed', 'pending')`,
        [bounced]
      )
    }
    if (result.complaints.length) {
      await knex.raw(
        `UPDATE mkt_contact SET status = 'complained', unsubscribed_at = coalesce(unsubscribed_at, now()), updated_at = now()
         WHERE deleted_at IS NULL AND email = ANY(CAST(? AS text[])) AND status <> 'complained'`,
        [result.complaints]
      )
    }
    return result
  }

  /** Complaints per delivered (else sent) message, for the complaint-rate breaker. */
  @InjectManager()
  async campaignComplaintRates(
    campaignIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ campaign_id: string; status: string; complaints: number; delivered: number; sent: number }[]> {
    if (!campaignIds.length) {
      return []
    }
    const { rows } = await this.knex(sharedContext).raw(
      `SELECT c.id AS campaign_id, c.status,
         (SELECT count(*) FROM mkt_message m WHERE m.campaign_id = c.id AND m.deleted_at IS NULL AND m.complained_at IS NOT NULL)::int AS complaints,
         (SELECT count(*) FROM mkt_message m WHERE m.campaign_id = c.id AND m.deleted_at IS NULL AND m.delivered_at IS NOT NULL)::int AS delivered,
         (SELECT count(*) FROM mkt_message m WHERE m.campaign_id = c.id AND m.deleted_at IS NULL AND m.status = 'sent')::int AS sent
       FROM mkt_campaign c WHERE c.id = ANY(?::text[]) AND c.deleted_at IS NULL`,
      [campaignIds]
    )
    return rows
  }

  /** Credit an order to the email that earned it (see attributeOrder); null when none did or it was credited before. */
  @InjectTransactionManager()
  async attributeOrder(
    input: AttributionInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<AttributionRow | null> {
    return await attributeOrder(this.knex(sharedContext), input, {
      window_days: this.options_.attribution_window_days,
      model: this.options_.attribution_model,
    })
  }

  // ---- analytics

  /**
   * Recount the overview's per-day message cells from the messages (all, or
   * some campaigns'), writing only the cells that differ. The rollup is kept
   * by the send and tracking statements; this is the nightly safety net.
   */
  @InjectTransactionManager()
  async rebuildMessageDaily(
    campaignIds?: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ cells: number; written: number; removed: number }> {
    const knex = this.knex(sharedContext)
    await this.aggregateSession_(knex)
    return await analytics.rebuildMessageDaily(knex, campaignIds)
  }

  /**
   * A campaign's report: message numbers per A/B variant and in total (raw
   * and human), orders and revenue per currency, the link map and opens/
   * clicks over time by `interval` (UTC buckets). Throws NOT_FOUND for an
   * unknown campaign.
   */
  @InjectTransactionManager()
  async campaignReport(
    campaignId: string,
    options: { interval?: analytics.ReportInterval } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<analytics.CampaignReport> {
    const sql = analytics
    const interval = options.interval ?? "hour"
    if (!sql.REPORT_INTERVALS.includes(interval)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `interval must be ${sql.REPORT_INTERVALS.join(" or ")}, not "${interval}"`)
    }
    const knex = this.knex(sharedContext)
    await this.aggregateSession_(knex)
    const report = await sql.campaignReport(knex, campaignId, { interval })
    if (!report) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${campaignId} was not found`)
    }
    return report
  }

  /**
   * Store-wide numbers for the period [from, to) (at most 366 days): attributed
   * revenue by day (campaigns vs flows) in `currency` (default: the period's
   * most common, else usd), list growth, engagement by send day and the top
   * campaigns. Days are UTC.
   */
  @InjectTransactionManager()
  async analyticsOverview(
    input: analytics.OverviewInput,
    @MedusaContext() sharedContext: Context = {}
  ): Promise<analytics.AnalyticsOverview> {
    const sql = analytics
    const valid = (d: unknown): d is Date => d instanceof Date && !Number.isNaN(d.getTime())
    if (!valid(input.from) || !valid(input.to)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "from and to must be valid dates such as 2026-01-01T00:00:00Z")
    }
    if (input.from.getTime() >= input.to.getTime()) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `from (${input.from.toISOString()}) must be before to (${input.to.toISOString()})`
      )
    }
    const days = (input.to.getTime() - input.from.getTime()) / 86_400_000
    if (days > sql.MAX_OVERVIEW_DAYS) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `The period is ${Math.ceil(days)} days long; choose at most ${sql.MAX_OVERVIEW_DAYS} days between from and to`
      )
    }
    const currency = input.currency ? input.currency.toLowerCase() : null
    if (currency !== null && !/^[a-z]{3}$/.test(currency)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `currency must be a 3-letter ISO 4217 code such as usd, not "${input.currency}"`)
    }
    const knex = this.knex(sharedContext)
    await this.aggregateSession_(knex)
    return await sql.analyticsOverview(knex, { from: input.from, to: input.to, currency })
  }

  /** A contact's events, newest first, with campaign names and clicked URLs. Throws NOT_FOUND for an unknown contact. */
  @InjectManager()
  async contactActivity(
    contactId: string,
    page: { limit?: number; offset?: number } = {},
    @MedusaContext() sharedContext: Context = {}
  ): Promise<{ events: analytics.ActivityEvent[]; count: number }> {
    const limit = Math.min(Math.max(Math.trunc(page.limit ?? 50), 1), 500)
    const offset = Math.max(Math.trunc(page.offset ?? 0), 0)
    const out = await analytics.contactActivity(this.knex(sharedContext), contactId, { limit, offset })
    if (!out) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Contact ${contactId} was not found`)
    }
    return out
  }

  /** The email attributions of these orders, with the campaign's name (orders nobody earned are absent). */
  @InjectManager()
  async listOrderAttributions(
    orderIds: string[],
    @MedusaContext() sharedContext: Context = {}
  ): Promise<analytics.OrderAttribution[]> {
    return await analytics.listOrderAttributions(this.knex(sharedContext), [...new Set(orderIds)])
  }
}

export default MarketingModuleService
