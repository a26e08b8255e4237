/**
 * Picking the winner of a campaign A/B test.
 *
 * The leader is the variant with the highest value of the metric. Ties go to
 * the variant listed first (pass variants in variant-index order, so variant
 * A / the control wins a tie). The leader is then tested against every other
 * variant: the two-proportion z-test for open and click rates, Welch's t-test
 * for revenue per recipient.
 *
 * Correction for several variants: Bonferroni over the m = k - 1 comparisons
 * (adjusted p = min(1, m·p)), and the leader must beat every other variant.
 * Because the leader is chosen from the data, this bound matters: with k
 * identical variants the chance of declaring any winner stays at or below
 * 1 - confidenceThreshold. The reported confidence is the weakest adjusted
 * comparison, 1 - max adjusted p.
 *
 * When nothing is significant the leader is still named with decided =
 * false, so the caller can fall back (send the leader, or wait for a human).
 */
import { AbTestInputError } from "./errors"
import { MAX_VARIANTS } from "./assign"
import {
  checkCount,
  checkProportion,
  moments,
  StatNumber,
  twoProportionZTest,
  welchTTest,
} from "./significance"

/** What decides the winner. */
export const WINNER_METRICS = ["open_rate", "click_rate", "revenue_per_recipient"] as const
export type WinnerMetric = (typeof WINNER_METRICS)[number]

/** The default confidence a winner needs to be picked automatically. */
export const DEFAULT_CONFIDENCE_THRESHOLD = 0.95

/**
 * One variant's results so far. `opens` is needed for open_rate, `clicks`
 * for click_rate, `revenue_sum` and `revenue_sum_sq` (per-recipient totals,
 * any consistent unit; see SummarySample) for revenue_per_recipient.
 * Opens and clicks count recipients (unique), not events.
 */
export interface VariantStats {
  id: string
  recipients: number
  opens?: number
  clicks?: number
  revenue_sum?: StatNumber
  revenue_sum_sq?: StatNumber
}

export interface PickWinnerInput {
  metric: WinnerMetric
  /** 2..8 variants, in variant-index order (the order breaks ties). */
  variants: VariantStats[]
  /** Adjusted confidence needed for `decided`, in (0, 1); default 0.95. */
  confidenceThreshold?: number
}

/** The leader compared with one other variant (positive = the leader is higher). */
export interface VersusBest {
  /** z (rates) or Welch's t (revenue) of leader minus this variant. */
  statistic: number
  /** Welch's degrees of freedom; null for the z-test. */
  df: number | null
  /** Raw two-sided p-value. */
  p_value: number
  /** Bonferroni-adjusted: min(1, p_value × comparisons). */
  adjusted_p_value: number
  /** 1 - adjusted_p_value. */
  confidence: number
  /** Leader's value minus this variant's value. */
  difference: number
  /** difference / this variant's value (null when that is 0 and the leader's is not). */
  lift: number | null
}

export interface VariantOutcome {
  id: string
  recipients: number
  /** The metric: a rate in [0, 1], or mean revenue per recipient. */
  value: number
  /** null for the leader itself. */
  vs_best: VersusBest | null
}

export interface WinnerResult {
  metric: WinnerMetric
  /** The leader; the winner when `decided`. */
  winner_id: string
  /** The weakest adjusted confidence of the leader against any other variant. */
  confidence: number
  /** confidence >= confidenceThreshold. */
  decided: boolean
  /** One sentence for the admin. */
  reason: string
  correction: "bonferroni"
  /** Number of comparisons the correction divides by (variants - 1). */
  comparisons: number
  /** In input order. */
  per_variant: VariantOutcome[]
}

const METRIC_LABEL: Record<WinnerMetric, string> = {
  open_rate: "open rate",
  click_rate: "click rate",
  revenue_per_recipient: "revenue per recipient",
}

interface Prepared {
  stats: VariantStats
  value: number
  index: number
}

function checkInput(input: PickWinnerInput): { metric: WinnerMetric; threshold: number; variants: VariantStats[] } {
  if (input === null || typeof input !== "object") {
    throw new AbTestInputError("pickWinner needs { metric, variants, confidenceThreshold? }")
  }
  const { metric, variants } = input
  if (!WINNER_METRICS.includes(metric)) {
    throw new AbTestInputError(`metric must be one of ${WINNER_METRICS.join(", ")}, got ${JSON.stringify(metric)}`)
  }
  const threshold = input.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD
  if (typeof threshold !== "number" || !(threshold > 0 && threshold < 1)) {
    throw new AbTestInputError(
      `confidenceThreshold must be a number between 0 and 1 (0.95 = 95%), got ${JSON.stringify(input.confidenceThreshold)}`
    )
  }
  if (!Array.isArray(variants) || variants.length < 2 || variants.length > MAX_VARIANTS) {
    throw new AbTestInputError(
      `variants must be a list of 2 to ${MAX_VARIANTS} variants, got ${Array.isArray(variants) ? variants.length : typeof variants}`
    )
  }
  const seen = new Set<string>()
  variants.forEach((v, i) => {
    if (v === null || typeof v !== "object" || typeof v.id !== "string" || v.id.length === 0) {
      throw new AbTestInputError(`variants[${i}] must have a non-empty string id`)
    }
    if (seen.has(v.id)) {
      throw new AbTestInputError(`variants[${i}]: id ${JSON.stringify(v.id)} appears twice; variant ids must be unique`)
    }
    seen.add(v.id)
  })
  return { metric, threshold, variants }
}

