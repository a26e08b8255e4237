/**
 * The template document: what the admin's block editor saves (and the AI
 * drafts). A zod schema, so the API validates with it and the AI gets
 * `z.toJSONSchema(templateDocumentSchema)`; `parseTemplateDocument` turns its
 * errors into issues that name the path (`blocks[3].href`).
 *
 *   { version: 1, settings: {...}, blocks: [{ id, type: "heading", text }, ...] }
 *   { version: 1, mode: "mjml", mjml: "<mjml>...</mjml>" }
 *   { version: 1, mode: "html", html: "<html>...</html>" }
 *
 * Text fields may hold Liquid (`Hi {{ contact.first_name | default: "there" }}`);
 * URLs must be http(s), mailto: or start with a Liquid output.
 */
import { z } from "zod"
import { TemplateIssue } from "./issues"
import { checkTemplateUrl } from "./markup"

// ---------------------------------------------------------------- limits

export const TEMPLATE_LIMITS = {
  maxBlocks: 100,
  maxTextLength: 20_000,
  maxRawLength: 500_000,
  maxProductsPerBlock: 12,
  maxSocialLinks: 10,
  maxUrlLength: 2048,
} as const

// ---------------------------------------------------------------- field schemas

const hasNoNul = (s: string) => !s.includes("\u0000")

/** zod error: "is required" when the value is missing, else `message`. */
function typeError(message: string) {
  return (iss: { input?: unknown }) => (iss.input === undefined ? "is required" : message)
}

/** A string that may hold Liquid. */
function liquidText(max: number, min = 0) {
  let s = z.string({ error: typeError("must be a string") }).max(max, { error: `must be at most ${max} characters` })
  if (min) {
    s = s.min(min, { error: "must not be empty" })
  }
  return s.refine(hasNoNul, { error: "must not contain NUL characters" })
}

/** An href/src: http(s), mailto: or a Liquid output such as `{{ unsubscribe_url }}`. */
export const templateUrlSchema = z
  .string({ error: typeError("must be a URL") })
  .max(TEMPLATE_LIMITS.maxUrlLength, { error: `must be at most ${TEMPLATE_LIMITS.maxUrlLength} characters` })
  .superRefine((value, ctx) => {
    const check = checkTemplateUrl(value)
    if (!check.ok) {
      ctx.addIssue({ code: "custom", message: check.message, params: { code: "unsafe_url" } })
    }
  })

const COLOR_MESSAGE = 'must be a hex color such as "#1f2937"'
export const colorSchema = z
  .string({ error: COLOR_MESSAGE })
  .regex(/^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/, { error: COLOR_MESSAGE })

// no quotes: CSS accepts unquoted multi-word family names, and mjml's CSS inliner chokes on quoted ones
const FONT_MESSAGE = "must be a font stack of names separated by commas (letters, digits, spaces and -, no quotes)"
export const fontFamilySchema = z
  .string({ error: FONT_MESSAGE })
  .max(200, { error: "must be at most 200 characters" })
  .regex(/^[A-Za-z0-9 ,-]+$/, { error: FONT_MESSAGE })

function int(min: number, max: number) {
  const msg = `must be a whole number from ${min} to ${max}`
  return z.int({ error: typeError(msg) }).min(min, { error: msg }).max(max, { error: msg })
}

export const ALIGNMENTS = ["left", "center", "right"] as const
const align = z.enum(ALIGNMENTS, { error: `must be one of ${ALIGNMENTS.join(", ")}` })

export const blockIdSchema = z
  .string({ error: typeError("must be a string id") })
  .regex(/^[A-Za-z0-9_-]{1,64}$/, { error: "must be 1-64 letters, digits, - or _" })

export const productIdSchema = z
  .string({ error: typeError("must be a product id") })
  .regex(/^[A-Za-z0-9_-]{1,128}$/, { error: "must be a product id such as prod_01H..." })

// ---------------------------------------------------------------- settings

export const DEFAULT_FONT_FAMILY = "-apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica Neue, Helvetica, Arial, sans-serif"

