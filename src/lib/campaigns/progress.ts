/**
 * A send's progress as a marketer reads it: counts, the share done, the
 * current rate and an ETA. Pure arithmetic over counts and two samples.
 */
export type SendCounts = {
  /** audience rows in the snapshot (skipped included) */
  total: number
  held: number
  queued: number
  sending: number
  sent: number
  failed: number
  skipped: number
  cancelled: number
}

export type SendProgress = SendCounts & {
  /** messages that will still go out (queued + sending + held) */
  remaining: number
  /** 0-100: share of sendable messages that have an outcome */
  percent: number
  /** messages per second over the measured window, null before there is one */
  rate_per_s: number | null
  /** seconds to go at that rate, null when unknown */
  eta_s: number | null
}

export const EMPTY_COUNTS: SendCounts = {
  total: 0,
  held: 0,
  queued: 0,
  sending: 0,
  sent: 0,
  failed: 0,
  skipped: 0,
  cancelled: 0,
}

/** Counts from `status -> n` rows (unknown statuses are ignored). */
export function countsFromRows(rows: { status: string; n: number | string }[]): SendCounts {
  const counts = { ...EMPTY_COUNTS }
  for (const r of rows) {
    if (r.status in counts && r.status !== "total") {
      ;(counts as Record<string, number>)[r.status] = Number(r.n)
    }
  }
  counts.total =
    counts.held + counts.queued + counts.sending + counts.sent + counts.failed + counts.skipped + counts.cancelled
  return counts
}

/**
 * Progress from the counts and the rate window: `sentInWindow` messages got an
 * outcome in the last `windowSeconds`.
 */
export function sendProgress(
  counts: SendCounts,
  window: { sentInWindow: number; windowSeconds: number } | null = null
): SendProgress {
  const remaining = counts.queued + counts.sending + counts.held
  const done = counts.sent + counts.failed
  const sendable = done + remaining
  const percent = sendable === 0 ? 100 : Math.floor((done / sendable) * 1000) / 10
  const rate =
    window && window.windowSeconds > 0 && window.sentInWindow > 0 ? window.sentInWindow / window.windowSeconds : null
  const eta = rate && remaining > 0 ? Math.ceil(remaining / rate) : remaining === 0 ? 0 : null
  return {
    ...counts,
    remaining,
    percent,
    rate_per_s: rate === null ? null : Math.round(rate * 10) / 10,
    eta_s: eta,
  }
}
