/**
 * Click and open tracking in a campaign's HTML, in two steps:
 *
 * 1. `instrumentHtml` runs ONCE when a send starts, on the compiled HTML with
 *    its Liquid still in it: every trackable link gets a numbered placeholder
 *    and is recorded (position -> final URL, UTM included), and an open pixel
 *    placeholder goes before `</body>`. Doing it once means the per-recipient
 *    path never parses HTML, and the link map is frozen with the send, so a
 *    click always redirects to what was sent even if the template changes.
 * 2. `fillTrackingPlaceholders` runs per recipient, after Liquid rendering,
 *    and swaps the placeholders for that recipient's signed tracking URLs.
 *
 * The placeholders are URLs on the reserved `.invalid` domain (RFC 2606):
 * they contain nothing Liquid or HTML escaping would touch, and if one ever
 * escaped unfilled it would lead nowhere rather than to someone's site.
 */

export type TrackedLink = {
  /** the number in the placeholder and in the click token */
  position: number
  /** where the click redirects: the final URL, UTM parameters included */
  url: string
  /** the link's visible text, or its image's alt text; for the admin's link map */
  label: string | null
}

export type UtmOptions = { source: string; medium: string; campaign: string; content?: string }

const PLACEHOLDER_ORIGIN = "https://mkt.invalid"
const PLACEHOLDER_HOST = "mkt.invalid"

/**
 * The href placeholder of a tracked link, group 1 = its position. Global, for
 * `replace`/`matchAll`; copy it (`new RegExp(LINK_PLACEHOLDER_RE)`) before
 * using `test`/`exec`, which keep state in `lastIndex`.
 */
export const LINK_PLACEHOLDER_RE = /https:\/\/mkt\.invalid\/l\/(\d+)/g

/** The `src` of the open pixel until `fillTrackingPlaceholders` replaces it. */
export const OPEN_PIXEL_PLACEHOLDER = `${PLACEHOLDER_ORIGIN}/o`

function linkPlaceholder(position: number): string {
  return `${PLACEHOLDER_ORIGIN}/l/${position}`
}

const PIXEL_STYLE = "display:block;border:0;width:1px;height:1px;overflow:hidden"
const pixelTag = (src: string) => `<img src="${src}" width="1" height="1" alt="" style="${PIXEL_STYLE}" />`
const PIXEL_HTML = pixelTag(OPEN_PIXEL_PLACEHOLDER)

/** Positions go into click tokens as 16 bits. */
const MAX_POSITION = 0xffff
const MAX_LABEL_LENGTH = 120
const MAX_REDIRECT_URL_LENGTH = 2048

// ---------------------------------------------------------------- redirect safety