/** The look shared by every block; defaults are a neutral modern palette. */
export const templateSettingsSchema = z.object({
  /** content width in px */
  width: int(480, 800).default(600),
  /** page background around the content */
  background_color: colorSchema.default("#f4f4f5"),
  content_background: colorSchema.default("#ffffff"),
  font_family: fontFamilySchema.default(DEFAULT_FONT_FAMILY),
  heading_font_family: fontFamilySchema.optional(),
  /** base body text size in px */
  font_size: int(12, 22).default(16),
  text_color: colorSchema.default("#3f3f46"),
  heading_color: colorSchema.default("#18181b"),
  /** footer and fine print */
  muted_color: colorSchema.default("#71717a"),
  link_color: colorSchema.default("#4f46e5"),
  button_color: colorSchema.default("#18181b"),
  button_text_color: colorSchema.default("#ffffff"),
  /** coupon frame, prices */
  accent_color: colorSchema.default("#4f46e5"),
  border_color: colorSchema.default("#e4e4e7"),
  /** px, buttons and cards */
  border_radius: int(0, 32).default(8),
})

export type TemplateSettings = z.output<typeof templateSettingsSchema>
export type TemplateSettingsInput = z.input<typeof templateSettingsSchema>

// ---------------------------------------------------------------- blocks

const base = { id: blockIdSchema }

export const headerBlockSchema = z.object({
  ...base,
  type: z.literal("header"),
  /** without a logo the store name is shown as text */
  logo_url: templateUrlSchema.optional(),
  logo_alt: liquidText(200).default("{{ store.name }}"),
  /** px */
  logo_width: int(40, 400).default(140),
  link: templateUrlSchema.default("{{ store.url }}"),
  store_name: liquidText(200).default("{{ store.name }}"),
  align: align.default("center"),
  /** a small "View in browser" link above the logo */
  show_view_in_browser: z.boolean({ error: "must be true or false" }).default(false),
  view_in_browser_text: liquidText(60, 1).default("View in browser"),
})

export const headingBlockSchema = z.object({
  ...base,
  type: z.literal("heading"),
  text: liquidText(300, 1),
  level: z.union([z.literal(1), z.literal(2), z.literal(3)], { error: "must be 1, 2 or 3" }).default(1),
  align: align.default("left"),
  color: colorSchema.optional(),
})

export const textBlockSchema = z.object({
  ...base,
  type: z.literal("text"),
  /** rich text: p, br, strong/b, em/i, u, s, a[href], ul/ol/li; everything else is removed */
  content: liquidText(TEMPLATE_LIMITS.maxTextLength, 1),
  align: align.default("left"),
  font_size: int(12, 24).optional(),
  color: colorSchema.optional(),
})

export const imageBlockSchema = z.object({
  ...base,
  type: z.literal("image"),
  src: templateUrlSchema,
  /** describes the image for screen readers and when images are off (lint warns when empty) */
  alt: liquidText(300).default(""),
  href: templateUrlSchema.optional(),
  /** px; default: the full content width */
  width: int(40, 800).optional(),
  align: align.default("center"),
  /** edge to edge, no side padding */
  full_bleed: z.boolean({ error: "must be true or false" }).default(false),
})

export const buttonBlockSchema = z.object({
  ...base,
  type: z.literal("button"),
  label: liquidText(120, 1),
  href: templateUrlSchema,
  background_color: colorSchema.optional(),
  text_color: colorSchema.optional(),
  align: align.default("center"),
  full_width: z.boolean({ error: "must be true or false" }).default(false),
})

export const PRODUCT_LAYOUTS = ["card", "grid"] as const

export const productBlockSchema = z.object({
  ...base,
  type: z.literal("product"),
  /** products are loaded by the sender into the render context's `products` by id */
  product_ids: z
    .array(productIdSchema, { error: "must be a list of product ids" })
    .min(1, { error: "must list at least one product" })
    .max(TEMPLATE_LIMITS.maxProductsPerBlock, {
      error: `must list at most ${TEMPLATE_LIMITS.maxProductsPerBlock} products`,
    }),
  /** card: one product per row, image beside the text; grid: columns of products */
  layout: z.enum(PRODUCT_LAYOUTS, { error: "must be card or grid" }).default("grid"),
  columns: z.union([z.literal(2), z.literal(3)], { error: "must be 2 or 3" }).default(2),
  show_price: z.boolean({ error: "must be true or false" }).default(true),
  show_description: z.boolean({ error: "must be true or false" }).default(false),
  /** empty: no button */
  button_label: liquidText(60).default("Shop now"),
})

export const couponBlockSchema = z.object({
  ...base,
  type: z.literal("coupon"),
  code: liquidText(100, 1).default("{{ coupon_code }}"),
  caption: liquidText(300).optional(),
  /** fine print: expiry, conditions */
  note: liquidText(300).optional(),
  accent_color: colorSchema.optional(),
})

export const dividerBlockSchema = z.object({
  ...base,
  type: z.literal("divider"),
  color: colorSchema.optional(),
  thickness: int(1, 8).default(1),
  width_percent: int(10, 100).default(100),
})

