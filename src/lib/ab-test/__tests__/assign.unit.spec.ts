import { createHash } from "node:crypto"
import fc from "fast-check"
import {
  abAssignmentSql,
  abBucket,
  AbTestInputError,
  assignVariant,
  DEFAULT_TEST_FRACTION,
  normalCdf,
} from ".."
import { assignBucket } from "../assign"

const ids = (n: number, prefix = "mcon_") => Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36).padStart(6, "0")}`)

/** Upper-tail p-value of a chi-square statistic (Wilson–Hilferty normal approximation). */
function chiSquareP(stat: number, df: number): number {
  const z = (Math.cbrt(stat / df) - (1 - 2 / (9 * df))) / Math.sqrt(2 / (9 * df))
  return 1 - normalCdf(z)
}

// Computed independently with Python's hashlib: int(md5("cmp_01JABTEST:mcon_i")[:8], 16)
const PINNED: [string, number, number | null, number][] = [
  // [contactId, bucket, variant at 50% / 3 variants (null = remainder), variant at 100% / 8 variants]
  ["mcon_1", 3676041811, null, 6],
  ["mcon_2", 3905636345, null, 7],
  ["mcon_3", 578296742, 0, 1],
  ["mcon_4", 3345668270, null, 6],
  ["mcon_5", 2224761618, null, 4],
  ["mcon_6", 3256721321, null, 6],
  ["mcon_7", 1308377757, 1, 2],
  ["mcon_8", 2739427360, null, 5],
]

describe("abBucket", () => {
  it("is the first 32 bits of md5(campaignId:contactId)", () => {
    const hex = createHash("md5").update("cmp_1:mcon_1").digest("hex")
    expect(abBucket("cmp_1", "mcon_1")).toBe(parseInt(hex.slice(0, 8), 16))
    for (const [id, bucket] of PINNED) expect(abBucket("cmp_01JABTEST", id)).toBe(bucket)
  })

  it("hashes UTF-8 bytes", () => {
    const hex = createHash("md5").update(Buffer.from("cmp:é✓", "utf8")).digest("hex")
    expect(abBucket("cmp", "é✓")).toBe(parseInt(hex.slice(0, 8), 16))
  })

  it("rejects empty ids", () => {
    expect(() => abBucket("", "x")).toThrow("campaignId must be a non-empty string")
    expect(() => abBucket("c", "")).toThrow("contactId must be a non-empty string")
  })
})

describe("assignVariant", () => {
  it("pins known assignments (the formula must never change under a running campaign)", () => {
    for (const [id, , half, all] of PINNED) {
      expect(assignVariant(id, { campaignId: "cmp_01JABTEST", testFraction: 0.5, variantCount: 3 })).toEqual(
        half === null ? { group: "remainder" } : { group: "test", variant: half }
      )
      expect(assignVariant(id, { campaignId: "cmp_01JABTEST", testFraction: 1, variantCount: 8 })).toEqual({
        group: "test",
        variant: all,
      })
    }
  })

  it("splits buckets exactly: variant sizes differ by at most one bucket, edges land right", () => {
    const T = Math.round(0.2 * 2 ** 32)
    expect(assignBucket(0, { testFraction: 0.2, variantCount: 3 })).toEqual({ group: "test", variant: 0 })
    expect(assignBucket(T - 1, { testFraction: 0.2, variantCount: 3 })).toEqual({ group: "test", variant: 2 })
    expect(assignBucket(T, { testFraction: 0.2, variantCount: 3 })).toEqual({ group: "remainder" })
    expect(assignBucket(2 ** 32 - 1, { testFraction: 1, variantCount: 8 })).toEqual({ group: "test", variant: 7 })
    // first bucket of each variant v is ceil(v * T / k)
    for (const k of [2, 3, 5, 7, 8]) {
      const starts = Array.from({ length: k }, (_, v) => Math.ceil((v * T) / k))
      const sizes = starts.map((s, v) => (v + 1 < k ? starts[v + 1] : T) - s)
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1)
      starts.forEach((s, v) => {
        expect(assignBucket(s, { testFraction: 0.2, variantCount: k })).toEqual({ group: "test", variant: v })
        if (s > 0) expect(assignBucket(s - 1, { testFraction: 0.2, variantCount: k })).toEqual({ group: "test", variant: v - 1 })
      })
    }
    expect(() => assignBucket(2 ** 32, { variantCount: 2 })).toThrow(AbTestInputError)
  })

  it("defaults the test fraction to 20%", () => {
    expect(DEFAULT_TEST_FRACTION).toBe(0.2)
    const config = { campaignId: "cmp_default", variantCount: 2 }
    const all = ids(20000).map((id) => assignVariant(id, config))
    const test = all.filter((a) => a.group === "test").length
    // binomial(20000, 0.2): sd ≈ 56.6; allow 5 sd
    expect(Math.abs(test - 4000)).toBeLessThan(5 * 56.6)
  })

  it.each([
    [0.2, 2],
    [0.2, 8],
    [0.1, 5],
    [0.5, 3],
    [1, 4],
  ])("testFraction %p with %p variants: the test share is respected and variants are even", (fraction, k) => {
    const n = 100_000
    const config = { campaignId: `cmp_even_${fraction}_${k}`, testFraction: fraction, variantCount: k }
    const counts = new Array<number>(k).fill(0)
    let remainder = 0
    for (const id of ids(n)) {
      const a = assignVariant(id, config)
      if (a.group === "test") counts[a.variant]++
      else remainder++
    }
    const test = n - remainder
    if (fraction === 1) {
      expect(remainder).toBe(0)
    } else {
      const sd = Math.sqrt(n * fraction * (1 - fraction))
      expect(Math.abs(test - n * fraction)).toBeLessThan(5 * sd)
    }
    // chi-square goodness of fit across variants, df = k - 1
    const expected = test / k
    const chi = counts.reduce((s, c) => s + (c - expected) ** 2 / expected, 0)
    expect(chiSquareP(chi, k - 1)).toBeGreaterThan(0.001)
    for (const c of counts) expect(Math.abs(c - expected) / expected).toBeLessThan(0.05)
  })

  it("puts the same contact in different places in different campaigns", () => {
    const a = ids(2000).map((id) => assignVariant(id, { campaignId: "cmp_a", testFraction: 0.5, variantCount: 2 }))
    const b = ids(2000).map((id) => assignVariant(id, { campaignId: "cmp_b", testFraction: 0.5, variantCount: 2 }))
    const same = a.filter((x, i) => JSON.stringify(x) === JSON.stringify(b[i])).length
    // independent: about a third agree (both remainder 1/4, same test variant 1/8)
    expect(same / 2000).toBeGreaterThan(0.3)
    expect(same / 2000).toBeLessThan(0.45)
  })

  it("growing the test fraction only moves remainder contacts into the test", () => {
    for (const id of ids(5000)) {
      const small = assignVariant(id, { campaignId: "cmp_grow", testFraction: 0.1, variantCount: 2 })
      const large = assignVariant(id, { campaignId: "cmp_grow", testFraction: 0.3, variantCount: 2 })
      if (small.group === "test") expect(large.group).toBe("test")
    }
  })

  it("is stable: the same contact always gets the same answer, whatever else was assigned (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.string({ minLength: 1, maxLength: 40 }),
        fc.double({ min: 0.001, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: 8 }),
        fc.array(fc.string({ minLength: 1 }), { maxLength: 5 }),
        (contactId, campaignId, testFraction, variantCount, others) => {
          const config = { campaignId, testFraction, variantCount }
          const first = assignVariant(contactId, config)
          for (const o of others) assignVariant(o, config)
          expect(assignVariant(contactId, { ...config })).toEqual(first)
          if (first.group === "test") {
            expect(Number.isInteger(first.variant)).toBe(true)
            expect(first.variant).toBeGreaterThanOrEqual(0)
            expect(first.variant).toBeLessThan(variantCount)
          }
          if (testFraction === 1) expect(first.group).toBe("test")
        }
      )
    )
  })

  it("validates its configuration with clear errors", () => {
    const ok = { campaignId: "cmp", testFraction: 0.2, variantCount: 2 }
    expect(() => assignVariant("c", { ...ok, variantCount: 1 })).toThrow("variantCount must be a whole number from 2 to 8, got 1")
    expect(() => assignVariant("c", { ...ok, variantCount: 9 })).toThrow(AbTestInputError)
    expect(() => assignVariant("c", { ...ok, variantCount: 2.5 })).toThrow(AbTestInputError)
    expect(() => assignVariant("c", { ...ok, testFraction: 0 })).toThrow(
      "testFraction must be a number greater than 0 and at most 1 (0.2 = 20% of the audience), got 0"
    )
    expect(() => assignVariant("c", { ...ok, testFraction: 20 })).toThrow(AbTestInputError)
    expect(() => assignVariant("c", { ...ok, testFraction: NaN })).toThrow(AbTestInputError)
    expect(() => assignVariant("c", { ...ok, testFraction: 1e-12 })).toThrow("too small to split into 2 variants")
    expect(() => assignVariant("c", { ...ok, campaignId: "" })).toThrow("campaignId must be a non-empty string")
    expect(() => assignVariant("", ok)).toThrow("contactId must be a non-empty string")
    expect(() => assignVariant("c", null as never)).toThrow(AbTestInputError)
  })
})

describe("abAssignmentSql", () => {
  it("builds an expression from a column and a placeholder, with integer literals", () => {
    const sql = abAssignmentSql({ contactIdColumn: "c.id", campaignIdParam: "$1", testFraction: 0.25, variantCount: 4 })
    expect(sql.bucket).toBe(
      "CAST(CAST('x' || substr(md5(CAST($1 AS text) || ':' || CAST(c.id AS text)), 1, 8) AS bit(32)) AS bigint)"
    )
    expect(sql.variant).toBe(`CAST(NULLIF(LEAST((${sql.bucket} * 4) / 1073741824, 4), 4) AS integer)`)
    expect(sql.variant).not.toContain("::")
  })

  it("accepts quoted identifiers and knex placeholders", () => {
    for (const ref of ['"c"."id"', "mkt_contact.id", "?", ":campaign_id", "$12", 'public."Contact"."id"']) {
      expect(() => abAssignmentSql({ contactIdColumn: ref, campaignIdParam: "$1", variantCount: 2 })).not.toThrow()
    }
  })

  it("refuses anything but a column reference or a placeholder", () => {
    for (const bad of ["c.id; DROP TABLE x", "'cmp_1'", "c.id || 'x'", "lower(c.id)", "", "$0", '"a""', "a.b.c.d"]) {
      expect(() => abAssignmentSql({ contactIdColumn: bad, campaignIdParam: "$1", variantCount: 2 })).toThrow(
        "contactIdColumn must be a column reference (c.id) or a placeholder"
      )
      expect(() => abAssignmentSql({ contactIdColumn: "c.id", campaignIdParam: bad, variantCount: 2 })).toThrow(
        AbTestInputError
      )
    }
    expect(() => abAssignmentSql({ contactIdColumn: "c.id", campaignIdParam: "$1", variantCount: 10 })).toThrow(
      "variantCount must be a whole number from 2 to 8"
    )
  })
})
