/**
 * Analytics SQL, read-only and set-based: a campaign's report (message
 * numbers per A/B variant in one pass over its send ledger, revenue from
 * attributions, the link map, opens/clicks over time), the store-wide
 * overview for a period (one statement), a contact's activity timeline and
 * the attributions of orders. Nothing here loads events into JS to count
 * them; the service wraps these in its managers.
 *
 * Conventions every number follows:
 * - "human" numbers leave out events flagged `is_bot` (machine opens by mail
 *   privacy proxies, security-scanner clicks);
 * - a message is a unique (human) open when it was (humanly) opened OR
 *   clicked: a click proves an open even when images were blocked;
 * - days and hours are UTC;
 * - money stays a decimal string per currency, never a float.
 */

type Knex = any

export const REPORT_INTERVALS = ["hour", "day"] as const
export type ReportInterval = (typeof REPORT_INTERVALS)[number]

/** The longest period the overview covers (a leap year). */
export const MAX_OVERVIEW_DAYS = 366
export const DEFAULT_CURRENCY = "usd"

export type Money = { currency_code: string; amount: string }

export type Metrics = {
  /** messages of the audience snapshot that were not skipped */
  recipients: number
  skipped: number
  sent: number
  failed: number
  delivered: number
  bounced: number
  hard_bounced: number
  opens: number
  human_opens: number
  unique_opens: number
  unique_human_opens: number
  clicks: number
  human_clicks: number
  unique_clicks: number
  unique_human_clicks: number
  unsubscribes: number
  complaints: number
  orders: number
  revenue: Money[]
  /** fractions 0..1, 4 decimals; see rateBasis */
  open_rate: number
  click_rate: number
  click_to_open_rate: number
  unsubscribe_rate: number
  complaint_rate: number
  bounce_rate: number
  revenue_per_recipient: Money[]
}

export type VariantMetrics = Metrics & { variant: number; label: string }

export type LinkStats = {
  position: number
  url: string
  label: string | null
  variant: number
  clicks: number
  human_clicks: number
  /** messages with at least one human click on this link */
  unique_human_clickers: number
}

export type TimelinePoint = { bucket: string; opens: number; human_opens: number; clicks: number; human_clicks: number }

export type CampaignReport = {
  campaign: {
    id: string
    name: string
    status: string
    started_at: Date | null
    completed_at: Date | null
    recipients_count: number
    winner_variant: number | null
    variants_count: number
  }
  /** what the rates are divided by: delivered once the ESP reported deliveries for the campaign, else sent */
  rate_basis: "delivered" | "sent"
  totals: Metrics
  variants: VariantMetrics[]
  links: LinkStats[]
  timeline: TimelinePoint[]
  computed_ms: number
}

export type OverviewInput = { from: Date; to: Date; currency?: string | null }

export type AnalyticsOverview = {
  period: { from: string; to: string }
  currency: string
  /** every currency with attributed orders in the period, most orders first */
  currencies: string[]
  totals: {
    revenue: string
    orders: number
    campaign_revenue: string
    flow_revenue: string
    messages_sent: number
    unique_human_opens: number
    unique_human_clicks: number
    unsubscribes: number
    complaints: number
    new_subscribers: number
    unsubscribed: number
  }
  revenue_by_day: { day: string; campaigns: string; flows: string; orders: number }[]
  list_growth: { day: string; subscribed: number; unsubscribed: number; net: number }[]
  engagement: {
    day: string
    sent: number
    unique_human_opens: number
    unique_human_clicks: number
    open_rate: number
    click_rate: number
  }[]
  top_campaigns: { id: string; name: string; sent: number; open_rate: number; click_rate: number; orders: number; revenue: string }[]
  computed_ms: number
}

export type ActivityEvent = {
  id: string
  type: string
  occurred_at: Date
  campaign_id: string | null
  campaign_name: string | null
  message_id: string | null
  link_url: string | null
  is_bot: boolean
  bot_reason: string | null
  bounce_kind: string | null
  detail: string | null
}