export const spacerBlockSchema = z.object({
  ...base,
  type: z.literal("spacer"),
  height: int(4, 200).default(24),
})

export const SOCIAL_NETWORKS = [
  "facebook",
  "instagram",
  "x",
  "linkedin",
  "pinterest",
  "youtube",
  "snapchat",
  "tumblr",
  "vimeo",
  "github",
  "website",
] as const
export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number]

export const socialBlockSchema = z.object({
  ...base,
  type: z.literal("social"),
  links: z
    .array(
      z.object({
        network: z.enum(SOCIAL_NETWORKS, { error: `must be one of ${SOCIAL_NETWORKS.join(", ")}` }),
        url: templateUrlSchema,
      }),
      { error: "must be a list of links" }
    )
    .min(1, { error: "must list at least one link" })
    .max(TEMPLATE_LIMITS.maxSocialLinks, { error: `must list at most ${TEMPLATE_LIMITS.maxSocialLinks} links` }),
  align: align.default("center"),
  icon_size: int(16, 48).default(28),
})

export const footerBlockSchema = z.object({
  ...base,
  type: z.literal("footer"),
  /** the postal address anti-spam law requires; default: the store's footer setting */
  address: liquidText(500).default("{{ store.address }}"),
  /** why the recipient gets this email */
  text: liquidText(1000).optional(),
  unsubscribe_text: liquidText(60, 1).default("Unsubscribe"),
  /** empty: no preference centre link */
  preferences_text: liquidText(60).default("Manage preferences"),
  show_view_in_browser: z.boolean({ error: "must be true or false" }).default(false),
  view_in_browser_text: liquidText(60, 1).default("View in browser"),
  align: align.default("center"),
})

export const lineItemsBlockSchema = z.object({
  ...base,
  type: z.literal("line_items"),
  /** cart: the abandoned cart's items (`cart.items`); order: the order's (`order.items`) */
  source: z.enum(["cart", "order"], { error: "must be cart or order" }),
  show_images: z.boolean({ error: "must be true or false" }).default(true),
  /** empty: no total row */
  total_label: liquidText(60).default("Total"),
  quantity_label: liquidText(30, 1).default("Qty"),
})

const BLOCK_SCHEMAS = [
  headerBlockSchema,
  headingBlockSchema,
  textBlockSchema,
  imageBlockSchema,
  buttonBlockSchema,
  productBlockSchema,
  couponBlockSchema,
  dividerBlockSchema,
  spacerBlockSchema,
  socialBlockSchema,
  footerBlockSchema,
  lineItemsBlockSchema,
] as const

export const BLOCK_TYPES = [
  "header",
  "heading",
  "text",
  "image",
  "button",
  "product",
  "coupon",
  "divider",
  "spacer",
  "social",
  "footer",
  "line_items",
] as const

export const blockSchema = z.discriminatedUnion("type", BLOCK_SCHEMAS, {
  error: (iss) =>
    iss.code === "invalid_union" ? `type must be one of ${BLOCK_TYPES.join(", ")}` : undefined,
})

export type Block = z.output<typeof blockSchema>
export type BlockInput = z.input<typeof blockSchema>
export type BlockType = Block["type"]
export type BlockOf<T extends BlockType> = Extract<Block, { type: T }>

// ---------------------------------------------------------------- documents

export const blocksDocumentSchema = z
  .object({
    version: z.literal(1, { error: "must be 1" }),
    mode: z.literal("blocks").default("blocks"),
    settings: templateSettingsSchema.default(templateSettingsSchema.parse({})),
    blocks: z
      .array(blockSchema, { error: "must be a list of blocks" })
      .max(TEMPLATE_LIMITS.maxBlocks, { error: `must hold at most ${TEMPLATE_LIMITS.maxBlocks} blocks` }),
  })
  .superRefine((doc, ctx) => {
    const seen = new Map<string, number>()
    doc.blocks.forEach((b, i) => {
      const first = seen.get(b.id)
      if (first !== undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["blocks", i, "id"],
          message: `duplicates the id of blocks[${first}]`,
        })
      } else {
        seen.set(b.id, i)
      }
    })
  })

export const mjmlDocumentSchema = z.object({
  version: z.literal(1, { error: "must be 1" }),
  mode: z.literal("mjml"),
  mjml: liquidText(TEMPLATE_LIMITS.maxRawLength, 1),
})

export const htmlDocumentSchema = z.object({
  version: z.literal(1, { error: "must be 1" }),
  mode: z.literal("html"),
  html: liquidText(TEMPLATE_LIMITS.maxRawLength, 1),
})