/** Control and format characters (incl. bidi overrides, zero-width), any whitespace, backslashes. */
const FORBIDDEN_URL_CHARS = /[\p{Cc}\p{Cf}\p{Z}\s\\]/u
/** scheme + "//" + the authority, which must not be empty */
const HTTP_AUTHORITY = /^https?:\/\/([^/?#]*)/i

/**
 * May a click redirect to this URL? Only an absolute http(s) URL with a
 * host, at most 2048 characters, that the WHATWG parser accepts, and with
 * nothing browsers "repair" differently from servers: no backslashes
 * (`https:\\evil.com`), no whitespace or control characters, no empty
 * authority (`https:///evil.com`, `//evil.com`), no credentials
 * (`https://shop.com@evil.com`, which reads as shop.com). The redirect only
 * ever goes to a URL recorded at instrumentation; this guards what gets
 * recorded.
 */
export function isSafeRedirectTarget(url: unknown): url is string {
  if (typeof url !== "string" || !url || url.length > MAX_REDIRECT_URL_LENGTH || FORBIDDEN_URL_CHARS.test(url)) {
    return false
  }
  const m = HTTP_AUTHORITY.exec(url)
  if (!m || !m[1] || m[1].includes("@")) {
    return false
  }
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return false
  }
  return (
    (parsed.protocol === "http:" || parsed.protocol === "https:") &&
    !!parsed.hostname &&
    !parsed.username &&
    !parsed.password
  )
}

// ---------------------------------------------------------------- UTM

/**
 * `url` with the campaign's UTM parameters added. Parameters the URL
 * already has (any value) are kept: an author who tagged a link by hand
 * meant it. The rest of the URL is kept byte for byte (no re-serialising of
 * the query, which would change `+`/`%20` and parameter order that some
 * shops depend on); the parameters go before the fragment. A string that is
 * not a URL comes back unchanged.
 */
export function appendUtm(url: string, utm: UtmOptions): string {
  let existing: URLSearchParams
  try {
    existing = new URL(url).searchParams
  } catch {
    return url
  }
  const add = (
    [
      ["utm_source", utm.source],
      ["utm_medium", utm.medium],
      ["utm_campaign", utm.campaign],
      ["utm_content", utm.content],
    ] as const
  ).filter(([key, value]) => typeof value === "string" && value.trim() !== "" && !existing.has(key))
  if (!add.length) {
    return url
  }
  const hash = url.indexOf("#")
  const base = hash >= 0 ? url.slice(0, hash) : url
  const fragment = hash >= 0 ? url.slice(hash) : ""
  const sep = !base.includes("?") ? "?" : base.endsWith("?") || base.endsWith("&") ? "" : "&"
  const query = add.map(([key, value]) => `${key}=${encodeURIComponent(value!.trim())}`).join("&")
  return `${base}${sep}${query}${fragment}`
}

// ---------------------------------------------------------------- HTML scanning

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
  ensp: "\u2002",
  emsp: "\u2003",
  thinsp: "\u2009",
  shy: "\u00ad",
  copy: "\u00a9",
  reg: "\u00ae",
  trade: "\u2122",
  hellip: "\u2026",
  mdash: "\u2014",
  ndash: "\u2013",
  lsquo: "\u2018",
  rsquo: "\u2019",
  ldquo: "\u201c",
  rdquo: "\u201d",
  laquo: "\u00ab",
  raquo: "\u00bb",
  middot: "\u00b7",
  bull: "\u2022",
  times: "\u00d7",
  euro: "\u20ac",
  pound: "\u00a3",
  yen: "\u00a5",
  cent: "\u00a2",
  rarr: "\u2192",
  larr: "\u2190",
}

/**
 * Character references as a browser decodes them in an attribute or text:
 * numeric ones, and the named ones that occur in emails (with their `;`).
 * Unknown names stay as written, as `?a=1&copy2=x` must.
 */
export function decodeEntities(value: string): string {
  if (!value.includes("&")) {
    return value
  }
  return value.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (m, dec, hex, name) => {
    if (name) {
      return m.endsWith(";") && Object.prototype.hasOwnProperty.call(NAMED_ENTITIES, name) ? NAMED_ENTITIES[name] : m
    }
    const code = dec ? parseInt(dec, 10) : parseInt(hex, 16)
    // NUL, surrogates and out-of-range values decode to U+FFFD in browsers
    if (code === 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return "\ufffd"
    }
    return String.fromCodePoint(code)
  })
}

type Attr = {
  name: string
  /** raw (undecoded) value, "" when the attribute has none */
  value: string
  /** offsets of the value in the document (inside the quotes) */
  valueStart: number
  valueEnd: number
  quoted: boolean
}

type Tag = { name: string; attrs: Attr[]; /** offset just past `>` */ end: number }

/**
 * The end of a Liquid `{{ }}`/`{% %}` segment starting at `i`, quoted
 * strings inside it respected, or -1 if it does not close. Liquid is opaque
 * here: `href="{{ 'a' | append: "b" }}"` is one attribute value even though
 * it contains quotes, because Liquid runs before any HTML parser sees it.
 */
function liquidEnd(s: string, i: number): number {
  const close = s[i + 1] === "{" ? "}}" : "%}"
  let quote: string | null = null
  for (let j = i + 2; j < s.length; j++) {
    const c = s[j]
    if (quote) {
      if (c === quote) {
        quote = null
      }
    } else if (c === '"' || c === "'") {
      quote = c
    } else if (c === close[0] && s[j + 1] === close[1]) {
      return j + 2
    }
  }
  return -1
}

function isLiquidStart(s: string, i: number): boolean {
  return s[i] === "{" && (s[i + 1] === "{" || s[i + 1] === "%")
}

const WS = /[\t\n\f\r ]/

/**
 * The start tag at `i` (which is `<` + letter): name, attributes with their
 * offsets, and where it ends. Null if it never closes. Follows the HTML
 * tokenizer for quoting and treats Liquid segments as opaque.
 */
