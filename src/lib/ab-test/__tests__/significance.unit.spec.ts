import fc from "fast-check"
import { AbTestInputError, toStatNumber, twoProportionZTest, welchTTest } from ".."

describe("twoProportionZTest", () => {
  // [a.successes, a.trials, b.successes, b.trials, z, p] — z and p computed with SciPy
  it.each([
    [200, 1000, 250, 1000, 2.677397763008329, 0.007419649261025687],
    [31, 1500, 52, 1480, 2.399904099714428, 0.01639936762722736],
    [5, 20, 0, 20, -2.390457218668787, 0.01682740948275685],
    [1200, 10000, 1260, 10000, 1.2917661506945481, 0.19643814098419266],
  ])("%p/%p vs %p/%p", (sa, na, sb, nb, z, p) => {
    const r = twoProportionZTest({ successes: sa, trials: na }, { successes: sb, trials: nb })
    expect(r.z).toBeCloseTo(z, 12)
    expect(r.p_value).toBeCloseTo(p, 14)
    expect(r.confidence).toBeCloseTo(1 - p, 14)
    expect(r.rate_a).toBe(sa / na)
    expect(r.rate_b).toBe(sb / nb)
    expect(r.difference).toBe(sb / nb - sa / na)
  })

  it("reports relative lift of b over a", () => {
    const r = twoProportionZTest({ successes: 200, trials: 1000 }, { successes: 250, trials: 1000 })
    expect(r.lift).toBeCloseTo(0.25, 12)
    expect(r.difference).toBeCloseTo(0.05, 12)
  })

  it("gives z = 0, p = 1 when either side has no trials", () => {
    for (const [a, b] of [
      [{ successes: 0, trials: 0 }, { successes: 5, trials: 10 }],
      [{ successes: 5, trials: 10 }, { successes: 0, trials: 0 }],
      [{ successes: 0, trials: 0 }, { successes: 0, trials: 0 }],
    ]) {
      const r = twoProportionZTest(a, b)
      expect(r).toMatchObject({ z: 0, p_value: 1, confidence: 0 })
    }
  })

  it("gives z = 0, p = 1 when both rates are 0% or both 100% (pooled SE = 0)", () => {
    expect(twoProportionZTest({ successes: 0, trials: 500 }, { successes: 0, trials: 800 })).toEqual({
      z: 0, p_value: 1, confidence: 0, rate_a: 0, rate_b: 0, difference: 0, lift: 0,
    })
    expect(twoProportionZTest({ successes: 500, trials: 500 }, { successes: 800, trials: 800 })).toMatchObject({
      z: 0, p_value: 1, confidence: 0, difference: 0, lift: 0,
    })
  })

  it("handles 0% against 100% and a zero base rate (lift null)", () => {
    const r = twoProportionZTest({ successes: 0, trials: 50 }, { successes: 50, trials: 50 })
    expect(r.z).toBeCloseTo(10, 12) // pooled 0.5: SE = 0.1
    expect(r.p_value).toBeGreaterThan(0)
    expect(r.p_value).toBeLessThan(1e-20)
    expect(r.lift).toBeNull()
  })

  it("rejects impossible counts with clear errors", () => {
    expect(() => twoProportionZTest({ successes: 11, trials: 10 }, { successes: 1, trials: 10 })).toThrow(
      "a.successes (11) cannot exceed a.trials (10)"
    )
    expect(() => twoProportionZTest({ successes: 1, trials: 10 }, { successes: -1, trials: 10 })).toThrow(AbTestInputError)
    expect(() => twoProportionZTest({ successes: 1.5, trials: 10 }, { successes: 1, trials: 10 })).toThrow(
      "a.successes must be a whole number >= 0"
    )
    expect(() => twoProportionZTest({ successes: 1, trials: NaN }, { successes: 1, trials: 10 })).toThrow(AbTestInputError)
    expect(() => twoProportionZTest(null as never, { successes: 1, trials: 10 })).toThrow(AbTestInputError)
  })

  const sample = fc
    .tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 0, max: 1_000_000 }))
    .map(([x, y]) => ({ successes: Math.min(x, y), trials: Math.max(x, y) }))

  it("p in [0, 1], confidence = 1 - p, never NaN (property)", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const r = twoProportionZTest(a, b)
        for (const v of [r.z, r.p_value, r.confidence, r.difference]) expect(Number.isFinite(v)).toBe(true)
        expect(r.p_value).toBeGreaterThanOrEqual(0)
        expect(r.p_value).toBeLessThanOrEqual(1)
        expect(r.confidence).toBe(1 - r.p_value)
      })
    )
  })

  it("swapping a and b flips the sign of z and keeps p (property)", () => {
    fc.assert(
      fc.property(sample, sample, (a, b) => {
        const ab = twoProportionZTest(a, b)
        const ba = twoProportionZTest(b, a)
        expect(ba.z).toBeCloseTo(-ab.z, 9)
        expect(ba.p_value).toBeCloseTo(ab.p_value, 12)
        // 0 - x, not -x: with equal rates the difference is +0 both ways, and
        // toBe tells +0 from -0
        expect(ba.difference).toBe(0 - ab.difference)
      })
    )
  })

  it("identical variants give z = 0 and p = 1 (property)", () => {
    fc.assert(
      fc.property(sample, fc.integer({ min: 1, max: 5 }), (a, k) => {
        // the same rate at a different size is still identical in rate
        const r = twoProportionZTest(a, { successes: a.successes * k, trials: a.trials * k })
        expect(r.z).toBe(0)
        expect(r.p_value).toBe(1)
      })
    )
  })

  it("a bigger gap at the same size is more significant (property)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 100_000 }), fc.double({ min: 0.05, max: 0.5, noNaN: true }), (n, rate) => {
        const base = { successes: Math.round(n * rate), trials: n }
        const small = twoProportionZTest(base, { successes: base.successes + 1, trials: n })
        const large = twoProportionZTest(base, { successes: base.successes + 10, trials: n })
        expect(large.p_value).toBeLessThan(small.p_value)
      })
    )
  })
})

