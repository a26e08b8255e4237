import { MedusaError } from "@medusajs/framework/utils"
import type { TrackedLink } from "../../lib/tracking"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { MedusaContainer } from "@medusajs/framework/types"
import { isCampaignEditable, DELETABLE_STATUSES, type CampaignAction, type CampaignStatus } from "../../lib/campaigns"
import { AbTestInputError, pickWinner, WINNER_METRICS, type WinnerMetric } from "../../lib/ab-test"
import { formatFrom, RECIPIENT_COLUMNS, recipientContext, type RecipientRow } from "../../lib/campaigns"
import { renderForRecipient, SAMPLE_RENDER_CONTEXT } from "../../lib/templates"
import { prepareCampaignContent, type CampaignForContent, type ContentProblem } from "../utils/send-content"
import { marketingService } from "./subscription-shared"

export type CampaignAbTestInput = {
  variants: { subject?: string; preheader?: string; from_name?: string; template_id?: string }[]
  test_fraction?: number
  metric?: WinnerMetric
  wait_hours?: number
  auto_pick?: boolean
}

export type CampaignInput = {
  name: string
  subject?: string
  preheader?: string | null
  from_name?: string | null
  from_email?: string | null
  reply_to?: string | null
  template_id?: string | null
  topic_id?: string | null
  include_segment_ids?: string[]
  exclude_segment_ids?: string[]
  frequency_cap_hours?: number | null
  send_rate?: number | null
  ab_test?: CampaignAbTestInput | null
}

export type CampaignUpdateInput = Partial<CampaignInput> & { id: string }

const CAMPAIGN_FIELDS = [
  "id",
  "name",
  "status",
  "subject",
  "preheader",
  "from_name",
  "from_email",
  "reply_to",
  "template_id",
  "topic_id",
  "include_segment_ids",
  "exclude_segment_ids",
  "frequency_cap_hours",
  "send_rate",
  "ab_test",
  "scheduled_at",
  "winner_variant",
] as const

function withAbDefaults(ab: CampaignAbTestInput | null | undefined) {
  if (!ab) {
    return ab
  }
  return {
    variants: ab.variants,
    test_fraction: ab.test_fraction ?? 0.2,
    metric: ab.metric ?? "open_rate",
    wait_hours: ab.wait_hours ?? 4,
    auto_pick: ab.auto_pick ?? true,
  }
}

/** Segments, template(s) and topic a campaign names must exist. */
async function assertReferences(container: MedusaContainer, input: Partial<CampaignInput>) {
  const service = marketingService(container)
  const segmentIds = [...new Set([...(input.include_segment_ids ?? []), ...(input.exclude_segment_ids ?? [])])]
  if (segmentIds.length) {
    const found = new Set((await service.listSegments({ id: segmentIds }, { select: ["id"] })).map((s) => s.id))
    const missing = segmentIds.filter((id) => !found.has(id))
    if (missing.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Segment(s) not found: ${missing.join(", ")}`)
    }
  }
  const templateIds = [
    ...new Set([input.template_id, ...(input.ab_test?.variants ?? []).map((v) => v.template_id)].filter(Boolean)),
  ] as string[]
  if (templateIds.length) {
    const found = new Set((await service.listTemplates({ id: templateIds }, { select: ["id"] })).map((t) => t.id))
    const missing = templateIds.filter((id) => !found.has(id))
    if (missing.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Template(s) not found: ${missing.join(", ")}`)
    }
  }
  if (input.topic_id) {
    const [topic] = await service.listTopics({ id: input.topic_id }, { select: ["id"] })
    if (!topic) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Topic ${input.topic_id} was not found`)
    }
  }
}

export const createCampaignStep = createStep(
  "marketing-create-campaign",
  async (input: CampaignInput, { container }) => {
    await assertReferences(container, input)
    const service = marketingService(container)
    const campaign = await service.createMarketingCampaigns({
      ...input,
      ab_test: withAbDefaults(input.ab_test) as any,
    } as any)
    return new StepResponse(campaign, campaign.id)
  },
  async (id, { container }) => {
    if (id) {
      await marketingService(container).deleteMarketingCampaigns([id])
    }
  }
)

export const updateCampaignStep = createStep(
  "marketing-update-campaign",
  async (input: CampaignUpdateInput, { container }) => {
    const service = marketingService(container)
    const before = await service.retrieveMarketingCampaign(input.id, { select: [...CAMPAIGN_FIELDS] })
    if (!isCampaignEditable(before.status as CampaignStatus)) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Campaign ${input.id} is ${before.status}; only draft and scheduled campaigns can be edited` +
          (before.status === "sending" ? " (pause or cancel it first)" : "")
      )
    }
    await assertReferences(container, input)
    const patch: Record<string, unknown> = { ...input }
    if (input.ab_test !== undefined) {
      patch.ab_test = withAbDefaults(input.ab_test)
    }
    const campaign = await service.updateMarketingCampaigns(patch as any)
    const previous = Object.fromEntries(Object.keys(patch).map((k) => [k, (before as any)[k]]))
    return new StepResponse(campaign, { id: input.id, ...previous })
  },
  async (previous, { container }) => {
    if (previous) {
      await marketingService(container).updateMarketingCampaigns(previous as any)
    }
  }
)