export type OrderAttribution = {
  id: string
  order_id: string
  contact_id: string
  message_id: string
  campaign_id: string | null
  campaign_name: string | null
  variant: number | null
  event_id: string | null
  touch: "click" | "open"
  attribution_model: "last_click" | "last_touch"
  window_days: number
  revenue: string
  currency_code: string
  touched_at: Date
  order_placed_at: Date
  created_at: Date
}

/** 0..1 with 4 decimals; 0 when there is nothing to divide by. */
export function rate(part: number, whole: number): number {
  if (!whole || whole <= 0 || !part || part <= 0) {
    return 0
  }
  return Math.round(Math.min(1, part / whole) * 10_000) / 10_000
}

/** "A", "B", ... for 0-based variants. */
export const variantLabel = (variant: number) => String.fromCharCode(65 + variant)

/** the counted numbers of a report (the rates and revenue are derived from them) */
export const REPORT_COUNT_KEYS = [
  "recipients",
  "skipped",
  "sent",
  "failed",
  "delivered",
  "bounced",
  "hard_bounced",
  "opens",
  "human_opens",
  "unique_opens",
  "unique_human_opens",
  "clicks",
  "human_clicks",
  "unique_clicks",
  "unique_human_clicks",
  "unsubscribes",
  "complaints",
] as const
type Counts = Record<(typeof REPORT_COUNT_KEYS)[number], number>

type RevenueCell = { currency_code: string; orders: number; amount: string; per_recipient: string }

/**
 * Rates of one group of messages. Opens, clicks, unsubscribes and complaints
 * are divided by `basis` (delivered or sent, chosen once per campaign so
 * variants compare like with like). Bounces are divided by sent whatever the
 * basis: bounced mail is by definition not delivered, so "per delivered"
 * would not be a share (it could pass 100%).
 */
function metricsOf(c: Counts, revenue: RevenueCell[], basis: "delivered" | "sent"): Metrics {
  const denom = basis === "delivered" ? c.delivered : c.sent
  return {
    ...c,
    orders: revenue.reduce((n, r) => n + r.orders, 0),
    revenue: revenue.map((r) => ({ currency_code: r.currency_code, amount: r.amount })),
    open_rate: rate(c.unique_human_opens, denom),
    click_rate: rate(c.unique_human_clicks, denom),
    click_to_open_rate: rate(c.unique_human_clicks, c.unique_human_opens),
    unsubscribe_rate: rate(c.unsubscribes, denom),
    complaint_rate: rate(c.complaints, denom),
    bounce_rate: rate(c.bounced, c.sent),
    revenue_per_recipient: revenue.map((r) => ({ currency_code: r.currency_code, amount: r.per_recipient })),
  }
}

const zeroCounts = (): Counts => Object.fromEntries(REPORT_COUNT_KEYS.map((k) => [k, 0])) as Counts

/**
 * A campaign's report, or null when there is no such campaign. Message
 * numbers come from ONE pass over the campaign's send ledger (an
 * index-only scan of IDX_mkt_message_campaign_report), grouped by variant
 * with the campaign total in the same GROUPING SETS; orders and revenue per
 * variant and currency from its attributions in the same statement. The
 * link map and the timeline read the rollups the tracking flush keeps
 * (mkt_link counters, mkt_campaign_hourly), never the events.
 *
 * Variants: a campaign without an A/B test has one variant, "A" (its
 * messages carry no variant). In an A/B test, messages without a variant
 * (skipped, or the remainder still held for the winner) count in the totals
 * only.
 */
