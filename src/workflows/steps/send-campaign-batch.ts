import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { autoPauseReason, DEFAULT_RETRY_POLICY, formatFrom, type RetryPolicy, messageIdHeader, recipientContext, retryDelayMs, shouldRetry } from "../../lib/campaigns"
import { parseSmtpFailures, type SmtpFailure } from "../../lib/smtp-errors"
import { renderForRecipient } from "../../lib/templates"
import { fillTextLinks, fillTrackingPlaceholders } from "../../lib/tracking"
import { messageTrackingUrls } from "../../lib/tracking/urls"
import type { ClaimedMessage, MessageOutcome } from "../../modules/marketing/campaign-sql"
import { loadSendContent, type SendContent } from "../utils/send-content"
import { marketingService } from "./subscription-shared"

export type SendCampaignBatchInput = { campaign_id: string }

export type SendCampaignBatchOutput = {
  claimed: number
  sent: number
  failed: number
  retried: number
  /** messages a dead worker had already handed over: recorded as sent, not sent again */
  recovered: number
  /** the campaign was paused because too many messages failed */
  paused: boolean
}

const HARD_BOUNCE_CODES = new Set([550, 551, 553])

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** The Notification Module's rows for idempotency keys: key -> { id, status }. */
async function notificationStatuses(
  notifications: INotificationModuleService,
  keys: string[]
): Promise<Map<string, { id: string; status: string }>> {
  if (!keys.length) {
    return new Map()
  }
  const rows = await notifications.listNotifications(
    { idempotency_key: keys } as any,
    { select: ["id", "idempotency_key", "status"], take: keys.length }
  )
  return new Map(rows.map((n: any) => [n.idempotency_key as string, { id: n.id as string, status: n.status as string }]))
}

function render(m: ClaimedMessage, content: SendContent, channel: string, campaignId: string) {
  const variant = content.variants[m.variant ?? 0] ?? content.variants[0]
  const { context, headers } = recipientContext(m, content.shared, m.message_id)
  const urls = messageTrackingUrls({
    publicUrl: content.shared.publicUrl,
    trackingUrl: content.shared.trackingUrl,
    secret: content.shared.secret,
    messageId: m.message_id,
    sourceId: campaignId,
  })
  context.view_in_browser_url = urls.view
  const rendered = renderForRecipient(variant.compiled, context)
  const html = fillTrackingPlaceholders(rendered.html, urls)
  return {
    to: m.email,
    from: formatFrom(variant.from_name, variant.from_email),
    channel,
    content: { subject: rendered.subject, html, text: fillTextLinks(rendered.text, urls.click) },
    provider_data: {
      headers: { ...headers, "X-Marketing-Message": m.message_id },
      message_id: messageIdHeader(m.message_id, variant.from_email),
      reply_to: variant.reply_to || undefined,
    },
    trigger_type: "marketing.campaign",
    resource_type: "marketing_message",
    resource_id: m.message_id,
    receiver_id: m.id,
    idempotency_key: m.notification_key,
  }
}

/**
 * One batch of a campaign send, the unit every worker repeats:
 * 1. wait for the campaign's shared rate limiter (when it has a rate), then
 *    claim up to `send_batch_size` queued messages (SKIP LOCKED, leased);
 * 2. messages a dead worker had in flight: if the Notification Module has a
 *    "success" row for that attempt's key they are recorded as sent, else
 *    they go again (same Message-ID, new key);
 * 4. render each message from the campaign's frozen content and hand the
 *    batch to createNotifications (idempotency key per attempt);
 * 5. record outcomes in one statement: sent, retry later (transient, with
 *    backoff), or failed (permanent, or out of attempts; hard bounces are
 *    suppressed);
 * 6. pause the campaign when its error rate crosses the limit.
 * Nothing to undo: sent mail cannot be unsent, and a batch that dies midway
 * is taken again by another worker once its lease runs out.
 */
