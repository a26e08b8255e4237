/**
 * Deterministic assignment of contacts to A/B-test variants.
 *
 * Every (campaign, contact) pair hashes to a bucket: the first 32 bits of
 * md5(campaignId + ":" + contactId), read as an unsigned integer in
 * [0, 2^32). With T = round(testFraction * 2^32) and k variants:
 *
 *   bucket <  T  ->  test group, variant = floor(bucket * k / T)
 *   bucket >= T  ->  remainder (gets the winner later)
 *
 * All integer arithmetic (bucket * k < 2^35), so TypeScript and PostgreSQL
 * compute exactly the same answer: `abAssignmentSql` writes the same formula
 * as a SQL expression for the audience `INSERT ... SELECT`. Variant sizes
 * within the test differ by at most one bucket, and the same contact always
 * lands in the same place for the same campaign and configuration. Growing
 * the test fraction only moves remainder contacts into the test, never the
 * reverse.
 *
 * md5 hashes the UTF-8 bytes of the ids; PostgreSQL's md5(text) hashes the
 * database encoding, so the two agree on UTF-8 databases (Medusa's default).
 * Ids are opaque strings; md5 is used for spreading, not for security.
 */
import { createHash } from "node:crypto"
import { AbTestInputError } from "./errors"

/** The fewest variants a test may have. */
export const MIN_VARIANTS = 2
/** The most variants a test may have. */
export const MAX_VARIANTS = 8
/** Share of the audience that receives the variants unless told otherwise. */
export const DEFAULT_TEST_FRACTION = 0.2

const TWO_32 = 4294967296

/** What decides where a contact goes. */
export interface AbAssignmentConfig {
  /** The campaign's id: the same contact lands differently in different campaigns. */
  campaignId: string
  /** Share of the audience in the test, in (0, 1]; default 0.2. 1 = no remainder. */
  testFraction?: number
  /** Number of variants, 2..8. */
  variantCount: number
}

/** Where one contact goes: a variant of the test (0-based), or the remainder. */
export type AbAssignment = { group: "test"; variant: number } | { group: "remainder" }

interface CheckedConfig {
  threshold: number
  variantCount: number
}

function checkShape(testFraction: number | undefined, variantCount: number): CheckedConfig {
  if (!Number.isInteger(variantCount) || variantCount < MIN_VARIANTS || variantCount > MAX_VARIANTS) {
    throw new AbTestInputError(
      `variantCount must be a whole number from ${MIN_VARIANTS} to ${MAX_VARIANTS}, got ${JSON.stringify(variantCount)}`
    )
  }
  const fraction = testFraction ?? DEFAULT_TEST_FRACTION
  if (typeof fraction !== "number" || !Number.isFinite(fraction) || fraction <= 0 || fraction > 1) {
    throw new AbTestInputError(
      `testFraction must be a number greater than 0 and at most 1 (0.2 = 20% of the audience), got ${JSON.stringify(testFraction)}`
    )
  }
  const threshold = Math.round(fraction * TWO_32)
  if (threshold < variantCount) {
    throw new AbTestInputError(`testFraction ${fraction} is too small to split into ${variantCount} variants`)
  }
  return { threshold, variantCount }
}

function checkConfig(config: AbAssignmentConfig): CheckedConfig {
  if (config === null || typeof config !== "object") {
    throw new AbTestInputError("An A/B assignment needs { campaignId, testFraction, variantCount }")
  }
  checkId("campaignId", config.campaignId)
  return checkShape(config.testFraction, config.variantCount)
}

function checkId(name: string, value: unknown): asserts value is string {
  if (typeof value !== "string" || value.length === 0) {
    throw new AbTestInputError(`${name} must be a non-empty string, got ${JSON.stringify(value)}`)
  }
}

/**
 * The contact's bucket for a campaign: the first 32 bits of
 * md5(campaignId + ":" + contactId) as an unsigned integer in [0, 2^32).
 */
export function abBucket(campaignId: string, contactId: string): number {
  checkId("campaignId", campaignId)
  checkId("contactId", contactId)
  const digest = createHash("md5").update(`${campaignId}:${contactId}`, "utf8").digest()
  return digest.readUInt32BE(0)
}

/**
 * Where a contact goes for a campaign's A/B test: `{ group: "test", variant }`
 * (variant 0-based, evenly split) or `{ group: "remainder" }`. Deterministic:
 * the same inputs always give the same answer, here and in `abAssignmentSql`.
 * Throws AbTestInputError on an empty id, variantCount outside 2..8 or
 * testFraction outside (0, 1].
 */
