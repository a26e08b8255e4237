import {
  Adjustments,
  Button as ButtonIcon,
  Envelope,
  Gap,
  Minus,
  Photo,
  Receipt,
  ReceiptPercent,
  Share,
  ShoppingBag,
  Text as TextIcon,
  Typography,
} from "@medusajs/icons"
import type { ComponentType } from "react"
import type {
  Block,
  BlockType,
  EditorBlocksDocument,
  EditorDocument,
  TemplateIssue,
  TemplateSettings,
} from "../hooks/templates"

/**
 * What the editor knows about blocks without importing the template library
 * (zod, liquidjs and mjml stay on the server): labels, defaults for a new
 * block, a one-line summary, the document defaults. Kept in line with
 * src/lib/templates/blocks.ts.
 */

type IconType = ComponentType<{ className?: string }>

export const BLOCK_META: Record<BlockType, { label: string; description: string; icon: IconType }> = {
  header: { label: "Header", description: "Logo or store name, with a link to the store", icon: Envelope },
  heading: { label: "Heading", description: "A title or section heading", icon: Typography },
  text: { label: "Text", description: "Paragraphs, lists and links", icon: TextIcon },
  image: { label: "Image", description: "A picture, optionally linked", icon: Photo },
  button: { label: "Button", description: "A call to action", icon: ButtonIcon },
  product: { label: "Products", description: "Products from your store with price and link", icon: ShoppingBag },
  coupon: { label: "Coupon", description: "A discount code in a frame", icon: ReceiptPercent },
  divider: { label: "Divider", description: "A horizontal line", icon: Minus },
  spacer: { label: "Spacer", description: "Empty vertical space", icon: Gap },
  social: { label: "Social links", description: "Icons linking to your profiles", icon: Share },
  footer: { label: "Footer", description: "Address, unsubscribe and preferences links", icon: Adjustments },
  line_items: { label: "Cart / order items", description: "The items of an abandoned cart or an order", icon: Receipt },
}

/** The add-block menu's order: the types of src/lib/templates/blocks.ts BLOCK_TYPES. */
export const BLOCK_TYPE_ORDER: BlockType[] = [
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
]

/** Product ids the starters use for "pick your products" (EXAMPLE_PRODUCT_IDS). */
export const isExampleProductId = (id: string) => id.startsWith("prod_example_")

export const DEFAULT_FONT_FAMILY =
  "-apple-system, BlinkMacSystemFont, Segoe UI, Roboto, Helvetica Neue, Helvetica, Arial, sans-serif"

export const SETTINGS_DEFAULTS: TemplateSettings = {
  width: 600,
  background_color: "#f4f4f5",
  content_background: "#ffffff",
  font_family: DEFAULT_FONT_FAMILY,
  font_size: 16,
  text_color: "#3f3f46",
  heading_color: "#18181b",
  muted_color: "#71717a",
  link_color: "#4f46e5",
  button_color: "#18181b",
  button_text_color: "#ffffff",
  accent_color: "#4f46e5",
  border_color: "#e4e4e7",
  border_radius: 8,
}

/** Font stacks safe in email clients (no quotes: the schema refuses them). */
export const FONT_OPTIONS: { label: string; value: string }[] = [
  { label: "System sans-serif", value: DEFAULT_FONT_FAMILY },
  { label: "Helvetica / Arial", value: "Helvetica Neue, Helvetica, Arial, sans-serif" },
  { label: "Georgia", value: "Georgia, Times New Roman, Times, serif" },
  { label: "Times", value: "Times New Roman, Times, serif" },
  { label: "Verdana", value: "Verdana, Geneva, sans-serif" },
  { label: "Trebuchet", value: "Trebuchet MS, Helvetica, sans-serif" },
  { label: "Courier", value: "Courier New, Courier, monospace" },
]

const randomSuffix = () => Math.random().toString(36).slice(2, 8)

