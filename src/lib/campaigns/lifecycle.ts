/**
 * A campaign's lifecycle: which status may follow which, and why not.
 *
 *   draft ──schedule──> scheduled ──start──> sending ──complete──> sent
 *     │  <──unschedule──┘    │                │  ^
 *     │                      │           pause│  │resume
 *     │                      │                v  │
 *     └──────cancel──────────┴──cancel──── paused ─┘   (sending -> cancelled too)
 *
 * `sent` and `cancelled` are final. Editing is allowed in draft and scheduled
 * (a scheduled campaign goes back to draft when edited so it is re-checked).
 */
export const CAMPAIGN_STATUSES = ["draft", "scheduled", "sending", "paused", "sent", "cancelled"] as const
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number]

export const CAMPAIGN_ACTIONS = ["schedule", "unschedule", "start", "pause", "resume", "complete", "cancel"] as const
export type CampaignAction = (typeof CAMPAIGN_ACTIONS)[number]

const TRANSITIONS: Record<CampaignAction, { from: readonly CampaignStatus[]; to: CampaignStatus }> = {
  schedule: { from: ["draft"], to: "scheduled" },
  unschedule: { from: ["scheduled"], to: "draft" },
  start: { from: ["draft", "scheduled"], to: "sending" },
  pause: { from: ["sending"], to: "paused" },
  resume: { from: ["paused"], to: "sending" },
  complete: { from: ["sending"], to: "sent" },
  cancel: { from: ["draft", "scheduled", "sending", "paused"], to: "cancelled" },
}

const WHY_NOT: Record<CampaignStatus, string> = {
  draft: "it is a draft",
  scheduled: "it is scheduled",
  sending: "it is sending",
  paused: "it is paused",
  sent: "it has been sent",
  cancelled: "it was cancelled",
}

const HINT: Partial<Record<CampaignAction, Partial<Record<CampaignStatus, string>>>> = {
  pause: { scheduled: "unschedule it instead", paused: "it is already paused" },
  resume: { sending: "it is already sending" },
  start: { sending: "it is already sending", paused: "resume it instead" },
  schedule: { scheduled: "unschedule it first to change the time", sending: "pause or cancel it instead" },
}

export type TransitionCheck = { ok: true; to: CampaignStatus } | { ok: false; reason: string }

/** Whether `action` may run on a campaign in `from`, and the status it leads to. */
export function checkCampaignTransition(from: CampaignStatus, action: CampaignAction): TransitionCheck {
  const t = TRANSITIONS[action]
  if (!t) {
    return { ok: false, reason: `Unknown campaign action "${action}"` }
  }
  if (t.from.includes(from)) {
    return { ok: true, to: t.to }
  }
  const hint = HINT[action]?.[from]
  return {
    ok: false,
    reason: `Cannot ${action} the campaign: ${WHY_NOT[from]}${hint ? `; ${hint}` : ""}`,
  }
}

/** Statuses in which the content, audience and settings may be edited. */
export const EDITABLE_STATUSES: readonly CampaignStatus[] = ["draft", "scheduled"]

export function isCampaignEditable(status: CampaignStatus): boolean {
  return EDITABLE_STATUSES.includes(status)
}

/** Statuses a campaign can be deleted in (never while messages may be going out). */
export const DELETABLE_STATUSES: readonly CampaignStatus[] = ["draft", "scheduled", "sent", "cancelled"]
