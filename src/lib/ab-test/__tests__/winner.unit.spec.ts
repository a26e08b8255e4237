import fc from "fast-check"
import { prng } from "../../prng"
import { AbTestInputError, pickWinner, twoProportionZTest, VariantStats, welchTTest, WinnerMetric } from ".."

const v = (id: string, recipients: number, opens: number, clicks = 0): VariantStats => ({ id, recipients, opens, clicks })

describe("pickWinner: rates", () => {
  it("names a significant winner with its confidence and a sentence", () => {
    const r = pickWinner({ metric: "open_rate", variants: [v("A", 1000, 200), v("B", 1000, 250)] })
    expect(r.winner_id).toBe("B")
    expect(r.decided).toBe(true)
    expect(r.comparisons).toBe(1)
    expect(r.correction).toBe("bonferroni")
    expect(r.confidence).toBeCloseTo(1 - 0.007419649261025687, 12) // SciPy
    expect(r.reason).toBe('"B" wins on open rate: 25.00% vs 20.00% for "A", with 99.2% confidence.')
    expect(r.per_variant).toEqual([
      {
        id: "A",
        recipients: 1000,
        value: 0.2,
        vs_best: {
          statistic: expect.closeTo(2.677397763008329, 12),
          df: null,
          p_value: expect.closeTo(0.007419649261025687, 14),
          adjusted_p_value: expect.closeTo(0.007419649261025687, 14),
          confidence: expect.closeTo(1 - 0.007419649261025687, 14),
          difference: expect.closeTo(0.05, 14),
          lift: expect.closeTo(0.25, 12),
        },
      },
      { id: "B", recipients: 1000, value: 0.25, vs_best: null },
    ])
  })

  it("uses clicks for click_rate", () => {
    const r = pickWinner({ metric: "click_rate", variants: [v("A", 1480, 900, 52), v("B", 1500, 100, 31)] })
    expect(r.winner_id).toBe("A")
    expect(r.per_variant[0].value).toBe(52 / 1480)
    expect(r.per_variant[1].vs_best!.p_value).toBeCloseTo(0.01639936762722736, 12)
  })

  it("applies Bonferroni over variants - 1 comparisons and reports the weakest", () => {
    const variants = [v("A", 1000, 200), v("B", 1000, 250), v("C", 1000, 180), v("D", 1000, 205)]
    const r = pickWinner({ metric: "open_rate", variants })
    expect(r.winner_id).toBe("B")
    expect(r.comparisons).toBe(3)
    for (const pv of r.per_variant) {
      if (pv.id === "B") continue
      const raw = twoProportionZTest({ successes: variants.find((x) => x.id === pv.id)!.opens!, trials: 1000 }, { successes: 250, trials: 1000 })
      expect(pv.vs_best!.p_value).toBeCloseTo(raw.p_value, 15)
      expect(pv.vs_best!.adjusted_p_value).toBeCloseTo(Math.min(1, raw.p_value * 3), 15)
    }
    // D (20.5%) is the closest challenger
    expect(r.confidence).toBe(r.per_variant[3].vs_best!.confidence)
    expect(r.reason).toMatch(/^"B" wins on open rate: 25\.00% vs 20\.50% for "D", with 9\d\.\d% confidence \(Bonferroni-adjusted over 3 comparisons\)\.$/)
  })

  it("the correction can turn a 2-variant winner into a leader", () => {
    // raw p ≈ 0.0164 < 0.05, but ×7 comparisons > 0.05
    const variants = [v("A", 1500, 31), v("B", 1480, 52), ...["C", "D", "E", "F", "G", "H"].map((id) => v(id, 1500, 31))]
    const two = pickWinner({ metric: "open_rate", variants: variants.slice(0, 2) })
    const eight = pickWinner({ metric: "open_rate", variants })
    expect(two.decided).toBe(true)
    expect(eight.winner_id).toBe("B")
    expect(eight.decided).toBe(false)
    expect(eight.confidence).toBeCloseTo(1 - 7 * 0.01639936762722736, 12)
  })

  it("names the leader but does not decide when the difference is not significant", () => {
    const r = pickWinner({ metric: "open_rate", variants: [v("A", 10000, 1200), v("B", 10000, 1260)] })
    expect(r).toMatchObject({ winner_id: "B", decided: false })
    expect(r.confidence).toBeCloseTo(1 - 0.19643814098419266, 12)
    expect(r.reason).toBe(
      '"B" leads on open rate (12.60% vs 12.00% for "A") but confidence is 80.3%, below the 95% needed to call a winner.'
    )
  })

  it("honours a custom threshold", () => {
    const variants = [v("A", 10000, 1200), v("B", 10000, 1260)]
    expect(pickWinner({ metric: "open_rate", variants, confidenceThreshold: 0.8 }).decided).toBe(true)
    const r = pickWinner({ metric: "open_rate", variants, confidenceThreshold: 0.9 })
    expect(r.decided).toBe(false)
    expect(r.reason).toContain("below the 90% needed")
  })

  it("breaks ties by input order and never decides a tie", () => {
    const r = pickWinner({ metric: "open_rate", variants: [v("A", 1000, 100), v("B", 2000, 200), v("C", 1000, 50)] })
    expect(r.winner_id).toBe("A")
    expect(r.decided).toBe(false)
    expect(r.confidence).toBe(0)
    expect(r.reason).toBe('"A" and "B" are tied on open rate at 10.00%; "A" leads only because it is listed first.')
    expect(pickWinner({ metric: "open_rate", variants: [v("B", 2000, 200), v("A", 1000, 100)] }).winner_id).toBe("B")
  })

  it("handles no data yet: no recipients, or no opens", () => {
    const empty = pickWinner({ metric: "click_rate", variants: [v("A", 0, 0), v("B", 0, 0)] })
    expect(empty).toMatchObject({ winner_id: "A", decided: false, confidence: 0 })
    expect(empty.reason).toBe('No variant has recipients yet; "A" leads only because it is listed first.')
    const noOpens = pickWinner({ metric: "open_rate", variants: [v("A", 500, 0), v("B", 500, 0)] })
    expect(noOpens).toMatchObject({ winner_id: "A", decided: false, confidence: 0 })
    // one variant has been sent, the other not yet
    const half = pickWinner({ metric: "open_rate", variants: [v("A", 0, 0), v("B", 500, 40)] })
    expect(half).toMatchObject({ winner_id: "B", decided: false, confidence: 0 })
    expect(half.reason).toBe('"B" leads on open rate at 8.00%, but "A" has no recipients yet.')
  })
})