/** Any template document; a missing `mode` means "blocks". */
export const templateDocumentSchema = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("mode" in v) ? { ...v, mode: "blocks" } : v),
  z.discriminatedUnion("mode", [blocksDocumentSchema, mjmlDocumentSchema, htmlDocumentSchema], {
    error: (iss) => (iss.code === "invalid_union" ? "mode must be blocks, mjml or html" : undefined),
  })
)

export type BlocksDocument = z.output<typeof blocksDocumentSchema>
export type BlocksDocumentInput = z.input<typeof blocksDocumentSchema>
export type MjmlDocument = z.output<typeof mjmlDocumentSchema>
export type HtmlDocument = z.output<typeof htmlDocumentSchema>
export type TemplateDocument = BlocksDocument | MjmlDocument | HtmlDocument
export type TemplateDocumentInput =
  | (Omit<BlocksDocumentInput, "mode"> & { mode?: "blocks" })
  | MjmlDocument
  | HtmlDocument

export type ParseDocumentResult =
  | { success: true; data: TemplateDocument }
  | { success: false; issues: TemplateIssue[] }

/**
 * Validate a template document (shape, colors, ids, URLs) and fill in the
 * defaults. Issues name the path: `blocks[3].href`, `settings.button_color`.
 * Liquid syntax and variables are checked by validateTemplate.
 */
export function parseTemplateDocument(input: unknown): ParseDocumentResult {
  const r = templateDocumentSchema.safeParse(input)
  if (r.success) {
    return { success: true, data: r.data as TemplateDocument }
  }
  return { success: false, issues: r.error.issues.slice(0, 50).map(zodIssueToTemplateIssue) }
}

/** `["blocks", 3, "href"]` -> `blocks[3].href` */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = ""
  for (const seg of path) {
    if (typeof seg === "number") {
      out += `[${seg}]`
    } else {
      out += out ? `.${String(seg)}` : String(seg)
    }
  }
  return out || "document"
}

function zodIssueToTemplateIssue(issue: z.core.$ZodIssue): TemplateIssue {
  const path = formatPath(issue.path)
  const params = (issue as { params?: { code?: string } }).params
  let message = issue.message
  const generic = /^Invalid input: expected (\w+), received (\w+)/.exec(message)
  if (issue.code === "invalid_type" && generic) {
    message =
      generic[2] === "undefined" ? "is required" : `must be a${/^[aeiou]/.test(generic[1]) ? "n" : ""} ${generic[1]}`
  } else if (issue.code === "unrecognized_keys") {
    message = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.join(", ")}`
  }
  return { code: params?.code === "unsafe_url" ? "unsafe_url" : "invalid_document", path, message }
}

/** True when a parsed document is made of blocks. */
export function isBlocksDocument(doc: TemplateDocument): doc is BlocksDocument {
  return doc.mode === "blocks"
}

/**
 * The fields of each block that may hold Liquid (and are checked for syntax
 * and unknown variables); `links[].url` stands for every social link.
 */
export const LIQUID_FIELDS: { readonly [T in BlockType]: readonly string[] } = {
  header: ["logo_url", "logo_alt", "link", "store_name", "view_in_browser_text"],
  heading: ["text"],
  text: ["content"],
  image: ["src", "alt", "href"],
  button: ["label", "href"],
  product: ["button_label"],
  coupon: ["code", "caption", "note"],
  divider: [],
  spacer: [],
  social: ["links[].url"],
  footer: ["address", "text", "unsubscribe_text", "preferences_text", "view_in_browser_text"],
  line_items: ["total_label", "quantity_label"],
}

/** Every Liquid-capable field of a blocks document with its path: `[["blocks[2].content", "<p>Hi ...</p>"], ...]`. */
export function liquidFieldsOf(doc: BlocksDocument): [path: string, value: string][] {
  const out: [string, string][] = []
  doc.blocks.forEach((block, i) => {
    for (const field of LIQUID_FIELDS[block.type]) {
      if (field.endsWith("[].url")) {
        const list = (block as Record<string, unknown>)[field.slice(0, -"[].url".length)] as { url: string }[]
        list.forEach((item, j) => out.push([`blocks[${i}].${field.slice(0, -"[].url".length)}[${j}].url`, item.url]))
        continue
      }
      const value = (block as Record<string, unknown>)[field]
      if (typeof value === "string" && value) {
        out.push([`blocks[${i}].${field}`, value])
      }
    }
  })
  return out
}
