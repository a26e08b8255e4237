/**
 * Compliance and quality lint before a template can be used in a send.
 * Errors block the send (no unsubscribe link, no postal address); warnings
 * are shown to the marketer (subject length, preheader, alt texts, empty
 * links, Gmail clipping, placeholder links).
 */
import { BlocksDocument, isBlocksDocument, parseTemplateDocument, TemplateDocument } from "./blocks"
import { TemplateIssue } from "./issues"
import { escapeHtml, liquidSegments } from "./markup"
import { TEMPLATE_VARIABLES } from "./variables"

export const LINT_LIMITS = {
  /** longer subjects are cut off in most inboxes (mobile shows ~40) */
  subjectMaxLength: 60,
  preheaderMaxLength: 150,
  /** Gmail clips messages above ~102 KB; warn a little before */
  htmlWarnBytes: 100 * 1024,
} as const

export type LintInput = {
  /** the template document (parsed or not); gives block paths such as `blocks[3].alt` */
  doc?: unknown
  /** the compiled HTML (Liquid still in it); checked for links, address and size */
  html?: string
  /** Liquid source of the subject */
  subject: string
  preheader?: string
  /** the store's postal address from the marketing settings (printed by `{{ store.address }}`) */
  footerAddress?: string | null
}

export type LintResult = {
  /** block the send */
  errors: TemplateIssue[]
  /** shown, do not block */
  warnings: TemplateIssue[]
  /** no errors */
  ok: boolean
}

/**
 * Lint a template for sending. Give the document, the compiled HTML or both
 * (HTML is the most complete source for links/address/size; the document
 * gives precise block paths). Liquid syntax and unknown variables are
 * validateTemplate's job, not this one's.
 */
export function lintTemplate(input: LintInput): LintResult {
  const errors: TemplateIssue[] = []
  const warnings: TemplateIssue[] = []
  let doc: TemplateDocument | undefined
  if (input.doc !== undefined) {
    const parsed = parseTemplateDocument(input.doc)
    if (!parsed.success) {
      return { errors: parsed.issues, warnings, ok: false }
    }
    doc = parsed.data
  }
  const html = input.html
  const blocks = doc && isBlocksDocument(doc) ? doc : undefined
  const rawSource = doc && !isBlocksDocument(doc) ? (doc.mode === "mjml" ? doc.mjml : doc.html) : undefined
  const markup = html ?? rawSource
  const markupPath = html !== undefined ? "html" : (doc?.mode ?? "html")
  if (!blocks && markup === undefined) {
    errors.push({ code: "invalid_document", path: "document", message: "give the template document or its compiled HTML to lint" })
    return { errors, warnings, ok: false }
  }

  // ---- unsubscribe link
  const hrefs = markup !== undefined ? hrefValues(markup) : blockHrefs(blocks!)
  if (!hrefs.some(isUnsubscribeHref)) {
    errors.push({
      code: "missing_unsubscribe",
      path: blocks ? "blocks" : markupPath,
      message: 'Add an unsubscribe link: a footer block, or a link to "{{ unsubscribe_url }}"',
    })
  }

  // ---- postal address
  const address = (input.footerAddress ?? "").trim()
  if (!address) {
    errors.push({
      code: "missing_postal_address",
      path: "store.address",
      message: "Set the store's postal address in the marketing settings; every marketing email must show it",
    })
  }
  const sources = markup !== undefined ? [markup] : blockTexts(blocks!)
  const showsAddress = sources.some((src) => referencesVariable(src, "store.address") || (address && containsText(src, address)))
  if (!showsAddress) {
    errors.push({
      code: "missing_postal_address",
      path: blocks ? footerPath(blocks) : markupPath,
      message: 'Show the postal address: a footer block, or "{{ store.address }}" in the template',
    })
  }
  if (blocks) {
    blocks.blocks.forEach((b, i) => {
      const path = `blocks[${i}].address`
      if (b.type === "footer" && !b.address.trim() && !errors.some((e) => e.path === path)) {
        errors.push({ code: "missing_postal_address", path, message: "The footer's address must not be empty" })
      }
    })
  }

  // ---- subject and preheader
  const subject = input.subject ?? ""
  if (!subject.trim()) {
    warnings.push({ code: "subject_empty", path: "subject", message: "The subject is empty" })
  } else {
    const length = estimatedLength(subject)
    if (length > LINT_LIMITS.subjectMaxLength) {
      warnings.push({
        code: "subject_too_long",
        path: "subject",
        message: `The subject is about ${length} characters; inboxes cut it off after about ${LINT_LIMITS.subjectMaxLength}`,
      })
    }
  }
  const preheader = (input.preheader ?? "").trim()
  const hasPreview = !!markup && /<mj-preview[\s>]/i.test(markup)
  if (!preheader && !hasPreview) {
    warnings.push({
      code: "preheader_missing",
      path: "preheader",
      message: "Add a preheader: inboxes show it after the subject (otherwise they show the first words of the email)",
    })
  } else if (preheader && estimatedLength(preheader) > LINT_LIMITS.preheaderMaxLength) {
    warnings.push({
      code: "preheader_too_long",
      path: "preheader",
      message: `The preheader is longer than ${LINT_LIMITS.preheaderMaxLength} characters; inboxes show much less`,
    })
  }

  // ---- images, links
  if (blocks) {
    lintBlocks(blocks, warnings)
  } else if (markup !== undefined) {
    lintMarkup(markup, markupPath, warnings)
  }

  // ---- size
  if (html !== undefined) {
    const bytes = Buffer.byteLength(html, "utf8")
    if (bytes > LINT_LIMITS.htmlWarnBytes) {
      warnings.push({
        code: "html_too_large",
        path: "html",
        message: `The HTML is ${Math.round(bytes / 1024)} KB; Gmail clips messages above 102 KB (hiding the rest, including the unsubscribe link)`,
      })
    }
  }
  return { errors, warnings, ok: errors.length === 0 }
}

