import { z } from "@medusajs/framework/zod"
import { createFindParams, createSelectParams } from "@medusajs/medusa/api/utils/validators"
import { CAMPAIGN_STATUSES } from "../../../../lib/campaigns"
import { MAX_VARIANTS, MIN_VARIANTS, WINNER_METRICS } from "../../../../lib/ab-test"
import { isValidEmail, normalizeEmail } from "../../../../lib/email"
import { MESSAGE_STATUSES } from "../../../../modules/marketing/models/message"

const stringOrArray = <T extends z.ZodTypeAny>(s: T) =>
  z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[])

const id = (what: string) => z.string().min(1, `${what} must not be empty`).max(100, `${what} is too long`)

const address = (field: string) =>
  z
    .string()
    .max(254, `${field} is longer than 254 characters`)
    .refine((v) => isValidEmail(v), { message: `${field} must be an email address such as news@shop.com` })
    .transform((v) => normalizeEmail(v))

/** Subjects and names are one line: no CR/LF (header injection) and not absurdly long. */
const oneLine = (field: string, max: number) =>
  z
    .string()
    .max(max, `${field} is longer than ${max} characters`)
    .refine((v) => !/[\r\n]/.test(v), { message: `${field} must be a single line` })

const segmentIds = (field: string) =>
  z.array(id("segment id")).max(50, `${field} can hold at most 50 segments`).refine((v) => new Set(v).size === v.length, {
    message: `${field} lists a segment twice`,
  })

const AbVariant = z
  .object({
    subject: oneLine("subject", 300).optional(),
    preheader: oneLine("preheader", 300).optional(),
    from_name: oneLine("from_name", 100).optional(),
    template_id: id("template_id").optional(),
  })
  .strict()

const AbTest = z
  .object({
    variants: z
      .array(AbVariant)
      .min(MIN_VARIANTS, `an A/B test needs at least ${MIN_VARIANTS} variants`)
      .max(MAX_VARIANTS, `an A/B test can have at most ${MAX_VARIANTS} variants`),
    test_fraction: z
      .number()
      .gt(0, "test_fraction must be more than 0 (0.2 = 20% of the audience)")
      .max(1, "test_fraction must be at most 1 (0.2 = 20% of the audience)")
      .optional(),
    metric: z.enum(WINNER_METRICS).optional(),
    wait_hours: z.number().min(0.25, "wait_hours must be at least 0.25").max(168, "wait_hours must be at most 168 (a week)").optional(),
    auto_pick: z.boolean().optional(),
  })
  .strict()

const campaignFields = {
  name: oneLine("name", 200).min(1, "name is required"),
  subject: oneLine("subject", 300).optional(),
  preheader: oneLine("preheader", 300).nullish(),
  from_name: oneLine("from_name", 100).nullish(),
  from_email: address("from_email").nullish(),
  reply_to: address("reply_to").nullish(),
  template_id: id("template_id").nullish(),
  topic_id: id("topic_id").nullish(),
  include_segment_ids: segmentIds("include_segment_ids").optional(),
  exclude_segment_ids: segmentIds("exclude_segment_ids").optional(),
  frequency_cap_hours: z
    .number()
    .int("frequency_cap_hours must be whole hours")
    .min(0, "frequency_cap_hours must be 0 (off) or more")
    .max(720, "frequency_cap_hours must be at most 720 (30 days)")
    .nullish(),
  send_rate: z
    .number()
    .int("send_rate must be whole messages per second")
    .min(1, "send_rate must be at least 1 message per second")
    .max(100_000, "send_rate must be at most 100000 messages per second")
    .nullish(),
  ab_test: AbTest.nullish(),
}

export const AdminCreateCampaign = z.object(campaignFields).strict()
export type AdminCreateCampaignType = z.infer<typeof AdminCreateCampaign>

export const AdminUpdateCampaign = z.object(campaignFields).partial().strict()
export type AdminUpdateCampaignType = z.infer<typeof AdminUpdateCampaign>

export const AdminGetCampaignsParams = createFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    q: z.string().max(200).optional(),
    status: stringOrArray(z.enum(CAMPAIGN_STATUSES)).optional(),
  })
)
export const AdminGetCampaignParams = createSelectParams()

export const AdminEstimateCampaign = z
  .object({
    include_segment_ids: segmentIds("include_segment_ids"),
    exclude_segment_ids: segmentIds("exclude_segment_ids").optional(),
    topic_id: id("topic_id").nullish(),
    frequency_cap_hours: campaignFields.frequency_cap_hours,
  })
  .strict()
export type AdminEstimateCampaignType = z.infer<typeof AdminEstimateCampaign>

export const AdminSendCampaign = z
  .object({
    scheduled_at: z.iso
      .datetime({ offset: true, error: "scheduled_at must be an ISO 8601 date-time such as 2026-12-01T09:00:00Z" })
      .nullish(),
  })
  .strict()
export type AdminSendCampaignType = z.infer<typeof AdminSendCampaign>

export const AdminCampaignControl = z
  .object({ reason: z.string().max(500, "reason is longer than 500 characters").optional() })
  .strict()
export type AdminCampaignControlType = z.infer<typeof AdminCampaignControl>

export const AdminPickWinner = z
  .object({ variant: z.number().int("variant is the 0-based variant number").min(0).max(MAX_VARIANTS - 1) })
  .strict()
export type AdminPickWinnerType = z.infer<typeof AdminPickWinner>

export const AdminTestCampaign = z
  .object({
    emails: z.array(address("emails[]")).min(1, "give at least one address").max(5, "send a test to at most 5 addresses"),
    contact_id: id("contact_id").optional(),
  })
  .strict()
export type AdminTestCampaignType = z.infer<typeof AdminTestCampaign>

export const AdminGetCampaignMessagesParams = createFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    q: z.string().max(200).optional(),
    status: stringOrArray(z.enum(MESSAGE_STATUSES)).optional(),
  })
)
export type AdminGetCampaignMessagesParamsType = z.infer<typeof AdminGetCampaignMessagesParams>
