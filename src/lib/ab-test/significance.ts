/**
 * Significance tests between two variants: the two-proportion z-test for
 * open and click rates, and Welch's t-test for revenue per recipient from
 * summary statistics. Both compare b against a: a positive statistic,
 * difference or lift means b is higher. p-values are two-sided and
 * confidence is 1 - p.
 */
import { normalTwoSidedPValue, studentTTwoSidedPValue } from "./distributions"
import { AbTestInputError } from "./errors"

/** Successes (opens, clicks) out of trials (recipients). */
export interface ProportionSample {
  successes: number
  trials: number
}

/** Result of `twoProportionZTest`. */
export interface ZTestResult {
  /** (rate_b - rate_a) / pooled standard error; 0 when it cannot be computed. */
  z: number
  /** Two-sided p-value in [0, 1]; 1 when there is nothing to compare. */
  p_value: number
  /** 1 - p_value. */
  confidence: number
  rate_a: number
  rate_b: number
  /** rate_b - rate_a (absolute, e.g. 0.012 = 1.2 percentage points). */
  difference: number
  /** (rate_b - rate_a) / rate_a; 0 when both rates are 0, null when only rate_a is 0. */
  lift: number | null
}

/** @internal */
export function checkCount(name: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new AbTestInputError(`${name} must be a whole number >= 0, got ${JSON.stringify(value)}`)
  }
  return value
}

/** @internal Validates a proportion sample; `name` prefixes the error. */
export function checkProportion(name: string, sample: ProportionSample): ProportionSample {
  if (sample === null || typeof sample !== "object") {
    throw new AbTestInputError(`${name} must be { successes, trials }`)
  }
  const trials = checkCount(`${name}.trials`, sample.trials)
  const successes = checkCount(`${name}.successes`, sample.successes)
  if (successes > trials) {
    throw new AbTestInputError(`${name}.successes (${successes}) cannot exceed ${name}.trials (${trials})`)
  }
  return { successes, trials }
}

function relativeLift(base: number, other: number): number | null {
  if (base === 0) {
    return other === 0 ? 0 : null
  }
  return (other - base) / base
}

/**
 * Two-proportion z-test with the pooled standard error:
 * z = (p_b - p_a) / sqrt(p (1 - p) (1/n_a + 1/n_b)), p = pooled rate.
 *
 * Edge cases never throw and never give NaN: zero trials on either side,
 * or a pooled rate of 0% or 100% (standard error 0, so the rates are equal),
 * give z = 0, p = 1, confidence = 0. A rate with zero trials is reported as 0.
 * Throws AbTestInputError on negative or fractional counts, or
 * successes > trials.
 */
export function twoProportionZTest(a: ProportionSample, b: ProportionSample): ZTestResult {
  const A = checkProportion("a", a)
  const B = checkProportion("b", b)
  const rate_a = A.trials > 0 ? A.successes / A.trials : 0
  const rate_b = B.trials > 0 ? B.successes / B.trials : 0
  const difference = rate_b - rate_a
  const lift = relativeLift(rate_a, rate_b)
  const none: ZTestResult = { z: 0, p_value: 1, confidence: 0, rate_a, rate_b, difference, lift }
  if (A.trials === 0 || B.trials === 0) {
    return none
  }
  const pooled = (A.successes + B.successes) / (A.trials + B.trials)
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / A.trials + 1 / B.trials))
  if (!(se > 0)) {
    return none
  }
  const z = difference / se
  const p_value = normalTwoSidedPValue(z)
  return { z, p_value, confidence: 1 - p_value, rate_a, rate_b, difference, lift }
}

/**
 * A number for statistics: a JS number, a bigint, or a decimal string such
 * as PostgreSQL returns for numeric sums ("12345", "-12.50", "1e3" is not
 * accepted). Amounts may be minor units or decimals as long as both sides of
 * a comparison use the same unit.
 */
export type StatNumber = number | string | bigint

const DECIMAL_RE = /^\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)\s*$/

/** Turns a StatNumber into a finite float; throws AbTestInputError otherwise. */
export function toStatNumber(name: string, value: StatNumber): number {
  let n: number
  if (typeof value === "number") {
    n = value
  } else if (typeof value === "bigint") {
    n = Number(value)
  } else if (typeof value === "string" && DECIMAL_RE.test(value)) {
    n = Number(value)
  } else {
    n = NaN
  }
  if (!Number.isFinite(n)) {
    throw new AbTestInputError(`${name} must be a finite number or a decimal string, got ${JSON.stringify(String(value))}`)
  }
  return n
}

