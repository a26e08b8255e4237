/**
 * A tiny seeded pseudo-random generator (mulberry32) with the helpers a data
 * generator needs. Same seed, same sequence, on every machine: seeds, demo
 * data and benchmarks are reproducible. Not for anything secret.
 */

/** 32-bit FNV-1a hash of a string: turns labels into seeds. */
export function hashSeed(input: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < input.length; i++) {
    h ^= input.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** The raw generator: a function returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export type Weighted<T> = readonly (readonly [T, number])[]

export class Prng {
  readonly seed: number
  private readonly next_: () => number

  constructor(seed: number | string) {
    this.seed = typeof seed === "string" ? hashSeed(seed) : seed >>> 0
    this.next_ = mulberry32(this.seed)
  }

  /**
   * An independent stream derived from this seed and a label. Streams do not
   * depend on how much of the parent was consumed, so one part of a generator
   * can change without reshuffling every other part.
   */
  fork(label: string): Prng {
    return new Prng(hashSeed(`${this.seed}:${label}`))
  }

  /** Float in [0, 1). */
  next(): number {
    return this.next_()
  }

  /** Float in [min, max). */
  float(min: number, max: number): number {
    return min + (max - min) * this.next_()
  }

  /** Integer in [min, max], both ends included. */
  int(min: number, max: number): number {
    if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) {
      throw new RangeError(`int(${min}, ${max}): max must be a finite number >= min`)
    }
    const lo = Math.ceil(min)
    const hi = Math.floor(max)
    return lo + Math.floor(this.next_() * (hi - lo + 1))
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next_() < p
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (!items.length) {
      throw new RangeError("pick() needs at least one item")
    }
    return items[Math.floor(this.next_() * items.length)]
  }

  /** One value, with probability proportional to its (non-negative) weight. */
  weighted<T>(entries: Weighted<T>): T {
    let total = 0
    for (const [, w] of entries) {
      if (!(w >= 0)) {
        throw new RangeError(`weighted() weights must be >= 0, got ${w}`)
      }
      total += w
    }
    if (!(total > 0)) {
      throw new RangeError("weighted() needs at least one positive weight")
    }
    let r = this.next_() * total
    for (const [value, w] of entries) {
      if (r < w) {
        return value
      }
      r -= w
    }
    // floating point leftovers: the last positive entry
    for (let i = entries.length - 1; i >= 0; i--) {
      if (entries[i][1] > 0) {
        return entries[i][0]
      }
    }
    /* istanbul ignore next: unreachable, total > 0 */
    return entries[entries.length - 1][0]
  }

  /** Normally distributed value (Box-Muller). */
  normal(mean = 0, stdDev = 1): number {
    let u = 0
    while (u === 0) {
      u = this.next_()
    }
    const v = this.next_()
    return mean + stdDev * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
  }

  /** Exponentially distributed value with the given mean. */
  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next_())
  }

  /** A new array with the same items in random order (Fisher-Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice()
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next_() * (i + 1))
      const tmp = out[i]
      out[i] = out[j]
      out[j] = tmp
    }
    return out
  }

  /** `count` distinct items (all of them when count >= length). */
  sample<T>(items: readonly T[], count: number): T[] {
    return this.shuffle(items).slice(0, Math.max(0, count))
  }
}

/** Shorthand: `prng(42)` or `prng("demo-store")`. */
export function prng(seed: number | string): Prng {
  return new Prng(seed)
}
