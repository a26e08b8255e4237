import { hashSeed, mulberry32, prng, Prng } from "../prng"

describe("mulberry32", () => {
  it("matches the reference implementation", () => {
    const next = mulberry32(1)
    expect([next(), next(), next()]).toEqual([
      0.6270739405881613, 0.002735721180215478, 0.5274470399599522,
    ])
    const other = mulberry32(0xdeadbeef)
    expect([other(), other()]).toEqual([0.9413696140982211, 0.26719574979506433])
  })
})

describe("hashSeed", () => {
  it("is stable and spreads labels", () => {
    expect(hashSeed("orders")).toBe(hashSeed("orders"))
    expect(hashSeed("orders")).not.toBe(hashSeed("carts"))
    expect(hashSeed("")).toBe(0x811c9dc5)
  })
})

describe("Prng", () => {
  it("repeats the same sequence for the same seed, numeric or string", () => {
    const a = prng(42)
    const b = new Prng(42)
    expect(Array.from({ length: 20 }, () => a.next())).toEqual(
      Array.from({ length: 20 }, () => b.next())
    )
    const s1 = prng("demo")
    const s2 = prng("demo")
    expect(s1.int(0, 1_000_000)).toBe(s2.int(0, 1_000_000))
    expect(prng("demo").seed).toBe(hashSeed("demo"))
  })

  it("gives different sequences for different seeds", () => {
    expect(prng(1).next()).not.toBe(prng(2).next())
  })

  it("forks streams that do not depend on how far the parent got", () => {
    const a = prng(7)
    const b = prng(7)
    b.next()
    b.next()
    expect(a.fork("x").next()).toBe(b.fork("x").next())
    expect(a.fork("x").next()).not.toBe(a.fork("y").next())
  })

  it("int stays within both inclusive bounds and reaches them", () => {
    const r = prng(3)
    const values = Array.from({ length: 2_000 }, () => r.int(-2, 2))
    expect(values.every(Number.isInteger)).toBe(true)
    expect([...new Set(values)].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2])
    expect(r.int(5, 5)).toBe(5)
    expect(() => r.int(3, 2)).toThrow(RangeError)
    expect(() => r.int(0, Infinity)).toThrow(RangeError)
  })

  it("float stays in [min, max)", () => {
    const r = prng(4)
    const values = Array.from({ length: 1_000 }, () => r.float(10, 20))
    expect(Math.min(...values)).toBeGreaterThanOrEqual(10)
    expect(Math.max(...values)).toBeLessThan(20)
  })

  it("pick returns items of the list and rejects an empty list", () => {
    const r = prng(5)
    const items = ["a", "b", "c"]
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 }
    for (let i = 0; i < 3_000; i++) {
      counts[r.pick(items)]++
    }
    for (const k of items) {
      expect(counts[k]).toBeGreaterThan(850)
      expect(counts[k]).toBeLessThan(1_150)
    }
    expect(() => r.pick([])).toThrow(RangeError)
  })

  it("weighted follows the weights and never picks a zero weight", () => {
    const r = prng(6)
    const counts = { rare: 0, common: 0, never: 0 }
    const entries = [
      ["rare", 1],
      ["common", 9],
      ["never", 0],
    ] as const
    for (let i = 0; i < 10_000; i++) {
      counts[r.weighted(entries)]++
    }
    expect(counts.never).toBe(0)
    expect(counts.rare / 10_000).toBeGreaterThan(0.08)
    expect(counts.rare / 10_000).toBeLessThan(0.12)
    expect(() => r.weighted([["x", 0]])).toThrow(RangeError)
    expect(() => r.weighted([["x", -1]])).toThrow(RangeError)
    expect(() => r.weighted([])).toThrow(RangeError)
  })

  it("normal has roughly the requested mean and deviation", () => {
    const r = prng(8)
    const n = 20_000
    const xs = Array.from({ length: n }, () => r.normal(100, 15))
    const mean = xs.reduce((s, x) => s + x, 0) / n
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n)
    expect(mean).toBeGreaterThan(99)
    expect(mean).toBeLessThan(101)
    expect(sd).toBeGreaterThan(14)
    expect(sd).toBeLessThan(16)
    expect(xs.every(Number.isFinite)).toBe(true)
  })

  it("exponential is positive with roughly the requested mean", () => {
    const r = prng(9)
    const n = 20_000
    const xs = Array.from({ length: n }, () => r.exponential(30))
    expect(xs.every((x) => x >= 0)).toBe(true)
    const mean = xs.reduce((s, x) => s + x, 0) / n
    expect(mean).toBeGreaterThan(28)
    expect(mean).toBeLessThan(32)
  })

  it("chance respects its probability and the edges", () => {
    const r = prng(10)
    expect(Array.from({ length: 100 }, () => r.chance(0)).some(Boolean)).toBe(false)
    expect(Array.from({ length: 100 }, () => r.chance(1)).every(Boolean)).toBe(true)
    const hits = Array.from({ length: 10_000 }, () => r.chance(0.25)).filter(Boolean).length
    expect(hits).toBeGreaterThan(2_300)
    expect(hits).toBeLessThan(2_700)
  })

  it("shuffle and sample keep the items and leave the input alone", () => {
    const r = prng(11)
    const items = Array.from({ length: 50 }, (_, i) => i)
    const shuffled = r.shuffle(items)
    expect(items).toEqual(Array.from({ length: 50 }, (_, i) => i))
    expect([...shuffled].sort((a, b) => a - b)).toEqual(items)
    expect(shuffled).not.toEqual(items)
    const sample = r.sample(items, 5)
    expect(sample).toHaveLength(5)
    expect(new Set(sample).size).toBe(5)
    expect(r.sample(items, 100)).toHaveLength(50)
    expect(r.sample(items, -1)).toHaveLength(0)
  })
})
