import type { Logger } from "@medusajs/framework/types"
import type { HitsResult, TrackingHit } from "./tracking-sql"

/**
 * Open and click hits wait here, in the process that answered them, and are
 * written in batches: the pixel and the redirect answer without touching the
 * database, and one statement writes hundreds of hits. A batch is written
 * `flushMs` after its first hit, or at once when `batchSize` are waiting.
 * A failed write is retried with the next batch (the hits stay queued);
 * beyond `maxQueued` new hits are answered but not counted, and the drop is
 * logged. On shutdown the queue is flushed. What a crash can lose is at most
 * the last `flushMs` of hits of that process.
 */
export class TrackingWriter {
  private queue: TrackingHit[] = []
  private timer: NodeJS.Timeout | null = null
  private flushing: Promise<void> | null = null
  private dropped = 0
  /** the last write failed: wait a little before the next try */
  private failedLast = false
  readonly totals = { queued: 0, recorded: 0, bots: 0, dropped_unknown: 0, dropped_full: 0, failed_writes: 0 }

  constructor(
    private readonly write: (hits: TrackingHit[]) => Promise<HitsResult>,
    private readonly logger: Logger | undefined,
    private readonly opts: { flushMs: number; maxQueued: number; batchSize?: number }
  ) {}

  get pending(): number {
    return this.queue.length
  }

  push(hit: TrackingHit): boolean {
    if (this.queue.length >= this.opts.maxQueued) {
      this.dropped++
      this.totals.dropped_full++
      this.schedule(0)
      return false
    }
    this.queue.push(hit)
    this.totals.queued++
    if (this.queue.length >= (this.opts.batchSize ?? 1000)) {
      this.schedule(0)
    } else {
      this.schedule(this.opts.flushMs)
    }
    return true
  }

  private schedule(ms: number) {
    if (this.flushing) {
      return // the running flush re-schedules when it ends
    }
    if (this.timer && ms > 0) {
      return
    }
    if (this.timer) {
      clearTimeout(this.timer)
    }
    this.timer = setTimeout(() => {
      this.timer = null
      void this.flush()
    }, ms)
    this.timer.unref?.()
  }

  /** Write everything queued now (tests, benchmarks, shutdown). */
  async flush(): Promise<void> {
    if (this.flushing) {
      await this.flushing
    }
    while (this.queue.length) {
      const batch = this.queue.splice(0, this.opts.batchSize ?? 1000)
      this.flushing = this.writeBatch(batch)
      try {
        await this.flushing
      } finally {
        this.flushing = null
      }
      if (this.failedLast) {
        break
      }
    }
    if (this.dropped) {
      this.logger?.warn(`Tracking: ${this.dropped} hits were not counted because ${this.opts.maxQueued} were already waiting to be written`)
      this.dropped = 0
    }
    if (this.queue.length) {
      this.schedule(this.failedLast ? Math.max(1000, this.opts.flushMs) : 0)
    }
  }

  private async writeBatch(batch: TrackingHit[]) {
    try {
      const r = await this.write(batch)
      this.failedLast = false
      this.totals.recorded += r.recorded
      this.totals.bots += r.bots
      this.totals.dropped_unknown += r.dropped
    } catch (e) {
      // keep the hits for the next try (a deadlock or a blip), newest last
      this.failedLast = true
      this.totals.failed_writes++
      this.queue.unshift(...batch)
      this.logger?.warn(`Tracking: writing ${batch.length} hits failed, retrying: ${(e as Error).message}`)
    }
  }
}