/**
 * Summary of per-recipient values (revenue): the number of recipients, the
 * sum of their values and the sum of their squared values. Recipients with
 * no revenue count with 0; a recipient with several orders counts once, with
 * their total (square the total, not each order).
 */
export interface SummarySample {
  n: number
  sum: StatNumber
  sum_sq: StatNumber
}

/** Result of `welchTTest`. */
export interface WelchTestResult {
  /** (mean_b - mean_a) / SE; ±Infinity when both variances are 0 and the means differ. */
  t: number
  /** Welch–Satterthwaite degrees of freedom (0 when not computable). */
  df: number
  p_value: number
  confidence: number
  mean_a: number
  mean_b: number
  difference: number
  /** (mean_b - mean_a) / mean_a; 0 when both means are 0, null when only mean_a is 0. */
  lift: number | null
}

/** @internal */
export interface Moments {
  n: number
  mean: number
  variance: number
}

/** @internal Validates a summary sample and derives mean and variance; `name` prefixes the error. */
export function moments(name: string, sample: SummarySample): Moments {
  if (sample === null || typeof sample !== "object") {
    throw new AbTestInputError(`${name} must be { n, sum, sum_sq }`)
  }
  const n = checkCount(`${name}.n`, sample.n)
  const sum = toStatNumber(`${name}.sum`, sample.sum)
  const sumSq = toStatNumber(`${name}.sum_sq`, sample.sum_sq)
  if (sumSq < 0) {
    throw new AbTestInputError(`${name}.sum_sq must be >= 0 (a sum of squares), got ${sumSq}`)
  }
  if (n === 0) {
    if (sum !== 0 || sumSq !== 0) {
      throw new AbTestInputError(`${name} has n = 0 but a non-zero sum; the sums must cover exactly n recipients`)
    }
    return { n, mean: 0, variance: 0 }
  }
  const mean = sum / n
  // Cauchy–Schwarz: sum² <= n·sum_sq; allow float rounding, clamp the variance at 0.
  if (sum * sum > n * sumSq * (1 + 1e-9) + 1e-9) {
    throw new AbTestInputError(
      `${name}.sum_sq (${sumSq}) is too small for sum ${sum} over ${n} recipients; it must be the sum of each recipient's squared total`
    )
  }
  const variance = n > 1 ? Math.max(0, (sumSq - sum * mean) / (n - 1)) : 0
  return { n, mean, variance }
}

/**
 * Welch's unequal-variance t-test on per-recipient values given summary
 * statistics (n, sum, sum of squares). With millions of zero-revenue
 * recipients the distribution is very skewed; the test relies on the sample
 * sizes of a campaign A/B test being large (hundreds or more per variant).
 *
 * Either side with fewer than 2 recipients, or two samples with zero
 * variance and equal means, give t = 0, p = 1, confidence = 0. Zero
 * variance on both sides with different means gives t = ±Infinity, p = 0.
 * Throws AbTestInputError on invalid numbers.
 */
export function welchTTest(a: SummarySample, b: SummarySample): WelchTestResult {
  const A = moments("a", a)
  const B = moments("b", b)
  const difference = B.mean - A.mean
  const lift = relativeLift(A.mean, B.mean)
  const base = { mean_a: A.mean, mean_b: B.mean, difference, lift }
  if (A.n < 2 || B.n < 2) {
    return { t: 0, df: 0, p_value: 1, confidence: 0, ...base }
  }
  const va = A.variance / A.n
  const vb = B.variance / B.n
  const se2 = va + vb
  if (!(se2 > 0)) {
    if (difference === 0) {
      return { t: 0, df: A.n + B.n - 2, p_value: 1, confidence: 0, ...base }
    }
    return { t: difference > 0 ? Infinity : -Infinity, df: A.n + B.n - 2, p_value: 0, confidence: 1, ...base }
  }
  const t = difference / Math.sqrt(se2)
  const df = (se2 * se2) / ((va * va) / (A.n - 1) + (vb * vb) / (B.n - 1))
  const p_value = studentTTwoSidedPValue(t, df)
  return { t, df, p_value, confidence: 1 - p_value, ...base }
}