function parseTag(s: string, i: number): Tag | null {
  let j = i + 1
  while (j < s.length && !WS.test(s[j]) && s[j] !== ">" && s[j] !== "/") {
    j++
  }
  const name = s.slice(i + 1, j).toLowerCase()
  const attrs: Attr[] = []
  while (j < s.length) {
    const c = s[j]
    if (WS.test(c) || c === "/") {
      j++
      continue
    }
    if (c === ">") {
      return { name, attrs, end: j + 1 }
    }
    if (isLiquidStart(s, j)) {
      const e = liquidEnd(s, j)
      if (e > 0) {
        j = e
        continue
      }
    }
    const nameStart = j
    j++ // the first character may be "="
    while (j < s.length && !WS.test(s[j]) && s[j] !== "/" && s[j] !== ">" && s[j] !== "=") {
      j++
    }
    const attrName = s.slice(nameStart, j).toLowerCase()
    let k = j
    while (k < s.length && WS.test(s[k])) {
      k++
    }
    if (s[k] !== "=") {
      attrs.push({ name: attrName, value: "", valueStart: j, valueEnd: j, quoted: false })
      continue
    }
    k++
    while (k < s.length && WS.test(s[k])) {
      k++
    }
    const q = s[k]
    if (q === '"' || q === "'") {
      let e = k + 1
      while (e < s.length && s[e] !== q) {
        const le = isLiquidStart(s, e) ? liquidEnd(s, e) : -1
        e = le > 0 ? le : e + 1
      }
      if (e >= s.length) {
        return null
      }
      attrs.push({ name: attrName, value: s.slice(k + 1, e), valueStart: k + 1, valueEnd: e, quoted: true })
      j = e + 1
    } else {
      let e = k
      while (e < s.length && !WS.test(s[e]) && s[e] !== ">") {
        const le = isLiquidStart(s, e) ? liquidEnd(s, e) : -1
        e = le > 0 ? le : e + 1
      }
      attrs.push({ name: attrName, value: s.slice(k, e), valueStart: k, valueEnd: e, quoted: false })
      j = e
    }
  }
  return null
}

function attr(tag: Tag, name: string): Attr | undefined {
  return tag.attrs.find((a) => a.name === name)
}

const RAW_TEXT = /^<(script|style|title|textarea|xmp)(?=[\s/>])/i
const TAG_START = /^<[A-Za-z]/

/**
 * Visit the start tags of a document, skipping comments (but not Outlook's
 * conditional comments, whose content Outlook renders) and the content of
 * raw-text elements.
 */
function forEachTag(s: string, visit: (tag: Tag, start: number) => void): void {
  let i = s.indexOf("<")
  while (i >= 0 && i < s.length) {
    if (s.startsWith("<!--", i)) {
      // from i + 2: "<!-->" and "<!--->" are complete (empty) comments
      const close = s.indexOf("-->", i + 2)
      if (close < 0) {
        return
      }
      i = s.startsWith("[if", i + 4) ? i + 4 : close + 3
    } else if (TAG_START.test(s.slice(i, i + 2))) {
      const tag = parseTag(s, i)
      if (!tag) {
        return
      }
      visit(tag, i)
      const raw = RAW_TEXT.exec(s.slice(i, i + 10))
      if (raw) {
        const close = s.toLowerCase().indexOf(`</${raw[1].toLowerCase()}`, tag.end)
        i = close < 0 ? s.length : close
        continue
      }
      i = tag.end
    } else {
      i++
    }
    i = s.indexOf("<", i)
  }
}

function collapse(text: string): string {
  return text.replace(/[\s\u00a0]+/g, " ").trim()
}

function truncate(text: string): string {
  const chars = Array.from(text)
  return chars.length <= MAX_LABEL_LENGTH ? text : `${chars.slice(0, MAX_LABEL_LENGTH - 1).join("").trimEnd()}…`
}

/** Text of an HTML fragment: tags, comments and Liquid tags removed, entities decoded. Liquid outputs stay. */
function textOf(fragment: string): string {
  let out = ""
  let i = 0
  while (i < fragment.length) {
    const c = fragment[i]
    if (c === "<") {
      if (fragment.startsWith("<!--", i)) {
        const close = fragment.indexOf("-->", i + 2)
        i = close < 0 ? fragment.length : close + 3
        continue
      }
      if (/^<\/?[A-Za-z]/.test(fragment.slice(i, i + 3))) {
        const tag = parseTag(fragment, fragment[i + 1] === "/" ? i + 1 : i)
        out += " "
        i = tag ? tag.end : fragment.length
        continue
      }
    } else if (c === "{" && fragment[i + 1] === "%") {
      const e = liquidEnd(fragment, i)
      if (e > 0) {
        i = e
        continue
      }
    }
    out += c
    i++
  }
  return collapse(decodeEntities(out))
}

