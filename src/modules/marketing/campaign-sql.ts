/**
 * The campaign send ledger's SQL, set-based and parameterized: the audience
 * estimate, the snapshot (one INSERT ... SELECT), batch claims with
 * FOR UPDATE SKIP LOCKED and a lease, bulk outcome recording, and the shared
 * rate limiter. The service wraps these in its transactions; nothing here
 * loads an audience into JS.
 */
import { abAssignmentSql } from "../../lib/ab-test"
import { RECIPIENT_COLUMNS, type RecipientRow } from "../../lib/campaigns/recipient"

type Knex = any

export type AudienceSpec = {
  include_segment_ids: string[]
  exclude_segment_ids: string[]
  topic_id?: string | null
  /** hours; 0 or null = no cap */
  frequency_cap_hours?: number | null
}

export type AudienceEstimate = {
  /** contacts in the include segments minus the exclude segments */
  audience: number
  suppressed: number
  unsubscribed: number
  not_subscribed: number
  topic_opt_out: number
  frequency_cap: number
  /** who would get the email */
  sendable: number
}

/**
 * The audience and why each contact would be left out, as a CTE body with
 * the columns (id, email, skip_reason). `now` is a bound timestamp so the
 * estimate and the snapshot agree with the caller's clock.
 */
function classifiedAudience(spec: AudienceSpec, now: Date): { sql: string; bindings: unknown[] } {
  const cap = spec.frequency_cap_hours && spec.frequency_cap_hours > 0 ? spec.frequency_cap_hours : 0
  // bindings in the order their placeholders appear in the text
  const bindings: unknown[] = []
  let topicCase = ""
  if (spec.topic_id) {
    topicCase = `WHEN EXISTS (SELECT 1 FROM mkt_contact_topic ct WHERE ct.contact_id = c.id AND ct.topic_id = ?
         AND ct.deleted_at IS NULL AND NOT ct.subscribed) THEN 'topic_opt_out'`
    bindings.push(spec.topic_id)
  }
  let capCase = ""
  if (cap) {
    capCase = `WHEN c.last_sent_at > CAST(? AS timestamptz) - make_interval(hours => ?) THEN 'frequency_cap'`
    bindings.push(now.toISOString(), cap)
  }
  bindings.push(spec.include_segment_ids, spec.exclude_segment_ids)
  const sql = `
    SELECT c.id, c.email,
      CASE
        WHEN c.status = 'unsubscribed' OR s.reason = 'unsubscribed' THEN 'unsubscribed'
        WHEN s.id IS NOT NULL OR c.status IN ('bounced', 'complained', 'cleaned') THEN 'suppressed'
        WHEN c.status <> 'subscribed' THEN 'not_subscribed'
        ${topicCase}
        ${capCase}
      END AS skip_reason
    FROM (
      SELECT sm.contact_id FROM mkt_segment_member sm
      WHERE sm.deleted_at IS NULL AND sm.segment_id = ANY(CAST(? AS text[]))
      EXCEPT
      SELECT sm.contact_id FROM mkt_segment_member sm
      WHERE sm.deleted_at IS NULL AND sm.segment_id = ANY(CAST(? AS text[]))
    ) a
    JOIN mkt_contact c ON c.id = a.contact_id AND c.deleted_at IS NULL
    LEFT JOIN mkt_suppression s
      ON s.deleted_at IS NULL AND s.email_hash = encode(sha256(convert_to(c.email, 'UTF8')), 'hex')`
  return { sql, bindings }
}

export async function estimateAudience(knex: Knex, spec: AudienceSpec, now = new Date()): Promise<AudienceEstimate> {
  const a = classifiedAudience(spec, now)
  const { rows } = await knex.raw(
    `SELECT coalesce(skip_reason, 'sendable') AS k, count(*)::int AS n FROM (${a.sql}) x GROUP BY 1`,
    a.bindings
  )
  const out: AudienceEstimate = {
    audience: 0,
    suppressed: 0,
    unsubscribed: 0,
    not_subscribed: 0,
    topic_opt_out: 0,
    frequency_cap: 0,
    sendable: 0,
  }
  for (const r of rows) {
    ;(out as Record<string, number>)[r.k] = r.n
    out.audience += r.n
  }
  return out
}

