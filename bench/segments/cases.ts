import { subtractRelative } from "../../src/lib/segments"
import type { SegmentRules } from "../../src/lib/segments"
import { rfmGrid } from "../../src/lib/rfm"
import { BENCH_NOW, categoryId, collectionId } from "./generate"

/**
 * The benchmark's audiences, each twice: as a segment rule tree (counted by
 * the product through marketing.countSegmentRules) and as the naive SQL a
 * store without precomputed metrics would run, aggregating the raw order
 * facts at query time. Both must count the same contacts.
 */

export type BenchCase = {
  name: string
  rules: SegmentRules
  naive: { sql: string; params: unknown[] }
}

const daysAgo = (amount: number) => subtractRelative(BENCH_NOW, amount, "days").toISOString()

/**
 * Per contact from the raw orders, as recomputeContactMetrics defines them:
 * money in the contact's main currency (most non-canceled orders, then the
 * lower code), canceled orders and refunds left out of what was spent.
 */
const NAIVE_METRICS = `
  naive_cur AS (
    SELECT DISTINCT ON (contact_id) contact_id, currency_code
    FROM (
      SELECT contact_id, currency_code, count(*) AS n FROM mkt_order_fact
      WHERE deleted_at IS NULL AND canceled_at IS NULL GROUP BY contact_id, currency_code
    ) x
    ORDER BY contact_id, n DESC, currency_code
  ),
  naive_m AS (
    SELECT f.contact_id,
      count(*) FILTER (WHERE f.canceled_at IS NULL) AS orders_count,
      count(*) FILTER (WHERE f.canceled_at IS NULL AND f.currency_code = cur.currency_code) AS n_cur,
      coalesce(sum(f.total - f.refunded_total)
        FILTER (WHERE f.canceled_at IS NULL AND f.currency_code = cur.currency_code), 0) AS total_spent,
      max(f.placed_at) FILTER (WHERE f.canceled_at IS NULL) AS last_order_at
    FROM mkt_order_fact f LEFT JOIN naive_cur cur ON cur.contact_id = f.contact_id
    WHERE f.deleted_at IS NULL
    GROUP BY f.contact_id
  )`

/** Contacts who bought from the raw lines of non-canceled orders, one row per contact and order. */
const naivePurchases = (match: string) => `
  SELECT l.contact_id, l.order_id FROM mkt_order_line_fact l
  JOIN mkt_order_fact o ON o.order_id = l.order_id AND o.deleted_at IS NULL
  WHERE l.deleted_at IS NULL AND o.canceled_at IS NULL AND ${match}`

const NEWSLETTER = `EXISTS (SELECT 1 FROM mkt_contact_topic ct JOIN mkt_topic t ON t.id = ct.topic_id
  WHERE ct.contact_id = c.id AND ct.deleted_at IS NULL AND ct.subscribed AND t.deleted_at IS NULL
    AND t.handle = 'newsletter')`

export const INNER_SEGMENT_RULES: SegmentRules = {
  all: [
    { field: "total_spent", operator: "gte", value: 300 },
    { field: "last_order_at", operator: "within_last", value: { amount: 365, unit: "days" } },
  ],
}