export async function campaignReport(
  knex: Knex,
  campaignId: string,
  opts: { interval: ReportInterval }
): Promise<CampaignReport | null> {
  const started = Date.now()
  const { rows: found } = await knex.raw(
    `SELECT id, name, status, started_at, completed_at, recipients_count, winner_variant, ab_test
     FROM mkt_campaign WHERE id = ? AND deleted_at IS NULL`,
    [campaignId]
  )
  if (!found.length) {
    return null
  }
  const c = found[0]
  const abVariants: unknown[] = Array.isArray(c.ab_test?.variants) ? c.ab_test.variants : []
  const isAb = abVariants.length > 1
  const variantsCount = isAb ? abVariants.length : 1

  const { rows: groups } = await knex.raw(
    `
    WITH m AS (
      SELECT variant, GROUPING(variant) = 1 AS is_total,
        count(*) FILTER (WHERE status <> 'skipped')::int AS recipients,
        count(*) FILTER (WHERE status = 'skipped')::int AS skipped,
        count(*) FILTER (WHERE status = 'sent')::int AS sent,
        count(*) FILTER (WHERE status = 'failed')::int AS failed,
        count(delivered_at)::int AS delivered,
        count(bounced_at)::int AS bounced,
        count(*) FILTER (WHERE bounced_at IS NOT NULL AND bounce_kind = 'hard')::int AS hard_bounced,
        coalesce(sum(open_count), 0)::int AS opens,
        coalesce(sum(human_open_count), 0)::int AS human_opens,
        count(*) FILTER (WHERE first_open_at IS NOT NULL OR first_click_at IS NOT NULL)::int AS unique_opens,
        count(*) FILTER (WHERE first_human_open_at IS NOT NULL OR first_human_click_at IS NOT NULL)::int AS unique_human_opens,
        coalesce(sum(click_count), 0)::int AS clicks,
        coalesce(sum(human_click_count), 0)::int AS human_clicks,
        count(first_click_at)::int AS unique_clicks,
        count(first_human_click_at)::int AS unique_human_clicks,
        count(unsubscribed_at)::int AS unsubscribes,
        count(complained_at)::int AS complaints
      FROM mkt_message
      WHERE campaign_id = ? AND deleted_at IS NULL
      GROUP BY GROUPING SETS ((variant), ())
    ),
    a AS (
      SELECT variant, GROUPING(variant) = 1 AS is_total, currency_code, count(*)::int AS orders, sum(revenue) AS revenue
      FROM mkt_attribution
      WHERE campaign_id = ? AND deleted_at IS NULL
      GROUP BY GROUPING SETS ((variant, currency_code), (currency_code))
    )
    SELECT m.*,
      (SELECT coalesce(json_agg(json_build_object(
          'currency_code', a.currency_code,
          'orders', a.orders,
          'amount', a.revenue::text,
          'per_recipient', CASE WHEN m.recipients > 0 THEN round(a.revenue / m.recipients, 4)::text ELSE '0' END
        ) ORDER BY a.currency_code), '[]'::json)
       FROM a WHERE a.is_total = m.is_total AND a.variant IS NOT DISTINCT FROM m.variant) AS revenue
    FROM m
    `,
    [campaignId, campaignId]
  )
  const counts = (g: any): Counts => Object.fromEntries(REPORT_COUNT_KEYS.map((k) => [k, Number(g?.[k] ?? 0)])) as Counts
  const total = groups.find((g: any) => g.is_total)
  const totalCounts = total ? counts(total) : zeroCounts()
  const basis: "delivered" | "sent" = totalCounts.delivered > 0 ? "delivered" : "sent"
  const byVariant = new Map<number, any>()
  for (const g of groups) {
    if (g.is_total) {
      continue
    }
    if (isAb) {
      if (g.variant !== null) {
        byVariant.set(g.variant, g)
      }
    } else if (g.variant === null || g.variant === 0) {
      byVariant.set(0, g)
    }
  }
  const variants: VariantMetrics[] = Array.from({ length: variantsCount }, (_, variant) => {
    const g = byVariant.get(variant)
    return {
      variant,
      label: variantLabel(variant),
      ...metricsOf(g ? counts(g) : zeroCounts(), g?.revenue ?? [], basis),
    }
  })

  const { rows: links } = await knex.raw(
    `SELECT l.position, l.url, l.label, l.variant, l.clicks, l.human_clicks, l.unique_human_clickers
     FROM mkt_link l
     WHERE l.source_id = ? AND l.deleted_at IS NULL
     ORDER BY l.position`,
    [campaignId]
  )

  // buckets between the first and the last event, gaps filled with zeros
  const { rows: timeline } = await knex.raw(
    `
    WITH e AS (
      SELECT date_trunc(CAST(? AS text), bucket) AS bucket,
        sum(opens) AS opens, sum(human_opens) AS human_opens, sum(clicks) AS clicks, sum(human_clicks) AS human_clicks
      FROM mkt_campaign_hourly
      WHERE campaign_id = ?
      GROUP BY 1
    ),
    span AS (SELECT min(bucket) AS lo, max(bucket) AS hi FROM e)
    SELECT to_char(s.bucket, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS bucket,
      coalesce(e.opens, 0)::int AS opens, coalesce(e.human_opens, 0)::int AS human_opens,
      coalesce(e.clicks, 0)::int AS clicks, coalesce(e.human_clicks, 0)::int AS human_clicks
    FROM span CROSS JOIN LATERAL generate_series(span.lo, span.hi, CAST(? AS interval)) AS s(bucket)
    LEFT JOIN e ON e.bucket = s.bucket
    ORDER BY s.bucket
    `,
    [opts.interval, campaignId, `1 ${opts.interval}`]
  )

  return {
    campaign: {
      id: c.id,
      name: c.name,
      status: c.status,
      started_at: c.started_at,
      completed_at: c.completed_at,
      recipients_count: c.recipients_count,
      winner_variant: c.winner_variant,
      variants_count: variantsCount,
    },
    rate_basis: basis,
    totals: metricsOf(totalCounts, total?.revenue ?? [], basis),
    variants,
    links,
    timeline,
    computed_ms: Date.now() - started,
  }
}

