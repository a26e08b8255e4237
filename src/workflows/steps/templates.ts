import { randomUUID } from "node:crypto"
import { ContainerRegistrationKeys, MedusaError, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { INotificationModuleService, Logger, MedusaContainer } from "@medusajs/framework/types"
import { maskEmail } from "../../lib/email"
import { RECIPIENT_COLUMNS, recipientContext, type RecipientRow } from "../../lib/campaigns/recipient"
import {
  compileTemplate,
  EXAMPLE_PRODUCT_IDS,
  formatTemplateIssues,
  lintTemplate,
  productIdsOfDocument,
  renderForRecipient,
  SAMPLE_RENDER_CONTEXT,
  TemplateError,
  validateTemplate,
  type CompiledTemplate,
  type ProductContext,
  type RenderContext,
  type StoreContext,
} from "../../lib/templates"
import { loadProductContexts } from "../utils/product-context"
import { loadStoreContext } from "../utils/store-context"
import { marketingService } from "./subscription-shared"

// ---------------------------------------------------------------- types

export type CreateTemplateInput = {
  name: string
  description?: string | null
  subject: string
  preheader?: string | null
  /** a TemplateDocument (validated and stored with its defaults filled in) */
  document: unknown
  starter_handle?: string | null
  metadata?: Record<string, unknown> | null
}

export type UpdateTemplateInput = {
  id: string
  name?: string
  description?: string | null
  subject?: string
  preheader?: string | null
  document?: unknown
  starter_handle?: string | null
  metadata?: Record<string, unknown> | null
}

export type TemplateRow = {
  id: string
  name: string
  description: string | null
  subject: string
  preheader: string | null
  document: Record<string, unknown>
  version: number
  starter_handle: string | null
  metadata: Record<string, unknown> | null
}

export type TemplateTestMessage = {
  to: string
  subject: string
  html: string
  text: string
  headers: Record<string, string>
  /** sender; default: the marketing module's `from` option */
  from?: string | null
  reply_to?: string | null
}

export type SendTemplateTestInput = {
  id: string
  /** 1 to 5 addresses the test goes to */
  emails: string[]
  /** render with this contact's data; default: the sample contact */
  contact_id?: string | null
}

export const TEMPLATE_FIELDS = [
  "id",
  "name",
  "description",
  "subject",
  "preheader",
  "document",
  "version",
  "starter_handle",
  "metadata",
]

/** Campaign statuses in which the campaign still needs its template. */
export const TEMPLATE_IN_USE_STATUSES = ["scheduled", "sending", "paused"] as const

/** The contact id test-send links are signed for: no such contact, so a click unsubscribes nobody. */
export const TEST_SEND_CONTACT_ID = "mcon_test_send"

// ---------------------------------------------------------------- helpers

/** JSON with sorted keys: jsonb does not keep key order, so compare documents this way. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v
  )
}

const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? "") === (b ?? "")

function templateLabel(t: { id: string; name?: string | null }): string {
  return t.name ? `"${t.name}" (${t.id})` : t.id
}

async function retrieveTemplates(container: MedusaContainer, ids: string[]): Promise<TemplateRow[]> {
  const service = marketingService(container)
  const unique = [...new Set(ids)]
  const rows = (await service.listTemplates({ id: unique }, { select: TEMPLATE_FIELDS })) as unknown as TemplateRow[]
  const missing = unique.filter((id) => !rows.some((r) => r.id === id))
  if (missing.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Template ${missing.join(", ")} was not found`)
  }
  return rows
}

/** Sample products stand in for the starters' example ids, so previews of a fresh starter show products. */
function sampleProducts(): Record<string, ProductContext> {
  const sample = SAMPLE_RENDER_CONTEXT.products ?? {}
  return Object.fromEntries(EXAMPLE_PRODUCT_IDS.filter((id) => sample[id]).map((id) => [id, sample[id]]))
}

/**
 * The render context a preview or a test send uses, with the matching
 * List-Unsubscribe headers: the contact's own data when `contact_id` is
 * given (404 when there is no such contact), else the sample contact; the
 * real store; the document's real products (sample ones for example ids);
 * sample cart, order and coupon so flow templates show their blocks.
 *
 * `testLinks` signs unsubscribe and preference links for a contact that
 * does not exist: a test email sent to a colleague must never unsubscribe
 * the contact whose data it shows (mailbox providers offer one-click
 * unsubscribe from the List-Unsubscribe header).
 */
export async function loadTemplateRenderContext(
  container: MedusaContainer,
  input: { document: unknown; contact_id?: string | null; store?: StoreContext; testLinks?: boolean }
): Promise<{ context: RenderContext; headers: Record<string, string> }> {
  const service = marketingService(container)
  const options = service.getOptions()
  const store = input.store ?? (await loadStoreContext(container))
  const products = {
    ...sampleProducts(),
    ...(await loadProductContexts(container, productIdsOfDocument(input.document), {
      currency: store.currency,
      storeUrl: store.url,
    })),
  }
  const shared = { store, publicUrl: options.public_url, secret: options.secret, products, campaign: SAMPLE_RENDER_CONTEXT.campaign }
  const extras = {
    coupon_code: SAMPLE_RENDER_CONTEXT.coupon_code,
    cart: SAMPLE_RENDER_CONTEXT.cart,
    order: SAMPLE_RENDER_CONTEXT.order,
  }

  let contactContext: RenderContext["contact"] = SAMPLE_RENDER_CONTEXT.contact
  let row: RecipientRow = { id: SAMPLE_RENDER_CONTEXT.contact.id ?? TEST_SEND_CONTACT_ID, email: SAMPLE_RENDER_CONTEXT.contact.email }
  if (input.contact_id) {
    const [found] = (await service.listContacts(
      { id: input.contact_id },
      { select: [...RECIPIENT_COLUMNS], take: 1 }
    )) as unknown as RecipientRow[]
    if (!found) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Contact ${input.contact_id} was not found`)
    }
    row = found
    contactContext = recipientContext(found, shared).context.contact
  }

  const linkRow = input.testLinks ? { ...row, id: TEST_SEND_CONTACT_ID } : row
  const { context, headers } = recipientContext(linkRow, shared)
  const full: RenderContext = {
    ...context,
    ...extras,
    contact: contactContext,
    view_in_browser_url: input.contact_id ? context.view_in_browser_url : SAMPLE_RENDER_CONTEXT.view_in_browser_url,
  }
  return { context: full, headers }
}

// ---------------------------------------------------------------- validation

export type TemplateContentItem = {
  /** set for an update: missing fields are taken from the stored template */
  id?: string
  document?: unknown
  subject?: string
  preheader?: string | null
}

/**
 * Check documents, subjects and preview texts with the template library
 * (shape, Liquid syntax, unknown variables, unsafe URLs) and hand back each
 * document parsed, with its defaults filled in. Any problem refuses the
 * whole request with INVALID_DATA listing every issue with its path (and
 * line/column in Liquid). An update that changes none of the three is not
 * checked. Reads only: nothing to undo.
 */
export const validateTemplateContentStep = createStep(
  "validate-template-content",
  async (items: TemplateContentItem[], { container }) => {
    const updateIds = items.filter((i) => i.id).map((i) => i.id as string)
    const current = updateIds.length ? await retrieveTemplates(container, updateIds) : []
    const byId = new Map(current.map((t) => [t.id, t]))
    const documents: (Record<string, unknown> | undefined)[] = []
    const problems: string[] = []
    for (const item of items) {
      const stored = item.id ? byId.get(item.id) : undefined
      const touched = item.document !== undefined || item.subject !== undefined || item.preheader !== undefined
      if (stored && !touched) {
        documents.push(undefined)
        continue
      }
      const document = item.document !== undefined ? item.document : stored?.document
      const subject = item.subject !== undefined ? item.subject : (stored?.subject ?? "")
      const preheader = item.preheader !== undefined ? item.preheader : stored?.preheader
      const { doc, issues } = validateTemplate(document, { subject, preheader: preheader ?? undefined })
      if (issues.length) {
        const who = stored ? `Template ${templateLabel(stored)}` : "The template"
        problems.push(`${who} has ${issues.length} problem${issues.length > 1 ? "s" : ""}: ${formatTemplateIssues(issues)}`)
      }
      documents.push(item.document !== undefined ? (doc as Record<string, unknown> | undefined) : undefined)
    }
    if (problems.length) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, problems.join(" | "))
    }
    return new StepResponse(documents)
  }
)

// ---------------------------------------------------------------- create / update / delete

/** Create templates (version 1); undo deletes them. */
export const createTemplatesStep = createStep(
  "create-templates",
  async (input: CreateTemplateInput[], { container }) => {
    const service = marketingService(container)
    const created = (await service.createTemplates(
      input.map((t) => ({
        name: t.name,
        description: t.description ?? null,
        subject: t.subject ?? "",
        preheader: t.preheader ?? null,
        document: t.document as Record<string, unknown>,
        starter_handle: t.starter_handle ?? null,
        metadata: t.metadata ?? null,
        version: 1,
      }))
    )) as unknown as TemplateRow[]
    return new StepResponse(
      created,
      created.map((t) => t.id)
    )
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await marketingService(container).deleteTemplates(ids)
  }
)

/**
 * Update templates. `version` goes up by one when the document, subject or
 * preview text actually changes (a send records the version it used); a
 * rename keeps it. Undo writes the previous values back.
 */
export const updateTemplatesStep = createStep(
  "update-templates",
  async (input: UpdateTemplateInput[], { container }) => {
    const service = marketingService(container)
    const before = await retrieveTemplates(
      container,
      input.map((t) => t.id)
    )
    const byId = new Map(before.map((t) => [t.id, t]))
    const changes = input.map((change) => {
      const current = byId.get(change.id)!
      const contentChanged =
        (change.document !== undefined && canonical(change.document) !== canonical(current.document)) ||
        (change.subject !== undefined && !sameText(change.subject, current.subject)) ||
        (change.preheader !== undefined && !sameText(change.preheader, current.preheader))
      const row: Record<string, unknown> = { id: change.id }
      for (const key of ["name", "description", "subject", "preheader", "document", "starter_handle", "metadata"] as const) {
        if (change[key] !== undefined) {
          row[key] = change[key]
        }
      }
      if (contentChanged) {
        row.version = current.version + 1
      }
      return row
    })
    const updated = (await service.updateTemplates(changes as any)) as unknown as TemplateRow[]
    return new StepResponse(
      updated,
      before.map(({ id, name, description, subject, preheader, document, version, starter_handle, metadata }) => ({
        id,
        name,
        description,
        subject,
        preheader,
        document,
        version,
        starter_handle,
        metadata,
      }))
    )
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    await marketingService(container).updateTemplates(before as any)
  }
)

/**
 * Soft-delete templates no active campaign needs. A template used by a
 * scheduled, sending or paused campaign (as its template or as an A/B
 * variant's) is refused with the campaign's name. Undo restores them.
 */
export const deleteTemplatesStep = createStep(
  "delete-templates",
  async (ids: string[], { container }) => {
    const service = marketingService(container)
    const templates = await retrieveTemplates(container, ids)
    const campaigns = (await service.listMarketingCampaigns(
      { status: [...TEMPLATE_IN_USE_STATUSES] },
      { select: ["id", "name", "status", "template_id", "ab_test"] }
    )) as unknown as {
      id: string
      name: string
      status: string
      template_id: string | null
      ab_test: { variants?: { template_id?: string | null }[] } | null
    }[]
    for (const template of templates) {
      const user = campaigns.find(
        (c) =>
          c.template_id === template.id ||
          (Array.isArray(c.ab_test?.variants) && c.ab_test!.variants.some((v) => v?.template_id === template.id))
      )
      if (user) {
        const what =
          user.status === "scheduled"
            ? "unschedule it or give it another template first"
            : "wait until it has finished or cancel it first"
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Template ${templateLabel(template)} is used by campaign "${user.name}" (${user.id}), which is ${user.status}; ${what}`
        )
      }
    }
    const deleted = templates.map((t) => t.id)
    await service.softDeleteTemplates(deleted)
    return new StepResponse(deleted, deleted)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    await marketingService(container).restoreTemplates(ids)
  }
)

