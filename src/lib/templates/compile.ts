/**
 * Compile a template document ONCE into what the send pipeline caches per
 * campaign/variant: responsive HTML (blocks -> MJML -> HTML with CSS inlined)
 * and a plain-text alternative, both with the Liquid still in them for
 * per-recipient rendering (liquid.ts `renderForRecipient`).
 *
 * Liquid never reaches mjml or html-to-text: every `{{ ... }}` / `{% ... %}`
 * is swapped for an opaque placeholder first and restored verbatim after
 * (markup.ts `LiquidShield`), so neither tool can escape, wrap or reorder it.
 */
import { compile as compileHtmlToText, FormatCallback } from "html-to-text"
import mjml2html from "mjml"
import {
  Block,
  BlockOf,
  BlocksDocument,
  isBlocksDocument,
  liquidFieldsOf,
  parseTemplateDocument,
  TemplateDocument,
  TemplateSettings,
} from "./blocks"
import { TemplateError, TemplateIssue } from "./issues"
import {
  BLOCK_DISALLOWED_TAGS,
  checkTemplate,
  CompiledTemplate,
  htmlLiquid,
  KnownVariables,
  lineColumn,
  liquidErrorIssue,
  textLiquid,
} from "./liquid"
import { escapeHtml, LiquidShield, sanitizeRichText } from "./markup"

export type CompileOptions = {
  /** Liquid source of the subject line */
  subject: string
  /** Liquid source of the preview text shown after the subject in the inbox */
  preheader?: string
  /** variables the template may use (default: TEMPLATE_VARIABLES) */
  knownVariables?: KnownVariables
  /** report unknown variables but compile anyway (previews while editing) */
  allowUnknownVariables?: boolean
}

export type ValidateTemplateResult = {
  /** the parsed document with defaults, when its shape is valid */
  doc?: TemplateDocument
  /** every problem, each with a path (and line/column for Liquid) */
  issues: TemplateIssue[]
}

// ---------------------------------------------------------------- validation

/**
 * Everything that can be checked without rendering, for the save endpoint:
 * the document's shape (paths like `blocks[3].href`), Liquid syntax and
 * unknown variables in every Liquid-capable field, subject and preheader
 * (line/column within that field), and unsafe markup in raw HTML/MJML.
 */
export function validateTemplate(
  input: unknown,
  opts: { subject: string; preheader?: string; knownVariables?: KnownVariables }
): ValidateTemplateResult {
  const parsed = parseTemplateDocument(input)
  const issues: TemplateIssue[] = []
  const check = (path: string, source: string, disallowedTags: readonly string[] = BLOCK_DISALLOWED_TAGS) =>
    issues.push(...checkTemplate(source, opts.knownVariables, { path, disallowedTags }))

  if (typeof opts.subject !== "string") {
    issues.push({ code: "invalid_document", path: "subject", message: "is required" })
  } else {
    check("subject", opts.subject)
  }
  if (opts.preheader) {
    check("preheader", opts.preheader)
  }
  if (!parsed.success) {
    return { issues: [...parsed.issues, ...issues] }
  }
  const doc = parsed.data
  if (isBlocksDocument(doc)) {
    for (const [path, value] of liquidFieldsOf(doc)) {
      const before = issues.length
      check(path, value)
      if (issues.length === before && path.endsWith(".content")) {
        issues.push(...richTextIssues(value, path))
      }
    }
  } else {
    const path = doc.mode
    const source = doc.mode === "mjml" ? doc.mjml : doc.html
    check(path, source, [])
    issues.push(...rawMarkupIssues(source, path))
  }
  return { doc, issues }
}

/** Links in text blocks that the sanitizer would drop (`javascript:` and friends) are errors, not silent. */
function richTextIssues(content: string, path: string): TemplateIssue[] {
  const out: TemplateIssue[] = []
  const L = new LiquidShield(content)
  sanitizeRichText(L.protect(content, (t) => t), {
    restoreForCheck: (v) => L.restore(v),
    shieldUrl: (v) => L.url(v),
    onIssue: (issue) => {
      if (issue.kind === "unsafe_url") {
        out.push({ code: "unsafe_url", path, message: issue.message })
      }
    },
  })
  return out
}