/**
 * The store-wide numbers of a period [from, to), in ONE statement (each
 * table read once): attributed revenue by order day in one currency, split
 * into campaigns and flows (attributions without a campaign are flows';
 * nothing is moved from one to the other), list growth from the contacts'
 * subscribe/unsubscribe times, engagement by the day messages were sent
 * (rates over sent), unsubscribes and complaints from the events, and the
 * top 10 campaigns by revenue, then sent. Every day of the period is present
 * (generate_series), with zeros where nothing happened.
 *
 * Engagement reads the daily rollup (mkt_message_daily, see
 * rebuildMessageDaily) and counts exactly the messages sent in [from, to),
 * as counting the messages themselves would: a period that starts or ends
 * inside a UTC day has that day's messages outside the period subtracted.
 *
 * `currency` defaults to the one with the most attributed orders in the
 * period, else "usd".
 */
export async function analyticsOverview(knex: Knex, input: OverviewInput): Promise<AnalyticsOverview> {
  const started = Date.now()
  const { rows } = await knex.raw(
    `
    WITH bounds AS (SELECT CAST(? AS timestamptz) AS lo, CAST(? AS timestamptz) AS hi),
    days_span AS (
      SELECT CAST(lo AT TIME ZONE 'UTC' AS date) AS first_day,
        CAST((hi - interval '1 microsecond') AT TIME ZONE 'UTC' AS date) AS last_day
      FROM bounds
    ),
    days AS (
      SELECT CAST(d AS date) AS day FROM days_span,
        generate_series(CAST(first_day AS timestamp), CAST(last_day AS timestamp), interval '1 day') AS d
    ),
    att AS (
      SELECT CAST(a.order_placed_at AT TIME ZONE 'UTC' AS date) AS day, a.campaign_id, a.currency_code, a.revenue
      FROM mkt_attribution a, bounds
      WHERE a.deleted_at IS NULL AND a.order_placed_at >= bounds.lo AND a.order_placed_at < bounds.hi
    ),
    currencies AS (SELECT currency_code, count(*) AS n FROM att GROUP BY 1),
    cur AS (
      SELECT coalesce(CAST(? AS text),
        (SELECT currency_code FROM currencies ORDER BY n DESC, currency_code LIMIT 1), ?) AS code
    ),
    rev AS (
      SELECT day,
        coalesce(sum(revenue) FILTER (WHERE campaign_id IS NOT NULL), 0) AS campaigns,
        coalesce(sum(revenue) FILTER (WHERE campaign_id IS NULL), 0) AS flows,
        count(*) AS orders
      FROM att, cur WHERE att.currency_code = cur.code
      GROUP BY day
    ),
    -- (day, campaign) cells from the daily rollup the send and the tracking
    -- flush keep (a few hundred rows, not the period's million messages),
    -- then the day, campaign and period totals from those. The rollup has
    -- whole UTC days: when the period starts or ends inside a day, the
    -- messages of that day outside the period are taken off, read from the
    -- (sent_at) covering index (none for day-aligned periods, next to none
    -- for the default period ending now)
    -- the two time ranges of the edge days outside the period: one row each,
    -- so each is an index range scan (an OR of the two made it a full scan)
    outside AS (
      SELECT date_trunc('day', lo AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS from_at, lo AS to_at FROM bounds
      UNION ALL
      SELECT hi, (date_trunc('day', (hi - interval '1 microsecond') AT TIME ZONE 'UTC') + interval '1 day') AT TIME ZONE 'UTC'
      FROM bounds
    ),
    msg_cell AS (
      SELECT day, campaign_id, sum(sent) AS sent, sum(opens) AS opens, sum(clicks) AS clicks
      FROM (
        SELECT r.day, nullif(r.campaign_key, '') AS campaign_id, r.sent, r.human_engaged AS opens, r.human_clicked AS clicks
        FROM mkt_message_daily r, days_span
        WHERE r.day >= days_span.first_day AND r.day <= days_span.last_day
        UNION ALL
        SELECT CAST(m.sent_at AT TIME ZONE 'UTC' AS date), m.campaign_id, -count(*),
          -count(*) FILTER (WHERE m.first_human_open_at IS NOT NULL OR m.first_human_click_at IS NOT NULL),
          -count(m.first_human_click_at)
        FROM outside o JOIN mkt_message m ON m.sent_at >= o.from_at AND m.sent_at < o.to_at
        WHERE m.deleted_at IS NULL AND m.sent_at IS NOT NULL
        GROUP BY 1, 2
      ) c
      GROUP BY 1, 2
      -- a cell is there when the period has a message of it, as if counted from the messages
      HAVING sum(sent) > 0
    ),
    msg AS (
      SELECT day, campaign_id, GROUPING(day, campaign_id) AS g,
        sum(sent)::bigint AS sent, sum(opens)::bigint AS opens, sum(clicks)::bigint AS clicks
      FROM msg_cell
      GROUP BY GROUPING SETS ((day), (campaign_id), ())
    ),
    subs AS (
      SELECT CAST(c.subscribed_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n
      FROM mkt_contact c, bounds
      WHERE c.deleted_at IS NULL AND c.subscribed_at >= bounds.lo AND c.subscribed_at < bounds.hi
      GROUP BY 1
    ),
    unsubs AS (
      SELECT CAST(c.unsubscribed_at AT TIME ZONE 'UTC' AS date) AS day, count(*) AS n
      FROM mkt_contact c, bounds
      WHERE c.deleted_at IS NULL AND c.unsubscribed_at >= bounds.lo AND c.unsubscribed_at < bounds.hi
      GROUP BY 1
    ),
    ev AS (
      SELECT count(DISTINCT e.message_id) FILTER (WHERE e.type = 'unsubscribe') AS unsubscribes,
        count(DISTINCT coalesce(e.message_id, e.id)) FILTER (WHERE e.type = 'complaint') AS complaints
      FROM mkt_event e, bounds
      WHERE e.deleted_at IS NULL AND e.type IN ('unsubscribe', 'complaint')
        AND e.occurred_at >= bounds.lo AND e.occurred_at < bounds.hi
    ),
    top AS (
      SELECT k.id, k.name, coalesce(s.sent, 0) AS sent, coalesce(s.opens, 0) AS opens, coalesce(s.clicks, 0) AS clicks,
        coalesce(r.orders, 0) AS orders, coalesce(r.revenue, 0) AS revenue
      FROM (SELECT campaign_id, sent, opens, clicks FROM msg WHERE g = 2 AND campaign_id IS NOT NULL) s
      FULL JOIN (
        SELECT campaign_id, count(*) AS orders, sum(revenue) AS revenue
        FROM att, cur WHERE att.currency_code = cur.code AND att.campaign_id IS NOT NULL
        GROUP BY campaign_id
      ) r USING (campaign_id)
      JOIN mkt_campaign k ON k.id = campaign_id AND k.deleted_at IS NULL
      ORDER BY revenue DESC, sent DESC, k.name, k.id
      LIMIT 10
    )
    SELECT
      (SELECT code FROM cur) AS currency,
      (SELECT coalesce(json_agg(currency_code ORDER BY n DESC, currency_code), '[]'::json) FROM currencies) AS currencies,
      (SELECT json_build_object(
          'campaigns', coalesce(sum(campaigns), 0)::text,
          'flows', coalesce(sum(flows), 0)::text,
          'revenue', coalesce(sum(campaigns + flows), 0)::text,
          'orders', coalesce(sum(orders), 0))
       FROM rev) AS revenue_totals,
      (SELECT coalesce(json_agg(json_build_object(
          'day', to_char(d.day, 'YYYY-MM-DD'),
          'campaigns', coalesce(r.campaigns, 0)::text,
          'flows', coalesce(r.flows, 0)::text,
          'orders', coalesce(r.orders, 0)) ORDER BY d.day), '[]'::json)
       FROM days d LEFT JOIN rev r USING (day)) AS revenue_by_day,
      (SELECT coalesce(json_agg(json_build_object(
          'day', to_char(d.day, 'YYYY-MM-DD'),
          'subscribed', coalesce(s.n, 0),
          'unsubscribed', coalesce(u.n, 0)) ORDER BY d.day), '[]'::json)
       FROM days d LEFT JOIN subs s USING (day) LEFT JOIN unsubs u USING (day)) AS list_growth,
      (SELECT json_build_object('subscribed', coalesce((SELECT sum(n) FROM subs), 0),
                                'unsubscribed', coalesce((SELECT sum(n) FROM unsubs), 0))) AS growth_totals,
      (SELECT coalesce(json_agg(json_build_object(
          'day', to_char(d.day, 'YYYY-MM-DD'),
          'sent', coalesce(m.sent, 0),
          'opens', coalesce(m.opens, 0),
          'clicks', coalesce(m.clicks, 0)) ORDER BY d.day), '[]'::json)
       FROM days d LEFT JOIN (SELECT day, sent, opens, clicks FROM msg WHERE g = 1) m USING (day)) AS engagement,
      (SELECT json_build_object('sent', coalesce(sum(sent), 0), 'opens', coalesce(sum(opens), 0), 'clicks', coalesce(sum(clicks), 0))
       FROM msg WHERE g = 3) AS message_totals,
      (SELECT row_to_json(ev) FROM ev) AS events,
      (SELECT coalesce(json_agg(json_build_object(
          'id', id, 'name', name, 'sent', sent, 'opens', opens, 'clicks', clicks,
          'orders', orders, 'revenue', revenue::text) ORDER BY revenue DESC, sent DESC, name, id), '[]'::json)
       FROM top) AS top_campaigns
    `,
    [input.from.toISOString(), input.to.toISOString(), input.currency ?? null, DEFAULT_CURRENCY]
  )
  const r = rows[0]
  const n = (v: unknown) => Number(v ?? 0)
  return {
    period: { from: input.from.toISOString(), to: input.to.toISOString() },
    currency: r.currency,
    currencies: r.currencies,
    totals: {
      revenue: r.revenue_totals.revenue,
      orders: n(r.revenue_totals.orders),
      campaign_revenue: r.revenue_totals.campaigns,
      flow_revenue: r.revenue_totals.flows,
      messages_sent: n(r.message_totals.sent),
      unique_human_opens: n(r.message_totals.opens),
      unique_human_clicks: n(r.message_totals.clicks),
      unsubscribes: n(r.events.unsubscribes),
      complaints: n(r.events.complaints),
      new_subscribers: n(r.growth_totals.subscribed),
      unsubscribed: n(r.growth_totals.unsubscribed),
    },
    revenue_by_day: r.revenue_by_day.map((d: any) => ({
      day: d.day,
      campaigns: d.campaigns,
      flows: d.flows,
      orders: n(d.orders),
    })),
    list_growth: r.list_growth.map((d: any) => ({
      day: d.day,
      subscribed: n(d.subscribed),
      unsubscribed: n(d.unsubscribed),
      net: n(d.subscribed) - n(d.unsubscribed),
    })),
    engagement: r.engagement.map((d: any) => ({
      day: d.day,
      sent: n(d.sent),
      unique_human_opens: n(d.opens),
      unique_human_clicks: n(d.clicks),
      open_rate: rate(n(d.opens), n(d.sent)),
      click_rate: rate(n(d.clicks), n(d.sent)),
    })),
    top_campaigns: r.top_campaigns.map((t: any) => ({
      id: t.id,
      name: t.name,
      sent: n(t.sent),
      open_rate: rate(n(t.opens), n(t.sent)),
      click_rate: rate(n(t.clicks), n(t.sent)),
      orders: n(t.orders),
      revenue: t.revenue,
    })),
    computed_ms: Date.now() - started,
  }
}

