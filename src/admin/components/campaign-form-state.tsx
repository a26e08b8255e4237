import type { AbMetric, AbVariantConfig, Campaign, CampaignPayload } from "../hooks/campaigns"

/**
 * The create/edit flow's form: what the steps edit, how it comes from a
 * saved campaign and goes back as the API body, and what each step needs
 * before the next one.
 */

export const MIN_VARIANTS = 2
export const MAX_VARIANTS = 8
export const DEFAULT_TEST_PERCENT = 20
export const DEFAULT_WAIT_HOURS = 4

export type VariantForm = {
  subject: string
  preheader: string
  from_name: string
  /** "" = the campaign's template */
  template_id: string
}

export type SendMode = "now" | "later"

export type CampaignFormValues = {
  name: string
  subject: string
  preheader: string
  from_name: string
  from_email: string
  reply_to: string
  include_segment_ids: string[]
  exclude_segment_ids: string[]
  /** "" = no topic */
  topic_id: string
  /** "" = the store default */
  frequency_cap_hours: string
  /** "" = the store default */
  send_rate: string
  template_id: string
  ab_enabled: boolean
  ab_variants: VariantForm[]
  /** share of the audience in the test, in percent */
  ab_test_percent: number
  ab_metric: AbMetric
  ab_wait_hours: string
  ab_auto_pick: boolean
  send_mode: SendMode
  scheduled_at: Date | null
}

export const STEPS = ["details", "audience", "content", "ab", "schedule", "review"] as const
export type Step = (typeof STEPS)[number]

export const STEP_LABELS: Record<Step, string> = {
  details: "Details",
  audience: "Audience",
  content: "Content",
  ab: "A/B test",
  schedule: "Schedule",
  review: "Review",
}

export const emptyVariant = (): VariantForm => ({ subject: "", preheader: "", from_name: "", template_id: "" })

/** The next full hour after an hour from now: a sensible first pick for "later". */
export const defaultSendTime = (now = new Date()) => {
  const d = new Date(now.getTime() + 60 * 60 * 1000)
  d.setMinutes(0, 0, 0)
  d.setHours(d.getHours() + 1)
  return d
}

const str = (v: string | null | undefined) => v ?? ""
const num = (v: number | null | undefined) => (v === null || v === undefined ? "" : String(v))

export function valuesFromCampaign(c?: Campaign | null): CampaignFormValues {
  const ab = c?.ab_test ?? null
  const scheduled = c?.scheduled_at ? new Date(c.scheduled_at) : null
  return {
    name: str(c?.name),
    subject: str(c?.subject),
    preheader: str(c?.preheader),
    from_name: str(c?.from_name),
    from_email: str(c?.from_email),
    reply_to: str(c?.reply_to),
    include_segment_ids: c?.include_segment_ids ?? [],
    exclude_segment_ids: c?.exclude_segment_ids ?? [],
    topic_id: str(c?.topic_id),
    frequency_cap_hours: num(c?.frequency_cap_hours),
    send_rate: num(c?.send_rate),
    template_id: str(c?.template_id),
    ab_enabled: Boolean(ab),
    ab_variants: ab?.variants?.length
      ? ab.variants.map((v) => ({
          subject: str(v.subject),
          preheader: str(v.preheader),
          from_name: str(v.from_name),
          template_id: str(v.template_id),
        }))
      : [emptyVariant(), emptyVariant()],
    ab_test_percent: ab ? Math.round(ab.test_fraction * 100) : DEFAULT_TEST_PERCENT,
    ab_metric: ab?.metric ?? "click_rate",
    ab_wait_hours: ab ? String(ab.wait_hours) : String(DEFAULT_WAIT_HOURS),
    ab_auto_pick: ab?.auto_pick ?? true,
    send_mode: scheduled && scheduled.getTime() > Date.now() ? "later" : "now",
    scheduled_at: scheduled && scheduled.getTime() > Date.now() ? scheduled : null,
  }
}

const orNull = (v: string) => (v.trim() ? v.trim() : null)
const numOrNull = (v: string) => (v.trim() === "" ? null : Number(v))