export type SnapshotResult = { inserted: number; queued: number; held: number; skipped: number }

/**
 * Write the campaign's audience into mkt_message in one statement: sendable
 * contacts `queued` (with their A/B variant, or `held` when they are the
 * test's remainder), the rest `skipped` with the reason. Idempotent: a
 * contact already in the ledger for this campaign is left alone.
 */
export async function snapshotAudience(
  knex: Knex,
  input: AudienceSpec & {
    campaign_id: string
    ab?: { test_fraction: number; variant_count: number } | null
  },
  now = new Date()
): Promise<SnapshotResult> {
  const a = classifiedAudience(input, now)
  const ab = input.ab
    ? abAssignmentSql({
        contactIdColumn: "x.id",
        campaignIdParam: "x.campaign_id",
        testFraction: input.ab.test_fraction,
        variantCount: input.ab.variant_count,
      })
    : null
  const variant = ab ? `CASE WHEN x.skip_reason IS NULL THEN ${ab.variant} END` : "NULL"
  const status = ab
    ? `CASE WHEN x.skip_reason IS NOT NULL THEN 'skipped' WHEN ${ab.variant} IS NULL THEN 'held' ELSE 'queued' END`
    : `CASE WHEN x.skip_reason IS NOT NULL THEN 'skipped' ELSE 'queued' END`
  const { rows } = await knex.raw(
    `WITH ins AS (
       INSERT INTO mkt_message (id, campaign_id, contact_id, email, variant, status, skip_reason, created_at, updated_at)
       SELECT 'mmsg_' || replace(CAST(gen_random_uuid() AS text), '-', ''), x.campaign_id, x.id, x.email,
              ${variant}, ${status}, x.skip_reason, now(), now()
       FROM (SELECT CAST(? AS text) AS campaign_id, y.* FROM (${a.sql}) y) x
       ON CONFLICT (campaign_id, contact_id) WHERE deleted_at IS NULL AND campaign_id IS NOT NULL DO NOTHING
       RETURNING status
     )
     SELECT status, count(*)::int AS n FROM ins GROUP BY status`,
    [input.campaign_id, ...a.bindings]
  )
  const by = Object.fromEntries(rows.map((r: any) => [r.status, r.n])) as Record<string, number>
  const queued = by.queued ?? 0
  const held = by.held ?? 0
  const skipped = by.skipped ?? 0
  return { inserted: queued + held + skipped, queued, held, skipped }
}

export type ClaimedMessage = RecipientRow & {
  message_id: string
  variant: number | null
  attempts: number
  /** the idempotency key this attempt sends with */
  notification_key: string
  /** the previous attempt's key (a retry, or a batch whose worker died) */
  previous_key: string | null
}

/**
 * Reserve up to `limit` queued messages of a sending campaign for this
 * worker: `sending` with a lease, attempt counted, a fresh idempotency key.
 * Rows another worker holds are skipped (SKIP LOCKED), so any number of
 * workers can share a campaign. Returns each message with its contact.
 */