// ---------------------------------------------------------------- helpers

const HREF_RE = /\shref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi

function hrefValues(markup: string): string[] {
  const out: string[] = []
  for (const m of markup.matchAll(HREF_RE)) {
    out.push((m[1] ?? m[2] ?? m[3] ?? "").trim())
  }
  return out
}

function isUnsubscribeHref(href: string): boolean {
  return /^\{\{-?\s*unsubscribe_url\s*(\||-?\}\})/.test(href.replace(/&quot;/g, '"'))
}

function blockHrefs(doc: BlocksDocument): string[] {
  const out: string[] = []
  for (const b of doc.blocks) {
    switch (b.type) {
      case "footer":
        out.push("{{ unsubscribe_url }}")
        break
      case "button":
        out.push(b.href)
        break
      case "image":
        if (b.href) out.push(b.href)
        break
      case "header":
        out.push(b.link)
        break
      case "social":
        b.links.forEach((l) => out.push(l.url))
        break
      case "text":
        out.push(...hrefValues(b.content))
        break
    }
  }
  return out
}

function blockTexts(doc: BlocksDocument): string[] {
  const out: string[] = []
  for (const b of doc.blocks) {
    for (const [key, value] of Object.entries(b)) {
      if (typeof value === "string" && key !== "id" && key !== "type") {
        out.push(value)
      }
    }
  }
  return out
}

function footerPath(doc: BlocksDocument): string {
  const i = doc.blocks.findIndex((b) => b.type === "footer")
  return i === -1 ? "blocks" : `blocks[${i}].address`
}

/** True when a Liquid output in `source` starts with the variable (`{{ store.address }}`, `{{ store.address | upcase }}`). */
function referencesVariable(source: string, path: string): boolean {
  if (!source.includes(path)) {
    return false
  }
  const re = new RegExp(`^${path.replace(/\./g, "\\.")}(?![\\w.\\[-])`)
  try {
    return liquidSegments(source).some((s) => s.kind === "output" && re.test(s.content))
  } catch {
    return false
  }
}

function normalize(s: string): string {
  return s.replace(/\s+/g, " ").trim().toLowerCase()
}

function containsText(source: string, text: string): boolean {
  const hay = normalize(source.replace(/<br\s*\/?>/gi, " "))
  return hay.includes(normalize(text)) || hay.includes(normalize(escapeHtml(text)))
}

const EXAMPLE_LENGTHS = new Map(
  TEMPLATE_VARIABLES.filter((v) => v.example !== undefined).map((v) => [v.path, String(v.example).length])
)

/** Length of a Liquid source with outputs replaced by a typical value's length. */
function estimatedLength(source: string): number {
  let segs: ReturnType<typeof liquidSegments>
  try {
    segs = liquidSegments(source)
  } catch {
    return [...source].length
  }
  let length = 0
  let pos = 0
  for (const s of segs) {
    length += [...source.slice(pos, s.begin)].length
    if (s.kind === "output") {
      const variable = s.content.split("|")[0].trim()
      length += EXAMPLE_LENGTHS.get(variable) ?? 8
    }
    pos = s.end
  }
  return length + [...source.slice(pos)].length
}

