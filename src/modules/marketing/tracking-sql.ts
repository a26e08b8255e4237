/**
 * Tracking's SQL, set-based: the recorded links of a send, the batched write
 * of open/click/view/unsubscribe hits (events + message counters + link
 * rollups + contact engagement in one statement), and delivery reports from
 * ESP webhooks (deduplicated on the provider's event id, order-independent).
 */
import { BOT_RULES, classifyClick, classifyOpen, type BotVerdict } from "../../lib/tracking"

type Knex = any

/** One recipient hit, as the public routes queue it. */
export type TrackingHit = {
  kind: "open" | "click" | "view" | "unsubscribe"
  message_id: string
  /** click: the source (campaign) the token names, and the link position */
  source_id?: string | null
  link?: number | null
  at: Date
  user_agent: string | null
  /** already reduced per the tracking_ip option */
  ip: string | null
  /** the raw IP, for bot rules only (never stored when the option says otherwise) */
  raw_ip?: string | null
  method: "GET" | "HEAD" | "POST"
}

export type TrackedLinkRow = {
  source_id: string
  campaign_id: string | null
  variant: number
  template_id: string | null
  template_version: number | null
  position: number
  url: string
  label: string | null
}

export type HitsResult = {
  recorded: number
  /** hits whose message is gone, or whose link is not the message's */
  dropped: number
  bots: number
}

const EVENT_ID = `'mevt_' || replace(gen_random_uuid()::text, '-', '')`

