import { z } from "@medusajs/framework/zod"
import { createFindParams, createSelectParams } from "@medusajs/medusa/api/utils/validators"
import { isValidEmail, normalizeEmail } from "../../../lib/email"
import { IMPORTABLE_FIELDS } from "../../../lib/contact-csv"

const CONTACT_STATUS = z.enum(["pending", "subscribed", "unsubscribed", "bounced", "complained", "cleaned"])
const stringOrArray = <T extends z.ZodTypeAny>(s: T) =>
  z.union([s, z.array(s)]).transform((v) => (Array.isArray(v) ? v : [v]) as z.infer<T>[])

export const Email = z
  .string({ error: "email is required and must be text" })
  .max(254, "email is longer than 254 characters")
  .transform(normalizeEmail)
  .refine(isValidEmail, { message: "email is not a valid address" })

const TopicHandle = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, "a topic handle is lower-case letters, digits, - and _")
const shortText = (max = 200) => z.string().trim().max(max).nullish()

export const AdminGetContactParams = createSelectParams()

export const AdminGetContactsParams = createFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    q: z.string().max(200).optional(),
    status: stringOrArray(CONTACT_STATUS).optional(),
    source: stringOrArray(z.string().max(100)).optional(),
    topic_id: z.string().max(100).optional(),
    customer_id: stringOrArray(z.string().max(100)).optional(),
  })
)
export type AdminGetContactsParamsType = z.infer<typeof AdminGetContactsParams>

export const AdminExportContactsParams = z
  .object({
    q: z.string().max(200).optional(),
    status: stringOrArray(CONTACT_STATUS).optional(),
    source: stringOrArray(z.string().max(100)).optional(),
    topic_id: z.string().max(100).optional(),
  })
  .strict()
export type AdminExportContactsParamsType = z.infer<typeof AdminExportContactsParams>

const profile = {
  first_name: shortText(),
  last_name: shortText(),
  phone: shortText(40),
  locale: shortText(20),
  timezone: shortText(60),
  country_code: z
    .string()
    .regex(/^[a-zA-Z]{2}$/, "country_code is a two-letter ISO code")
    .nullish(),
}

export const AdminCreateContact = z
  .object({
    email: Email,
    ...profile,
    subscribe: z.boolean().default(false),
    consent_source: z.string().trim().min(1).max(200).optional(),
    topics: z.array(TopicHandle).max(100).optional(),
  })
  .strict()
  .refine((b) => !b.subscribe || !!b.consent_source, {
    message: "consent_source is required when subscribe is true: say where this person gave consent",
    path: ["consent_source"],
  })
export type AdminCreateContactType = z.infer<typeof AdminCreateContact>

export const AdminUpdateContact = z
  .object({
    ...profile,
    topics: z.record(TopicHandle, z.boolean()).optional(),
    metadata: z.record(z.string(), z.unknown()).nullish(),
  })
  .strict()
export type AdminUpdateContactType = z.infer<typeof AdminUpdateContact>

const MAX_CSV_CHARS = 50 * 1024 * 1024

const Mapping = z
  .object(Object.fromEntries(IMPORTABLE_FIELDS.map((f) => [f, z.string().max(200).optional()])))
  .strict()

export const AdminPreviewImport = z
  .object({ csv: z.string().min(1, "csv is empty").max(MAX_CSV_CHARS, "csv is larger than 50 MB") })
  .strict()
export type AdminPreviewImportType = z.infer<typeof AdminPreviewImport>

export const AdminImportContacts = z
  .object({
    csv: z.string().min(1, "csv is empty").max(MAX_CSV_CHARS, "csv is larger than 50 MB; split the file"),
    filename: z.string().max(255).nullish(),
    mapping: Mapping.optional(),
    subscribe: z.boolean(),
    consent_source: z.string().trim().max(200).optional(),
    topics: z.array(TopicHandle).max(100).optional(),
  })
  .strict()
  .refine((b) => !b.subscribe || !!b.consent_source, {
    message:
      "consent_source is required when importing as subscribed: say where these people gave consent (e.g. 'checkout checkbox 2024')",
    path: ["consent_source"],
  })
export type AdminImportContactsType = z.infer<typeof AdminImportContacts>

export const AdminCreateTopic = z
  .object({
    handle: TopicHandle,
    name: z.string().trim().min(1).max(100),
    description: z.string().max(500).nullish(),
    is_default: z.boolean().optional(),
    is_public: z.boolean().optional(),
  })
  .strict()