export const deleteCampaignsStep = createStep(
  "marketing-delete-campaigns",
  async (ids: string[], { container }) => {
    const service = marketingService(container)
    const campaigns = await service.listMarketingCampaigns({ id: ids }, { select: ["id", "status", "name"] })
    const busy = campaigns.filter((c) => !DELETABLE_STATUSES.includes(c.status as CampaignStatus))
    if (busy.length) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Campaign ${busy[0].id} ("${busy[0].name}") is ${busy[0].status}; cancel it before deleting it`
      )
    }
    if (campaigns.length !== new Set(ids).size) {
      const found = new Set(campaigns.map((c) => c.id))
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${ids.find((id) => !found.has(id))} was not found`)
    }
    await service.softDeleteMarketingCampaigns(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (ids?.length) {
      await marketingService(container).restoreMarketingCampaigns(ids)
    }
  }
)

export type PrepareSendInput = { id: string; scheduled_at?: string | Date | null; now?: Date }

export type PreparedSend = {
  id: string
  /** schedule for later, or start now */
  mode: "schedule" | "start"
  scheduled_at: Date | null
  /** A/B: when the winner is picked */
  winner_due_at: Date | null
  content: unknown
  include_segment_ids: string[]
  exclude_segment_ids: string[]
  frequency_cap_hours: number
  /** how many send lanes to request */
  lanes: number
}

function problemsMessage(campaignId: string, errors: ContentProblem[]): string {
  const lines = errors.slice(0, 10).map((e) => `- ${e.path ? `${e.path}: ` : ""}${e.message}`)
  return `Campaign ${campaignId} cannot be sent yet:\n${lines.join("\n")}`
}

/**
 * Everything a send needs checked before anything changes: the campaign can
 * be sent from its status, it has an audience, the time is not in the past,
 * and every variant's template compiles and passes the compliance lint (the
 * compiled content is returned to be frozen on start).
 */
export const prepareCampaignSendStep = createStep(
  "marketing-prepare-campaign-send",
  async (input: PrepareSendInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const now = input.now ?? new Date()
    const campaign = await service.retrieveMarketingCampaign(input.id, { select: [...CAMPAIGN_FIELDS] })
    if (campaign.status !== "draft" && campaign.status !== "scheduled") {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Campaign ${input.id} is ${campaign.status}; ` +
          (campaign.status === "sending" ? "it is already sending" : campaign.status === "paused" ? "resume it instead" : "it cannot be sent again")
      )
    }
    const scheduledAt = input.scheduled_at ? new Date(input.scheduled_at) : null
    if (scheduledAt && Number.isNaN(scheduledAt.getTime())) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `scheduled_at is not a date`)
    }
    // a minute of grace for clocks and slow clicks
    if (scheduledAt && scheduledAt.getTime() < now.getTime() - 60_000) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `scheduled_at ${scheduledAt.toISOString()} is in the past; pick a later time or send now`
      )
    }
    const include = (campaign.include_segment_ids as string[]) ?? []
    if (!include.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Campaign ${input.id} has no audience: include at least one segment`)
    }
    const { content, errors } = await prepareCampaignContent(container, campaign as unknown as CampaignForContent)
    if (errors.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, problemsMessage(input.id, errors))
    }
    const mode = scheduledAt && scheduledAt.getTime() > now.getTime() ? "schedule" : "start"
    const ab = campaign.ab_test as { wait_hours?: number; variants?: unknown[] } | null
    const prepared: PreparedSend = {
      id: campaign.id,
      mode,
      scheduled_at: mode === "schedule" ? scheduledAt : null,
      winner_due_at: ab?.variants?.length ? new Date(now.getTime() + (ab.wait_hours ?? 4) * 3_600_000) : null,
      content,
      include_segment_ids: include,
      exclude_segment_ids: (campaign.exclude_segment_ids as string[]) ?? [],
      frequency_cap_hours: campaign.frequency_cap_hours ?? options.frequency_cap_hours,
      lanes: Math.max(1, options.send_concurrency),
    }
    return new StepResponse(prepared)
  }
)