/** A block id unique in the document: `text-k3x9qa`. */
export function newBlockId(type: BlockType, taken: Iterable<string>): string {
  const used = new Set(taken)
  for (;;) {
    const id = `${type.replace(/_/g, "-")}-${randomSuffix()}`
    if (!used.has(id)) {
      return id
    }
  }
}

/** A new block of `type` with the schema's defaults and content that previews well. */
export function newBlock(type: BlockType, taken: Iterable<string>): Block {
  const id = newBlockId(type, taken)
  switch (type) {
    case "header":
      return {
        id,
        type,
        logo_alt: "{{ store.name }}",
        logo_width: 140,
        link: "{{ store.url }}",
        store_name: "{{ store.name }}",
        align: "center",
        show_view_in_browser: false,
        view_in_browser_text: "View in browser",
      }
    case "heading":
      return { id, type, text: "A new heading", level: 2, align: "left" }
    case "text":
      return { id, type, content: "<p>Write your message here.</p>", align: "left" }
    case "image":
      return {
        id,
        type,
        src: "https://placehold.co/1200x600/png",
        alt: "",
        align: "center",
        full_bleed: false,
      }
    case "button":
      return { id, type, label: "Shop now", href: "{{ store.url }}", align: "center", full_width: false }
    case "product":
      return {
        id,
        type,
        product_ids: ["prod_example_1", "prod_example_2"],
        layout: "grid",
        columns: 2,
        show_price: true,
        show_description: false,
        button_label: "Shop now",
      }
    case "coupon":
      return { id, type, code: "{{ coupon_code }}", caption: "Your code", note: "" }
    case "divider":
      return { id, type, thickness: 1, width_percent: 100 }
    case "spacer":
      return { id, type, height: 24 }
    case "social":
      return {
        id,
        type,
        links: [
          { network: "instagram", url: "https://instagram.com/" },
          { network: "facebook", url: "https://facebook.com/" },
        ],
        align: "center",
        icon_size: 28,
      }
    case "footer":
      return {
        id,
        type,
        address: "{{ store.address }}",
        text: "You're receiving this email because you subscribed to news from {{ store.name }}.",
        unsubscribe_text: "Unsubscribe",
        preferences_text: "Manage preferences",
        show_view_in_browser: false,
        view_in_browser_text: "View in browser",
        align: "center",
      }
    case "line_items":
      return { id, type, source: "cart", show_images: true, total_label: "Total", quantity_label: "Qty" }
  }
}

/** A copy of a block with a fresh id. */
export const duplicateBlock = (block: Block, taken: Iterable<string>): Block =>
  ({ ...structuredClone(block), id: newBlockId(block.type, taken) }) as Block

const stripTags = (html: string) =>
  html
    .replace(/<[^>]*>/g, " ")
    .replace(/&nbsp;/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/\s+/g, " ")
    .trim()

/** One line describing a block in the list. */
export function blockSummary(block: Block): string {
  switch (block.type) {
    case "header":
      return block.logo_url ? "Logo" : block.store_name || "Store name"
    case "heading":
      return block.text
    case "text":
      return stripTags(block.content)
    case "image":
      return block.alt || block.src
    case "button":
      return block.label
    case "product":
      return `${block.product_ids.length} ${block.product_ids.length === 1 ? "product" : "products"}, ${block.layout}`
    case "coupon":
      return block.code
    case "divider":
      return `${block.thickness}px, ${block.width_percent}%`
    case "spacer":
      return `${block.height}px`
    case "social":
      return block.links.map((l) => l.network).join(", ")
    case "footer":
      return block.address || "No address"
    case "line_items":
      return block.source === "cart" ? "Cart items" : "Order items"
  }
}

/** The document a new blank template starts from: compliant, ready to write into. */
export const blankDocument = (): EditorBlocksDocument => ({
  version: 1,
  mode: "blocks",
  settings: {},
  blocks: [
    newBlock("header", []),
    { ...newBlock("heading", []), id: "title", text: "Hello {{ contact.first_name | default: \"there\" }}", level: 1 } as Block,
    { ...newBlock("text", []), id: "intro" } as Block,
    { ...newBlock("footer", []), id: "footer" } as Block,
  ],
})

