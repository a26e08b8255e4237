/**
 * The segments every store gets ready to use. Keyed by a handle that never
 * changes meaning; a migration inserts the ones a store does not have yet,
 * and the refresh job keeps their members current like any dynamic segment.
 */
import { SEGMENT_FIELDS } from "./fields"
import type { SegmentRules } from "./schema"

export type BuiltInSegment = {
  handle: string
  name: string
  description: string
  rules: SegmentRules
}

const RFM_DESCRIPTIONS: Record<string, string> = {
  champions: "Bought recently, buy often and spend the most.",
  loyal: "Buy regularly; respond well to loyalty offers.",
  potential_loyalist: "Recent customers with more than one order: ready to become loyal.",
  new: "Bought for the first time recently.",
  at_risk: "Used to buy often but have not for a while.",
  cant_lose: "Were among the best customers and have gone quiet.",
  hibernating: "Last bought long ago, after few orders.",
  lost: "Lowest recency and frequency: last bought long ago, rarely.",
}

const rfmSegments: BuiltInSegment[] = SEGMENT_FIELDS.rfm_group.options.map((o) => ({
  handle: `rfm-${o.value.replace(/_/g, "-")}`,
  name: `RFM: ${o.label}`,
  description: RFM_DESCRIPTIONS[o.value] ?? `Contacts in the RFM group ${o.label}.`,
  rules: { all: [{ field: "rfm_group", operator: "eq", value: o.value }] },
}))

export const BUILT_IN_SEGMENTS: readonly BuiltInSegment[] = [
  ...rfmSegments,
  {
    handle: "new-customers",
    name: "New customers",
    description: "Placed their first order in the last 30 days.",
    rules: { all: [{ field: "first_order_at", operator: "within_last", value: { amount: 30, unit: "days" } }] },
  },
  {
    handle: "one-time-buyers",
    name: "One-time buyers",
    description: "Have placed exactly one order.",
    rules: { all: [{ field: "orders_count", operator: "eq", value: 1 }] },
  },
  {
    handle: "repeat-buyers",
    name: "Repeat buyers",
    description: "Have placed two or more orders.",
    rules: { all: [{ field: "orders_count", operator: "gte", value: 2 }] },
  },
  {
    handle: "big-spenders",
    name: "Big spenders",
    description: "The top 10% of buyers by total spent (in their currency), as of the last RFM scoring.",
    rules: { all: [{ field: "spend_percentile", operator: "gte", value: 91 }] },
  },
  {
    handle: "lapsed-customers",
    name: "Lapsed customers",
    description: "Have ordered before, but not in the last 180 days.",
    rules: {
      all: [
        { field: "orders_count", operator: "gte", value: 1 },
        { field: "last_order_at", operator: "not_within_last", value: { amount: 180, unit: "days" } },
      ],
    },
  },
  {
    handle: "never-purchased-subscribers",
    name: "Subscribers who never purchased",
    description: "Subscribed to email but have no orders yet.",
    rules: {
      all: [
        { field: "status", operator: "eq", value: "subscribed" },
        { field: "orders_count", operator: "eq", value: 0 },
      ],
    },
  },
  {
    handle: "engaged-30-days",
    name: "Engaged (30 days)",
    description: "Opened or clicked an email in the last 30 days.",
    rules: {
      any: [
        { field: "last_open_at", operator: "within_last", value: { amount: 30, unit: "days" } },
        { field: "last_click_at", operator: "within_last", value: { amount: 30, unit: "days" } },
      ],
    },
  },
]