describe("welchTTest", () => {
  // Per-recipient revenue in minor units; SciPy ttest_ind(b, a, equal_var=False):
  // t = 0.8962972404030194, p = 0.3781883789679309, df = 26.420492617841106
  const A = [0, 0, 0, 1299, 0, 0, 4550, 0, 0, 0, 2500, 0, 0, 0, 0, 0, 799]
  const B = [0, 1999, 0, 0, 3200, 0, 0, 12000, 0, 0, 0, 0, 850, 0, 0, 0, 0, 0, 0, 5600]
  const summary = (xs: number[]) => ({
    n: xs.length,
    sum: xs.reduce((s, x) => s + x, 0),
    sum_sq: xs.reduce((s, x) => s + x * x, 0),
  })

  it("matches SciPy on raw data given as summary statistics", () => {
    expect(summary(A)).toEqual({ n: 17, sum: 9148, sum_sq: 29278302 })
    const r = welchTTest(summary(A), summary(B))
    expect(r.t).toBeCloseTo(0.8962972404030194, 12)
    expect(r.df).toBeCloseTo(26.420492617841106, 10)
    expect(r.p_value).toBeCloseTo(0.3781883789679309, 12)
    expect(r.confidence).toBeCloseTo(1 - 0.3781883789679309, 12)
    expect(r.mean_a).toBeCloseTo(9148 / 17, 12)
    expect(r.mean_b).toBeCloseTo(23649 / 20, 12)
    expect(r.lift).toBeCloseTo(23649 / 20 / (9148 / 17) - 1, 12)
  })

  it("gives the same answer in minor units, decimal strings and bigints", () => {
    const minor = welchTTest({ n: 17, sum: 9148, sum_sq: 29278302 }, { n: 20, sum: 23649, sum_sq: 190318501 })
    const decimal = welchTTest({ n: 17, sum: "91.48", sum_sq: "2927.8302" }, { n: 20, sum: "236.49", sum_sq: "19031.8501" })
    const big = welchTTest({ n: 17, sum: 9148n, sum_sq: 29278302n }, { n: 20, sum: "23649", sum_sq: 190318501n })
    expect(decimal.t).toBeCloseTo(minor.t, 10)
    expect(decimal.p_value).toBeCloseTo(minor.p_value, 10)
    expect(decimal.lift).toBeCloseTo(minor.lift!, 10)
    expect(big).toEqual(minor)
  })

  it("cannot test with fewer than 2 recipients on a side", () => {
    expect(welchTTest({ n: 1, sum: 500, sum_sq: 250000 }, { n: 50, sum: 100, sum_sq: 10000 })).toMatchObject({
      t: 0, df: 0, p_value: 1, confidence: 0,
    })
    expect(welchTTest({ n: 0, sum: 0, sum_sq: 0 }, { n: 50, sum: 100, sum_sq: 10000 })).toMatchObject({
      p_value: 1, mean_a: 0, lift: null,
    })
  })

  it("handles zero variance: all-zero revenue is no difference; distinct constants are certain", () => {
    expect(welchTTest({ n: 100, sum: 0, sum_sq: 0 }, { n: 120, sum: 0, sum_sq: 0 })).toEqual({
      t: 0, df: 218, p_value: 1, confidence: 0, mean_a: 0, mean_b: 0, difference: 0, lift: 0,
    })
    const r = welchTTest({ n: 10, sum: 50, sum_sq: 250 }, { n: 10, sum: 70, sum_sq: 490 })
    expect(r).toMatchObject({ t: Infinity, p_value: 0, confidence: 1, difference: 2 })
  })

  it("one group with zero variance uses the other's degrees of freedom", () => {
    const r = welchTTest({ n: 30, sum: 0, sum_sq: 0 }, { n: 12, sum: 120, sum_sq: 1800 })
    expect(r.df).toBeCloseTo(11, 12)
    expect(r.t).toBeGreaterThan(0)
  })

  it("rejects invalid input with clear errors", () => {
    expect(() => welchTTest({ n: 10, sum: "12,50", sum_sq: 0 }, { n: 10, sum: 1, sum_sq: 1 })).toThrow(
      'a.sum must be a finite number or a decimal string, got "12,50"'
    )
    expect(() => welchTTest({ n: 10, sum: 1, sum_sq: -1 }, { n: 10, sum: 1, sum_sq: 1 })).toThrow("a.sum_sq must be >= 0")
    expect(() => welchTTest({ n: 10, sum: 100, sum_sq: 10 }, { n: 10, sum: 1, sum_sq: 1 })).toThrow(
      "a.sum_sq (10) is too small for sum 100 over 10 recipients"
    )
    expect(() => welchTTest({ n: 0, sum: 5, sum_sq: 25 }, { n: 10, sum: 1, sum_sq: 1 })).toThrow("a has n = 0")
    expect(() => welchTTest({ n: 10, sum: Infinity, sum_sq: 1 }, { n: 10, sum: 1, sum_sq: 1 })).toThrow(AbTestInputError)
    expect(() => welchTTest({ n: -3, sum: 1, sum_sq: 1 }, { n: 10, sum: 1, sum_sq: 1 })).toThrow("a.n must be a whole number")
  })

  const revenueSample = fc
    .array(fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 1, max: 100_000 })), { minLength: 0, maxLength: 60 })
    .map((xs) => ({ n: xs.length, sum: xs.reduce((s, x) => s + x, 0), sum_sq: xs.reduce((s, x) => s + x * x, 0) }))

  it("p in [0, 1], swapping flips t, identical samples give t = 0 (property)", () => {
    fc.assert(
      fc.property(revenueSample, revenueSample, (a, b) => {
        const ab = welchTTest(a, b)
        const ba = welchTTest(b, a)
        expect(ab.p_value).toBeGreaterThanOrEqual(0)
        expect(ab.p_value).toBeLessThanOrEqual(1)
        expect(ba.t).toBeCloseTo(-ab.t, 9)
        expect(ba.p_value).toBeCloseTo(ab.p_value, 12)
        expect(ab.df).toBeCloseTo(ba.df, 6)
        const same = welchTTest(a, a)
        expect(same.t).toBe(0)
        expect(same.p_value).toBe(1)
      })
    )
  })
})

describe("toStatNumber", () => {
  it("accepts numbers, bigints and plain decimal strings only", () => {
    expect(toStatNumber("x", 12)).toBe(12)
    expect(toStatNumber("x", 12n)).toBe(12)
    expect(toStatNumber("x", " -12.50 ")).toBe(-12.5)
    expect(toStatNumber("x", ".5")).toBe(0.5)
    for (const bad of ["", "1e3", "0x10", "12,5", "abc", NaN, Infinity]) {
      expect(() => toStatNumber("x", bad as never)).toThrow(AbTestInputError)
    }
  })
})
