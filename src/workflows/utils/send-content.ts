import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError } from "@medusajs/framework/utils"
import type { RecipientShared } from "../../lib/campaigns"
import {
  compileTemplate,
  lintTemplate,
  productIdsOfDocument,
  TemplateError,
  formatTemplateIssues,
  type CompiledTemplate,
  type ProductContext,
  type StoreContext,
  type TemplateIssue,
} from "../../lib/templates"
import { decodeEntities, instrumentHtml, type TrackedLink } from "../../lib/tracking"
import { renderLiquid } from "../../lib/templates"
import { marketingService } from "../steps/subscription-shared"
import { loadProductContexts } from "./product-context"
import { loadStoreContext } from "./store-context"

/** One variant of a campaign as it is sent (variant 0 when there is no A/B test). */
export type FrozenVariant = {
  subject: string
  preheader: string | null
  from_name: string | null
  from_email: string
  reply_to: string | null
  template_id: string
  template_version: number
  /** html with tracked links and the open pixel as placeholders (filled per message) */
  compiled: CompiledTemplate
  /** the links tracked in this variant, numbered across the campaign's variants */
  links: TrackedLink[]
}

/**
 * What a sending campaign renders from, written into mkt_campaign.content
 * when the send starts: compiled templates, the store and the products as
 * they were then. Workers render from this alone (no mjml, no Query).
 */
export type FrozenContent = {
  version: 1
  variants: FrozenVariant[]
  store: StoreContext
  products: Record<string, ProductContext>
  topic_handle: string | null
  campaign_name: string
}

export type SendContent = {
  variants: FrozenVariant[]
  shared: RecipientShared
  /** messages per second for this campaign, 0 = unlimited */
  send_rate: number
}

export type CampaignForContent = {
  id: string
  name: string
  subject: string
  preheader: string | null
  from_name: string | null
  from_email: string | null
  reply_to: string | null
  template_id: string | null
  topic_id: string | null
  ab_test: { variants?: { subject?: string; preheader?: string; from_name?: string; template_id?: string }[] } | null
}

export type ContentProblem = { code: string; message: string; path?: string }

/** Default sender address from the module's `from` option ("Store <a@b.c>" -> a@b.c). */
function defaultFrom(from: string): { name: string | null; email: string } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from)
  return m ? { name: m[1].trim() || null, email: m[2].trim() } : { name: null, email: from.trim() }
}

/**
 * Compile and lint every variant of a campaign. Returns the frozen content
 * and the problems that block a send (with paths such as
 * `variants[1].template: ...`) plus warnings.
 */
export async function prepareCampaignContent(
  container: MedusaContainer,
  campaign: CampaignForContent
): Promise<{ content: FrozenContent | null; errors: ContentProblem[]; warnings: ContentProblem[] }> {
  const service = marketingService(container)
  const options = service.getOptions()
  const errors: ContentProblem[] = []
  const warnings: ContentProblem[] = []
  const base = defaultFrom(options.from)
  const specs = campaign.ab_test?.variants?.length ? campaign.ab_test.variants : [{}]
  const templateIds = [...new Set(specs.map((v) => v.template_id || campaign.template_id).filter(Boolean) as string[])]
  if (!templateIds.length) {
    errors.push({ code: "no_template", message: "Pick a template for the campaign", path: "template_id" })
    return { content: null, errors, warnings }
  }
  const templates = await service.listTemplates({ id: templateIds })
  const byId = new Map(templates.map((t: any) => [t.id, t]))
  if (!options.postal_address) {
    errors.push({
      code: "no_postal_address",
      message: "Set the store's postal address (MARKETING_POSTAL_ADDRESS): the law requires it in every marketing email",
    })
  }
  const store = await loadStoreContext(container)
  const variants: FrozenVariant[] = []
  const productIds = new Set<string>()
  for (const [i, spec] of specs.entries()) {
    const where = specs.length > 1 ? `variants[${i}].` : ""
    const templateId = spec.template_id || campaign.template_id
    const template = templateId ? byId.get(templateId) : undefined
    if (!template) {
      errors.push({ code: "no_template", message: `Template ${templateId ?? "(none)"} was not found`, path: `${where}template_id` })
      continue
    }
    const subject = (spec.subject ?? campaign.subject ?? "").trim() || template.subject
    const preheader = spec.preheader ?? campaign.preheader ?? template.preheader ?? null
    if (!subject?.trim()) {
      errors.push({ code: "no_subject", message: "Write a subject line", path: `${where}subject` })
      continue
    }
    let compiled: CompiledTemplate
    try {
      compiled = await compileTemplate(template.document, { subject, preheader: preheader ?? undefined })
    } catch (e) {
      if (e instanceof TemplateError) {
        errors.push(...e.issues.map((x: TemplateIssue) => ({ code: x.code, message: formatTemplateIssues([x]), path: `${where}template` })))
        continue
      }
      throw e
    }
    const lint = lintTemplate({
      doc: template.document,
      html: compiled.html,
      subject,
      preheader: preheader ?? undefined,
      footerAddress: options.postal_address || null,
    })
    errors.push(...lint.errors.map((x) => ({ code: x.code, message: formatTemplateIssues([x]), path: `${where}template` })))
    warnings.push(...lint.warnings.map((x) => ({ code: x.code, message: formatTemplateIssues([x]), path: `${where}template` })))
    productIdsOfDocument(template.document).forEach((id) => productIds.add(id))
    variants.push({
      subject,
      preheader,
      from_name: spec.from_name ?? campaign.from_name ?? base.name,
      from_email: campaign.from_email || base.email,
      reply_to: campaign.reply_to,
      template_id: template.id,
      template_version: template.version,
      compiled,
      links: [],
    })
  }
  if (errors.length) {
    return { content: null, errors, warnings }
  }
  const products = productIds.size
    ? await loadProductContexts(container, [...productIds], { currency: store.currency, storeUrl: store.url })
    : {}
  instrumentVariants(variants, { campaign, store, products, options })
  let topicHandle: string | null = null
  if (campaign.topic_id) {
    const [topic] = await service.listTopics({ id: campaign.topic_id }, { select: ["handle"] })
    topicHandle = topic?.handle ?? null
  }
  return {
    content: { version: 1, variants, store, products, topic_handle: topicHandle, campaign_name: campaign.name },
    errors,
    warnings,
  }
}