/**
 * Recount the overview's daily rollup (mkt_message_daily: per UTC send day
 * and campaign, messages sent, with a human open or click, with a human
 * click) from the messages (deleted_at IS NULL, sent_at set): every row, or
 * the rows of the given campaigns ('' stands for messages without a
 * campaign). The send outcome and the tracking flush keep the rollup
 * current; this is for messages written around them (generated data,
 * imports, an edited sent_at) and to repair drift. One statement: rows that
 * differ are overwritten, rows without messages any more are deleted.
 *
 * Run it inside a transaction: it first locks the rollup against the send
 * and the tracking flush (SHARE ROW EXCLUSIVE, held to the end of the
 * transaction), so an increment is never lost or counted twice while it
 * recounts. Returns the cells recounted, how many differed (written) and how
 * many were removed.
 */
export async function rebuildMessageDaily(
  knex: Knex,
  campaignIds?: string[]
): Promise<{ cells: number; written: number; removed: number }> {
  if (campaignIds && !campaignIds.length) {
    return { cells: 0, written: 0, removed: 0 }
  }
  const ids = campaignIds ? [...new Set(campaignIds)] : null
  const named = ids ? ids.filter((id) => id !== "") : []
  // which messages and rollup rows: all, or those of the campaigns (campaign_id = ANY uses its index)
  const msgWhere = !ids
    ? "TRUE"
    : [named.length ? "campaign_id = ANY(CAST(? AS text[]))" : null, ids.includes("") ? "campaign_id IS NULL" : null]
        .filter(Boolean)
        .join(" OR ")
  const rowWhere = ids ? "d.campaign_key = ANY(CAST(? AS text[]))" : "TRUE"
  await knex.raw(`LOCK TABLE mkt_message_daily IN SHARE ROW EXCLUSIVE MODE`)
  const { rows } = await knex.raw(
    `
    WITH fresh AS (
      SELECT coalesce(campaign_id, '') AS campaign_key, CAST(sent_at AT TIME ZONE 'UTC' AS date) AS day,
        count(*)::int AS sent,
        count(*) FILTER (WHERE first_human_open_at IS NOT NULL OR first_human_click_at IS NOT NULL)::int AS human_engaged,
        count(first_human_click_at)::int AS human_clicked
      FROM mkt_message
      WHERE deleted_at IS NULL AND sent_at IS NOT NULL AND (${msgWhere})
      GROUP BY 1, 2
    ),
    removed AS (
      DELETE FROM mkt_message_daily d
      WHERE ${rowWhere} AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.day = d.day AND f.campaign_key = d.campaign_key)
      RETURNING 1
    ),
    written AS (
      INSERT INTO mkt_message_daily AS d (campaign_key, day, sent, human_engaged, human_clicked)
      SELECT campaign_key, day, sent, human_engaged, human_clicked FROM fresh ORDER BY day, campaign_key
      ON CONFLICT (day, campaign_key) DO UPDATE SET
        sent = EXCLUDED.sent, human_engaged = EXCLUDED.human_engaged, human_clicked = EXCLUDED.human_clicked
      WHERE (d.sent, d.human_engaged, d.human_clicked) IS DISTINCT FROM (EXCLUDED.sent, EXCLUDED.human_engaged, EXCLUDED.human_clicked)
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM fresh)::int AS cells, (SELECT count(*) FROM written)::int AS written,
      (SELECT count(*) FROM removed)::int AS removed
    `,
    [...(named.length ? [named] : []), ...(ids ? [ids] : [])]
  )
  return { cells: rows[0].cells, written: rows[0].written, removed: rows[0].removed }
}