/** Record a send's links once; a repeat (a resumed send) changes nothing. */
export async function insertTrackedLinks(knex: Knex, links: TrackedLinkRow[]): Promise<number> {
  if (!links.length) {
    return 0
  }
  const col = <K extends keyof TrackedLinkRow>(k: K) => links.map((l) => l[k])
  const { rows } = await knex.raw(
    `INSERT INTO mkt_link (id, source_id, campaign_id, variant, template_id, template_version, position, url, label, created_at, updated_at)
     SELECT 'mlnk_' || replace(gen_random_uuid()::text, '-', ''), t.*, now(), now()
     FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::int[], ?::int[], ?::text[], ?::text[])
       AS t(source_id, campaign_id, variant, template_id, template_version, position, url, label)
     ON CONFLICT (source_id, position) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [
      col("source_id"),
      col("campaign_id"),
      col("variant"),
      col("template_id"),
      col("template_version"),
      col("position"),
      col("url"),
      col("label"),
    ]
  )
  return rows.length
}

export async function findTrackedLink(knex: Knex, sourceId: string, position: number): Promise<string | null> {
  const { rows } = await knex.raw(
    `SELECT url FROM mkt_link WHERE source_id = ? AND position = ? AND deleted_at IS NULL LIMIT 1`,
    [sourceId, position]
  )
  return rows[0]?.url ?? null
}

type MessageFacts = { id: string; campaign_id: string | null; contact_id: string; variant: number | null; sent_at: Date | null }

/**
 * A message's open and click counters and times (raw and human) as
 * aggregates over rows with `type`, `is_bot` and `occurred_at`: the flush
 * adds them from a batch of hits, a recount takes them from mkt_event.
 */
export const MESSAGE_ENGAGEMENT_AGGREGATES = `count(*) FILTER (WHERE type = 'open') AS opens,
  count(*) FILTER (WHERE type = 'open' AND NOT is_bot) AS human_opens,
  min(occurred_at) FILTER (WHERE type = 'open') AS first_open,
  min(occurred_at) FILTER (WHERE type = 'open' AND NOT is_bot) AS first_human_open,
  max(occurred_at) FILTER (WHERE type = 'open') AS last_open,
  count(*) FILTER (WHERE type = 'click') AS clicks,
  count(*) FILTER (WHERE type = 'click' AND NOT is_bot) AS human_clicks,
  min(occurred_at) FILTER (WHERE type = 'click') AS first_click,
  min(occurred_at) FILTER (WHERE type = 'click' AND NOT is_bot) AS first_human_click,
  max(occurred_at) FILTER (WHERE type = 'click') AS last_click`

/**
 * Write a batch of hits: classify each (machine opens, scanner clicks), then
 * ONE statement appends the events and updates the messages' counters, the
 * links' click rollups, the campaigns' hourly and daily rollups and the
 * contacts' last human open/click.
 */
export async function recordHits(knex: Knex, hits: TrackingHit[]): Promise<HitsResult> {
  const result: HitsResult = { recorded: 0, dropped: 0, bots: 0 }
  if (!hits.length) {
    return result
  }
  const ids = [...new Set(hits.map((h) => h.message_id))]
  const { rows: msgRows } = await knex.raw(
    `SELECT id, campaign_id, contact_id, variant, sent_at FROM mkt_message WHERE id = ANY(?::text[]) AND deleted_at IS NULL`,
    [ids]
  )
  const messages = new Map<string, MessageFacts>(msgRows.map((m: MessageFacts) => [m.id, m]))

  // earlier clicks of the same messages, for the "every link at once" rule
  const clickIds = [...new Set(hits.filter((h) => h.kind === "click").map((h) => h.message_id))]
  const clicksByMessage = new Map<string, { at: number; link: number }[]>()
  if (clickIds.length) {
    const since = new Date(Math.min(...hits.map((h) => h.at.getTime())) - BOT_RULES.burst_window_s * 1000)
    const { rows } = await knex.raw(
      `SELECT message_id, link_position, occurred_at FROM mkt_event
       WHERE message_id = ANY(?::text[]) AND type = 'click' AND occurred_at >= ? AND deleted_at IS NULL`,
      [clickIds, since]
    )
    for (const r of rows) {
      const list = clicksByMessage.get(r.message_id) ?? []
      list.push({ at: new Date(r.occurred_at).getTime(), link: r.link_position })
      clicksByMessage.set(r.message_id, list)
    }
    for (const h of hits) {
      if (h.kind === "click") {
        const list = clicksByMessage.get(h.message_id) ?? []
        list.push({ at: h.at.getTime(), link: h.link ?? -1 })
        clicksByMessage.set(h.message_id, list)
      }
    }
  }

  const cols = {
    type: [] as string[],
    message_id: [] as string[],
    contact_id: [] as string[],
    campaign_id: [] as (string | null)[],
    variant: [] as (number | null)[],
    link: [] as (number | null)[],
    at: [] as string[],
    user_agent: [] as (string | null)[],
    ip: [] as (string | null)[],
    is_bot: [] as boolean[],
    bot_reason: [] as (string | null)[],
  }
  for (const h of hits) {
    const m = messages.get(h.message_id)
    if (!m || (h.kind === "click" && (h.source_id !== m.campaign_id || h.link == null))) {
      result.dropped++
      continue
    }
    const sinceSent = m.sent_at ? (h.at.getTime() - new Date(m.sent_at).getTime()) / 1000 : null
    const hit = { user_agent: h.user_agent, ip: h.raw_ip ?? h.ip, method: h.method, seconds_since_sent: sinceSent }
    let verdict: BotVerdict = { bot: false, reason: null }
    if (h.kind === "open") {
      verdict = classifyOpen(hit)
    } else if (h.kind === "click") {
      const window = BOT_RULES.burst_window_s * 1000
      const near = (clicksByMessage.get(h.message_id) ?? []).filter((c) => Math.abs(c.at - h.at.getTime()) <= window)
      verdict = classifyClick({
        ...hit,
        clicks_in_burst: Math.max(0, near.length - 1),
        distinct_links_in_burst: new Set(near.map((c) => c.link)).size,
      })
    }
    if (verdict.bot) {
      result.bots++
    }
    cols.type.push(h.kind)
    cols.message_id.push(m.id)
    cols.contact_id.push(m.contact_id)
    cols.campaign_id.push(m.campaign_id)
    cols.variant.push(m.variant)
    cols.link.push(h.kind === "click" ? h.link ?? null : null)
    cols.at.push(h.at.toISOString())
    cols.user_agent.push(h.user_agent)
    cols.ip.push(h.ip)
    cols.is_bot.push(verdict.bot)
    cols.bot_reason.push(verdict.reason)
  }
  if (!cols.type.length) {
    return result
  }
  await knex.raw(
    `
    WITH hit AS (
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::int[], ?::int[], ?::timestamptz[], ?::text[], ?::text[], ?::bool[], ?::text[])
        AS t(type, message_id, contact_id, campaign_id, variant, link_position, occurred_at, user_agent, ip, is_bot, bot_reason)
    ),
    ev AS (
      INSERT INTO mkt_event (id, type, message_id, contact_id, campaign_id, variant, link_position, occurred_at,
                             user_agent, ip, is_bot, bot_reason, created_at, updated_at)
      SELECT ${EVENT_ID}, type, message_id, contact_id, campaign_id, variant, link_position, occurred_at,
             user_agent, ip, is_bot, bot_reason, now(), now()
      FROM hit
    ),
    per_message AS (
      SELECT message_id,
        ${MESSAGE_ENGAGEMENT_AGGREGATES},
        min(occurred_at) FILTER (WHERE type = 'unsubscribe') AS unsubscribed
      FROM hit GROUP BY message_id
    ),
    -- the messages' engagement before this statement, read under a row lock
    -- (RETURNING only has the new values): the daily rollup counts a message
    -- the moment it first gets a human open or click, and a human click
    prior AS (
      SELECT m.id, m.sent_at, m.deleted_at,
        m.first_human_open_at IS NOT NULL OR m.first_human_click_at IS NOT NULL AS was_engaged,
        m.first_human_click_at IS NOT NULL AS was_clicked
      FROM mkt_message m JOIN per_message p ON p.message_id = m.id
      FOR UPDATE OF m
    ),
    msg AS (
      UPDATE mkt_message m SET
        open_count = m.open_count + p.opens,
        human_open_count = m.human_open_count + p.human_opens,
        first_open_at = LEAST(m.first_open_at, p.first_open),
        first_human_open_at = LEAST(m.first_human_open_at, p.first_human_open),
        last_open_at = GREATEST(m.last_open_at, p.last_open),
        click_count = m.click_count + p.clicks,
        human_click_count = m.human_click_count + p.human_clicks,
        first_click_at = LEAST(m.first_click_at, p.first_click),
        first_human_click_at = LEAST(m.first_human_click_at, p.first_human_click),
        last_click_at = GREATEST(m.last_click_at, p.last_click),
        unsubscribed_at = LEAST(m.unsubscribed_at, p.unsubscribed),
        updated_at = now()
      FROM per_message p JOIN prior o ON o.id = p.message_id
      WHERE m.id = p.message_id
      RETURNING m.campaign_id, o.sent_at, o.deleted_at, o.was_engaged, o.was_clicked,
        m.first_human_open_at IS NOT NULL OR m.first_human_click_at IS NOT NULL AS engaged,
        m.first_human_click_at IS NOT NULL AS clicked
    ),
    -- the overview's cells per campaign and UTC send day (a message not sent
    -- yet counts when its outcome is written, see recordOutcomes)
    daily AS (
      INSERT INTO mkt_message_daily AS d (campaign_key, day, human_engaged, human_clicked)
      SELECT coalesce(campaign_id, ''), CAST(sent_at AT TIME ZONE 'UTC' AS date),
        count(*) FILTER (WHERE engaged AND NOT was_engaged), count(*) FILTER (WHERE clicked AND NOT was_clicked)
      FROM msg
      WHERE sent_at IS NOT NULL AND deleted_at IS NULL AND ((engaged AND NOT was_engaged) OR (clicked AND NOT was_clicked))
      GROUP BY 1, 2
      ORDER BY 2, 1
      ON CONFLICT (day, campaign_key) DO UPDATE SET
        human_engaged = d.human_engaged + EXCLUDED.human_engaged, human_clicked = d.human_clicked + EXCLUDED.human_clicked
    ),
    -- a message's first human click on a link (the events before this
    -- statement, and once per batch) makes it a unique clicker of the link
    new_clicker AS (
      SELECT DISTINCT h.campaign_id, h.link_position, h.message_id FROM hit h
      WHERE h.type = 'click' AND NOT h.is_bot
        AND NOT EXISTS (SELECT 1 FROM mkt_event e WHERE e.message_id = h.message_id AND e.type = 'click'
          AND e.link_position = h.link_position AND NOT e.is_bot AND e.deleted_at IS NULL)
    ),
    per_link AS (
      SELECT source_id, link_position, sum(clicks) AS clicks, sum(human_clicks) AS human_clicks, sum(uniq) AS uniq FROM (
        SELECT campaign_id AS source_id, link_position, count(*) AS clicks, count(*) FILTER (WHERE NOT is_bot) AS human_clicks,
          0 AS uniq
        FROM hit WHERE type = 'click' GROUP BY 1, 2
        UNION ALL
        SELECT campaign_id, link_position, 0, 0, count(*) FROM new_clicker GROUP BY 1, 2
      ) x GROUP BY 1, 2
    ),
    lnk AS (
      UPDATE mkt_link l SET clicks = l.clicks + p.clicks, human_clicks = l.human_clicks + p.human_clicks,
        unique_human_clickers = l.unique_human_clickers + p.uniq, updated_at = now()
      FROM per_link p WHERE l.source_id = p.source_id AND l.position = p.link_position AND l.deleted_at IS NULL
    ),
    -- the report's timeline, per campaign and UTC hour
    hourly AS (
      INSERT INTO mkt_campaign_hourly AS r (campaign_id, bucket, opens, human_opens, clicks, human_clicks)
      SELECT campaign_id, date_trunc('hour', occurred_at AT TIME ZONE 'UTC'),
        count(*) FILTER (WHERE type = 'open'), count(*) FILTER (WHERE type = 'open' AND NOT is_bot),
        count(*) FILTER (WHERE type = 'click'), count(*) FILTER (WHERE type = 'click' AND NOT is_bot)
      FROM hit WHERE campaign_id IS NOT NULL AND type IN ('open', 'click')
      GROUP BY 1, 2
      ON CONFLICT (campaign_id, bucket) DO UPDATE SET
        opens = r.opens + EXCLUDED.opens, human_opens = r.human_opens + EXCLUDED.human_opens,
        clicks = r.clicks + EXCLUDED.clicks, human_clicks = r.human_clicks + EXCLUDED.human_clicks
    ),
    per_contact AS (
      SELECT contact_id,
        max(occurred_at) FILTER (WHERE type IN ('open', 'view') AND NOT is_bot) AS last_open,
        max(occurred_at) FILTER (WHERE type = 'click' AND NOT is_bot) AS last_click
      FROM hit GROUP BY contact_id
    )
    UPDATE mkt_contact c SET
      last_open_at = GREATEST(c.last_open_at, p.last_open),
      last_click_at = GREATEST(c.last_click_at, p.last_click)
    FROM per_contact p
    WHERE c.id = p.contact_id AND (p.last_open IS NOT NULL OR p.last_click IS NOT NULL)
    `,
    [
      cols.type,
      cols.message_id,
      cols.contact_id,
      cols.campaign_id,
      cols.variant,
      cols.link,
      cols.at,
      cols.user_agent,
      cols.ip,
      cols.is_bot,
      cols.bot_reason,
    ]
  )
  result.recorded = cols.type.length
  return result
}

/** A delivery report as the webhook parsers normalize it (src/lib/webhooks). */
export type DeliveryReport = {
  provider: string
  provider_event_id: string
  type: "delivered" | "bounce" | "complaint" | "deferred"
  bounce_kind: "hard" | "soft" | null
  email: string
  message_id: string | null
  occurred_at: string
  detail: string | null
}

export type DeliveryResult = {
  recorded: number
  /** replays: already recorded, nothing changed */
  duplicates: number
  /** addresses to suppress now, by reason */
  hard_bounces: string[]
  complaints: string[]
  /** contacts whose soft bounces in a row reached the limit */
  soft_bounce_limit_reached: string[]
  /** campaigns that got new complaints (for the complaint-rate breaker) */
  complained_campaign_ids: string[]
}

/**
 * Record delivery reports. The event insert is deduplicated on
 * (provider, provider_event_id), and only newly inserted reports move
 * anything. Every update is order-independent: first delivery/bounce/
 * complaint times are LEAST()s, and a contact's soft-bounce streak is
 * recounted from its events (soft bounces after its latest delivery), so a
 * late-arriving old delivery cannot reset a newer streak.
 */
export async function recordDeliveryReports(
  knex: Knex,
  reports: DeliveryReport[],
  opts: { soft_bounce_limit: number }
): Promise<DeliveryResult> {
  const out: DeliveryResult = {
    recorded: 0,
    duplicates: 0,
    hard_bounces: [],
    complaints: [],
    soft_bounce_limit_reached: [],
    complained_campaign_ids: [],
  }
  if (!reports.length) {
    return out
  }
  const col = <K extends keyof DeliveryReport>(k: K) => reports.map((r) => r[k])
  const { rows } = await knex.raw(
    `
    WITH r AS (
      SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::text[])
        AS t(provider, provider_event_id, type, bounce_kind, email, message_id, occurred_at, detail)
    ),
    -- our message: by id when the report carries it, else the latest message sent to the address
    resolved AS (
      SELECT DISTINCT ON (r.provider, r.provider_event_id) r.*, c.id AS contact_id,
        coalesce(mm.id, latest.id) AS mid, coalesce(mm.campaign_id, latest.campaign_id) AS campaign_id,
        coalesce(mm.variant, latest.variant) AS variant
      FROM r
      LEFT JOIN mkt_contact c ON c.email = r.email AND c.deleted_at IS NULL
      LEFT JOIN mkt_message mm ON mm.id = r.message_id AND mm.deleted_at IS NULL
      LEFT JOIN LATERAL (
        SELECT m.id, m.campaign_id, m.variant FROM mkt_message m
        WHERE r.message_id IS NULL AND m.contact_id = c.id AND m.sent_at IS NOT NULL AND m.sent_at <= r.occurred_at
          AND m.deleted_at IS NULL
        ORDER BY m.created_at DESC LIMIT 1
      ) latest ON true
      ORDER BY r.provider, r.provider_event_id
    ),
    ins AS (
      INSERT INTO mkt_event (id, type, message_id, contact_id, campaign_id, variant, occurred_at, provider,
                             provider_event_id, bounce_kind, detail, created_at, updated_at)
      SELECT ${EVENT_ID}, type, mid, contact_id, campaign_id, variant, occurred_at, provider,
             provider_event_id, bounce_kind, detail, now(), now()
      FROM resolved
      ON CONFLICT (provider, provider_event_id) WHERE provider_event_id IS NOT NULL AND deleted_at IS NULL DO NOTHING
      RETURNING type, message_id, contact_id, campaign_id, occurred_at, bounce_kind, provider, provider_event_id
    ),
    msg AS (
      UPDATE mkt_message m SET
        delivered_at = LEAST(m.delivered_at, a.delivered),
        bounced_at = LEAST(m.bounced_at, a.bounced),
        bounce_kind = CASE WHEN a.hard THEN 'hard' ELSE coalesce(m.bounce_kind, a.kind) END,
        complained_at = LEAST(m.complained_at, a.complained),
        updated_at = now()
      FROM (
        SELECT message_id,
          min(occurred_at) FILTER (WHERE type = 'delivered') AS delivered,
          min(occurred_at) FILTER (WHERE type = 'bounce') AS bounced,
          bool_or(type = 'bounce' AND bounce_kind = 'hard') AS hard,
          min(bounce_kind) FILTER (WHERE type = 'bounce') AS kind,
          min(occurred_at) FILTER (WHERE type = 'complaint') AS complained
        FROM ins WHERE message_id IS NOT NULL GROUP BY message_id
      ) a
      WHERE m.id = a.message_id
    )
    SELECT DISTINCT ON (i.provider, i.provider_event_id) i.type, i.message_id, i.contact_id, i.campaign_id, i.bounce_kind, r.email
    FROM ins i JOIN r ON r.provider = i.provider AND r.provider_event_id = i.provider_event_id
    `,
    [
      col("provider"),
      col("provider_event_id"),
      col("type"),
      col("bounce_kind"),
      col("email"),
      col("message_id"),
      col("occurred_at"),
      col("detail"),
    ]
  )
  out.recorded = rows.length
  out.duplicates = reports.length - rows.length
  const emails = (pick: (r: any) => boolean): string[] => [...new Set<string>(rows.filter(pick).map((r: any) => r.email as string))]
  out.hard_bounces = emails((r) => r.type === "bounce" && r.bounce_kind === "hard")
  out.complaints = emails((r) => r.type === "complaint")
  out.complained_campaign_ids = [
    ...new Set<string>(rows.filter((r: any) => r.type === "complaint" && r.campaign_id).map((r: any) => r.campaign_id as string)),
  ]
  const softContacts = [
    ...new Set<string>(rows.filter((r: any) => r.type === "bounce" && r.bounce_kind === "soft" && r.contact_id).map((r: any) => r.contact_id)),
  ]
  const deliveredContacts = [
    ...new Set<string>(rows.filter((r: any) => r.type === "delivered" && r.contact_id).map((r: any) => r.contact_id)),
  ]
  const streakContacts = [...new Set([...softContacts, ...deliveredContacts])]
  if (streakContacts.length) {
    // soft bounces since the latest delivery, recounted from the events
    const { rows: streaks } = await knex.raw(
      `
      UPDATE mkt_contact c SET soft_bounce_count = s.streak, updated_at = now()
      FROM (
        SELECT c2.id,
          (SELECT count(*) FROM mkt_event e
            WHERE e.contact_id = c2.id AND e.type = 'bounce' AND e.bounce_kind = 'soft' AND e.deleted_at IS NULL
              AND e.occurred_at > coalesce((SELECT max(d.occurred_at) FROM mkt_event d
                 WHERE d.contact_id = c2.id AND d.type = 'delivered' AND d.deleted_at IS NULL), '-infinity')) AS streak
        FROM mkt_contact c2 WHERE c2.id = ANY(?::text[])
      ) s
      WHERE c.id = s.id
      RETURNING c.email, s.streak
      `,
      [streakContacts]
    )
    out.soft_bounce_limit_reached = streaks
      .filter((s: any) => Number(s.streak) >= opts.soft_bounce_limit)
      .map((s: any) => s.email as string)
  }
  return out
}

export type AttributionInput = {
  order_id: string
  email: string
  placed_at: Date
  /** decimal string in the order's currency (major units) */
  revenue: string
  currency_code: string
}

export type AttributionRow = {
  id: string
  order_id: string
  contact_id: string
  message_id: string
  campaign_id: string | null
  variant: number | null
  touch: "click" | "open"
  attribution_model: "last_click" | "last_touch"
  revenue: string
  currency_code: string
  touched_at: Date
}

/**
 * Credit an order to the contact's last human click within the window
 * (else, or for last_touch: the last human open or click). One row per
 * order (unique index): a replayed order.placed inserts nothing and returns
 * null. Uses the (contact_id, occurred_at) index on events.
 */
export async function attributeOrder(
  knex: Knex,
  input: AttributionInput,
  opts: { window_days: number; model: "last_click" | "last_touch" }
): Promise<AttributionRow | null> {
  const { rows } = await knex.raw(
    `
    WITH c AS (SELECT id FROM mkt_contact WHERE email = ? AND deleted_at IS NULL LIMIT 1),
    touch AS (
      SELECT e.id, e.type, e.message_id, e.campaign_id, e.variant, e.occurred_at, c.id AS contact_id
      FROM c JOIN mkt_event e ON e.contact_id = c.id
      WHERE e.deleted_at IS NULL AND NOT e.is_bot AND e.message_id IS NOT NULL
        AND e.type IN ('click', 'open', 'view')
        AND e.occurred_at <= CAST(? AS timestamptz)
        AND e.occurred_at > CAST(? AS timestamptz) - make_interval(days => ?)
      ORDER BY CASE WHEN ? = 'last_click' AND e.type = 'click' THEN 0 ELSE 1 END, e.occurred_at DESC
      LIMIT 1
    )
    INSERT INTO mkt_attribution (id, order_id, contact_id, message_id, campaign_id, variant, event_id, touch,
      attribution_model, window_days, revenue, raw_revenue, currency_code, touched_at, order_placed_at, created_at, updated_at)
    SELECT 'matt_' || replace(gen_random_uuid()::text, '-', ''), ?, t.contact_id, t.message_id, t.campaign_id, t.variant, t.id,
      CASE WHEN t.type = 'click' THEN 'click' ELSE 'open' END, ?, ?, CAST(? AS numeric),
      jsonb_build_object('value', CAST(? AS text), 'precision', 20), ?, t.occurred_at, CAST(? AS timestamptz), now(), now()
    FROM touch t
    ON CONFLICT (order_id) WHERE deleted_at IS NULL DO NOTHING
    RETURNING id, order_id, contact_id, message_id, campaign_id, variant, touch, attribution_model, revenue::text AS revenue,
      currency_code, touched_at
    `,
    [
      input.email,
      input.placed_at.toISOString(),
      input.placed_at.toISOString(),
      opts.window_days,
      opts.model,
      input.order_id,
      opts.model,
      opts.window_days,
      input.revenue,
      input.revenue,
      input.currency_code.toLowerCase(),
      input.placed_at.toISOString(),
    ]
  )
  return rows[0] ?? null
}