const DANGEROUS_ELEMENT = /<\s*(script|iframe|object|embed|form|base|meta\s+http-equiv|mj-include)\b/gi
const EVENT_HANDLER = /<[^>]*?\s(on[a-z]+)\s*=/gi
const URL_ATTR = /\s(href|src|background|action|formaction|xlink:href)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/gi

/** Raw HTML/MJML is the author's own, but never scripts, includes or javascript: URLs. */
function rawMarkupIssues(source: string, path: string): TemplateIssue[] {
  const out: TemplateIssue[] = []
  const at = (offset: number) => lineColumn(source, offset)
  for (const m of source.matchAll(DANGEROUS_ELEMENT)) {
    out.push({
      code: "unsafe_markup",
      path,
      ...at(m.index ?? 0),
      message: `<${m[1].split(/\s/)[0].toLowerCase()}> is not allowed in an email template`,
    })
  }
  for (const m of source.matchAll(EVENT_HANDLER)) {
    out.push({
      code: "unsafe_markup",
      path,
      ...at((m.index ?? 0) + m[0].length - m[1].length - 1),
      message: `event handler attribute ${m[1]} is not allowed`,
    })
  }
  for (const m of source.matchAll(URL_ATTR)) {
    const value = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "")
      .replace(/[\u0000-\u0020]+/g, "")
      .toLowerCase()
    if (/^(javascript|vbscript|data|file):/.test(value)) {
      out.push({
        code: "unsafe_url",
        path,
        ...at(m.index ?? 0),
        message: `${m[1]} must not use the ${value.split(":")[0]}: scheme`,
      })
    }
  }
  return out.slice(0, 50)
}