/** Raw documents start from a compliant skeleton: unsubscribe link and postal address. */
export const RAW_SKELETONS = {
  mjml: `<mjml>
  <mj-body background-color="#f4f4f5">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="24px" font-weight="700">Hello {{ contact.first_name | default: "there" }}</mj-text>
        <mj-text>Write your message here.</mj-text>
        <mj-button href="{{ store.url }}">Visit {{ store.name }}</mj-button>
      </mj-column>
    </mj-section>
    <mj-section padding="16px">
      <mj-column>
        <mj-text align="center" font-size="12px" color="#71717a">
          {{ store.address }}<br />
          <a href="{{ unsubscribe_url }}">Unsubscribe</a> · <a href="{{ preferences_url }}">Manage preferences</a>
        </mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`,
  html: `<!doctype html>
<html>
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
  </head>
  <body style="margin:0;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif;color:#3f3f46">
    <table role="presentation" width="100%" cellpadding="0" cellspacing="0">
      <tr>
        <td align="center" style="padding:24px">
          <table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff">
            <tr>
              <td style="padding:24px">
                <h1 style="margin:0 0 16px;color:#18181b">Hello {{ contact.first_name | default: "there" }}</h1>
                <p>Write your message here.</p>
              </td>
            </tr>
          </table>
          <p style="font-size:12px;color:#71717a">
            {{ store.address }}<br />
            <a href="{{ unsubscribe_url }}">Unsubscribe</a> · <a href="{{ preferences_url }}">Manage preferences</a>
          </p>
        </td>
      </tr>
    </table>
  </body>
</html>
`,
} as const

export const isBlocks = (doc: EditorDocument): doc is EditorBlocksDocument => doc.mode === "blocks" || !doc.mode

/**
 * A document from the API as the editor holds it: `mode` always set, blocks
 * documents with a settings object.
 */
export function normalizeDocument(doc: EditorDocument | null | undefined): EditorDocument {
  if (!doc || typeof doc !== "object") {
    return blankDocument()
  }
  if (doc.mode === "mjml" || doc.mode === "html") {
    return { ...doc, version: 1 }
  }
  const d = doc as Partial<EditorBlocksDocument>
  return { version: 1, mode: "blocks", settings: { ...(d.settings ?? {}) }, blocks: [...(d.blocks ?? [])] }
}

/** `blocks[3].href` -> 3; `subject` -> null */
export function blockIndexOfPath(path: string): number | null {
  const m = /^blocks\[(\d+)\]/.exec(path)
  return m ? Number(m[1]) : null
}

export type IssueSeverity = "error" | "warning"
export type EditorIssue = TemplateIssue & { severity: IssueSeverity }

/**
 * The preview's problems as one list, errors first: what stops a save or a
 * send (document, Liquid, compliance), then what the lint only warns about.
 */
export function collectIssues(preview?: {
  issues: TemplateIssue[]
  lint: { errors: TemplateIssue[]; warnings: TemplateIssue[] }
}): EditorIssue[] {
  if (!preview) {
    return []
  }
  const seen = new Set<string>()
  const out: EditorIssue[] = []
  const add = (list: TemplateIssue[] | undefined, severity: IssueSeverity) => {
    for (const issue of list ?? []) {
      const key = `${issue.code}|${issue.path}|${issue.message}`
      if (!seen.has(key)) {
        seen.add(key)
        // the API may grade an issue itself
        const own = (issue as { severity?: string }).severity
        out.push({ ...issue, severity: own === "warning" || own === "error" ? own : severity })
      }
    }
  }
  add(preview.issues, "error")
  add(preview.lint?.errors, "error")
  add(preview.lint?.warnings, "warning")
  return out.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1))
}
