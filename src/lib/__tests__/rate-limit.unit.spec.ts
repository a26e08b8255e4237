import { FixedWindowLimiter } from "../rate-limit"

describe("FixedWindowLimiter", () => {
  const T0 = 1_000_000

  it("allows up to the limit within a window, then refuses", () => {
    const l = new FixedWindowLimiter(3, 60_000)
    expect(l.hit("ip:1", T0).allowed).toBe(true)
    expect(l.hit("ip:1", T0 + 1).allowed).toBe(true)
    expect(l.hit("ip:1", T0 + 2).allowed).toBe(true)
    expect(l.hit("ip:1", T0 + 3)).toEqual({ allowed: false, retryAfterMs: 60_000 - 3 })
  })

  it("says how long until the window resets", () => {
    const l = new FixedWindowLimiter(1, 10_000)
    l.hit("k", T0)
    expect(l.hit("k", T0 + 2_500)).toEqual({ allowed: false, retryAfterMs: 7_500 })
    expect(l.hit("k", T0 + 9_999)).toEqual({ allowed: false, retryAfterMs: 1 })
  })

  it("starts a fresh window once the old one is over", () => {
    const l = new FixedWindowLimiter(1, 10_000)
    expect(l.hit("k", T0).allowed).toBe(true)
    expect(l.hit("k", T0 + 5_000).allowed).toBe(false)
    expect(l.hit("k", T0 + 10_000).allowed).toBe(true)
    expect(l.hit("k", T0 + 10_001).allowed).toBe(false)
  })

  it("keeps keys apart", () => {
    const l = new FixedWindowLimiter(1, 10_000)
    expect(l.hit("ip:1", T0).allowed).toBe(true)
    expect(l.hit("ip:2", T0).allowed).toBe(true)
    expect(l.hit("email:a@b.co", T0).allowed).toBe(true)
    expect(l.hit("ip:1", T0).allowed).toBe(false)
  })

  it("keeps refusing while the window lasts, however often it is hit", () => {
    const l = new FixedWindowLimiter(2, 10_000)
    for (let i = 0; i < 2; i++) {
      l.hit("k", T0)
    }
    for (let i = 0; i < 100; i++) {
      expect(l.hit("k", T0 + i).allowed).toBe(false)
    }
  })

  it("bounds its memory: expired windows are swept when the key table is full", () => {
    const l = new FixedWindowLimiter(1, 1_000, 10)
    for (let i = 0; i < 10; i++) {
      l.hit(`old:${i}`, T0)
    }
    // all ten are expired by now: a new key sweeps them
    expect(l.hit("new", T0 + 5_000).allowed).toBe(true)
    expect((l as any).windows.size).toBe(1)
  })

  it("bounds its memory even when every window is live", () => {
    const l = new FixedWindowLimiter(1, 60_000, 10)
    for (let i = 0; i < 100; i++) {
      l.hit(`k:${i}`, T0 + i)
      expect((l as any).windows.size).toBeLessThanOrEqual(10)
    }
    // the newest keys are still limited
    expect(l.hit("k:99", T0 + 200).allowed).toBe(false)
  })
})