/** What the reader sees of an `<a>`: its text, else the alt text of an image in it. */
function anchorLabel(html: string, contentStart: number): string | null {
  const rest = html.slice(contentStart)
  const stop = /<\/a\s*>|<a[\s>/]/i.exec(rest)
  const content = stop ? rest.slice(0, stop.index) : rest
  const text = textOf(content)
  if (text) {
    return truncate(text)
  }
  let alt: string | null = null
  forEachTag(content, (tag) => {
    if (alt === null && tag.name === "img") {
      const a = attr(tag, "alt")
      const value = a ? collapse(decodeEntities(a.value)) : ""
      if (value) {
        alt = truncate(value)
      }
    }
  })
  return alt
}

function hasLiquid(value: string): boolean {
  return value.includes("{{") || value.includes("{%")
}

function hostSet(hosts: string[]): Set<string> {
  return new Set(hosts.map((h) => h.trim().toLowerCase().replace(/\.$/, "")).filter(Boolean))
}

// ---------------------------------------------------------------- instrumentation

/**
 * Put tracking placeholders into a campaign's compiled HTML (Liquid still in
 * it) and return the link map.
 *
 * Tracked: the `href` of `<a>` and `<area>` (double-, single- or unquoted;
 * entities decoded; trimmed) when it is an absolute http(s) URL passing
 * `isSafeRedirectTarget`, or Liquid that `resolveLiquid` turns into one now
 * (`{{ store.url }}/sale`). Left exactly as written: mailto:, tel:, #anchors,
 * relative URLs, and Liquid that depends on the recipient (unsubscribe and
 * preference links, contact fields, loop variables: `resolveLiquid` returns
 * null), since those differ per message and a frozen map cannot hold them.
 *
 * Each occurrence gets its own position, so the same URL in the header and
 * in a button shows which one was clicked. The recorded URL is the WHATWG
 * serialisation of the href (what a browser would navigate to, and ASCII, so
 * it can go into a Location header) with UTM parameters added for the
 * store's own hosts. Positions past 65535 (they go into tokens as 16 bits)
 * stay untracked.
 */
export function instrumentHtml(
  html: string,
  opts: {
    /** first position to number links from (variants of one campaign share one numbering) */
    startPosition: number
    /** resolve an href that contains Liquid ({{ }} / {% %}) to a final URL now, or null to leave it untracked */
    resolveLiquid: (href: string) => string | null
    /** hosts whose links get UTM parameters (the store's), lower-case, e.g. ["shop.example.com"] */
    utmHosts: string[]
    utm: UtmOptions | null
    /**
     * the plain-text alternative made from this HTML (links as `text [href]`):
     * its links get the same placeholders, matched to the HTML's in order
     */
    text?: string
  }
): { html: string; text?: string; links: TrackedLink[] } {
  if (!Number.isInteger(opts.startPosition) || opts.startPosition < 0 || opts.startPosition > MAX_POSITION) {
    throw new Error(`startPosition must be an integer from 0 to ${MAX_POSITION}, got ${opts.startPosition}`)
  }
  const utmHosts = hostSet(opts.utmHosts)
  const links: TrackedLink[] = []
  const hrefs: string[] = [] // per link, the href as the text alternative prints it
  const edits: { start: number; end: number; text: string }[] = []
  let next = opts.startPosition

  const finalUrl = (href: string): string | null => {
    let target = href
    if (hasLiquid(href)) {
      const resolved = opts.resolveLiquid(href)
      if (typeof resolved !== "string") {
        return null
      }
      target = resolved.trim()
    }
    if (!isSafeRedirectTarget(target)) {
      return null
    }
    const parsed = new URL(target)
    if (parsed.hostname === PLACEHOLDER_HOST) {
      return null // already instrumented
    }
    let url = parsed.href
    if (opts.utm && (utmHosts.has(parsed.hostname) || utmHosts.has(parsed.host))) {
      url = appendUtm(url, opts.utm)
    }
    return isSafeRedirectTarget(url) ? url : null
  }

  forEachTag(html, (tag) => {
    if ((tag.name !== "a" && tag.name !== "area") || next > MAX_POSITION) {
      return
    }
    const href = attr(tag, "href")
    if (!href) {
      return
    }
    const written = decodeEntities(href.value).trim()
    const url = finalUrl(written)
    if (url === null) {
      return
    }
    let label: string | null
    if (tag.name === "a") {
      label = anchorLabel(html, tag.end)
    } else {
      const alt = attr(tag, "alt")
      const text = alt ? collapse(decodeEntities(alt.value)) : ""
      label = text ? truncate(text) : null
    }
    const position = next++
    links.push({ position, url, label })
    // html-to-text prints no [href] for a link whose text is its href
    hrefs.push(label === written ? "" : written)
    // an unquoted value gets quotes, so any URL the renderer fills in stays one attribute
    const placeholder = href.quoted ? linkPlaceholder(position) : `"${linkPlaceholder(position)}"`
    edits.push({ start: href.valueStart, end: href.valueEnd, text: placeholder })
  })

  let out = ""
  let last = 0
  for (const e of edits) {
    out += html.slice(last, e.start) + e.text
    last = e.end
  }
  out += html.slice(last)

  if (!out.includes(PIXEL_HTML)) {
    const bodyClose = lastMatch(out, /<\/body\s*>/gi)
    out = bodyClose < 0 ? out + PIXEL_HTML : out.slice(0, bodyClose) + PIXEL_HTML + out.slice(bodyClose)
  }
  if (opts.text === undefined) {
    return { html: out, links }
  }
  return { html: out, text: instrumentText(opts.text, links, hrefs), links }
}