export type TransitionInput = {
  id: string
  action: CampaignAction
  actor?: string | null
  reason?: string | null
  patch?: Record<string, unknown>
}

/** Move a campaign to its next status (checked and recorded); undo puts the old status back. */
export const transitionCampaignStep = createStep(
  "marketing-transition-campaign",
  async (input: TransitionInput, { container }) => {
    const service = marketingService(container)
    const keys = Object.keys(input.patch ?? {})
    const before = keys.length
      ? await service.retrieveMarketingCampaign(input.id, { select: ["id", ...keys] as any })
      : { id: input.id }
    const { from, to } = await service.transitionCampaign(input.id, input.action, input)
    const previous = Object.fromEntries(keys.map((k) => [k, (before as any)[k] ?? null]))
    return new StepResponse({ id: input.id, from, to }, { id: input.id, status: from, ...previous })
  },
  async (undo, { container }) => {
    if (undo) {
      await marketingService(container).updateMarketingCampaigns(undo as any)
    }
  }
)

/**
 * Bring the audience's dynamic segments up to date so the snapshot is who
 * matches now, not at the last hourly refresh. Refreshing is idempotent:
 * nothing to undo.
 */
export const refreshAudienceSegmentsStep = createStep(
  "marketing-refresh-audience-segments",
  async (input: { segment_ids: string[] }, { container }) => {
    const service = marketingService(container)
    const order = await service.listSegmentsInRefreshOrder()
    const wanted = new Set(input.segment_ids)
    const refreshed: string[] = []
    for (const id of order.filter((id) => wanted.has(id))) {
      await service.refreshSegmentMembers(id)
      refreshed.push(id)
    }
    return new StepResponse(refreshed)
  }
)

/** Write the audience into the send ledger; undo removes this campaign's ledger rows. */
export const snapshotCampaignStep = createStep(
  "marketing-snapshot-campaign",
  async (input: { id: string; frequency_cap_hours: number }, { container }) => {
    const service = marketingService(container)
    const result = await service.snapshotCampaignAudience(input.id, { frequency_cap_hours: input.frequency_cap_hours })
    return new StepResponse(result, input.id)
  },
  async (id, { container }) => {
    if (id) {
      const service = marketingService(container)
      const messages = await service.listMessages({ campaign_id: id }, { select: ["id"], take: null as any })
      if (messages.length) {
        await service.deleteMessages(messages.map((m) => m.id))
      }
    }
  }
)

/** Cancel every unsent message of a campaign (after it was cancelled). */
export const cancelUnsentMessagesStep = createStep(
  "marketing-cancel-unsent-messages",
  async (input: { id: string }, { container }) => {
    const n = await marketingService(container).cancelUnsentMessages(input.id)
    return new StepResponse(n)
  }
)

export type PickWinnerInput = { id: string; variant?: number | null; actor?: string | null }

/**
 * Choose the A/B test's winner and queue the remainder with it. With no
 * variant given (the scheduled pick), the leader by the test's metric wins,
 * with its confidence recorded. Undo holds the remainder again.
 */