/** Liquid roots an href may use and still be the same URL for every recipient. */
const SHARED_ROOTS = new Set(["store", "products", "campaign"])

const hostOf = (url: string) => {
  try {
    return new URL(url).host.toLowerCase()
  } catch {
    return null
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 80) || "campaign"

/**
 * Rewrite each variant's trackable links into click placeholders (numbered
 * across variants, so a position names one link of the campaign) and add
 * the open pixel. An href with Liquid is tracked when it only reads shared
 * data (store, products, campaign): it is resolved now, with the frozen
 * products. Per-recipient links (unsubscribe, preferences, contact fields,
 * loop variables) stay as they are. Store links get UTM parameters.
 */
function instrumentVariants(
  variants: FrozenVariant[],
  ctx: {
    campaign: CampaignForContent
    store: StoreContext
    products: Record<string, ProductContext>
    options: { store_url: string; utm_enabled: boolean; utm_source: string; utm_medium: string }
  }
) {
  const scope = { store: ctx.store, products: ctx.products, campaign: { name: ctx.campaign.name } }
  const resolveLiquid = (href: string): string | null => {
    if (href.includes("{%")) {
      return null
    }
    const roots = [...href.matchAll(/\{\{-?\s*([A-Za-z_][\w]*)/g)].map((m) => m[1])
    if (!roots.length || roots.some((r) => !SHARED_ROOTS.has(r))) {
      return null
    }
    try {
      const out = decodeEntities(renderLiquid(href, scope as never, { html: true })).trim()
      return out || null
    } catch {
      return null
    }
  }
  const renderLabel = (label: string): string | null => {
    const shared = label.replace(/\{\{-?\s*([A-Za-z_][\w]*)[^}]*\}\}/g, (m, root) => (SHARED_ROOTS.has(root) ? m : ""))
    try {
      const out = decodeEntities(renderLiquid(shared.replace(/\{%[^%]*%\}/g, ""), scope as never, { html: true }))
        .replace(/\s+/g, " ")
        .trim()
      return out || null
    } catch {
      return label.replace(/\{\{[^}]*\}\}|\{%[^%]*%\}/g, "").replace(/\s+/g, " ").trim() || null
    }
  }
  const utmHosts = [hostOf(ctx.options.store_url), hostOf(ctx.store.url ?? "")].filter((h): h is string => !!h)
  let next = 0
  for (const [i, v] of variants.entries()) {
    const utm = ctx.options.utm_enabled
      ? {
          source: ctx.options.utm_source,
          medium: ctx.options.utm_medium,
          campaign: slug(ctx.campaign.name),
          content: variants.length > 1 ? `variant-${String.fromCharCode(97 + i)}` : undefined,
        }
      : null
    const out = instrumentHtml(v.compiled.html, { startPosition: next, resolveLiquid, utmHosts, utm, text: v.compiled.text_template })
    v.compiled = { ...v.compiled, html: out.html, text_template: out.text ?? v.compiled.text_template }
    // labels are the link's text for the link map: Liquid in them is shown
    // as the shared data renders it, and per-recipient parts are dropped
    v.links = out.links.map((l) => ({ ...l, label: l.label?.includes("{") ? renderLabel(l.label) : l.label }))
    next += out.links.length
  }
}

/** Per-process cache of sending campaigns' content: parsed once, rendered many times. */
const cache = new Map<string, SendContent>()
const CACHE_SIZE = 32

/** The frozen content of a sending campaign, ready for renderForRecipient. */
export async function loadSendContent(container: MedusaContainer, campaignId: string): Promise<SendContent> {
  const hit = cache.get(campaignId)
  if (hit) {
    return hit
  }
  const service = marketingService(container)
  const options = service.getOptions()
  const campaign = await service.retrieveMarketingCampaign(campaignId, { select: ["id", "content", "send_rate"] })
  const content = campaign.content as unknown as FrozenContent | null
  if (!content?.variants?.length) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Campaign ${campaignId} has no frozen content; start it first`)
  }
  const loaded: SendContent = {
    variants: content.variants,
    shared: {
      store: content.store,
      publicUrl: options.public_url,
      trackingUrl: options.tracking_url,
      secret: options.secret,
      topicHandle: content.topic_handle,
      campaign: { name: content.campaign_name },
      products: content.products,
    },
    send_rate: campaign.send_rate ?? options.send_rate ?? 0,
  }
  if (cache.size >= CACHE_SIZE) {
    cache.delete(cache.keys().next().value as string)
  }
  cache.set(campaignId, loaded)
  return loaded
}