export function assignVariant(contactId: string, config: AbAssignmentConfig): AbAssignment {
  const checked = checkConfig(config)
  return assignmentOfBucket(abBucket(config.campaignId, contactId), checked)
}

function assignmentOfBucket(bucket: number, { threshold, variantCount }: CheckedConfig): AbAssignment {
  if (bucket >= threshold) {
    return { group: "remainder" }
  }
  return { group: "test", variant: Math.floor((bucket * variantCount) / threshold) }
}

/**
 * @internal The assignment of a given bucket (for tests of the edges, which
 * md5 cannot be steered to).
 */
export function assignBucket(
  bucket: number,
  options: { testFraction?: number; variantCount: number }
): AbAssignment {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= TWO_32) {
    throw new AbTestInputError(`bucket must be a whole number in [0, 2^32), got ${bucket}`)
  }
  return assignmentOfBucket(bucket, checkShape(options.testFraction, options.variantCount))
}

/** Options for `abAssignmentSql`. */
export interface AbAssignmentSqlOptions {
  /**
   * SQL for the contact id: a column reference such as `c.id` or
   * `"c"."id"`, or a placeholder. Inserted verbatim, so only identifiers and
   * placeholders are accepted.
   */
  contactIdColumn: string
  /**
   * SQL for the campaign id: usually a placeholder (`$1`, `?`, `:campaign_id`),
   * or a column reference. Same rules as `contactIdColumn`.
   */
  campaignIdParam: string
  testFraction?: number
  variantCount: number
}

/** The assignment as PostgreSQL expressions. */
export interface AbAssignmentSql {
  /** bigint in [0, 2^32): the same number as `abBucket`. */
  bucket: string
  /**
   * integer: the 0-based variant for test contacts, NULL for the remainder;
   * the same answer as `assignVariant`.
   */
  variant: string
}

const IDENT = `(?:[A-Za-z_][A-Za-z0-9_$]*|"(?:[^"\\u0000]|"")+")`
const SQL_REF_RE = new RegExp(`^(?:${IDENT}(?:\\.${IDENT}){0,2}|\\$[1-9][0-9]*|\\?|:[A-Za-z_][A-Za-z0-9_]*)$`)

function checkSqlRef(name: string, value: unknown): string {
  if (typeof value !== "string" || !SQL_REF_RE.test(value.trim())) {
    throw new AbTestInputError(
      `${name} must be a column reference (c.id) or a placeholder ($1, ?, :name), got ${JSON.stringify(value)}`
    )
  }
  return value.trim()
}

/**
 * The assignment of `assignVariant` as PostgreSQL expressions, to assign a
 * whole audience in one `INSERT ... SELECT`:
 *
 * ```ts
 * const ab = abAssignmentSql({ contactIdColumn: "c.id", campaignIdParam: "$1", variantCount: 3 })
 * // INSERT INTO mkt_message (..., variant) SELECT ..., ${ab.variant} FROM mkt_contact c WHERE ...
 * ```
 *
 * Uses CAST(...) rather than `::` so the text survives knex's named bindings.
 * The test fraction and variant count become integer literals (they are
 * validated numbers); the column and placeholder are checked to be exactly
 * that. Throws AbTestInputError on anything else.
 */
export function abAssignmentSql(options: AbAssignmentSqlOptions): AbAssignmentSql {
  if (options === null || typeof options !== "object") {
    throw new AbTestInputError("abAssignmentSql needs { contactIdColumn, campaignIdParam, testFraction, variantCount }")
  }
  const contact = checkSqlRef("contactIdColumn", options.contactIdColumn)
  const campaign = checkSqlRef("campaignIdParam", options.campaignIdParam)
  const { threshold, variantCount } = checkShape(options.testFraction, options.variantCount)
  const bucket =
    `CAST(CAST('x' || substr(md5(CAST(${campaign} AS text) || ':' || CAST(${contact} AS text)), 1, 8) AS bit(32)) AS bigint)`
  // floor(bucket * k / T) is < k exactly for test buckets and >= k for the
  // rest: LEAST caps it at k and NULLIF turns k into NULL (one md5 per row).
  const variant =
    `CAST(NULLIF(LEAST((${bucket} * ${variantCount}) / ${threshold}, ${variantCount}), ${variantCount}) AS integer)`
  return { bucket, variant }
}