export const pickCampaignWinnerStep = createStep(
  "marketing-pick-campaign-winner",
  async (input: PickWinnerInput, { container }) => {
    const service = marketingService(container)
    const campaign = await service.retrieveMarketingCampaign(input.id, {
      select: ["id", "status", "ab_test", "winner_variant"],
    })
    const ab = campaign.ab_test as { variants?: unknown[]; metric?: WinnerMetric } | null
    if (!ab?.variants?.length) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Campaign ${input.id} has no A/B test`)
    }
    if (campaign.winner_variant !== null && campaign.winner_variant !== undefined) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Campaign ${input.id} already has a winner (variant ${campaign.winner_variant + 1})`
      )
    }
    if (campaign.status !== "sending" && campaign.status !== "paused") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Campaign ${input.id} is ${campaign.status}; a winner is picked while it sends`)
    }
    const count = ab.variants.length
    if (input.variant !== undefined && input.variant !== null && (input.variant < 0 || input.variant >= count)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `variant must be between 0 and ${count - 1}`)
    }
    const metric = WINNER_METRICS.includes(ab.metric as WinnerMetric) ? (ab.metric as WinnerMetric) : "open_rate"
    const stats = await service.campaignVariantCounts(input.id)
    const byVariant = new Map(stats.map((s) => [s.variant, s]))
    // human opens and clicks (machine opens and scanner clicks left out) and
    // attributed revenue per recipient, from tracking and attribution
    let decision: Record<string, unknown>
    try {
      decision = { ...pickWinner({
        metric,
        variants: Array.from({ length: count }, (_, i) => ({
          id: String(i),
          recipients: byVariant.get(i)?.sent ?? 0,
          opens: byVariant.get(i)?.opens ?? 0,
          clicks: byVariant.get(i)?.clicks ?? 0,
          revenue_sum: byVariant.get(i)?.revenue_sum ?? 0,
          revenue_sum_sq: byVariant.get(i)?.revenue_sum_sq ?? 0,
        })),
      }) }
    } catch (e) {
      if (!(e instanceof AbTestInputError)) {
        throw e
      }
      decision = { metric, winner_id: "0", decided: false, confidence: 0, reason: e.message }
    }
    const manual = input.variant !== undefined && input.variant !== null
    const winner = manual ? (input.variant as number) : Number(decision.winner_id)
    await service.updateMarketingCampaigns({
      id: input.id,
      winner_variant: winner,
      winner_picked_at: new Date(),
      winner_decision: { ...decision, picked_by: manual ? input.actor ?? "admin" : "system", manual } as any,
    })
    const released = await service.releaseHeldMessages(input.id, winner)
    return new StepResponse({ winner, released, decision }, { id: input.id, winner })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service = marketingService(container)
    await service.updateMarketingCampaigns({ id: undo.id, winner_variant: null, winner_picked_at: null, winner_decision: null })
  }
)

export type CampaignTestInput = { id: string; emails: string[]; contact_id?: string | null }

/**
 * A campaign's test emails: each variant's compiled content rendered for a
 * contact (or the sample contact), subject prefixed "[Test]" (and the
 * variant letter in an A/B test). Refused while the campaign's content
 * would not pass its send checks.
 */
export const prepareCampaignTestStep = createStep(
  "marketing-prepare-campaign-test",
  async (input: CampaignTestInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()
    const campaign = await service.retrieveMarketingCampaign(input.id, { select: [...CAMPAIGN_FIELDS] })
    const { content, errors } = await prepareCampaignContent(container, campaign as unknown as CampaignForContent)
    if (!content) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, problemsMessage(input.id, errors))
    }
    let row: RecipientRow = { ...SAMPLE_RENDER_CONTEXT.contact, id: "mcon_sample" } as RecipientRow
    if (input.contact_id) {
      const [contact] = await service.listContacts({ id: input.contact_id }, { select: [...RECIPIENT_COLUMNS] })
      if (!contact) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Contact ${input.contact_id} was not found`)
      }
      row = contact as unknown as RecipientRow
    }
    const shared = {
      store: content.store,
      publicUrl: options.public_url,
      secret: options.secret,
      topicHandle: content.topic_handle,
      campaign: { name: content.campaign_name },
      products: content.products,
    }
    // the contact's data, but links signed for no one: a colleague's one-click
    // unsubscribe on a test must not unsubscribe the real contact
    const { context, headers } = recipientContext({ ...row, id: "mcon_test_send" }, shared)
    context.contact = { ...context.contact, id: row.id }
    const messages = content.variants.flatMap((variant, i) => {
      const rendered = renderForRecipient(variant.compiled, context)
      const tag = content.variants.length > 1 ? `[Test ${String.fromCharCode(65 + i)}]` : "[Test]"
      return input.emails.map((to) => ({
        to,
        from: formatFrom(variant.from_name, variant.from_email),
        reply_to: variant.reply_to ?? undefined,
        subject: `${tag} ${rendered.subject}`,
        html: rendered.html,
        text: rendered.text,
        headers,
      }))
    })
    return new StepResponse({ template_id: content.variants[0].template_id, messages })
  }
)

export type RecordCampaignLinksInput = { id: string; content: unknown }

/**
 * Record the tracked links of a campaign's frozen content, so a click
 * redirects to a recorded URL and nowhere else. Idempotent (a resumed or
 * retried start records nothing new); undo removes what this run added.
 */
export const recordCampaignLinksStep = createStep(
  "marketing-record-campaign-links",
  async (input: RecordCampaignLinksInput, { container }) => {
    const service = marketingService(container)
    const content = input.content as { variants?: { template_id: string; template_version: number; links?: TrackedLink[] }[] } | null
    const rows = (content?.variants ?? []).flatMap((v, variant) =>
      (v.links ?? []).map((l) => ({
        source_id: input.id,
        campaign_id: input.id,
        variant,
        template_id: v.template_id,
        template_version: v.template_version,
        position: l.position,
        url: l.url,
        label: l.label,
      }))
    )
    const created = await service.recordTrackedLinks(rows)
    return new StepResponse({ links: rows.length }, created ? { id: input.id, positions: rows.map((r) => r.position) } : null)
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const service = marketingService(container)
    const links = await service.listTrackedLinks({ source_id: undo.id, position: undo.positions }, { select: ["id"] })
    await service.deleteTrackedLinks(links.map((l: { id: string }) => l.id))
  }
)