/** A variant keeps only what it overrides; the rest comes from the campaign. */
const variantPayload = (v: VariantForm): AbVariantConfig => {
  const out: AbVariantConfig = {}
  if (v.subject.trim()) out.subject = v.subject.trim()
  if (v.preheader.trim()) out.preheader = v.preheader.trim()
  if (v.from_name.trim()) out.from_name = v.from_name.trim()
  if (v.template_id) out.template_id = v.template_id
  return out
}

/** The POST /campaigns(/:id) body for the form (everything but the send time, which goes with /send). */
export function payloadFromValues(v: CampaignFormValues): CampaignPayload {
  return {
    name: v.name.trim(),
    subject: v.subject.trim(),
    preheader: orNull(v.preheader),
    from_name: orNull(v.from_name),
    from_email: orNull(v.from_email),
    reply_to: orNull(v.reply_to),
    template_id: v.template_id || null,
    topic_id: v.topic_id || null,
    include_segment_ids: v.include_segment_ids,
    exclude_segment_ids: v.exclude_segment_ids,
    frequency_cap_hours: numOrNull(v.frequency_cap_hours),
    send_rate: numOrNull(v.send_rate),
    ab_test: v.ab_enabled
      ? {
          variants: v.ab_variants.map(variantPayload),
          test_fraction: v.ab_test_percent / 100,
          metric: v.ab_metric,
          wait_hours: Number(v.ab_wait_hours),
          auto_pick: v.ab_auto_pick,
        }
      : null,
  }
}

/** The body for a first save: what is set, nothing cleared. */
export function createPayload(v: CampaignFormValues): CampaignPayload {
  const full = payloadFromValues(v)
  return Object.fromEntries(
    Object.entries(full).filter(([, value]) => value !== null && value !== "")
  ) as CampaignPayload
}

export type FormErrors = Partial<Record<string, string>>

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** What a step needs before the flow moves past it (the review checks the rest on the server). */
export function validateStep(step: Step, v: CampaignFormValues, now = Date.now()): FormErrors {
  const e: FormErrors = {}
  switch (step) {
    case "details":
      if (!v.name.trim()) e.name = "Give the campaign a name, e.g. “Spring sale, week 1”"
      if (v.from_email.trim() && !EMAIL.test(v.from_email.trim())) e.from_email = "Enter an email address, e.g. news@yourstore.com"
      if (v.reply_to.trim() && !EMAIL.test(v.reply_to.trim())) e.reply_to = "Enter an email address, e.g. help@yourstore.com"
      break
    case "audience": {
      if (!v.include_segment_ids.length) e.include_segment_ids = "Pick at least one segment to send to"
      const both = v.include_segment_ids.filter((id) => v.exclude_segment_ids.includes(id))
      if (both.length) e.exclude_segment_ids = "A segment cannot be both included and excluded"
      if (v.frequency_cap_hours.trim()) {
        const cap = Number(v.frequency_cap_hours)
        if (!(Number.isInteger(cap) && cap >= 0 && cap <= 720))
          e.frequency_cap_hours = "Whole hours from 0 (off) to 720 (30 days)"
      }
      break
    }
    case "content":
      if (!v.template_id) e.template_id = "Pick the template to send"
      break
    case "ab":
      if (!v.ab_enabled) break
      if (v.ab_variants.length < MIN_VARIANTS || v.ab_variants.length > MAX_VARIANTS)
        e.ab_variants = `A test needs ${MIN_VARIANTS} to ${MAX_VARIANTS} variants`
      else if (v.ab_variants.slice(1).every((x) => !Object.keys(variantPayload(x)).length))
        e.ab_variants = "Change at least one thing (subject, preheader, sender or template) in a variant"
      if (!(Number(v.ab_wait_hours) >= 0.25 && Number(v.ab_wait_hours) <= 168))
        e.ab_wait_hours = "Between 0.25 (15 minutes) and 168 hours (a week)"
      break
    case "schedule":
      if (v.send_mode === "later") {
        if (!v.scheduled_at) e.scheduled_at = "Pick the date and time to send"
        else if (v.scheduled_at.getTime() <= now) e.scheduled_at = "Pick a time in the future, or send now"
      }
      if (v.send_rate.trim() && !(Number.isInteger(Number(v.send_rate)) && Number(v.send_rate) >= 1))
        e.send_rate = "Whole messages per second, 1 or more"
      break
  }
  return e
}