export type AdminCreateTopicType = z.infer<typeof AdminCreateTopic>

export const AdminUpdateTopic = z
  .object({
    handle: TopicHandle.optional(),
    name: z.string().trim().min(1).max(100).optional(),
    description: z.string().max(500).nullish(),
    is_default: z.boolean().optional(),
    is_public: z.boolean().optional(),
  })
  .strict()
export type AdminUpdateTopicType = z.infer<typeof AdminUpdateTopic>

export const AdminGetTopicsParams = createFindParams({ limit: 100, offset: 0 }).merge(
  z.object({ q: z.string().max(200).optional() })
)

export const AdminGetSuppressionsParams = createFindParams({ limit: 20, offset: 0 }).merge(
  z.object({
    q: z.string().max(200).optional(),
    reason: stringOrArray(z.enum(["hard_bounce", "complaint", "manual", "unsubscribed", "erased"])).optional(),
  })
)

export const AdminCreateSuppression = z
  .object({
    email: Email,
    reason: z.enum(["hard_bounce", "complaint", "manual"]).default("manual"),
    note: z.string().max(500).nullish(),
  })
  .strict()
export type AdminCreateSuppressionType = z.infer<typeof AdminCreateSuppression>

export const AdminGdprRequest = z.object({ email: Email }).strict()
export type AdminGdprRequestType = z.infer<typeof AdminGdprRequest>

const segmentName = z.string().trim().min(1, "name must not be empty").max(120, "name is longer than 120 characters")
const segmentDescription = z.string().max(1000, "description is longer than 1000 characters").nullish()
/**
 * The rule tree is checked by the segment validator (src/lib/segments),
 * which names the offending path; here it only has to be a JSON object.
 */
const SegmentRulesBody = z.record(z.string(), z.unknown(), {
  error: 'rules must be a rule tree object such as { "all": [ ... ] }',
})
const ContactIds = z.array(z.string().min(1).max(100)).max(10_000, "at most 10,000 contacts per request")

export const AdminGetSegmentsParams = createFindParams({ limit: 50, offset: 0 }).merge(
  z.object({
    q: z.string().max(200).optional(),
    type: stringOrArray(z.enum(["dynamic", "static"])).optional(),
    is_built_in: z.preprocess((v) => (v === "true" ? true : v === "false" ? false : v), z.boolean()).optional(),
  })
)
export type AdminGetSegmentsParamsType = z.infer<typeof AdminGetSegmentsParams>

export const AdminCreateSegment = z
  .object({
    name: segmentName,
    description: segmentDescription,
    type: z.enum(["dynamic", "static"]).default("dynamic"),
    rules: SegmentRulesBody.nullish(),
  })
  .strict()
export type AdminCreateSegmentType = z.infer<typeof AdminCreateSegment>

export const AdminUpdateSegment = z
  .object({
    name: segmentName.optional(),
    description: segmentDescription,
    rules: SegmentRulesBody.optional(),
  })
  .strict()
export type AdminUpdateSegmentType = z.infer<typeof AdminUpdateSegment>

export const AdminPreviewSegment = z
  .object({
    rules: SegmentRulesBody,
    segment_id: z.string().max(100).optional(),
    limit: z.number().int().min(0).max(100).default(20),
    offset: z.number().int().min(0).max(1_000_000).default(0),
  })
  .strict()
export type AdminPreviewSegmentType = z.infer<typeof AdminPreviewSegment>

export const AdminGetSegmentContactsParams = z.object({
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(20),
  offset: z.coerce.number().int().min(0).default(0),
})
export type AdminGetSegmentContactsParamsType = z.infer<typeof AdminGetSegmentContactsParams>

export const AdminUpdateSegmentContacts = z
  .object({ add: ContactIds.optional(), remove: ContactIds.optional() })
  .strict()
  .refine((b) => (b.add?.length ?? 0) + (b.remove?.length ?? 0) > 0, {
    message: "say which contacts to add or remove (add: [ids], remove: [ids])",
  })
export type AdminUpdateSegmentContactsType = z.infer<typeof AdminUpdateSegmentContacts>

export const AdminImportSegmentContacts = z
  .object({
    csv: z.string().min(1, "csv is empty").max(MAX_CSV_CHARS, "csv is larger than 50 MB; split the file"),
    filename: z.string().max(255).optional(),
  })
  .strict()
export type AdminImportSegmentContactsType = z.infer<typeof AdminImportSegmentContacts>