describe("pickWinner: revenue per recipient", () => {
  it("compares with Welch's t-test and reports the mean per recipient", () => {
    const r = pickWinner({
      metric: "revenue_per_recipient",
      variants: [
        { id: "A", recipients: 17, revenue_sum: 9148, revenue_sum_sq: 29278302 },
        { id: "B", recipients: 20, revenue_sum: "23649", revenue_sum_sq: "190318501" },
      ],
    })
    expect(r.winner_id).toBe("B")
    expect(r.decided).toBe(false)
    const a = r.per_variant[0]
    expect(a.value).toBeCloseTo(9148 / 17, 12)
    expect(a.vs_best!.statistic).toBeCloseTo(0.8962972404030194, 12) // SciPy
    expect(a.vs_best!.df).toBeCloseTo(26.420492617841106, 10)
    expect(a.vs_best!.p_value).toBeCloseTo(0.3781883789679309, 12)
    expect(r.reason).toBe(
      '"B" leads on revenue per recipient (1182.45 vs 538.12 for "A") but confidence is 62.1%, below the 95% needed to call a winner.'
    )
  })

  it("decides a large, clear difference", () => {
    // 5,000 recipients each; 2% buy; B's buyers spend more
    const mk = (id: string, buyers: number, each: number) => ({
      id, recipients: 5000, revenue_sum: buyers * each, revenue_sum_sq: buyers * each * each,
    })
    const r = pickWinner({ metric: "revenue_per_recipient", variants: [mk("A", 100, 4000), mk("B", 140, 4500)] })
    expect(r.winner_id).toBe("B")
    expect(r.decided).toBe(true)
    const direct = welchTTest({ n: 5000, sum: 400000, sum_sq: 100 * 4000 * 4000 }, { n: 5000, sum: 630000, sum_sq: 140 * 4500 * 4500 })
    expect(r.confidence).toBe(direct.confidence)
  })

  it("does not need opens or clicks, but needs the revenue sums", () => {
    expect(() =>
      pickWinner({ metric: "revenue_per_recipient", variants: [{ id: "A", recipients: 10, revenue_sum: 0 }, { id: "B", recipients: 10, revenue_sum: 0, revenue_sum_sq: 0 }] })
    ).toThrow('variants[0] ("A") needs revenue_sum and revenue_sum_sq to compare revenue per recipient')
  })
})

