/**
 * A/B-test statistics for campaigns: deterministic assignment of contacts to
 * variants (in TypeScript and as one PostgreSQL expression that agrees with
 * it), the two-proportion z-test, Welch's t-test on revenue per recipient,
 * and the winner pick with a Bonferroni correction. Pure: no Medusa imports.
 */
export { AbTestInputError } from "./errors"
export {
  abAssignmentSql,
  abBucket,
  assignVariant,
  DEFAULT_TEST_FRACTION,
  MAX_VARIANTS,
  MIN_VARIANTS,
  type AbAssignment,
  type AbAssignmentConfig,
  type AbAssignmentSql,
  type AbAssignmentSqlOptions,
} from "./assign"
export {
  twoProportionZTest,
  welchTTest,
  toStatNumber,
  type ProportionSample,
  type StatNumber,
  type SummarySample,
  type WelchTestResult,
  type ZTestResult,
} from "./significance"
export {
  DEFAULT_CONFIDENCE_THRESHOLD,
  pickWinner,
  WINNER_METRICS,
  type PickWinnerInput,
  type VariantOutcome,
  type VariantStats,
  type VersusBest,
  type WinnerMetric,
  type WinnerResult,
} from "./winner"
export {
  erf,
  erfc,
  logBeta,
  logGamma,
  normalCdf,
  normalTwoSidedPValue,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTTwoSidedPValue,
} from "./distributions"
