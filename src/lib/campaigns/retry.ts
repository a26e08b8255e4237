/**
 * Retry schedule for transient delivery failures: exponential backoff with
 * full jitter, capped. Attempt 1 is the first send; after a transient failure
 * of attempt n the message waits `retryDelayMs(n)` before attempt n + 1.
 */
export type RetryPolicy = {
  /** the most attempts a message gets, the first included */
  maxAttempts: number
  /** delay after the first failure, before jitter */
  baseDelayMs: number
  /** no delay is longer than this */
  maxDelayMs: number
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 30_000,
  maxDelayMs: 30 * 60_000,
}

/**
 * Milliseconds to wait after the `attempt`-th attempt failed. `random` is a
 * number in [0, 1); the delay is in [half, full] of the exponential step so
 * retries from one outage spread out instead of arriving together.
 */
export function retryDelayMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random = Math.random()): number {
  const n = Math.max(1, Math.floor(attempt))
  const step = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1))
  const r = Math.min(Math.max(random, 0), 0.999999)
  return Math.round(step / 2 + (step / 2) * r)
}

/** Whether a message whose `attempt`-th attempt failed transiently gets another try. */
export function shouldRetry(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY): boolean {
  return attempt < policy.maxAttempts
}

export type AutoPausePolicy = {
  /** failed / (sent + failed) above this pauses the campaign */
  maxErrorRate: number
  /** ...once at least this many messages have an outcome */
  minSample: number
}

export const DEFAULT_AUTO_PAUSE: AutoPausePolicy = { maxErrorRate: 0.1, minSample: 100 }

/** The reason to pause a campaign for its failures, or null while it is healthy. */
export function autoPauseReason(
  counts: { sent: number; failed: number },
  policy: AutoPausePolicy = DEFAULT_AUTO_PAUSE
): string | null {
  const done = counts.sent + counts.failed
  if (done < policy.minSample || done === 0) {
    return null
  }
  const rate = counts.failed / done
  if (rate <= policy.maxErrorRate) {
    return null
  }
  const pct = (x: number) => `${(x * 100).toFixed(1).replace(/\.0$/, "")}%`
  return (
    `Paused automatically: ${counts.failed} of ${done} messages failed (${pct(rate)}, ` +
    `above the ${pct(policy.maxErrorRate)} limit). Check the sending provider, then resume.`
  )
}

export type ComplaintPolicy = { maxComplaintRate: number; minSample: number }

/** Mailbox providers start filtering a sender above ~0.3% complaints. */
export const DEFAULT_COMPLAINT_POLICY: ComplaintPolicy = { maxComplaintRate: 0.003, minSample: 500 }

/**
 * Why a campaign must pause for spam complaints, or null. The base is the
 * delivered count when the ESP reports deliveries, else the sent count; the
 * rule waits for `minSample` so the first complaint of a small send does not
 * stop it.
 */
export function complaintPauseReason(
  counts: { complaints: number; delivered: number; sent: number },
  policy: ComplaintPolicy = DEFAULT_COMPLAINT_POLICY
): string | null {
  const base = counts.delivered > 0 ? counts.delivered : counts.sent
  if (base === 0 || base < policy.minSample) {
    return null
  }
  const rate = counts.complaints / base
  if (rate <= policy.maxComplaintRate) {
    return null
  }
  const pct = (x: number) => `${(x * 100).toFixed(2).replace(/\.?0+$/, "")}%`
  return (
    `Paused automatically: ${counts.complaints} spam complaints from ${base} ${counts.delivered > 0 ? "delivered" : "sent"} ` +
    `messages (${pct(rate)}, above the ${pct(policy.maxComplaintRate)} limit). Review the audience and content before resuming.`
  )
}
