import fc from "fast-check"
import {
  compileSegment,
  compileSegmentCount,
  SegmentRulesError,
  segmentRulesSchema,
  validateSegmentRules,
} from ".."
import {
  ARBITRARY_NOW,
  arbitrarySegmentResolver,
  invalidSegmentRulesArbitrary,
  segmentRulesArbitrary,
} from "./arbitraries"

const options = { now: ARBITRARY_NOW, resolveSegment: arbitrarySegmentResolver }

/** $1..$n each used, n = params.length, and no literal but the compiler's own. */
function assertWellFormed(sql: string, params: unknown[]) {
  const used = new Set([...sql.matchAll(/\$(\d+)::/g)].map((m) => Number(m[1])))
  expect([...used].sort((a, b) => a - b)).toEqual(params.map((_, i) => i + 1))
  // the only quoted literals are the compiler's: '' and 'granted'
  expect(sql.replace(/''|'granted'/g, "")).not.toContain("'")
  // every $ starts a placeholder
  expect(sql.replace(/\$\d+::/g, "")).not.toContain("$")
  expect(sql).toMatch(/^SELECT c\.id FROM (mkt_contact c WHERE c\.deleted_at IS NULL|mkt_contact_filter c WHERE TRUE) AND \(/)
  let depth = 0
  let balanced = true
  for (const ch of sql) {
    depth += ch === "(" ? 1 : ch === ")" ? -1 : 0
    balanced &&= depth >= 0
  }
  expect(balanced && depth === 0).toBe(true)
}

describe("segment rules, property-based", () => {
  it("every random valid tree validates, matches the zod schema and compiles deterministically", () => {
    fc.assert(
      fc.property(segmentRulesArbitrary(), (rules) => {
        const result = validateSegmentRules(rules, { resolveSegment: arbitrarySegmentResolver })
        if (!result.success) {
          throw new Error(JSON.stringify(result.issues))
        }
        expect(segmentRulesSchema.safeParse(rules).success).toBe(true)
        const a = compileSegment(rules, options)
        assertWellFormed(a.sql, a.params)
        // the same tree after a JSON round trip compiles to the same query
        expect(compileSegment(JSON.parse(JSON.stringify(rules)), options)).toEqual(a)
        const count = compileSegmentCount(rules, options)
        expect(count.params).toEqual(a.params)
        expect(count.sql).toBe(a.sql.replace("SELECT c.id", "SELECT count(*) AS count"))
      }),
      { numRuns: 400, seed: 20250615 }
    )
  })

  it("every random invalid tree is rejected with an issue at the defect's path", () => {
    fc.assert(
      fc.property(invalidSegmentRulesArbitrary(), (bad) => {
        const result = validateSegmentRules(bad.rules, bad.options)
        expect(result.success).toBe(false)
        if (result.success) {
          return
        }
        const hit = result.issues.some(
          (i) => i.code === bad.expected.code && i.path.startsWith(bad.expected.path)
        )
        if (!hit) {
          throw new Error(
            `${bad.kind}: expected ${bad.expected.code} at ${bad.expected.path}, got ${JSON.stringify(result.issues)}`
          )
        }
        for (const issue of result.issues) {
          expect(issue.path === "rules" || /^rules[.[]/.test(issue.path)).toBe(true)
          expect(issue.message.length).toBeGreaterThan(0)
        }
        expect(() => compileSegment(bad.rules, { now: ARBITRARY_NOW, ...bad.options })).toThrow(SegmentRulesError)
      }),
      { numRuns: 600, seed: 42 }
    )
  })
})