export function benchCases(innerSegmentId: string): BenchCase[] {
  const grid = rfmGrid()
  const category = categoryId(5)
  const collection = collectionId(3)
  return [
    {
      name: "simple metric filter",
      rules: { all: [{ field: "total_spent", operator: "gt", value: 500 }] },
      naive: {
        sql: `WITH ${NAIVE_METRICS}
          SELECT count(*)::int AS n FROM mkt_contact c JOIN naive_m m ON m.contact_id = c.id
          WHERE c.deleted_at IS NULL AND m.total_spent > 500`,
        params: [],
      },
    },
    {
      name: "metric + recency + topic",
      rules: {
        all: [
          { field: "total_spent", operator: "gt", value: 500 },
          { field: "last_order_at", operator: "not_within_last", value: { amount: 90, unit: "days" } },
          { field: "topic", operator: "eq", value: "newsletter" },
        ],
      },
      naive: {
        sql: `WITH ${NAIVE_METRICS}
          SELECT count(*)::int AS n FROM mkt_contact c JOIN naive_m m ON m.contact_id = c.id
          WHERE c.deleted_at IS NULL AND m.total_spent > 500
            AND (m.last_order_at IS NULL OR m.last_order_at < $1::timestamptz) AND ${NEWSLETTER}`,
        params: [daysAgo(90)],
      },
    },
    {
      name: "category purchase within 90 days",
      rules: {
        all: [{ field: "purchased_category", operator: "eq", value: category, within: { amount: 90, unit: "days" } }],
      },
      naive: {
        sql: `SELECT count(*)::int AS n FROM mkt_contact c
          JOIN (SELECT p.contact_id FROM (${naivePurchases("$1::text = ANY(l.category_ids) AND o.placed_at >= $2::timestamptz")}) p
                GROUP BY p.contact_id) p ON p.contact_id = c.id
          WHERE c.deleted_at IS NULL`,
        params: [category, daysAgo(90)],
      },
    },
    {
      name: "category purchase 2+ orders in 365 days",
      rules: {
        all: [
          {
            field: "purchased_category",
            operator: "eq",
            value: category,
            min_count: 2,
            within: { amount: 365, unit: "days" },
          },
        ],
      },
      naive: {
        sql: `SELECT count(*)::int AS n FROM mkt_contact c
          JOIN (SELECT p.contact_id FROM (${naivePurchases("$1::text = ANY(l.category_ids) AND o.placed_at >= $2::timestamptz")}) p
                GROUP BY p.contact_id HAVING count(DISTINCT p.order_id) >= 2) p ON p.contact_id = c.id
          WHERE c.deleted_at IS NULL`,
        params: [category, daysAgo(365)],
      },
    },
    {
      name: "nested any/all, 6 conditions",
      rules: {
        all: [
          {
            any: [
              { field: "rfm_group", operator: "in", value: ["champions", "loyal", "potential_loyalist"] },
              {
                all: [
                  { field: "orders_count", operator: "gte", value: 3 },
                  { field: "avg_order_value", operator: "gt", value: 60 },
                ],
              },
            ],
          },
          { field: "country_code", operator: "in", value: ["DE", "DK", "SE", "NL"] },
          { field: "status", operator: "eq", value: "subscribed" },
          {
            field: "purchased_collection",
            operator: "eq",
            value: collection,
            within: { amount: 365, unit: "days" },
          },
        ],
      },
      naive: {
        // RFM as scoreRfm defines it, ranked at query time over the raw metrics
        sql: `WITH ${NAIVE_METRICS},
          naive_rfm AS (
            SELECT m.contact_id,
              least(5, floor(percent_rank() OVER (ORDER BY m.last_order_at) * 5)::int + 1) AS r,
              least(5, floor(percent_rank() OVER (ORDER BY m.orders_count) * 5)::int + 1) AS f
            FROM naive_m m JOIN mkt_contact c ON c.id = m.contact_id AND c.deleted_at IS NULL
            WHERE m.orders_count > 0
          ),
          grid AS (SELECT * FROM unnest($1::int[], $2::int[], $3::text[]) AS g(r, f, grp)),
          bought AS (${naivePurchases("l.collection_id = $4::text AND o.placed_at >= $5::timestamptz")})
          SELECT count(*)::int AS n FROM mkt_contact c
          LEFT JOIN naive_m m ON m.contact_id = c.id
          LEFT JOIN naive_rfm r ON r.contact_id = c.id
          LEFT JOIN grid g ON g.r = r.r AND g.f = r.f
          WHERE c.deleted_at IS NULL
            AND (g.grp = ANY($6::text[])
              OR (coalesce(m.orders_count, 0) >= 3
                AND CASE WHEN m.n_cur > 0 THEN round(m.total_spent / m.n_cur, 2) ELSE 0 END > 60))
            AND lower(c.country_code) = ANY($7::text[]) AND c.status = 'subscribed'
            AND c.id IN (SELECT contact_id FROM bought)`,
        params: [
          grid.map((g) => g.recency),
          grid.map((g) => g.frequency),
          grid.map((g) => g.group),
          collection,
          daysAgo(365),
          ["champions", "loyal", "potential_loyalist"],
          ["de", "dk", "se", "nl"],
        ],
      },
    },
    {
      name: "segment-of-segment",
      rules: {
        all: [
          { field: "segment", operator: "eq", value: innerSegmentId },
          { field: "orders_count", operator: "gte", value: 2 },
        ],
      },
      naive: {
        // the inner audience recomputed from the raw orders too
        sql: `WITH ${NAIVE_METRICS}
          SELECT count(*)::int AS n FROM mkt_contact c JOIN naive_m m ON m.contact_id = c.id
          WHERE c.deleted_at IS NULL AND m.total_spent >= 300 AND m.last_order_at >= $1::timestamptz
            AND m.orders_count >= 2`,
        params: [daysAgo(365)],
      },
    },
  ]
}