/** One template by id (404 when missing). Reads only. */
export const retrieveTemplateStep = createStep(
  "retrieve-template",
  async (id: string, { container }) => {
    const [template] = await retrieveTemplates(container, [id])
    return new StepResponse(template)
  }
)

// ---------------------------------------------------------------- test send

/**
 * Compile, lint and render a template for a test send: with a contact's
 * data or the sample contact, the real store and products, subject
 * prefixed "[Test] ". A template that would not compile or whose lint has
 * errors (no unsubscribe link, no postal address) is refused with every
 * problem listed. Reads only: nothing to undo.
 */
export const prepareTemplateTestStep = createStep(
  "prepare-template-test",
  async (input: SendTemplateTestInput, { container }) => {
    const [template] = await retrieveTemplates(container, [input.id])
    const store = await loadStoreContext(container)
    const opts = { subject: template.subject ?? "", preheader: template.preheader ?? undefined }
    let compiled: CompiledTemplate
    try {
      compiled = await compileTemplate(template.document, opts)
    } catch (e) {
      if (e instanceof TemplateError) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `Template ${templateLabel(template)} cannot be sent until these are fixed: ${formatTemplateIssues(e.issues)}`
        )
      }
      throw e
    }
    const lint = lintTemplate({ ...opts, doc: template.document, html: compiled.html, footerAddress: store.address })
    if (!lint.ok) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Template ${templateLabel(template)} cannot be sent until these are fixed: ${formatTemplateIssues(lint.errors)}`
      )
    }
    const { context, headers } = await loadTemplateRenderContext(container, {
      document: template.document,
      contact_id: input.contact_id,
      store,
      testLinks: true,
    })
    let rendered: ReturnType<typeof renderForRecipient>
    try {
      rendered = renderForRecipient(compiled, context)
    } catch (e) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Template ${templateLabel(template)} could not be rendered: ${String((e as Error)?.message ?? e).split("\n")[0]}`
      )
    }
    const messages: TemplateTestMessage[] = [...new Set(input.emails)].map((to) => ({
      to,
      subject: `[Test] ${rendered.subject}`,
      html: rendered.html,
      text: rendered.text,
      headers,
    }))
    return new StepResponse({ template_id: template.id, messages })
  }
)