function decodeEntities(s: string): string {
  return s
    .replace(/&#x([0-9a-f]+);?/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);?/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&colon;/gi, ":")
    .replace(/&tab;|&newline;/gi, "")
    .replace(/&amp;/gi, "&")
}

// ---------------------------------------------------------------- compile

/**
 * Compile a template document for sending: validate it (throws TemplateError
 * with every issue), build MJML from the blocks (or take the raw MJML/HTML),
 * render responsive HTML with inlined CSS and derive the plain-text part. The
 * result keeps Liquid for renderForRecipient. Async because mjml is.
 */
export async function compileTemplate(input: unknown, opts: CompileOptions): Promise<CompiledTemplate> {
  const { doc, issues } = validateTemplate(input, opts)
  const blocking = opts.allowUnknownVariables ? issues.filter((i) => i.code !== "unknown_variable") : issues
  if (!doc || blocking.length) {
    throw new TemplateError(blocking.length ? blocking : issues)
  }
  const subject = opts.subject
  const preheader = opts.preheader ?? ""
  const shield = new LiquidShield(JSON.stringify(doc) + subject + preheader)

  let mjmlSource: string | null = null
  let shieldedHtml: string
  if (doc.mode === "html") {
    shieldedHtml = injectHtmlPreheader(
      shield.protect(doc.html, (s) => s),
      preheader ? shield.text(preheader) : ""
    )
  } else {
    const shieldedMjml =
      doc.mode === "mjml"
        ? injectMjmlHead(shield.protect(doc.mjml, (s) => s), shield.text(subject), preheader ? shield.text(preheader) : "")
        : blocksToMjml(doc, shield, { subject, preheader })
    mjmlSource = shield.restore(shieldedMjml)
    shieldedHtml = await runMjml(shieldedMjml, doc.mode === "mjml" ? "mjml" : "blocks")
  }

  const html = shield.restore(shieldedHtml)
  const text_template = shield.restore(htmlToText(shieldedHtml))
  // the outputs must parse exactly as the renderer will parse them
  for (const [path, source, engine] of [
    ["html", html, htmlLiquid()],
    ["text", text_template, textLiquid()],
  ] as const) {
    try {
      engine.parse(source)
    } catch (e) {
      throw new TemplateError([liquidErrorIssue(e, path)])
    }
  }
  return { version: 1, subject, preheader, mjml: mjmlSource, html, text_template }
}

async function runMjml(source: string, path: string): Promise<string> {
  let result: Awaited<ReturnType<typeof mjml2html>>
  try {
    result = await mjml2html(source, {
      validationLevel: "soft",
      keepComments: false,
      ignoreIncludes: true,
      fonts: {},
      minify: false,
      beautify: false,
    })
  } catch (e) {
    throw new TemplateError([
      { code: "mjml_error", path, message: `MJML could not be read: ${String((e as Error)?.message ?? e).split("\n")[0]}` },
    ])
  }
  if (result.errors?.length) {
    throw new TemplateError(
      result.errors.slice(0, 50).map((e) => ({
        code: "mjml_error" as const,
        path,
        line: e.line,
        message: `${e.tagName ? `<${e.tagName}>: ` : ""}${e.message}`,
      }))
    )
  }
  return result.html
}

function injectMjmlHead(mjml: string, subject: string, preheader: string): string {
  const additions =
    (/<mj-title[\s>]/i.test(mjml) ? "" : `<mj-title>${subject}</mj-title>`) +
    (preheader && !/<mj-preview[\s>]/i.test(mjml) ? `<mj-preview>${preheader}</mj-preview>` : "")
  if (!additions) {
    return mjml
  }
  if (/<mj-head(\s[^>]*)?>/i.test(mjml)) {
    return mjml.replace(/<mj-head(\s[^>]*)?>/i, (m) => m + additions)
  }
  return mjml.replace(/<mjml(\s[^>]*)?>/i, (m) => `${m}<mj-head>${additions}</mj-head>`)
}

function injectHtmlPreheader(html: string, preheader: string): string {
  if (!preheader) {
    return html
  }
  const div = `<div style="display:none;font-size:1px;color:#ffffff;line-height:1px;max-height:0px;max-width:0px;opacity:0;overflow:hidden;">${preheader}</div>`
  return /<body(\s[^>]*)?>/i.test(html) ? html.replace(/<body(\s[^>]*)?>/i, (m) => m + div) : div + html
}

// ---------------------------------------------------------------- plain text

/** Images inside links print their alt text (a linked logo becomes "Acme [url]"); other images are skipped. */
const linkedImageAlt: FormatCallback = (elem, _walk, builder) => {
  let parent = (elem as { parent?: { name?: string; parent?: unknown } }).parent
  for (let depth = 0; parent && depth < 4; depth++) {
    if (parent.name === "a") {
      const alt = (elem.attribs?.alt ?? "").trim()
      if (alt) {
        builder.addInline(alt)
      }
      return
    }
    parent = parent.parent as typeof parent
  }
}

/** Table cells run inline, separated by two spaces ("Qty 1  €59.00"). */
const cell: FormatCallback = (elem, walk, builder) => {
  walk(elem.children, builder)
  builder.addLiteral("  ")
}

let toText: ((html: string) => string) | undefined

/**
 * The plain-text alternative of compiled HTML (Liquid already shielded):
 * links as `text [url]`, headings not upper-cased, images skipped (alt text
 * for linked images), the hidden preheader dropped, layout tables flattened.
 */
export function htmlToText(html: string): string {
  toText ??= compileHtmlToText({
    wordwrap: 78,
    formatters: { linkedImageAlt, cell },
    selectors: [
      { selector: "img", format: "linkedImageAlt" },
      {
        selector: "a",
        options: { hideLinkHrefIfSameAsText: true, linkBrackets: ["[", "]"], noAnchorUrl: true },
      },
      { selector: "h1", options: { uppercase: false } },
      { selector: "h2", options: { uppercase: false } },
      { selector: "h3", options: { uppercase: false } },
      { selector: "table", format: "block" },
      { selector: "tbody", format: "block" },
      { selector: "tr", format: "block" },
      { selector: "td", format: "cell" },
      { selector: "th", format: "cell" },
      { selector: "td.mm-notext", format: "skip" },
      { selector: 'div[style*="display:none"]', format: "skip" },
      { selector: "style", format: "skip" },
    ],
  })
  return toText(html)
}

// ---------------------------------------------------------------- blocks -> MJML

type Ctx = { s: TemplateSettings; L: LiquidShield; radius: string }

const CONTENT_PAD = 32
/** Elements with this class are left out of the plain-text part (product images: the title follows). */
const NO_TEXT_CLASS = "mm-notext"

/** Blocks to MJML (Liquid shielded). Exposed for tests and the admin's "convert to MJML". */
export function blocksToMjml(
  doc: BlocksDocument,
  shield: LiquidShield,
  meta: { subject: string; preheader?: string }
): string {
  const s = doc.settings
  const ctx: Ctx = { s, L: shield, radius: `${s.border_radius}px` }
  const blocks = doc.blocks
  // leading headers and trailing footer/social blocks sit on the page background; the rest in a card
  let start = 0
  while (start < blocks.length && blocks[start].type === "header") {
    start++
  }
  let end = blocks.length
  while (end > start && (blocks[end - 1].type === "footer" || blocks[end - 1].type === "social")) {
    end--
  }
  const before = blocks.slice(0, start).map((b) => renderBlock(b, ctx, true))
  const inner = blocks.slice(start, end).map((b) => renderBlock(b, ctx, false))
  const after = blocks.slice(end).map((b) => renderBlock(b, ctx, true))

  const card = inner.length
    ? `<mj-wrapper background-color="${s.content_background}" border-radius="${ctx.radius}" padding="16px 0">\n${inner.join("\n")}\n</mj-wrapper>`
    : ""
  const gap = section(column(`<mj-spacer height="24px" />`), { padding: "0" })
  const topGap = before.length ? "" : gap
  const bottomGap = after.length ? "" : gap
  const headFont = attr(s.heading_font_family ?? s.font_family)
  const preview = meta.preheader ? `<mj-preview>${shield.text(meta.preheader)}</mj-preview>` : ""
  return `<mjml>
<mj-head>
<mj-title>${shield.text(meta.subject)}</mj-title>
${preview}
<mj-attributes>
<mj-all font-family="${attr(s.font_family)}" />
<mj-section padding="0" />
<mj-wrapper padding="0" />
<mj-column padding="0" />
<mj-text font-size="${s.font_size}px" line-height="1.6" color="${s.text_color}" padding="0 ${CONTENT_PAD}px" />
<mj-image padding="0 ${CONTENT_PAD}px" />
<mj-button background-color="${s.button_color}" color="${s.button_text_color}" border-radius="${ctx.radius}" font-size="16px" font-weight="600" line-height="1.2" inner-padding="14px 28px" padding="0 ${CONTENT_PAD}px" />
<mj-table padding="0 ${CONTENT_PAD}px" color="${s.text_color}" font-size="15px" line-height="1.5" />
<mj-divider padding="0 ${CONTENT_PAD}px" />
<mj-social padding="0 ${CONTENT_PAD}px" />
<mj-class name="mm-heading" font-family="${headFont}" color="${s.heading_color}" font-weight="700" line-height="1.25" />
</mj-attributes>
<mj-style inline="inline">
a { color: ${s.link_color}; text-decoration: underline; }
p { margin: 0 0 14px 0; }
ul, ol { margin: 0 0 14px 0; padding-left: 24px; }
li { margin: 0 0 6px 0; }
</mj-style>
<mj-style>
a { color: ${s.link_color}; }
</mj-style>
</mj-head>
<mj-body width="${s.width}px" background-color="${s.background_color}">
${[topGap, ...before, card, ...after, bottomGap].filter(Boolean).join("\n")}
</mj-body>
</mjml>
`
}

function attr(value: string): string {
  return escapeHtml(value)
}

function section(body: string, opts: { padding?: string; background?: string; css?: string } = {}): string {
  const bg = opts.background ? ` background-color="${opts.background}"` : ""
  const css = opts.css ? ` css-class="${opts.css}"` : ""
  return `<mj-section padding="${opts.padding ?? "8px 0"}"${bg}${css}>\n${body}\n</mj-section>`
}

function column(body: string, attrs = ""): string {
  return `<mj-column${attrs ? " " + attrs : ""}>\n${body}\n</mj-column>`
}

function raw(liquid: string, L: LiquidShield): string {
  return `<mj-raw>${L.hold(liquid)}</mj-raw>`
}

function renderBlock(block: Block, ctx: Ctx, outside: boolean): string {
  switch (block.type) {
    case "header":
      return headerBlock(block, ctx, outside)
    case "heading":
      return headingBlock(block, ctx)
    case "text":
      return textBlock(block, ctx)
    case "image":
      return imageBlock(block, ctx)
    case "button":
      return buttonBlock(block, ctx)
    case "product":
      return productBlock(block, ctx)
    case "coupon":
      return couponBlock(block, ctx)
    case "divider":
      return dividerBlock(block, ctx)
    case "spacer":
      return section(column(`<mj-spacer height="${block.height}px" />`), { padding: "0" })
    case "social":
      return socialBlock(block, ctx, outside)
    case "footer":
      return footerBlock(block, ctx)
    case "line_items":
      return lineItemsBlock(block, ctx)
  }
}

function headerBlock(b: BlockOf<"header">, { s, L }: Ctx, outside: boolean): string {
  const parts: string[] = []
  if (b.show_view_in_browser) {
    parts.push(
      `<mj-text align="${b.align}" font-size="12px" color="${s.muted_color}" padding="0 ${CONTENT_PAD}px 12px"><a href="${L.url("{{ view_in_browser_url }}")}" style="color:${s.muted_color};text-decoration:underline;">${L.text(b.view_in_browser_text)}</a></mj-text>`
    )
  }
  if (b.logo_url) {
    parts.push(
      `<mj-image src="${L.url(b.logo_url)}" alt="${L.text(b.logo_alt)}" href="${L.url(b.link)}" width="${b.logo_width}px" align="${b.align}" />`
    )
  } else {
    parts.push(
      `<mj-text align="${b.align}" mj-class="mm-heading" font-size="22px"><a href="${L.url(b.link)}" style="color:${s.heading_color};text-decoration:none;">${L.text(b.store_name)}</a></mj-text>`
    )
  }
  return section(column(parts.join("\n")), { padding: outside ? "28px 0 20px" : "8px 0 16px" })
}

const HEADING_SIZES = { 1: 30, 2: 24, 3: 19 } as const

function headingBlock(b: BlockOf<"heading">, { s, L }: Ctx): string {
  const size = HEADING_SIZES[b.level]
  const color = b.color ?? s.heading_color
  const tag = `h${b.level}`
  return section(
    column(
      `<mj-text align="${b.align}" mj-class="mm-heading" color="${color}" font-size="${size}px"><${tag} style="margin:0;font-size:${size}px;line-height:1.25;font-weight:700;color:${color};">${L.text(b.text)}</${tag}></mj-text>`
    ),
    { padding: b.level === 1 ? "16px 0 8px" : "12px 0 4px" }
  )
}

function textBlock(b: BlockOf<"text">, { s, L }: Ctx): string {
  const html = richText(b.content, L)
  const size = b.font_size ? ` font-size="${b.font_size}px"` : ""
  const color = b.color ? ` color="${b.color}"` : ""
  return section(column(`<mj-text align="${b.align}"${size}${color}>${html}</mj-text>`), { padding: "8px 0 0" })
}

/** Author rich text -> the safe subset, Liquid kept (shielded). Plain text becomes one paragraph. */
function richText(content: string, L: LiquidShield): string {
  const shielded = L.protect(content, (t) => t)
  const sanitized = sanitizeRichText(shielded, {
    restoreForCheck: (v) => L.restore(v),
    shieldUrl: (v) => L.url(v),
  })
  return /<(p|ul|ol)>/.test(sanitized) ? sanitized : `<p>${sanitized}</p>`
}

function imageBlock(b: BlockOf<"image">, { L, radius }: Ctx): string {
  const href = b.href ? ` href="${L.url(b.href)}"` : ""
  const width = b.width ? ` width="${b.width}px"` : ""
  const pad = b.full_bleed ? ` padding="0"` : ""
  const r = b.full_bleed ? "" : ` border-radius="${radius}"`
  return section(
    column(`<mj-image src="${L.url(b.src)}" alt="${L.text(b.alt)}"${href}${width} align="${b.align}"${pad}${r} />`),
    { padding: b.full_bleed ? "0" : "8px 0" }
  )
}

function buttonBlock(b: BlockOf<"button">, { L }: Ctx): string {
  const bg = b.background_color ? ` background-color="${b.background_color}"` : ""
  const color = b.text_color ? ` color="${b.text_color}"` : ""
  const width = b.full_width ? ` width="100%"` : ""
  return section(column(`<mj-button href="${L.url(b.href)}" align="${b.align}"${bg}${color}${width}>${L.text(b.label)}</mj-button>`), {
    padding: "16px 0",
  })
}

function productExpr(id: string): string {
  return `products[${JSON.stringify(id)}]`
}

function priceHtml(p: string, { s }: Ctx): string {
  return (
    `{{ ${p}.price | money: ${p}.currency_code }}` +
    `{% if ${p}.compare_at_price %} <s style="color:${s.muted_color};font-weight:400;">{{ ${p}.compare_at_price | money: ${p}.currency_code }}</s>{% endif %}`
  )
}

function productBlock(b: BlockOf<"product">, ctx: Ctx): string {
  const { s, L } = ctx
  const button = (p: string, align: string, pad: string) =>
    b.button_label
      ? `<mj-button href="${L.hold(`{{ ${p}.url | safe_url }}`)}" align="${align}" padding="${pad}" inner-padding="10px 20px" font-size="14px">${L.text(b.button_label)}</mj-button>`
      : ""
  const image = (p: string, pad: string) =>
    `${raw(`{% if ${p}.image %}`, L)}<mj-image src="${L.hold(`{{ ${p}.image | safe_url }}`)}" alt="${L.hold(`{{ ${p}.title }}`)}" href="${L.hold(
      `{{ ${p}.url | safe_url }}`
    )}" padding="${pad}" border-radius="${ctx.radius}" fluid-on-mobile="true" css-class="${NO_TEXT_CLASS}" />${raw("{% endif %}", L)}`
  const price = (p: string, size: number) =>
    b.show_price
      ? `<mj-text padding="4px 0 0" font-size="${size}px" font-weight="600" color="${s.accent_color}">${L.protect(priceHtml(p, ctx), (t) => t)}</mj-text>`
      : ""
  const title = (p: string, size: number, pad: string) =>
    `<mj-text padding="${pad}" mj-class="mm-heading" font-size="${size}px" color="${s.heading_color}"><a href="${L.hold(
      `{{ ${p}.url | safe_url }}`
    )}" style="color:${s.heading_color};text-decoration:none;">${L.hold(`{{ ${p}.title }}`)}</a></mj-text>`
  const description = (p: string) =>
    b.show_description
      ? `${raw(`{% if ${p}.description %}`, L)}<mj-text padding="6px 0 0" font-size="14px" color="${s.muted_color}">${L.hold(
          `{{ ${p}.description | strip_html | truncate: 140 }}`
        )}</mj-text>${raw("{% endif %}", L)}`
      : ""

  if (b.layout === "card") {
    return b.product_ids
      .map((id) => {
        const p = productExpr(id)
        const left = column(image(p, "0"), `width="40%" padding="0 8px" vertical-align="middle"`)
        const right = column(
          [title(p, 18, "12px 0 0"), description(p), price(p, 16), button(p, "left", "14px 0 0")].filter(Boolean).join("\n"),
          `width="60%" padding="0 8px" vertical-align="middle"`
        )
        return `${raw(`{% if ${p} %}`, L)}\n${section(left + "\n" + right, { padding: `12px ${CONTENT_PAD - 8}px` })}\n${raw("{% endif %}", L)}`
      })
      .join("\n")
  }
  const rows: string[] = []
  for (let i = 0; i < b.product_ids.length; i += b.columns) {
    const ids = b.product_ids.slice(i, i + b.columns)
    const cols = ids.map((id) => {
      const p = productExpr(id)
      return column(
        [
          raw(`{% if ${p} %}`, L),
          image(p, "0"),
          title(p, 16, "12px 0 0"),
          description(p),
          price(p, 15),
          button(p, "left", "12px 0 0"),
          raw("{% endif %}", L),
        ]
          .filter(Boolean)
          .join("\n"),
        `padding="0 8px 12px"`
      )
    })
    while (cols.length < b.columns) {
      cols.push(column("", `padding="0 8px 12px"`))
    }
    rows.push(section(cols.join("\n"), { padding: `12px ${CONTENT_PAD - 8}px` }))
  }
  return rows.join("\n")
}

/** Mix a hex color with white: `amount` 0 = the color, 1 = white. */
function tint(hex: string, amount: number): string {
  const h = hex.length === 4 ? hex.replace(/^#(.)(.)(.)$/, "#$1$1$2$2$3$3") : hex
  const rgb = [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16))
  return `#${rgb
    .map((c) => Math.round(c + (255 - c) * amount))
    .map((c) => c.toString(16).padStart(2, "0"))
    .join("")}`
}

function couponBlock(b: BlockOf<"coupon">, { s, L, radius }: Ctx): string {
  const accent = b.accent_color ?? s.accent_color
  const parts = [
    b.caption ? `<mj-text align="center" font-size="15px" color="${s.text_color}" padding="0 0 10px">${L.text(b.caption)}</mj-text>` : "",
    `<mj-text align="center" font-family="SFMono-Regular, Menlo, Consolas, Courier New, monospace" font-size="26px" font-weight="700" letter-spacing="3px" color="${accent}" padding="0">${L.text(
      b.code
    )}</mj-text>`,
    b.note ? `<mj-text align="center" font-size="13px" color="${s.muted_color}" padding="10px 0 0">${L.text(b.note)}</mj-text>` : "",
  ].filter(Boolean)
  return section(
    column(parts.join("\n"), `border="2px dashed ${accent}" border-radius="${radius}" background-color="${tint(accent, 0.93)}" padding="20px 16px"`),
    { padding: `12px ${CONTENT_PAD}px` }
  )
}

function dividerBlock(b: BlockOf<"divider">, { s }: Ctx): string {
  return section(
    column(`<mj-divider border-color="${b.color ?? s.border_color}" border-width="${b.thickness}px" width="${b.width_percent}%" />`),
    { padding: "12px 0" }
  )
}

const SOCIAL_ICON: Record<string, string> = { website: "web" }
const SOCIAL_LABEL: Record<string, string> = {
  facebook: "Facebook",
  instagram: "Instagram",
  x: "X",
  linkedin: "LinkedIn",
  pinterest: "Pinterest",
  youtube: "YouTube",
  snapchat: "Snapchat",
  tumblr: "Tumblr",
  vimeo: "Vimeo",
  github: "GitHub",
  website: "Website",
}

function socialBlock(b: BlockOf<"social">, { s, L }: Ctx, outside: boolean): string {
  const elements = b.links
    .map(
      (l) =>
        `<mj-social-element name="${SOCIAL_ICON[l.network] ?? l.network}-noshare" href="${L.url(l.url)}" alt="${SOCIAL_LABEL[l.network]}" background-color="${s.heading_color}" border-radius="50%"></mj-social-element>`
    )
    .join("\n")
  return section(
    column(
      `<mj-social mode="horizontal" align="${b.align}" icon-size="${b.icon_size}px" icon-padding="4px" inner-padding="6px">\n${elements}\n</mj-social>`
    ),
    { padding: outside ? "24px 0 0" : "12px 0" }
  )
}

function footerBlock(b: BlockOf<"footer">, { s, L }: Ctx): string {
  const link = (href: string, label: string) =>
    `<a href="${L.url(href)}" style="color:${s.muted_color};text-decoration:underline;">${L.text(label)}</a>`
  const links = [link("{{ unsubscribe_url }}", b.unsubscribe_text)]
  if (b.preferences_text) {
    links.push(link("{{ preferences_url }}", b.preferences_text))
  }
  if (b.show_view_in_browser) {
    links.push(link("{{ view_in_browser_url }}", b.view_in_browser_text))
  }
  const lines = [
    b.text ? `<p style="margin:0 0 10px 0;">${L.text(b.text)}</p>` : "",
    b.address ? `<p style="margin:0 0 10px 0;">${L.text(b.address)}</p>` : "",
    `<p style="margin:0;">${links.join(" &nbsp;·&nbsp; ")}</p>`,
  ].filter(Boolean)
  return section(
    column(`<mj-text align="${b.align}" font-size="12px" line-height="1.6" color="${s.muted_color}">${lines.join("\n")}</mj-text>`),
    { padding: "24px 0 32px" }
  )
}

function lineItemsBlock(b: BlockOf<"line_items">, { s, L }: Ctx): string {
  const src = b.source
  const cur = `${src}.currency_code`
  const cell = `border-bottom:1px solid ${s.border_color};vertical-align:middle;`
  const image = b.show_images
    ? `<td width="76" class="${NO_TEXT_CLASS}" style="padding:12px 12px 12px 0;${cell}">{% if item.image %}<img src="{{ item.image | safe_url }}" alt="{{ item.title }}" width="64" style="display:block;width:64px;height:auto;border:0;border-radius:6px;" />{% endif %}</td>`
    : ""
  const row =
    `{% for item in ${src}.items %}<tr>${image}` +
    `<td style="padding:12px 0;${cell}"><strong style="color:${s.heading_color};">{% if item.url %}<a href="{{ item.url | safe_url }}" style="color:${s.heading_color};text-decoration:none;">{{ item.title }}</a>{% else %}{{ item.title }}{% endif %}</strong>` +
    `{% if item.variant_title %}<br /><span style="color:${s.muted_color};font-size:13px;">{{ item.variant_title }}</span>{% endif %}` +
    `<br /><span style="color:${s.muted_color};font-size:13px;">${L.text(b.quantity_label)} {{ item.quantity }}</span></td>` +
    `<td align="right" style="padding:12px 0 12px 12px;white-space:nowrap;${cell}">{{ item.total | default: item.price | money: ${cur} }}</td></tr>{% endfor %}`
  const total = b.total_label
    ? `<tr><td${b.show_images ? ' colspan="2"' : ""} style="padding:16px 0 0;font-weight:700;color:${s.heading_color};">${L.text(b.total_label)}</td><td align="right" style="padding:16px 0 0;font-weight:700;color:${s.heading_color};white-space:nowrap;">{{ ${src}.total | money: ${cur} }}</td></tr>`
    : ""
  // labels are already shielded (no raw Liquid left in them): only the generated Liquid is held here
  const body = L.protect(row + total, (t) => t)
  return section(column(`<mj-table cellpadding="0" cellspacing="0" width="100%">${body}</mj-table>`), { padding: "8px 0" })
}