/**
 * The text alternative's links (`[href]`, as html-to-text writes them) get
 * the placeholders of the HTML links they come from. Both list the links in
 * document order, but the text leaves some out (an href equal to its text, a
 * linked image without alt text), so each `[href]` in the text takes the
 * next HTML link with that href after the last one matched (a link whose
 * text is its href is known to print none). A link the text does not show
 * stays unmatched; an href the HTML does not track stays as written.
 */
function instrumentText(text: string, links: TrackedLink[], hrefs: string[]): string {
  if (!hrefs.some(Boolean)) {
    return text
  }
  const needles = [...new Set(hrefs.filter(Boolean))].sort((a, b) => b.length - a.length).map((h) => escapeRegExp(`[${h}]`))
  let last = -1
  return text.replace(new RegExp(needles.join("|"), "g"), (match) => {
    const href = match.slice(1, -1)
    const i = hrefs.indexOf(href, last + 1)
    if (i < 0) {
      return match
    }
    last = i
    return `[${linkPlaceholder(links[i].position)}]`
  })
}

function lastMatch(s: string, re: RegExp): number {
  let index = -1
  for (const m of s.matchAll(re)) {
    index = m.index ?? index
  }
  return index
}

// ---------------------------------------------------------------- per recipient

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }

function escapeAttr(value: string): string {
  return /[&<>"']/.test(value) ? value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]) : value
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^$()|[\]{}\\/]/g, (c) => `\\${c}`)
}

/** The pixel tag exactly as inserted, or a link placeholder (group 1 = position). */
const FILL_RE = new RegExp(`${escapeRegExp(PIXEL_HTML)}|${LINK_PLACEHOLDER_RE.source}`, "g")

/**
 * Swap the placeholders of an instrumented (and Liquid-rendered) message for
 * one recipient's tracking URLs. Runs once per message on ~40 KB of HTML, so
 * it is one regex pass with no parsing. The URLs are plain URLs; they are
 * HTML-escaped here. With `open: null` (open tracking off, or a recipient
 * who opted out) the pixel is removed, not left pointing nowhere.
 */
/** A text alternative's link placeholders filled with this message's click URLs (no pixel in text, no escaping). */
export function fillTextLinks(text: string, click: (position: number) => string): string {
  return text.replace(new RegExp(LINK_PLACEHOLDER_RE), (_match: string, position: string) => click(Number(position)))
}

export function fillTrackingPlaceholders(
  html: string,
  urls: { open: string | null; click: (position: number) => string }
): string {
  return html.replace(FILL_RE, (match: string, position: string | undefined) => {
    if (position !== undefined) {
      return escapeAttr(urls.click(Number(position)))
    }
    return urls.open === null ? "" : pixelTag(escapeAttr(urls.open))
  })
}
