import { z } from "@medusajs/framework/zod"
import { createFindParams, createSelectParams } from "@medusajs/medusa/api/utils/validators"
import { Email } from "../validators"

/**
 * Only the envelope is checked here. The document itself is checked by the
 * workflows with the template library, whose errors name the path inside it
 * (`blocks[2].text (line 1, column 4): unknown variable ...`).
 */
const TemplateDocumentBody = z.record(z.string(), z.unknown(), {
  error: 'document must be a template document object such as { "version": 1, "blocks": [ ... ] }',
})

const name = z
  .string({ error: "name is required and must be text" })
  .trim()
  .min(1, "name must not be empty")
  .max(200, "name must be at most 200 characters")
const description = z.string().max(2000, "description must be at most 2000 characters").nullish()
const subject = z.string({ error: "subject must be text" }).max(500, "subject must be at most 500 characters")
const preheader = z.string({ error: "preheader must be text" }).max(1000, "preheader must be at most 1000 characters").nullish()
const starterHandle = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "starter_handle is lower-case letters, digits and -")
  .nullish()
const metadata = z.record(z.string(), z.unknown()).nullish()
const ContactId = z.string().min(1).max(100)

export const AdminGetTemplateParams = createSelectParams()

export const AdminGetTemplatesParams = createFindParams({ limit: 20, offset: 0, order: "-updated_at" }).merge(
  z.object({
    q: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(20),
    offset: z.coerce.number().int().min(0).default(0),
    starter_handle: z.string().max(64).optional(),
  })
)
export type AdminGetTemplatesParamsType = z.infer<typeof AdminGetTemplatesParams>

export const AdminCreateTemplate = z
  .object({
    name,
    description,
    subject,
    preheader,
    document: TemplateDocumentBody,
    starter_handle: starterHandle,
    metadata,
  })
  .strict()
export type AdminCreateTemplateType = z.infer<typeof AdminCreateTemplate>

export const AdminUpdateTemplate = z
  .object({
    name: name.optional(),
    description,
    subject: subject.optional(),
    preheader,
    document: TemplateDocumentBody.optional(),
    starter_handle: starterHandle,
    metadata,
  })
  .strict()
export type AdminUpdateTemplateType = z.infer<typeof AdminUpdateTemplate>

/** No body, or `{ name }` to name the copy something other than "Copy of ...". */
export const AdminDuplicateTemplate = z
  .object({ name: name.optional() })
  .strict()
  .nullish()
  .transform((v) => v ?? {})
export type AdminDuplicateTemplateType = z.infer<typeof AdminDuplicateTemplate>

export const AdminPreviewTemplate = z
  .object({
    document: TemplateDocumentBody,
    subject: subject.default(""),
    preheader,
    contact_id: ContactId.nullish(),
  })
  .strict()
export type AdminPreviewTemplateType = z.infer<typeof AdminPreviewTemplate>

export const AdminSendTemplateTest = z
  .object({
    emails: z
      .array(Email, { error: "emails must be a list of addresses" })
      .min(1, "emails must list at least one address")
      .max(5, "emails must list at most 5 addresses"),
    contact_id: ContactId.nullish(),
  })
  .strict()
export type AdminSendTemplateTestType = z.infer<typeof AdminSendTemplateTest>
