/**
 * Fixed-window counters kept in memory, one per key ("ip:1.2.3.4",
 * "email:a@b.c"). Good for one process; behind several API instances each
 * keeps its own window, so the effective limit is limit x instances.
 */
export class FixedWindowLimiter {
  private windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys = 100_000
  ) {}

  hit(key: string, now: number = Date.now()): { allowed: boolean; retryAfterMs: number } {
    let w = this.windows.get(key)
    if (!w || now - w.start >= this.windowMs) {
      if (!w && this.windows.size >= this.maxKeys) {
        this.sweep(now)
      }
      w = { start: now, count: 0 }
      this.windows.set(key, w)
    }
    w.count++
    if (w.count > this.limit) {
      return { allowed: false, retryAfterMs: w.start + this.windowMs - now }
    }
    return { allowed: true, retryAfterMs: 0 }
  }

  private sweep(now: number) {
    for (const [k, w] of this.windows) {
      if (now - w.start >= this.windowMs) {
        this.windows.delete(k)
      }
    }
    // still full of live windows: drop the oldest half rather than grow forever
    if (this.windows.size >= this.maxKeys) {
      const keys = [...this.windows.keys()].slice(0, Math.floor(this.maxKeys / 2))
      keys.forEach((k) => this.windows.delete(k))
    }
  }
}