export async function claimBatch(
  knex: Knex,
  input: { campaign_id: string; limit: number; lease_seconds: number }
): Promise<ClaimedMessage[]> {
  const contactCols = RECIPIENT_COLUMNS.filter((c) => c !== "id" && c !== "email")
    .map((c) => `c.${c}`)
    .join(", ")
  const { rows } = await knex.raw(
    `WITH picked AS (
       SELECT m.id, m.notification_key AS previous_key
       FROM mkt_message m
       WHERE m.campaign_id = ? AND m.deleted_at IS NULL AND m.status = 'queued'
         AND (m.next_attempt_at IS NULL OR m.next_attempt_at <= now())
         AND EXISTS (SELECT 1 FROM mkt_campaign k WHERE k.id = m.campaign_id AND k.status = 'sending' AND k.deleted_at IS NULL)
       LIMIT ?
       FOR UPDATE OF m SKIP LOCKED
     )
     UPDATE mkt_message m
     SET status = 'sending', attempts = m.attempts + 1,
         lease_until = now() + make_interval(secs => ?),
         notification_key = m.id || ':' || (m.attempts + 1),
         updated_at = now()
     FROM picked, mkt_contact c
     WHERE m.id = picked.id AND c.id = m.contact_id
     RETURNING m.id AS message_id, m.variant, m.attempts, m.notification_key, picked.previous_key,
               c.id, m.email, ${contactCols}`,
    [input.campaign_id, input.limit, input.lease_seconds]
  )
  return rows
}

/**
 * Give back messages whose worker died: `sending` rows with an expired lease
 * return to `queued`, keeping the key of the attempt that was in flight so
 * the next claim can ask the Notification Module whether it went out.
 */
export async function releaseExpiredLeases(knex: Knex, campaignId: string): Promise<number> {
  const { rowCount } = await knex.raw(
    `UPDATE mkt_message SET status = 'queued', lease_until = NULL, updated_at = now()
     WHERE campaign_id = ? AND deleted_at IS NULL AND status = 'sending' AND lease_until < now()`,
    [campaignId]
  )
  return rowCount ?? 0
}

export type MessageOutcome =
  | { message_id: string; notification_key: string; status: "sent" }
  | { message_id: string; notification_key: string; status: "failed"; error: string }
  | { message_id: string; notification_key: string; status: "retry"; error: string; retry_at: Date }

/**
 * Record a batch's outcomes in one statement. A row is only written while
 * this worker still holds it (status `sending` with the same key), so a
 * worker that outlived its lease cannot overwrite the next one's result.
 * Sent messages also stamp the contact's last_sent_at (frequency cap) and
 * count in the overview's daily rollup (mkt_message_daily): sent, and
 * engaged/clicked when a human open or click arrived before the outcome
 * (a pixel can be fetched before the worker writes "sent"). Only a message
 * whose sent_at was NULL counts (its prior values are read under a row lock
 * in `prior`), and sent_at keeps the first send's time, so a message counts
 * once, under the day it first went out.
 */
export async function recordOutcomes(knex: Knex, outcomes: MessageOutcome[]): Promise<{ updated: number }> {
  if (!outcomes.length) {
    return { updated: 0 }
  }
  const { rows } = await knex.raw(
    `WITH v AS (
       SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[]), CAST(? AS timestamptz[]))
         AS v(id, key, outcome, error, retry_at)
     ),
     -- the rows this worker still holds, locked, with the values before this statement
     -- (an UPDATE's RETURNING only has the new ones)
     prior AS (
       SELECT m.id, m.sent_at IS NULL AS unsent
       FROM mkt_message m JOIN v ON v.id = m.id
       WHERE m.status = 'sending' AND m.notification_key = v.key
       FOR UPDATE OF m
     ), upd AS (
       UPDATE mkt_message m
       SET status = CASE v.outcome WHEN 'retry' THEN 'queued' ELSE v.outcome END,
           sent_at = CASE WHEN v.outcome = 'sent' THEN coalesce(m.sent_at, now()) ELSE m.sent_at END,
           failed_at = CASE WHEN v.outcome = 'failed' THEN now() ELSE m.failed_at END,
           error = v.error,
           next_attempt_at = v.retry_at,
           lease_until = NULL,
           updated_at = now()
       FROM v JOIN prior p ON p.id = v.id
       WHERE m.id = v.id AND m.status = 'sending' AND m.notification_key = v.key
       RETURNING m.contact_id, m.status, m.campaign_id, m.sent_at, m.deleted_at,
         m.first_human_open_at, m.first_human_click_at, p.unsent AND m.status = 'sent' AS first_send
     ), touched AS (
       UPDATE mkt_contact c SET last_sent_at = now()
       WHERE c.id IN (SELECT contact_id FROM upd WHERE status = 'sent')
       RETURNING 1
     ), daily AS (
       INSERT INTO mkt_message_daily AS d (campaign_key, day, sent, human_engaged, human_clicked)
       SELECT coalesce(campaign_id, ''), CAST(sent_at AT TIME ZONE 'UTC' AS date), count(*),
         count(*) FILTER (WHERE first_human_open_at IS NOT NULL OR first_human_click_at IS NOT NULL),
         count(first_human_click_at)
       FROM upd WHERE first_send AND deleted_at IS NULL
       GROUP BY 1, 2
       ORDER BY 2, 1
       ON CONFLICT (day, campaign_key) DO UPDATE SET sent = d.sent + EXCLUDED.sent,
         human_engaged = d.human_engaged + EXCLUDED.human_engaged, human_clicked = d.human_clicked + EXCLUDED.human_clicked
     )
     SELECT (SELECT count(*)::int FROM upd) AS updated, (SELECT count(*)::int FROM touched) AS touched`,
    [
      outcomes.map((o) => o.message_id),
      outcomes.map((o) => o.notification_key),
      outcomes.map((o) => o.status),
      outcomes.map((o) => (o.status === "sent" ? null : o.error.slice(0, 1000))),
      outcomes.map((o) => (o.status === "retry" ? o.retry_at.toISOString() : null)),
    ]
  )
  return { updated: rows[0].updated }
}

