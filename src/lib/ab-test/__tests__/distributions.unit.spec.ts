import fc from "fast-check"
import {
  erf,
  erfc,
  logBeta,
  logGamma,
  normalCdf,
  normalTwoSidedPValue,
  regularizedIncompleteBeta,
  studentTCdf,
  studentTTwoSidedPValue,
} from ".."

// Reference values from SciPy 1.17 (scipy.special / scipy.stats), checked
// against mpmath at 40 digits where they disagree.

/** |actual - expected| <= rel * |expected| (or abs for expected = 0). */
function expectClose(actual: number, expected: number, rel = 1e-13, abs = 1e-300) {
  const tol = Math.max(abs, rel * Math.abs(expected))
  if (!(Math.abs(actual - expected) <= tol)) {
    throw new Error(`expected ${actual} to be within ${tol} of ${expected}`)
  }
}

// [x, erf(x), erfc(x)]
const ERF: [number, number, number][] = [
  [-6, -1.0, 2.0], [-3, -0.9999779095030014, 1.9999779095030015], [-2.5, -0.999593047982555, 1.999593047982555],
  [-1.5, -0.9661051464753108, 1.9661051464753108], [-1, -0.8427007929497148, 1.8427007929497148],
  [-0.5, -0.5204998778130465, 1.5204998778130465], [-0.001, -0.0011283787909692363, 1.0011283787909693],
  [0, 0.0, 1.0], [1e-8, 1.1283791670955125e-8, 0.9999999887162083], [0.1, 0.1124629160182849, 0.8875370839817152],
  [0.5, 0.5204998778130465, 0.4795001221869535], [0.9, 0.7969082124228322, 0.20309178757716784],
  [0.99, 0.8385080695553698, 0.16149193044463017], [1, 0.8427007929497148, 0.15729920705028516],
  [1.01, 0.8468104962282766, 0.15318950377172333], [1.5, 0.9661051464753108, 0.03389485352468927],
  [1.99, 0.995111413199617, 0.004888586800383002], [2, 0.9953222650189527, 0.004677734981047266],
  [2.01, 0.9955248493552482, 0.004475150644751764], [2.5, 0.999593047982555, 0.00040695201744495886],
  [3, 0.9999779095030014, 2.2090496998585445e-5], [4, 0.9999999845827421, 1.541725790028002e-8],
  [5, 0.9999999999984626, 1.5374597944280347e-12], [6, 1.0, 2.1519736712498913e-17],
  [8, 1.0, 1.1224297172982928e-29], [10, 1.0, 2.0884875837625446e-45], [15, 1.0, 7.212994172451209e-100],
  [26, 1.0, 5.663192408856145e-296],
]

// [z, Φ(z), two-sided p]
const NORMAL: [number, number, number][] = [
  [-8, 6.22096057427174e-16, 1.244192114854348e-15], [-5, 2.866515718791933e-7, 5.733031437583866e-7],
  [-3, 0.0013498980316300933, 0.0026997960632601866], [-1.959963984540054, 0.025, 0.05],
  [-1, 0.15865525393145707, 0.31731050786291415], [0, 0.5, 1.0], [0.5, 0.6914624612740131, 0.6170750774519738],
  [1, 0.8413447460685429, 0.31731050786291415], [1.6448536269514722, 0.95, 0.10000000000000009],
  [1.959963984540054, 0.975, 0.05], [1.96, 0.9750021048517795, 0.04999579029644087],
  [2.5758293035489, 0.995, 0.01000000000000002], [3, 0.9986501019683699, 0.0026997960632601866],
  [5, 0.9999997133484281, 5.733031437583866e-7], [8, 0.9999999999999993, 1.244192114854348e-15],
  [12, 1.0, 3.552964224155306e-33], [20, 1.0, 5.507248237212311e-89], [37, 1.0, 1.1451142445047853e-299],
]