/**
 * A contact's events, newest first, with the campaign's name and, for
 * clicks, the link's URL; null when there is no such contact. Reads the
 * (contact_id, occurred_at) index.
 */
export async function contactActivity(
  knex: Knex,
  contactId: string,
  page: { limit: number; offset: number }
): Promise<{ events: ActivityEvent[]; count: number } | null> {
  const { rows: found } = await knex.raw(`SELECT 1 FROM mkt_contact WHERE id = ? AND deleted_at IS NULL`, [contactId])
  if (!found.length) {
    return null
  }
  const { rows: events } = await knex.raw(
    `SELECT e.id, e.type, e.occurred_at, e.campaign_id, k.name AS campaign_name, e.message_id,
       l.url AS link_url, e.is_bot, e.bot_reason, e.bounce_kind, e.detail
     FROM mkt_event e
     LEFT JOIN mkt_campaign k ON k.id = e.campaign_id AND k.deleted_at IS NULL
     LEFT JOIN mkt_link l ON e.type = 'click' AND l.source_id = e.campaign_id AND l.position = e.link_position
       AND l.deleted_at IS NULL
     WHERE e.contact_id = ? AND e.deleted_at IS NULL
     ORDER BY e.occurred_at DESC, e.id DESC
     LIMIT ? OFFSET ?`,
    [contactId, page.limit, page.offset]
  )
  const { rows: counted } = await knex.raw(
    `SELECT count(*)::int AS n FROM mkt_event WHERE contact_id = ? AND deleted_at IS NULL`,
    [contactId]
  )
  return { events, count: counted[0].n }
}

/** The attributions of these orders (an order has at most one), with the campaign's name. */
export async function listOrderAttributions(knex: Knex, orderIds: string[]): Promise<OrderAttribution[]> {
  if (!orderIds.length) {
    return []
  }
  const { rows } = await knex.raw(
    `SELECT a.id, a.order_id, a.contact_id, a.message_id, a.campaign_id, k.name AS campaign_name, a.variant, a.event_id,
       a.touch, a.attribution_model, a.window_days, a.revenue::text AS revenue, a.currency_code, a.touched_at,
       a.order_placed_at, a.created_at
     FROM mkt_attribution a
     LEFT JOIN mkt_campaign k ON k.id = a.campaign_id AND k.deleted_at IS NULL
     WHERE a.order_id = ANY(CAST(? AS text[])) AND a.deleted_at IS NULL
     ORDER BY a.order_placed_at DESC, a.id`,
    [orderIds]
  )
  return rows
}