/**
 * Take `n` send slots from the campaign's shared rate limiter and return when
 * the batch may start (now or later). All workers draw from the same row, so
 * the campaign's rate holds however many of them send.
 */
export async function reserveRate(knex: Knex, campaignId: string, n: number, perSecond: number): Promise<Date> {
  const { rows } = await knex.raw(
    `UPDATE mkt_campaign
     SET rate_next_at = GREATEST(coalesce(rate_next_at, now()), now()) + make_interval(secs => ?)
     WHERE id = ?
     RETURNING rate_next_at - make_interval(secs => ?) AS start_at`,
    [n / perSecond, campaignId, n / perSecond]
  )
  return rows.length ? new Date(rows[0].start_at) : new Date()
}

/**
 * Message counts by status for campaigns, how many went out in the last
 * `windowSeconds`, and the seconds from the first of those to now (so a
 * campaign resumed 10 s ago shows its rate, not a tenth of it).
 */
export async function sendCounts(
  knex: Knex,
  campaignIds: string[],
  windowSeconds = 60
): Promise<Map<string, { rows: { status: string; n: number }[]; recent: number; span: number }>> {
  const out = new Map<string, { rows: { status: string; n: number }[]; recent: number; span: number }>()
  if (!campaignIds.length) {
    return out
  }
  const { rows } = await knex.raw(
    `SELECT campaign_id, status, count(*)::int AS n FROM mkt_message
     WHERE campaign_id = ANY(CAST(? AS text[])) AND deleted_at IS NULL GROUP BY 1, 2`,
    [campaignIds]
  )
  const { rows: recent } = await knex.raw(
    `SELECT campaign_id, count(*)::int AS n,
            GREATEST(extract(epoch FROM now() - min(sent_at)), 1)::float AS span
     FROM mkt_message
     WHERE campaign_id = ANY(CAST(? AS text[])) AND deleted_at IS NULL AND sent_at IS NOT NULL
       AND sent_at > now() - make_interval(secs => ?)
     GROUP BY 1`,
    [campaignIds, windowSeconds]
  )
  for (const id of campaignIds) {
    out.set(id, { rows: [], recent: 0, span: windowSeconds })
  }
  for (const r of rows) {
    out.get(r.campaign_id)!.rows.push({ status: r.status, n: r.n })
  }
  for (const r of recent) {
    out.get(r.campaign_id)!.recent = r.n
    out.get(r.campaign_id)!.span = r.span
  }
  return out
}
