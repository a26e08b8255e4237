import { rebuildMessageDaily } from "../../src/modules/marketing/analytics-sql"

type Knex = any

/** One cell of the overview's daily rollup: a campaign ('' = none) on a UTC send day. */
export type DailyCell = { campaign_key: string; day: string; sent: number; human_engaged: number; human_clicked: number }

/**
 * The cells counted straight from the messages, independently of the rollup:
 * what mkt_message_daily must hold (a message counts once under the day it
 * was sent; engaged = a human open or click, bots left out).
 */
export async function countDailyFromMessages(knex: Knex): Promise<DailyCell[]> {
  const { rows } = await knex.raw(
    `SELECT coalesce(campaign_id, '') AS campaign_key, to_char(sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') AS day,
       count(*)::int AS sent,
       count(*) FILTER (WHERE first_human_open_at IS NOT NULL OR first_human_click_at IS NOT NULL)::int AS human_engaged,
       count(*) FILTER (WHERE first_human_click_at IS NOT NULL)::int AS human_clicked
     FROM mkt_message WHERE deleted_at IS NULL AND sent_at IS NOT NULL
     GROUP BY 1, 2 ORDER BY 1, 2`
  )
  return rows
}

/** What the rollup holds (cells that count nothing left out). */
export async function readDailyRollup(knex: Knex): Promise<DailyCell[]> {
  const { rows } = await knex.raw(
    `SELECT campaign_key, to_char(day, 'YYYY-MM-DD') AS day, sent, human_engaged, human_clicked
     FROM mkt_message_daily WHERE sent <> 0 OR human_engaged <> 0 OR human_clicked <> 0
     ORDER BY 1, 2`
  )
  return rows
}

/**
 * A fixture that rewrites the messages' sent_at (backdating a send) goes
 * around the send path, so it recounts the campaign's rollup cells, as
 * anything writing messages around the send path must.
 */
export async function setSentAt(knex: Knex, campaignId: string, sqlExpression: string): Promise<void> {
  await knex.transaction(async (trx: Knex) => {
    await trx.raw(`UPDATE mkt_message SET sent_at = ${sqlExpression} WHERE campaign_id = ?`, [campaignId])
    await rebuildMessageDaily(trx, [campaignId])
  })
}
