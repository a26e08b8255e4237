/**
 * Markup helpers for the template compiler: HTML escaping, the URL rule, the
 * restricted rich-text sanitizer and the "Liquid shield" that hides Liquid
 * segments from mjml and html-to-text behind opaque placeholders and puts
 * them back verbatim afterwards (so neither tool can mangle `{{ ... }}`).
 */
import { TokenKind, Tokenizer } from "liquidjs"

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
}

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) {
    return ""
  }
  return String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c])
}

/** Escape text but keep well-formed character references (`&amp;`, `&#39;`, `&nbsp;`). */
export function escapeHtmlKeepEntities(value: string): string {
  return value.replace(/&(?!(?:[a-z][a-z0-9]{1,31}|#\d{1,7}|#x[0-9a-f]{1,6});)|[<>"']/gi, (c) => HTML_ESCAPES[c])
}

// ---------------------------------------------------------------- Liquid segments

/** A `{{ output }}` or `{% tag %}` in a source string, by character offsets. */
export type LiquidSegment = {
  kind: "output" | "tag"
  begin: number
  end: number
  /** tag name (`if`, `for`, ...) for tags */
  name?: string
  /** the expression of an output, or the arguments of a tag */
  content: string
}

/**
 * The Liquid segments of a source, found by liquidjs' own tokenizer so the
 * split is exactly the one the renderer will make. Throws the tokenizer's
 * error for unclosed tags/outputs (callers validate syntax first).
 */
export function liquidSegments(source: string): LiquidSegment[] {
  if (!source.includes("{{") && !source.includes("{%")) {
    return []
  }
  const tokens = new Tokenizer(source).readTopLevelTokens()
  const out: LiquidSegment[] = []
  for (const t of tokens as any[]) {
    if (t.kind === TokenKind.Output) {
      out.push({ kind: "output", begin: t.begin, end: t.end, content: String(t.content ?? "").trim() })
    } else if (t.kind === TokenKind.Tag) {
      out.push({ kind: "tag", begin: t.begin, end: t.end, name: t.name, content: String(t.args ?? "").trim() })
    }
  }
  return out
}

// ---------------------------------------------------------------- URLs

const SAFE_SCHEME = /^(https?:\/\/[^\s]|mailto:[^\s])/i
const CONTROL = /[\u0000-\u001f\u007f]/

export type UrlCheck = { ok: true } | { ok: false; message: string }

/**
 * The URL rule for every href/src a template author writes: an absolute
 * http(s) URL, a mailto: address, or a value that starts with a Liquid output
 * (`{{ unsubscribe_url }}`, `{{ store.url }}/sale`); the compiler makes such a
 * leading output pass through the `safe_url` filter at render time. Anything
 * else (`javascript:`, `data:`, relative paths, a leading `{% tag %}`) is refused.
 */
export function checkTemplateUrl(value: string): UrlCheck {
  const v = value.trim()
  if (!v) {
    return { ok: false, message: "must not be empty" }
  }
  if (CONTROL.test(v)) {
    return { ok: false, message: "must not contain control characters" }
  }
  if (SAFE_SCHEME.test(v)) {
    return { ok: true }
  }
  if (v.startsWith("{{")) {
    let segs: LiquidSegment[]
    try {
      segs = liquidSegments(v)
    } catch {
      return { ok: false, message: "has an unclosed Liquid output" }
    }
    if (segs.length && segs[0].kind === "output" && segs[0].begin === 0) {
      return { ok: true }
    }
  }
  return {
    ok: false,
    message:
      'must be an http(s) URL, a mailto: address or a Liquid variable such as "{{ unsubscribe_url }}"',
  }
}

/** Render-time guard for URLs that come from data: http(s)/mailto pass, anything else becomes "#". */
export function safeUrlValue(value: unknown): string {
  if (value === null || value === undefined) {
    return "#"
  }
  const v = String(value).trim()
  if (SAFE_SCHEME.test(v) && !CONTROL.test(v)) {
    return v
  }
  return "#"
}

// ---------------------------------------------------------------- Liquid shield

/**
 * Swaps Liquid segments for placeholders such as `lqz12x` before markup goes
 * through mjml or html-to-text, and restores them verbatim afterwards. One
 * shield per compilation; placeholders are numbered, lower-case alphanumeric,
 * and the prefix is chosen so it cannot occur in the author's own text.
 */
export class LiquidShield {
  private readonly prefix: string
  private readonly saved: string[] = []

  constructor(allSources: string) {
    let prefix = "lqz"
    while (allSources.toLowerCase().includes(prefix)) {
      prefix += "q"
    }
    this.prefix = prefix
  }

  /** A placeholder standing for the given Liquid source. */
  hold(liquid: string): string {
    this.saved.push(liquid)
    return `${this.prefix}${this.saved.length - 1}x`
  }

  /**
   * Replace every Liquid segment of `source` with a placeholder; the text in
   * between goes through `between`. With `guardUrl`, a leading output gets
   * `| safe_url` appended so data can never turn it into `javascript:`.
   */
  protect(source: string, between: (text: string) => string, guardUrl = false): string {
    const segs = liquidSegments(source)
    if (!segs.length) {
      return between(source)
    }
    let out = ""
    let pos = 0
    segs.forEach((s, i) => {
      out += between(source.slice(pos, s.begin))
      let liquid = source.slice(s.begin, s.end)
      if (guardUrl && i === 0 && s.kind === "output" && source.slice(0, s.begin).trim() === "") {
        liquid = addFilter(liquid, "safe_url")
      }
      out += this.hold(liquid)
      pos = s.end
    })
    out += between(source.slice(pos))
    return out
  }

  /** Plain text (headings, captions, labels): Liquid kept, everything else escaped. */
  text(source: string): string {
    return this.protect(source, escapeHtml)
  }

  /** A URL attribute value (checked by the schema): Liquid kept, the rest escaped. */
  url(source: string): string {
    return this.protect(source.trim(), escapeHtml, true)
  }

  /** Put the Liquid back into compiled output. */
  restore(output: string): string {
    if (!this.saved.length) {
      return output
    }
    const re = new RegExp(`${this.prefix}(\\d+)x`, "gi")
    return output.replace(re, (m, n) => this.saved[Number(n)] ?? m)
  }
}

/** `{{ a | b }}` -> `{{ a | b | filter }}`, keeping whitespace-control dashes. */
function addFilter(output: string, filter: string): string {
  const m = /^(\{\{-?)([\s\S]*?)(-?\}\})$/.exec(output)
  if (!m) {
    return output
  }
  return `${m[1]} ${m[2].trim()} | ${filter} ${m[3]}`
}

// ---------------------------------------------------------------- rich text

/** Tags a text block may use; everything else is removed (its text kept). */
export const RICH_TEXT_TAGS = ["p", "br", "strong", "b", "em", "i", "u", "s", "a", "ul", "ol", "li"] as const
const ALLOWED = new Set<string>(RICH_TEXT_TAGS)
const VOID = new Set(["br"])
/** Elements removed together with their content. */
const DROP_WITH_CONTENT = new Set([
  "script",
  "style",
  "iframe",
  "object",
  "embed",
  "noscript",
  "template",
  "textarea",
  "select",
  "svg",
  "math",
  "head",
  "title",
])

const TAG_RE = /<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s"'>\/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/y
const ATTR_RE = /([^\s"'>\/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/y

export type RichTextIssue = {
  /** unsafe_url: a link was dropped; removed: a disallowed element was dropped with its content */
  kind: "unsafe_url" | "removed"
  message: string
}

/**
 * Sanitize author rich text (with Liquid already replaced by placeholders)
 * down to the safe subset: p, br, strong/b, em/i, u, s, a[href], ul/ol/li.
 * Other tags are dropped (script/style/... with their content), attributes
 * other than `href` on `a` are dropped, unsafe hrefs are dropped, stray `<`
 * and `&` are escaped and unclosed tags are closed. `restoreForCheck` turns
 * placeholders back into Liquid so hrefs can be checked with the URL rule;
 * `shieldUrl` re-shields a checked href (adding the `safe_url` guard).
 */
export function sanitizeRichText(
  input: string,
  opts: {
    restoreForCheck: (s: string) => string
    shieldUrl: (s: string) => string
    onIssue?: (issue: RichTextIssue) => void
  }
): string {
  let out = ""
  const stack: string[] = []
  let i = 0
  let dropDepth = 0
  let dropTag = ""
  const n = input.length
  while (i < n) {
    const lt = input.indexOf("<", i)
    const chunkEnd = lt === -1 ? n : lt
    if (chunkEnd > i) {
      if (!dropDepth) {
        out += escapeHtmlKeepEntities(input.slice(i, chunkEnd))
      }
      i = chunkEnd
    }
    if (i >= n) {
      break
    }
    COMMENT_RE.lastIndex = i
    const cm = COMMENT_RE.exec(input)
    if (cm) {
      i += cm[0].length
      continue
    }
    TAG_RE.lastIndex = i
    const m = TAG_RE.exec(input)
    if (!m) {
      if (!dropDepth) {
        out += "&lt;"
      }
      i += 1
      continue
    }
    i += m[0].length
    const raw = m[0]
    const name = m[1].toLowerCase()
    const closing = raw.startsWith("</")
    if (dropDepth) {
      if (name === dropTag) {
        dropDepth += closing ? -1 : raw.endsWith("/>") ? 0 : 1
      }
      continue
    }
    if (DROP_WITH_CONTENT.has(name)) {
      if (!closing && !raw.endsWith("/>")) {
        dropDepth = 1
        dropTag = name
      }
      opts.onIssue?.({ kind: "removed", message: `<${name}> is not allowed in text and was removed` })
      continue
    }
    if (!ALLOWED.has(name)) {
      continue
    }
    if (closing) {
      const at = stack.lastIndexOf(name)
      if (at === -1) {
        continue
      }
      while (stack.length > at) {
        out += `</${stack.pop()}>`
      }
      continue
    }
    if (VOID.has(name)) {
      out += "<br />"
      continue
    }
    let attrs = ""
    if (name === "a") {
      const href = readAttr(m[2] ?? "", "href")
      if (href !== undefined) {
        const liquid = opts.restoreForCheck(decodeBasicEntities(href))
        const check = checkTemplateUrl(liquid)
        if (check.ok) {
          attrs = ` href="${opts.shieldUrl(liquid)}"`
        } else {
          opts.onIssue?.({ kind: "unsafe_url", message: `link href ${check.message}` })
        }
      }
    }
    // <p> inside <p> and <li> directly after <li>: close the open one first, as browsers do
    if ((name === "p" || name === "li") && stack[stack.length - 1] === name) {
      out += `</${stack.pop()}>`
    }
    out += `<${name}${attrs}>`
    stack.push(name)
  }
  while (stack.length) {
    out += `</${stack.pop()}>`
  }
  return out
}

function readAttr(attrs: string, wanted: string): string | undefined {
  ATTR_RE.lastIndex = 0
  let m: RegExpExecArray | null
  while ((m = ATTR_RE.exec(attrs))) {
    if (m[1].toLowerCase() === wanted) {
      return m[2] ?? m[3] ?? m[4] ?? ""
    }
  }
  return undefined
}

function decodeBasicEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
}