// [t, df, CDF, two-sided p]
const STUDENT: [number, number, number, number][] = [
  [0, 5, 0.5, 1.0], [0.5, 1, 0.6475836176504333, 0.7048327646991335], [1, 1, 0.75, 0.5000000000000001],
  [2.228138851986274, 10, 0.975, 0.050000000000000044], [12.706204736174694, 1, 0.975, 0.050000000000000044],
  [2.042272456301238, 30, 0.975, 0.049999999999999975], [1, 2.5, 0.7979694863608632, 0.40406102727827364],
  [-1.3, 7.3, 0.11657077503308287, 0.23314155006616574], [3, 3, 0.9711655571887814, 0.0576688856224373],
  [10, 4, 0.999718998188642, 0.000562003622715991], [50, 20, 1.0, 1.7533380449242275e-22],
  [2, 1000, 0.9771148267533741, 0.04577034649325166], [2, 123456.7, 0.9772487747297444, 0.045502450540511295],
  [0.1, 0.5, 0.5268341894356968, 0.9463316211286064], [4.5, 2, 0.976999046002862, 0.04600190799427602],
  [-2, 15.5, 0.0316696598620713, 0.0633393197241426], [30, 200, 1.0, 5.724161208827853e-76],
  // Welch's df is large for campaign-sized samples
  [2.5, 2e6, 0.9937902949616196, 0.012419410076760826], [3.1, 5e5, 0.9990323430614797, 0.0019353138770406054],
  [1.5, 40000.5, 0.9331888525608508, 0.13362229487829844],
]

describe("erf / erfc", () => {
  it.each(ERF)("erf(%p) and erfc(%p) match SciPy", (x, e, c) => {
    expectClose(erf(x), e, 1e-14)
    expectClose(erfc(x), c, 1e-13)
  })

  it("handles infinities and NaN", () => {
    expect(erf(Infinity)).toBe(1)
    expect(erf(-Infinity)).toBe(-1)
    expect(erfc(Infinity)).toBe(0)
    expect(erfc(-Infinity)).toBe(2)
    expect(erf(NaN)).toBeNaN()
    expect(erfc(NaN)).toBeNaN()
  })

  it("is odd, erf + erfc = 1, and monotone (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -30, max: 30, noNaN: true }), (x) => {
        expect(erf(-x)).toBe(-erf(x))
        expect(Math.abs(erf(x) + erfc(x) - 1)).toBeLessThan(1e-15)
        expect(erf(x + 1e-3)).toBeGreaterThanOrEqual(erf(x))
      })
    )
  })
})

describe("normal distribution", () => {
  it.each(NORMAL)("Φ(%p) and the two-sided p match SciPy", (z, cdf, p) => {
    expectClose(normalCdf(z), cdf, 1e-13)
    expectClose(normalTwoSidedPValue(z), p, 1e-12)
  })

  it("z = 1.96 gives p ≈ 0.05 and z = 2.576 gives p ≈ 0.01", () => {
    expect(normalTwoSidedPValue(1.96)).toBeCloseTo(0.05, 4)
    expect(normalTwoSidedPValue(-2.576)).toBeCloseTo(0.01, 4)
  })

  it("is symmetric: Φ(-z) = 1 - Φ(z) (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), (z) => {
        expect(Math.abs(normalCdf(-z) - (1 - normalCdf(z)))).toBeLessThan(1e-15)
        const p = normalTwoSidedPValue(z)
        expect(p).toBeGreaterThanOrEqual(0)
        expect(p).toBeLessThanOrEqual(1)
      })
    )
  })
})

describe("logGamma", () => {
  it.each([
    [0.1, 2.252712651734206], [0.5, 0.5723649429247], [1, 0], [1.5, -0.12078223763524526], [2, 0],
    [3.7, 1.428072326665388], [10, 12.801827480081469], [100, 359.1342053695754],
    [1234.5, 7550.550901077894], [1e6, 12815504.569147611],
  ])("lnΓ(%p) matches SciPy", (x, expected) => {
    expectClose(logGamma(x), expected, 1e-13, 1e-14)
  })

  it("rejects non-positive arguments", () => {
    expect(logGamma(0)).toBe(Infinity)
    expect(logGamma(-1)).toBeNaN()
  })
})