/** Starter templates' stand-in product ids. */
const EXAMPLE_PRODUCT_PREFIX = "prod_example_"

const PLACEHOLDER_URL = /^(#|https?:\/\/(www\.)?example\.(com|org|net)(\/.*)?)$/i

function lintBlocks(doc: BlocksDocument, warnings: TemplateIssue[]): void {
  doc.blocks.forEach((b, i) => {
    const at = (field: string) => `blocks[${i}].${field}`
    if (b.type === "image" && !b.alt.trim()) {
      warnings.push({
        code: "image_missing_alt",
        path: at("alt"),
        message: "Describe the image (alt text) for screen readers and for inboxes that block images",
      })
    }
    if (b.type === "header" && b.logo_url && !b.logo_alt.trim()) {
      warnings.push({ code: "image_missing_alt", path: at("logo_alt"), message: "Give the logo an alt text (usually the store name)" })
    }
    if (b.type === "button" && !b.label.trim()) {
      warnings.push({ code: "link_missing_text", path: at("label"), message: "The button has no label" })
    }
    for (const [field, url] of [
      ["href", b.type === "button" || b.type === "image" ? b.href : undefined],
      ["link", b.type === "header" ? b.link : undefined],
    ] as const) {
      if (url && PLACEHOLDER_URL.test(url.trim())) {
        warnings.push({ code: "placeholder_link", path: at(field), message: `The link ${url} looks like a placeholder` })
      }
    }
    if (b.type === "social") {
      b.links.forEach((l, j) => {
        if (PLACEHOLDER_URL.test(l.url.trim())) {
          warnings.push({ code: "placeholder_link", path: at(`links[${j}].url`), message: `The link ${l.url} looks like a placeholder` })
        }
      })
    }
    if (b.type === "text") {
      lintMarkup(b.content, at("content"), warnings)
    }
    if (b.type === "product") {
      b.product_ids.forEach((id, j) => {
        if (id.startsWith(EXAMPLE_PRODUCT_PREFIX)) {
          warnings.push({
            code: "placeholder_product",
            path: at(`product_ids[${j}]`),
            message: `${id} is an example product; choose one of your products`,
          })
        }
      })
    }
  })
}

const A_RE = /<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi
const IMG_RE = /<img\b([^>]*)>/gi

function attrValue(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, "i").exec(" " + attrs)
  return m ? (m[1] ?? m[2] ?? m[3] ?? "") : undefined
}

/** Image alt texts and empty links in HTML/MJML markup. */
function lintMarkup(markup: string, path: string, warnings: TemplateIssue[]): void {
  let missingAlt = 0
  for (const m of markup.matchAll(IMG_RE)) {
    const attrs = m[1]
    const tiny = /^1(px)?$/.test(attrValue(attrs, "width") ?? "") && /^1(px)?$/.test(attrValue(attrs, "height") ?? "")
    const role = attrValue(attrs, "role")
    if (!tiny && role !== "presentation" && !(attrValue(attrs, "alt") ?? "").trim()) {
      missingAlt++
    }
  }
  for (const m of markup.matchAll(/<mj-image\b([^>]*)>/gi)) {
    if (!(attrValue(m[1], "alt") ?? "").trim()) {
      missingAlt++
    }
  }
  if (missingAlt) {
    warnings.push({
      code: "image_missing_alt",
      path,
      message: `${missingAlt} image${missingAlt > 1 ? "s have" : " has"} no alt text`,
    })
  }
  let empty = 0
  let placeholder = 0
  for (const m of markup.matchAll(A_RE)) {
    const inner = m[2]
    const text = inner.replace(/<[^>]*>/g, "").replace(/&nbsp;|\s/g, "")
    const imgAlt = [...inner.matchAll(IMG_RE)].some((i) => (attrValue(i[1], "alt") ?? "").trim())
    if (!text && !imgAlt) {
      empty++
    }
    const href = (attrValue(m[1], "href") ?? "").trim()
    if (href && PLACEHOLDER_URL.test(href)) {
      placeholder++
    }
  }
  if (empty) {
    warnings.push({ code: "link_missing_text", path, message: `${empty} link${empty > 1 ? "s have" : " has"} no text` })
  }
  if (placeholder) {
    warnings.push({
      code: "placeholder_link",
      path,
      message: `${placeholder} link${placeholder > 1 ? "s point" : " points"} to a placeholder (# or example.com)`,
    })
  }
}