function valueOf(metric: WinnerMetric, v: VariantStats, i: number): number {
  const name = `variants[${i}] (${JSON.stringify(v.id)})`
  const recipients = checkCount(`${name}.recipients`, v.recipients)
  if (metric === "revenue_per_recipient") {
    if (v.revenue_sum === undefined || v.revenue_sum_sq === undefined) {
      throw new AbTestInputError(`${name} needs revenue_sum and revenue_sum_sq to compare revenue per recipient`)
    }
    return moments(name, { n: recipients, sum: v.revenue_sum, sum_sq: v.revenue_sum_sq }).mean
  }
  const field = metric === "open_rate" ? "opens" : "clicks"
  const successes = v[field]
  if (successes === undefined) {
    throw new AbTestInputError(`${name} needs ${field} to compare ${METRIC_LABEL[metric]}`)
  }
  checkProportion(name, { successes, trials: recipients })
  return recipients > 0 ? successes / recipients : 0
}

function compare(metric: WinnerMetric, leader: VariantStats, other: VariantStats) {
  if (metric === "revenue_per_recipient") {
    const r = welchTTest(
      { n: other.recipients, sum: other.revenue_sum!, sum_sq: other.revenue_sum_sq! },
      { n: leader.recipients, sum: leader.revenue_sum!, sum_sq: leader.revenue_sum_sq! }
    )
    return { statistic: r.t, df: r.df, p_value: r.p_value, difference: r.difference, lift: r.lift }
  }
  const field = metric === "open_rate" ? "opens" : "clicks"
  const r = twoProportionZTest(
    { successes: other[field]!, trials: other.recipients },
    { successes: leader[field]!, trials: leader.recipients }
  )
  return { statistic: r.z, df: null, p_value: r.p_value, difference: r.difference, lift: r.lift }
}

function formatValue(metric: WinnerMetric, value: number): string {
  return metric === "revenue_per_recipient" ? value.toFixed(2) : `${(value * 100).toFixed(2)}%`
}

/** Percent with one decimal, rounded down so a displayed value never overstates it. */
function formatConfidence(c: number): string {
  return `${(Math.floor(c * 1000 + 1e-9) / 10).toFixed(1)}%`
}

/**
 * Picks the winner of an A/B test; see the module comment for the rules.
 * Deterministic for the same input. Throws AbTestInputError on invalid
 * input (unknown metric, fewer than 2 or more than 8 variants, duplicate
 * ids, missing fields for the metric, impossible counts).
 */
export function pickWinner(input: PickWinnerInput): WinnerResult {
  const { metric, threshold, variants } = checkInput(input)
  const prepared: Prepared[] = variants.map((stats, index) => ({ stats, index, value: valueOf(metric, stats, index) }))
  // Highest value first; ties keep input order (Array.prototype.sort is stable).
  const leader = [...prepared].sort((x, y) => y.value - x.value || x.index - y.index)[0]
  const comparisons = variants.length - 1
  const per_variant: VariantOutcome[] = prepared.map((p) => {
    if (p === leader) {
      return { id: p.stats.id, recipients: p.stats.recipients, value: p.value, vs_best: null }
    }
    const c = compare(metric, leader.stats, p.stats)
    const adjusted = Math.min(1, c.p_value * comparisons)
    return {
      id: p.stats.id,
      recipients: p.stats.recipients,
      value: p.value,
      vs_best: { ...c, adjusted_p_value: adjusted, confidence: 1 - adjusted },
    }
  })
  // The closest challenger: lowest confidence, first listed on ties.
  let challenger: VariantOutcome | null = null
  for (const v of per_variant) {
    if (v.vs_best && (challenger === null || v.vs_best.confidence < challenger.vs_best!.confidence)) {
      challenger = v
    }
  }
  const closest = challenger!
  const confidence = closest.vs_best!.confidence
  const decided = confidence >= threshold
  const label = METRIC_LABEL[metric]
  const id = JSON.stringify(leader.stats.id)
  const closestId = JSON.stringify(closest.id)
  const leaderValue = formatValue(metric, leader.value)
  const vs = `${leaderValue} vs ${formatValue(metric, closest.value)} for ${closestId}`
  const adjustedNote = comparisons > 1 ? ` (Bonferroni-adjusted over ${comparisons} comparisons)` : ""
  const needed = `${Number((threshold * 100).toFixed(2))}%`

  let reason: string
  if (variants.every((v) => v.recipients === 0)) {
    reason = `No variant has recipients yet; ${id} leads only because it is listed first.`
  } else if (variants.some((v) => v.recipients === 0)) {
    const unsent = variants.filter((v) => v.recipients === 0).map((v) => JSON.stringify(v.id))
    reason = `${id} leads on ${label} at ${leaderValue}, but ${unsent.join(", ")} ${unsent.length > 1 ? "have" : "has"} no recipients yet.`
  } else if (closest.value === leader.value) {
    const tied = per_variant.filter((v) => v.value === leader.value).map((v) => JSON.stringify(v.id))
    reason = `${tied.join(" and ")} are tied on ${label} at ${leaderValue}; ${id} leads only because it is listed first.`
  } else if (decided) {
    reason = `${id} wins on ${label}: ${vs}, with ${formatConfidence(confidence)} confidence${adjustedNote}.`
  } else {
    reason =
      `${id} leads on ${label} (${vs}) but confidence is ${formatConfidence(confidence)}${adjustedNote}, ` +
      `below the ${needed} needed to call a winner.`
  }
  return {
    metric,
    winner_id: leader.stats.id,
    confidence,
    decided,
    reason,
    correction: "bonferroni",
    comparisons,
    per_variant,
  }
}
