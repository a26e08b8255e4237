import { createHook, createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createTemplatesStep,
  CreateTemplateInput,
  deleteTemplatesStep,
  prepareTemplateTestStep,
  retrieveTemplateStep,
  sendTemplateTestStep,
  SendTemplateTestInput,
  updateTemplatesStep,
  UpdateTemplateInput,
  validateTemplateContentStep,
} from "./steps/templates"

export const TemplateEvents = {
  CREATED: "marketing.template.created",
  UPDATED: "marketing.template.updated",
  DELETED: "marketing.template.deleted",
} as const

/** Longest template name the API accepts; a duplicate's "Copy of ..." is cut to it. */
export const TEMPLATE_NAME_MAX = 200

const idEvents = (rows: { id: string }[]) => rows.map((r) => ({ id: r.id }))

/**
 * Create templates. Each document is checked (shape, Liquid, unknown
 * variables: 400 listing every issue with its path) and stored with its
 * defaults filled in, at version 1.
 */
export const createTemplatesWorkflow = createWorkflow(
  "marketing-create-templates",
  (input: { templates: CreateTemplateInput[] }) => {
    const documents = validateTemplateContentStep(
      transform({ input }, ({ input }) =>
        input.templates.map((t) => ({ document: t.document, subject: t.subject, preheader: t.preheader }))
      )
    )
    const templates = createTemplatesStep(
      transform({ input, documents }, ({ input, documents }) =>
        input.templates.map((t, i) => ({ ...t, document: documents[i] }))
      )
    )
    emitEventStep({ eventName: TemplateEvents.CREATED, data: transform({ templates }, ({ templates }) => idEvents(templates)) })
    const templatesCreated = createHook("templatesCreated", { templates })
    return new WorkflowResponse(templates, { hooks: [templatesCreated] })
  }
)

/**
 * Update templates. Changed content is checked like on create (together
 * with the stored fields it did not change); `version` goes up when the
 * document, subject or preview text changes.
 */
export const updateTemplatesWorkflow = createWorkflow(
  "marketing-update-templates",
  (input: { templates: UpdateTemplateInput[] }) => {
    const documents = validateTemplateContentStep(
      transform({ input }, ({ input }) =>
        input.templates.map((t) => ({ id: t.id, document: t.document, subject: t.subject, preheader: t.preheader }))
      )
    )
    const templates = updateTemplatesStep(
      transform({ input, documents }, ({ input, documents }) =>
        input.templates.map((t, i) => ({ ...t, document: documents[i] ?? undefined }))
      )
    )
    emitEventStep({ eventName: TemplateEvents.UPDATED, data: transform({ templates }, ({ templates }) => idEvents(templates)) })
    const templatesUpdated = createHook("templatesUpdated", { templates })
    return new WorkflowResponse(templates, { hooks: [templatesUpdated] })
  }
)

/** Soft-delete templates; refused (naming the campaign) while a scheduled, sending or paused campaign uses one. */
export const deleteTemplatesWorkflow = createWorkflow("marketing-delete-templates", (input: { ids: string[] }) => {
  const ids = deleteTemplatesStep(input.ids)
  emitEventStep({
    eventName: TemplateEvents.DELETED,
    data: transform({ ids }, ({ ids }) => ids.map((id) => ({ id }))),
  })
  return new WorkflowResponse(ids)
})

/** Copy a template as "Copy of <name>" at version 1 (or under the given name). */
export const duplicateTemplateWorkflow = createWorkflow(
  "marketing-duplicate-template",
  (input: { id: string; name?: string }) => {
    const source = retrieveTemplateStep(input.id)
    const templates = createTemplatesStep(
      transform({ input, source }, ({ input, source }) => [
        {
          name: (input.name ?? `Copy of ${source.name}`).slice(0, TEMPLATE_NAME_MAX),
          description: source.description,
          subject: source.subject,
          preheader: source.preheader,
          document: source.document,
          starter_handle: source.starter_handle,
          metadata: source.metadata,
        },
      ])
    )
    const template = transform({ templates }, ({ templates }) => templates[0])
    emitEventStep({ eventName: TemplateEvents.CREATED, data: transform({ template }, ({ template }) => ({ id: template.id })) })
    return new WorkflowResponse(template)
  }
)

/**
 * Send a template to 1-5 addresses as a test: rendered with a contact's data
 * (or the sample contact), subject prefixed "[Test] ", through the
 * Notification Module on the marketing channel with List-Unsubscribe
 * headers. Refused while the template does not compile or its lint has errors.
 */
export const sendTemplateTestWorkflow = createWorkflow(
  "marketing-send-template-test",
  (input: SendTemplateTestInput) => {
    const prepared = prepareTemplateTestStep(input)
    return new WorkflowResponse(sendTemplateTestStep(prepared))
  }
)