describe("logBeta", () => {
  it.each([
    [1e4, 1e4, -13866.28325676141], [3.5, 2e5, -41.52030253189916] /* mpmath; SciPy's betaln is off by 6e-10 here */, [12, 0.5, -0.6596747231378598],
    [0.5, 0.5, 1.1447298858494], [5e6, 0.5, -7.140109267274488],
  ])("ln B(%p, %p) matches SciPy", (a, b, expected) => {
    expectClose(logBeta(a, b), expected, 1e-13)
    expectClose(logBeta(b, a), expected, 1e-13)
  })
})

describe("regularizedIncompleteBeta", () => {
  it.each([
    [0.3, 2, 3, 0.34829999999999994], [0.5, 0.5, 0.5, 0.5000000000000001], [0.9, 10, 0.5, 0.15164090963470994],
    [0.01, 5, 0.5, 2.4712578086395438e-11], [0.999, 200, 0.5, 0.5272441070252349], [0.2, 1, 1, 0.2],
    [0.7, 50, 60, 0.9999999530579958], [0.4, 1e4, 1e4, 7.2639106225363e-180],
  ])("I_%p(%p, %p) matches SciPy", (x, a, b, expected) => {
    expectClose(regularizedIncompleteBeta(x, a, b), expected, 1e-10)
  })

  it("is 0 at x = 0, 1 at x = 1, NaN outside the domain", () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0)
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1)
    expect(regularizedIncompleteBeta(1.5, 2, 3)).toBeNaN()
    expect(regularizedIncompleteBeta(0.5, 0, 3)).toBeNaN()
  })
})

describe("Student's t", () => {
  it.each(STUDENT)("t = %p, df = %p matches SciPy", (t, df, cdf, p) => {
    expectClose(studentTCdf(t, df), cdf, 1e-11)
    expectClose(studentTTwoSidedPValue(t, df), p, 1e-9)
  })

  it("matches the closed forms for df = 1, 2 and 3 (property)", () => {
    fc.assert(
      fc.property(fc.double({ min: -50, max: 50, noNaN: true }), (t) => {
        const cauchy = 0.5 + Math.atan(t) / Math.PI
        const df2 = 0.5 + t / (2 * Math.sqrt(2 + t * t))
        const u = t / Math.sqrt(3)
        const df3 = 0.5 + (u / (1 + u * u) + Math.atan(u)) / Math.PI
        expect(Math.abs(studentTCdf(t, 1) - cauchy)).toBeLessThan(1e-13)
        expect(Math.abs(studentTCdf(t, 2) - df2)).toBeLessThan(1e-13)
        expect(Math.abs(studentTCdf(t, 3) - df3)).toBeLessThan(1e-13)
      })
    )
  })

  it("approaches the normal for large df, and equals it at df = Infinity", () => {
    // mpmath (40 digits): p_t(1.96, df = 1e7) = 0.04999581802531419, 2.77288733e-8 above the normal
    expectClose(studentTTwoSidedPValue(1.96, 1e7), 0.04999581802531419, 1e-9)
    expect(Math.abs(studentTTwoSidedPValue(1.96, 1e7) - normalTwoSidedPValue(1.96) - 2.77288733e-8)).toBeLessThan(1e-10)
    expect(studentTTwoSidedPValue(1.96, Infinity)).toBe(normalTwoSidedPValue(1.96))
  })

  it("is monotone in t, p in [0, 1], symmetric (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: -100, max: 100, noNaN: true }),
        fc.double({ min: 0.5, max: 1e6, noNaN: true }),
        (t, df) => {
          const p = studentTTwoSidedPValue(t, df)
          expect(p).toBeGreaterThanOrEqual(0)
          expect(p).toBeLessThanOrEqual(1)
          expect(studentTTwoSidedPValue(-t, df)).toBe(p)
          expect(studentTCdf(t + 0.01, df)).toBeGreaterThanOrEqual(studentTCdf(t, df) - 1e-15)
          expect(Math.abs(studentTCdf(-t, df) - (1 - studentTCdf(t, df)))).toBeLessThan(1e-12)
        }
      )
    )
  })

  it("handles infinite t and invalid df", () => {
    expect(studentTTwoSidedPValue(Infinity, 5)).toBe(0)
    expect(studentTCdf(-Infinity, 5)).toBe(0)
    expect(studentTCdf(Infinity, 5)).toBe(1)
    expect(studentTTwoSidedPValue(1, 0)).toBeNaN()
  })
})