/**
 * Hand test emails to the Notification Module on the marketing channel.
 * Each address is tried once; the answer counts what went out and lists
 * what did not. When nothing could be sent the step fails with the
 * provider's reason. An email cannot be unsent: nothing to undo.
 */
export const sendTemplateTestStep = createStep(
  "send-template-test",
  async (input: { template_id: string; messages: TemplateTestMessage[] }, { container }) => {
    const options = marketingService(container).getOptions()
    const notifications = container.resolve<INotificationModuleService>(Modules.NOTIFICATION)
    const batch = randomUUID()
    const results = await Promise.allSettled(
      input.messages.map((m, i) =>
        notifications.createNotifications({
          to: m.to,
          from: m.from || options.from,
          channel: options.channel,
          content: { subject: m.subject, html: m.html, text: m.text },
          provider_data: m.reply_to ? { headers: m.headers, reply_to: m.reply_to } : { headers: m.headers },
          data: { template_id: input.template_id, test: true },
          trigger_type: "marketing.template.test",
          resource_type: "marketing_template",
          resource_id: input.template_id,
          idempotency_key: `mkt-test-${input.template_id}-${batch}-${i}`,
        })
      )
    )
    const failed = results.flatMap((r, i) =>
      r.status === "rejected"
        ? [{ email: input.messages[i].to, error: String((r.reason as Error)?.message ?? r.reason).split("\n").pop()! }]
        : []
    )
    if (failed.length) {
      const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
      for (const f of failed) {
        logger.warn(`Test email of template ${input.template_id} to ${maskEmail(f.email)} failed: ${f.error}`)
      }
    }
    const sent = input.messages.length - failed.length
    if (!sent && failed.length) {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `The test email could not be sent: ${failed[0].error}. Check the email provider of the "${options.channel}" channel.`
      )
    }
    return new StepResponse({ sent, failed })
  }
)