export const sendCampaignBatchStep = createStep(
  "marketing-send-campaign-batch",
  async (input: SendCampaignBatchInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const out: SendCampaignBatchOutput = { claimed: 0, sent: 0, failed: 0, retried: 0, recovered: 0, paused: false }

    // 1. the campaign's rate, shared by every worker: wait for a slot BEFORE
    // claiming, so a paused campaign is noticed by the claim and no worker
    // sleeps on leased messages
    const content = await loadSendContent(container, input.campaign_id)
    // at most one second's worth per batch, so a slow rate is sent smoothly
    const limit =
      content.send_rate > 0
        ? Math.max(1, Math.min(options.send_batch_size, Math.ceil(content.send_rate)))
        : options.send_batch_size
    if (content.send_rate > 0) {
      const startAt = await service.reserveCampaignRate(input.campaign_id, limit, content.send_rate)
      const wait = startAt.getTime() - Date.now()
      if (wait > 0) {
        await sleep(wait)
      }
    }
    const claim = () =>
      service.claimCampaignBatch({
        campaign_id: input.campaign_id,
        limit,
        lease_seconds: options.send_lease_seconds,
      })
    let claimed = await claim()
    // nothing queued: take back what dead workers were holding, then try once more
    if (!claimed.length && (await service.releaseExpiredMessageLeases(input.campaign_id)) > 0) {
      claimed = await claim()
    }
    out.claimed = claimed.length
    if (!claimed.length) {
      return new StepResponse(out)
    }
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    const outcomes: MessageOutcome[] = []

    // 2. attempts that may have gone out before their worker died
    const previous = await notificationStatuses(
      notifications,
      claimed.map((m) => m.previous_key).filter((k): k is string => !!k)
    )
    const toSend: ClaimedMessage[] = []
    for (const m of claimed) {
      if (m.previous_key && previous.get(m.previous_key)?.status === "success") {
        outcomes.push({ message_id: m.message_id, notification_key: m.notification_key, status: "sent" })
        out.recovered++
      } else {
        toSend.push(m)
      }
    }

    // 4. render and send
    const byKey = new Map<string, ClaimedMessage>()
    const entries: ReturnType<typeof render>[] = []
    for (const m of toSend) {
      try {
        entries.push(render(m, content, options.channel, input.campaign_id))
        byKey.set(m.notification_key, m)
      } catch (e) {
        // a template that renders for everyone but this contact: not worth retrying
        outcomes.push({
          message_id: m.message_id,
          notification_key: m.notification_key,
          status: "failed",
          error: `Render failed: ${(e as Error).message}`,
        })
      }
    }
    let failures: SmtpFailure[] = []
    let sendError: string | null = null
    if (entries.length) {
      try {
        await notifications.createNotifications(entries as any)
      } catch (e) {
        sendError = (e as Error).message
        failures = parseSmtpFailures(sendError)
      }
    }

    // 5. outcomes
    const hardBounces: { email: string; note: string }[] = []
    const policy = retryPolicy(options)
    if (entries.length) {
      const statuses = sendError ? await notificationStatuses(notifications, [...byKey.keys()]) : null
      const failureById = new Map(failures.map((f) => [f.notificationId, f]))
      for (const [key, m] of byKey) {
        const row = statuses?.get(key)
        if (!statuses || row?.status === "success") {
          outcomes.push({ message_id: m.message_id, notification_key: key, status: "sent" })
          continue
        }
        const failure = row ? failureById.get(row.id) : undefined
        const error = failure?.message ?? (sendError ?? "unknown error").split("\n").slice(0, 2).join(" ")
        if (failure?.kind === "permanent" || !shouldRetry(m.attempts, policy)) {
          outcomes.push({ message_id: m.message_id, notification_key: key, status: "failed", error })
          if (failure?.kind === "permanent" && failure.code && HARD_BOUNCE_CODES.has(failure.code)) {
            hardBounces.push({ email: m.email, note: error })
          }
        } else {
          outcomes.push({
            message_id: m.message_id,
            notification_key: key,
            status: "retry",
            error,
            retry_at: new Date(Date.now() + retryDelayMs(m.attempts, policy)),
          })
        }
      }
    }
    await service.recordMessageOutcomes(outcomes, hardBounces)
    for (const o of outcomes) {
      out[o.status === "retry" ? "retried" : o.status]++
    }

    // 6. too many failures: stop before the whole list is burnt
    if (out.failed > 0) {
      const progress = (await service.campaignProgress([input.campaign_id])).get(input.campaign_id)!
      const reason = autoPauseReason(
        { sent: progress.sent, failed: progress.failed },
        { maxErrorRate: options.auto_pause_error_rate, minSample: options.auto_pause_min_sample }
      )
      if (reason) {
        out.paused = await pauseForErrors(container, input.campaign_id, reason)
      }
    }
    return new StepResponse(out)
  }
)

function retryPolicy(options: { send_max_attempts: number; send_retry_base_seconds: number }): RetryPolicy {
  return { ...DEFAULT_RETRY_POLICY, maxAttempts: options.send_max_attempts, baseDelayMs: options.send_retry_base_seconds * 1000 }
}

async function pauseForErrors(container: MedusaContainer, campaignId: string, reason: string): Promise<boolean> {
  const service = marketingService(container)
  try {
    await service.transitionCampaign(campaignId, "pause", {
      actor: "system",
      reason,
      patch: { paused_at: new Date(), pause_reason: reason },
    })
  } catch {
    // another worker paused it first, or someone cancelled it
    return false
  }
  container.resolve<Logger>(ContainerRegistrationKeys.LOGGER).warn(`Campaign ${campaignId}: ${reason}`)
  return true
}