describe("pickWinner: validation", () => {
  const ok = [v("A", 10, 1), v("B", 10, 2)]
  it.each([
    [{ metric: "ctr", variants: ok }, "metric must be one of open_rate, click_rate, revenue_per_recipient"],
    [{ metric: "open_rate", variants: [ok[0]] }, "variants must be a list of 2 to 8 variants, got 1"],
    [{ metric: "open_rate", variants: Array.from({ length: 9 }, (_, i) => v(`V${i}`, 1, 0)) }, "got 9"],
    [{ metric: "open_rate", variants: [ok[0], { ...ok[1], id: "A" }] }, 'variants[1]: id "A" appears twice'],
    [{ metric: "open_rate", variants: [ok[0], { ...ok[1], id: "" }] }, "variants[1] must have a non-empty string id"],
    [{ metric: "open_rate", variants: [ok[0], v("B", 10, 11)] }, 'variants[1] ("B").successes (11) cannot exceed'],
    [{ metric: "open_rate", variants: [ok[0], v("B", -1, 0)] }, 'variants[1] ("B").recipients must be a whole number >= 0'],
    [{ metric: "click_rate", variants: [ok[0], { id: "B", recipients: 10 }] }, 'variants[1] ("B") needs clicks to compare click rate'],
    [{ metric: "open_rate", variants: ok, confidenceThreshold: 95 }, "confidenceThreshold must be a number between 0 and 1 (0.95 = 95%), got 95"],
    [{ metric: "open_rate", variants: ok, confidenceThreshold: 1 }, "confidenceThreshold must be"],
  ])("rejects %j", (input, message) => {
    expect(() => pickWinner(input as never)).toThrow(AbTestInputError)
    expect(() => pickWinner(input as never)).toThrow(message)
  })
})

