import { TrackingWriter } from "../tracking-writer"
import type { TrackingHit } from "../tracking-sql"

const hit = (n: number): TrackingHit => ({
  kind: "open",
  message_id: `mmsg_${String(n).padStart(32, "0")}`,
  at: new Date(0),
  user_agent: null,
  ip: null,
  method: "GET",
})

const logger = () => ({ warn: jest.fn(), info: jest.fn(), error: jest.fn() }) as any

describe("TrackingWriter", () => {
  it("writes queued hits in batches of batchSize, in order", async () => {
    const writes: number[][] = []
    const w = new TrackingWriter(
      async (hits) => {
        writes.push(hits.map((h) => Number(h.message_id.slice(5))))
        return { recorded: hits.length, dropped: 0, bots: 0 }
      },
      logger(),
      { flushMs: 10_000, maxQueued: 100, batchSize: 3 }
    )
    for (let i = 0; i < 7; i++) w.push(hit(i))
    await w.flush()
    expect(writes).toEqual([[0, 1, 2], [3, 4, 5], [6]])
    expect(w.pending).toBe(0)
    expect(w.totals).toMatchObject({ queued: 7, recorded: 7 })
  })

  it("writes by itself after flushMs", async () => {
    const write = jest.fn(async (hits: TrackingHit[]) => ({ recorded: hits.length, dropped: 0, bots: 0 }))
    const w = new TrackingWriter(write, logger(), { flushMs: 20, maxQueued: 100 })
    w.push(hit(1))
    w.push(hit(2))
    expect(write).not.toHaveBeenCalled()
    await new Promise((r) => setTimeout(r, 80))
    expect(write).toHaveBeenCalledTimes(1)
    expect(write.mock.calls[0][0]).toHaveLength(2)
  })

  it("keeps the hits of a failed write for the next try and logs it", async () => {
    let fail = true
    const written: TrackingHit[] = []
    const log = logger()
    const w = new TrackingWriter(
      async (hits) => {
        if (fail) throw new Error("deadlock detected")
        written.push(...hits)
        return { recorded: hits.length, dropped: 0, bots: 0 }
      },
      log,
      { flushMs: 10_000, maxQueued: 100 }
    )
    w.push(hit(1))
    await w.flush()
    expect(w.pending).toBe(1)
    expect(w.totals.failed_writes).toBe(1)
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining("deadlock detected"))
    fail = false
    await w.flush()
    expect(written).toHaveLength(1)
    expect(w.pending).toBe(0)
  })

  it("refuses hits beyond maxQueued and says how many it did not count", async () => {
    const log = logger()
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    const w = new TrackingWriter(
      async (hits) => {
        await gate
        return { recorded: hits.length, dropped: 0, bots: 0 }
      },
      log,
      { flushMs: 10_000, maxQueued: 2 }
    )
    expect(w.push(hit(1))).toBe(true)
    expect(w.push(hit(2))).toBe(true)
    expect(w.push(hit(3))).toBe(false)
    release()
    await w.flush()
    expect(w.totals).toMatchObject({ recorded: 2, dropped_full: 1 })
    expect(log.warn).toHaveBeenCalledWith(expect.stringContaining("1 hits were not counted"))
  })
})