describe("pickWinner: properties", () => {
  const metricArb = fc.constantFrom<WinnerMetric>("open_rate", "click_rate", "revenue_per_recipient")
  const variantArb = fc
    .record({
      recipients: fc.integer({ min: 0, max: 50_000 }),
      opensShare: fc.double({ min: 0, max: 1, noNaN: true }),
      clicksShare: fc.double({ min: 0, max: 1, noNaN: true }),
      buyers: fc.double({ min: 0, max: 0.2, noNaN: true }),
      spend: fc.integer({ min: 100, max: 50_000 }),
    })
    .map(({ recipients, opensShare, clicksShare, buyers, spend }) => {
      const b = Math.floor(recipients * buyers)
      return {
        recipients,
        opens: Math.floor(recipients * opensShare),
        clicks: Math.floor(recipients * clicksShare),
        revenue_sum: b * spend,
        revenue_sum_sq: b * spend * spend,
      }
    })
  const variantsArb = fc
    .array(variantArb, { minLength: 2, maxLength: 8 })
    .map((vs) => vs.map((x, i) => ({ id: `var_${i}`, ...x })))

  it("confidences are in [0, 1], adjusted p >= raw p, decided iff confidence >= threshold, the leader has the top value", () => {
    fc.assert(
      fc.property(metricArb, variantsArb, fc.double({ min: 0.5, max: 0.999, noNaN: true }), (metric, variants, threshold) => {
        const r = pickWinner({ metric, variants, confidenceThreshold: threshold })
        expect(r.decided).toBe(r.confidence >= threshold)
        expect(r.confidence).toBeGreaterThanOrEqual(0)
        expect(r.confidence).toBeLessThanOrEqual(1)
        const top = Math.max(...r.per_variant.map((p) => p.value))
        const leader = r.per_variant.find((p) => p.id === r.winner_id)!
        expect(leader.value).toBe(top)
        expect(leader.vs_best).toBeNull()
        // the leader is the first variant with the top value
        expect(r.per_variant.find((p) => p.value === top)!.id).toBe(r.winner_id)
        for (const p of r.per_variant) {
          if (!p.vs_best) continue
          expect(p.vs_best.adjusted_p_value).toBeGreaterThanOrEqual(p.vs_best.p_value)
          expect(p.vs_best.adjusted_p_value).toBeLessThanOrEqual(1)
          expect(p.vs_best.confidence).toBeGreaterThanOrEqual(r.confidence)
          expect(p.vs_best.difference).toBeGreaterThanOrEqual(0)
        }
        expect(typeof r.reason).toBe("string")
      })
    )
  })

  it("is deterministic and, without ties, independent of input order", () => {
    fc.assert(
      fc.property(metricArb, variantsArb, fc.infiniteStream(fc.nat()), (metric, variants, seeds) => {
        const r = pickWinner({ metric, variants })
        expect(pickWinner({ metric, variants })).toEqual(r)
        const values = r.per_variant.map((p) => p.value)
        if (new Set(values).size !== values.length) return
        const shuffled = [...variants].sort(() => (seeds.next().value % 3) - 1)
        const s = pickWinner({ metric, variants: shuffled })
        expect(s.winner_id).toBe(r.winner_id)
        expect(s.confidence).toBeCloseTo(r.confidence, 12)
      })
    )
  })

  it("identical variants never produce a decided winner", () => {
    fc.assert(
      fc.property(metricArb, variantArb, fc.integer({ min: 2, max: 8 }), (metric, stats, k) => {
        const r = pickWinner({ metric, variants: Array.from({ length: k }, (_, i) => ({ id: `v${i}`, ...stats })) })
        expect(r.winner_id).toBe("v0")
        expect(r.decided).toBe(false)
        expect(r.confidence).toBe(0)
      })
    )
  })
})

describe("pickWinner: error rates by simulation", () => {
  const rng = prng("ab-test-simulation")
  const binomial = (n: number, p: number) => {
    let s = 0
    for (let i = 0; i < n; i++) if (rng.next() < p) s++
    return s
  }
  const simulate = (k: number, rates: number[], runs: number, n: number) => {
    let decided = 0
    let correct = 0
    for (let run = 0; run < runs; run++) {
      const variants = rates.slice(0, k).map((p, i) => v(`v${i}`, n, binomial(n, p)))
      const r = pickWinner({ metric: "open_rate", variants })
      if (r.decided) {
        decided++
        if (r.winner_id === `v${rates.indexOf(Math.max(...rates))}`) correct++
      }
    }
    return { decided: decided / runs, correct }
  }

  it("with identical variants, declares a false winner at most about 5% of the time", () => {
    // 2 variants: a plain two-sided test at α = 0.05
    const two = simulate(2, [0.2, 0.2], 600, 1000)
    expect(two.decided).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 600))
    // 8 variants: picking the best of 8 would be wrong far more often without the correction
    const eight = simulate(8, Array(8).fill(0.2), 300, 1000)
    expect(eight.decided).toBeLessThan(0.05 + 3 * Math.sqrt((0.05 * 0.95) / 300))
  })

  it("finds a real 25% lift with 5,000 recipients per variant most of the time", () => {
    const r = simulate(3, [0.2, 0.25, 0.2], 100, 5000)
    expect(r.decided).toBeGreaterThan(0.9)
    expect(r.correct).toBe(Math.round(r.decided * 100))
  })
})
