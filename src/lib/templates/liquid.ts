/**
 * Liquid for campaign templates: two configured liquidjs engines (HTML output
 * escaped, text output not), the store-aware filters (`money`, `date`,
 * `default`, `safe_url`), the save-time check (syntax errors and unknown
 * variables with line/column) and the per-recipient renderer with a cache of
 * parsed templates (parse once, render many).
 *
 * No file system: `include`, `render` and `layout` do not exist; only own
 * properties of the context are visible; parse size, render time and
 * allocations are bounded.
 */
import { FilterImplOptions, Liquid, Template, Variable } from "liquidjs"
import { compileFast, FastTemplate } from "./fast-render"
import { TemplateIssue } from "./issues"
import { liquidSegments, safeUrlValue } from "./markup"
import {
  BUILTIN_PROPERTIES,
  buildVariableTree,
  defaultVariableTree,
  FORLOOP_PROPERTIES,
  TemplateVariable,
  VariableNode,
} from "./variables"

// ---------------------------------------------------------------- context types

/** A money value: a number or decimal string in major units, or with its currency. */
export type MoneyInput =
  | number
  | string
  | { amount: number | string; currency_code?: string | null }
  | null
  | undefined

export type StoreContext = {
  name: string
  url: string
  /** the postal address printed in the footer (required by anti-spam law) */
  address: string
  /** ISO 4217, e.g. "eur": the default for `money` */
  currency: string
  /** BCP 47, e.g. "en-GB": number and date formatting (default "en-US") */
  locale?: string
  /** IANA zone for `date` when the contact has none (default "UTC") */
  timezone?: string
  logo_url?: string
  support_email?: string
}

export type ProductContext = {
  id?: string
  title: string
  url: string
  image?: string | null
  description?: string | null
  /** a formatted string ("€59.00") or an amount for the `money` filter */
  price?: MoneyInput
  compare_at_price?: MoneyInput
  currency_code?: string | null
}

export type LineItemContext = {
  title: string
  variant_title?: string | null
  quantity: number
  price?: MoneyInput
  total?: MoneyInput
  image?: string | null
  url?: string | null
}

export type CartContext = {
  id?: string
  items: LineItemContext[]
  items_count?: number
  subtotal?: MoneyInput
  total?: MoneyInput
  currency_code?: string
  recovery_url: string
  updated_at?: string | Date
}

export type OrderContext = {
  id?: string
  display_id?: string | number
  created_at?: string | Date
  items: LineItemContext[]
  subtotal?: MoneyInput
  shipping_total?: MoneyInput
  tax_total?: MoneyInput
  discount_total?: MoneyInput
  total?: MoneyInput
  currency_code?: string
  url?: string
}

export type ContactContext = {
  id?: string
  email: string
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  locale?: string | null
  timezone?: string | null
  country_code?: string | null
  orders_count?: number
  total_spent?: MoneyInput
  avg_order_value?: MoneyInput
  currency_code?: string | null
  first_order_at?: string | Date | null
  last_order_at?: string | Date | null
  [field: string]: unknown
}

/**
 * What one recipient's render sees. Only own properties are visible to the
 * template; values are escaped in HTML output.
 */
export type RenderContext = {
  contact: ContactContext
  store: StoreContext
  unsubscribe_url: string
  preferences_url: string
  view_in_browser_url?: string
  campaign?: { name?: string; [k: string]: unknown }
  products?: Record<string, ProductContext>
  coupon_code?: string | null
  coupon?: { code: string; description?: string | null; expires_at?: string | Date | null }
  cart?: CartContext
  order?: OrderContext
  [key: string]: unknown
}

// ---------------------------------------------------------------- limits and engines

/** `this` inside a liquidjs filter. */
type FilterImpl = ThisParameterType<Extract<FilterImplOptions, (...args: any[]) => any>>

/** DoS bounds for every parse and render. */
export const LIQUID_LIMITS = {
  /** characters per parse (a compiled email is ~20-100 KB) */
  parseLimit: 2_000_000,
  /** milliseconds per render (a normal render takes well under 1 ms) */
  renderLimit: 1_000,
  /** allocations per render (ranges, joins, appends...) */
  memoryLimit: 10_000_000,
} as const

/** Tags that do not exist in our engines: no file system, no layouts. */
export const DISABLED_LIQUID_TAGS = ["include", "render", "layout", "block"] as const
/** Tags an author may not use in block fields (`raw` would print unescaped markup). */
export const BLOCK_DISALLOWED_TAGS = ["raw"] as const

/**
 * A configured engine. `escape: true` HTML-escapes every output (the `raw`
 * filter is removed, so nothing can opt out); `escape: false` is for the
 * subject and the plain-text part.
 */
export function createLiquidEngine(opts: { escape: boolean }): Liquid {
  const engine = new Liquid({
    strictFilters: true,
    strictVariables: false,
    ownPropertyOnly: true,
    outputEscape: opts.escape ? "escape" : undefined,
    templates: {},
    relativeReference: false,
    dynamicPartials: false,
    jsTruthy: false,
    cache: false,
    timezoneOffset: "UTC",
    parseLimit: LIQUID_LIMITS.parseLimit,
    renderLimit: LIQUID_LIMITS.renderLimit,
    memoryLimit: LIQUID_LIMITS.memoryLimit,
  })
  for (const tag of DISABLED_LIQUID_TAGS) {
    delete (engine.tags as Record<string, unknown>)[tag]
  }
  const builtinDate = engine.filters.date as (this: FilterImpl, ...args: unknown[]) => unknown
  engine.unregisterFilter("raw")
  // output is escaped exactly once by the engine (HTML) or never (text)
  const identity = (v: unknown) => v
  engine.registerFilter("escape", identity)
  engine.registerFilter("escape_once", identity)
  engine.registerFilter("xml_escape", identity)
  engine.registerFilter("money", function (this: FilterImpl, value: unknown, currency?: unknown, unit?: unknown) {
    const env = environment(this)
    const opts = {
      currency: typeof currency === "string" && currency ? currency : undefined,
      fallbackCurrency: str(env.store?.currency) || str(env.contact?.currency_code),
      locale: str(env.store?.locale),
      minorUnits: unit === "minor",
    }
    if (typeof value !== "number" && typeof value !== "string") {
      return formatMoney(value as MoneyInput, opts)
    }
    // the same amounts recur across a campaign's recipients
    const key = `${value}|${opts.currency ?? ""}|${opts.fallbackCurrency ?? ""}|${opts.locale ?? ""}|${opts.minorUnits}`
    return memo(moneyMemo, key, () => formatMoney(value, opts))
  })
  engine.registerFilter("date", function (this: FilterImpl, value: unknown, format?: unknown, timezone?: unknown) {
    const env = environment(this)
    const timeZone =
      (typeof timezone === "string" && timezone) || str(env.contact?.timezone) || str(env.store?.timezone) || "UTC"
    const fmt = typeof format === "string" && format ? format : "medium"
    if (fmt.includes("%")) {
      return builtinDate.call(this, value, fmt, validTimeZone(timeZone))
    }
    const locale = str(env.store?.locale)
    if (typeof value !== "string" || value === "now" || value === "today") {
      return formatDate(value, fmt, { locale, timeZone })
    }
    return memo(dateMemo, `${value}|${fmt}|${timeZone}|${locale ?? ""}`, () => formatDate(value, fmt, { locale, timeZone }))
  })
  engine.registerFilter("default", (value: unknown, fallback: unknown = "", allowFalse?: unknown) => {
    if (value === false && allowFalse === true) {
      return value
    }
    return isBlank(value) ? fallback : value
  })
  engine.registerFilter("safe_url", (value: unknown) => safeUrlValue(value))
  return engine
}

const moneyMemo = new Map<string, string>()
const dateMemo = new Map<string, string>()
const MEMO_SIZE = 5000

function memo(map: Map<string, string>, key: string, compute: () => string): string {
  let v = map.get(key)
  if (v === undefined) {
    v = compute()
    if (map.size >= MEMO_SIZE) {
      map.clear()
    }
    map.set(key, v)
  }
  return v
}

type Env = { store?: Record<string, unknown>; contact?: Record<string, unknown> }

function environment(impl: FilterImpl): Env {
  const env = (impl.context?.environments ?? {}) as Record<string, unknown>
  return {
    store: isRecord(env.store) ? env.store : undefined,
    contact: isRecord(env.contact) ? env.contact : undefined,
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null
}

function str(v: unknown): string | undefined {
  return typeof v === "string" && v ? v : undefined
}

function isBlank(value: unknown): boolean {
  return (
    value === null ||
    value === undefined ||
    value === false ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  )
}

let htmlEngine: Liquid | undefined
let textEngine: Liquid | undefined

/** The shared engine for HTML (outputs escaped). */
export function htmlLiquid(): Liquid {
  htmlEngine ??= createLiquidEngine({ escape: true })
  return htmlEngine
}

/** The shared engine for subjects and plain text (outputs not escaped). */
export function textLiquid(): Liquid {
  textEngine ??= createLiquidEngine({ escape: false })
  return textEngine
}

// ---------------------------------------------------------------- money and dates

const DECIMAL_RE = /^-?\d{1,18}(\.\d{1,18})?$/
const numberFormats = new Map<string, Intl.NumberFormat | null>()

function numberFormat(locale: string, currency: string | undefined): Intl.NumberFormat | null {
  const key = `${locale}|${currency ?? ""}`
  let f = numberFormats.get(key)
  if (f === undefined) {
    try {
      f = currency
        ? new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() })
        : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    } catch {
      f = null
    }
    if (numberFormats.size > 500) {
      numberFormats.clear()
    }
    numberFormats.set(key, f)
  }
  return f
}

/**
 * Format a money amount for display, with Intl.NumberFormat in the store
 * locale. Amounts are in major units (19.99), as Medusa v2 stores them, given
 * as a number, a decimal string ("19.99", formatted exactly) or
 * `{ amount, currency_code }`; with `minorUnits` an integer count of cents
 * (1999). A string that is not a number ("€19.99", "Free") is returned as is.
 */
export function formatMoney(
  value: MoneyInput | unknown,
  opts: { currency?: string; fallbackCurrency?: string; locale?: string; minorUnits?: boolean } = {}
): string {
  let amount: unknown = value
  let currency = opts.currency
  if (isRecord(amount) && "amount" in amount) {
    currency ??= str((amount as Record<string, unknown>).currency_code)
    amount = (amount as Record<string, unknown>).amount
  } else if (isRecord(amount) && typeof (amount as { toJSON?: unknown }).toJSON === "function") {
    amount = (amount as { toJSON: () => unknown }).toJSON() // Medusa BigNumber
  }
  currency ??= opts.fallbackCurrency
  let decimal: string
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) {
      return ""
    }
    decimal = String(amount)
    if (/e/i.test(decimal)) {
      decimal = amount.toFixed(6)
    }
  } else if (typeof amount === "string") {
    const t = amount.trim()
    if (!DECIMAL_RE.test(t)) {
      return t
    }
    decimal = t
  } else {
    return ""
  }
  const locale = opts.locale || "en-US"
  const f = numberFormat(locale, currency) ?? numberFormat("en-US", currency)
  const plain = f ?? numberFormat(locale, undefined) ?? numberFormat("en-US", undefined)!
  if (opts.minorUnits) {
    decimal = shiftDecimal(decimal, f?.resolvedOptions().maximumFractionDigits ?? 2)
  }
  // Intl formats decimal strings exactly (no float rounding)
  const formatted = plain.format(decimal as unknown as number)
  return !f && currency ? `${formatted} ${currency.toUpperCase()}` : formatted
}

/** "1999", 2 -> "19.99" */
function shiftDecimal(decimal: string, digits: number): string {
  if (!digits) {
    return decimal
  }
  const neg = decimal.startsWith("-")
  const [int, frac = ""] = (neg ? decimal.slice(1) : decimal).split(".")
  const padded = int.padStart(digits + 1, "0")
  const head = padded.slice(0, padded.length - digits)
  const tail = padded.slice(padded.length - digits) + frac
  return `${neg ? "-" : ""}${head}.${tail}`
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

const DATE_PRESETS: Record<string, Intl.DateTimeFormatOptions> = {
  short: { dateStyle: "short" },
  medium: { dateStyle: "medium" },
  long: { dateStyle: "long" },
  full: { dateStyle: "full" },
  datetime: { dateStyle: "medium", timeStyle: "short" },
  time: { timeStyle: "short" },
  month_year: { month: "long", year: "numeric" },
  weekday: { weekday: "long" },
}

/** Date presets of the `date` filter (`{{ order.created_at | date: "long" }}`); strftime formats work too. */
export const DATE_FORMAT_PRESETS = Object.keys(DATE_PRESETS)

function validTimeZone(tz: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz })
    return tz
  } catch {
    return "UTC"
  }
}

/** Parse what a context may hold for a date: Date, ISO string, epoch ms, "now"/"today". */
export function toDate(value: unknown): Date | null {
  if (value instanceof Date) {
    return Number.isNaN(value.getTime()) ? null : value
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    return new Date(Math.abs(value) < 1e11 ? value * 1000 : value)
  }
  if (typeof value === "string") {
    const t = value.trim()
    if (t === "now" || t === "today") {
      return new Date()
    }
    if (/^\d{4}-\d{2}-\d{2}/.test(t)) {
      const d = new Date(t)
      return Number.isNaN(d.getTime()) ? null : d
    }
  }
  return null
}

/**
 * Format a date with Intl.DateTimeFormat: a preset (short, medium, long, full,
 * datetime, time, month_year, weekday) in the given locale and IANA time zone.
 * An unparseable value is returned as text; an unknown zone falls back to UTC.
 */
export function formatDate(
  value: unknown,
  format = "medium",
  opts: { locale?: string; timeZone?: string } = {}
): string {
  const d = toDate(value)
  if (!d) {
    return value === null || value === undefined ? "" : String(value)
  }
  if (format === "iso") {
    return d.toISOString()
  }
  const preset = DATE_PRESETS[format] ?? DATE_PRESETS.medium
  const locale = opts.locale || "en-US"
  const timeZone = opts.timeZone || "UTC"
  const key = `${locale}|${timeZone}|${format}`
  let f = dateFormats.get(key)
  if (!f) {
    try {
      f = new Intl.DateTimeFormat(locale, { ...preset, timeZone })
    } catch {
      f = new Intl.DateTimeFormat("en-US", { ...preset, timeZone: validTimeZone(timeZone) })
    }
    if (dateFormats.size > 500) {
      dateFormats.clear()
    }
    dateFormats.set(key, f)
  }
  return f.format(d)
}

// ---------------------------------------------------------------- save-time checks

/** One variable reference found in a template. */
export type UsedVariable = {
  /** `contact.first_name`, `products["prod_1"].title`, `item.title` */
  path: string
  /** property names / indexes; a nested variable as its own path string in brackets */
  segments: (string | number)[]
  line: number
  column: number
  /** true when the root is a template-local name (`assign`, `for` variable, `forloop`) */
  local: boolean
}

export type ParsedVariables = {
  variables: UsedVariable[]
  /** syntax errors (with line/column); when present, `variables` is empty */
  issues: TemplateIssue[]
}

export type CheckTemplateOptions = {
  /** the field the source came from, for issue paths (default "template") */
  path?: string
  /** tags refused in this source (e.g. `raw` in block fields) */
  disallowedTags?: readonly string[]
}

type AnalysisResult = { templates: Template[]; variables: Variable[]; globals: Set<Variable> }

function analyzeSource(source: string, path: string): { result?: AnalysisResult; issues: TemplateIssue[] } {
  let templates: Template[]
  try {
    templates = textLiquid().parse(source)
  } catch (e) {
    return { issues: [liquidErrorIssue(e, path)] }
  }
  const analysis = textLiquid().analyzeSync(templates, { partials: false })
  const globals = new Set<Variable>()
  for (const list of Object.values(analysis.globals)) {
    list.forEach((g) => globals.add(g))
  }
  const variables: Variable[] = []
  for (const list of Object.values(analysis.variables)) {
    variables.push(...list)
  }
  variables.sort((a, b) => a.location.row - b.location.row || a.location.col - b.location.col)
  return { result: { templates, variables, globals }, issues: [] }
}

/** A liquidjs parse/render error as an issue with 1-based line and column. */
export function liquidErrorIssue(e: unknown, path: string): TemplateIssue {
  const err = e as { message?: string; token?: { getPosition?: () => [number, number] } }
  const pos = err.token?.getPosition?.()
  const message = String(err.message ?? e)
    .replace(/, line:\d+, col:\d+$/, "")
    .split("\n")[0]
  return {
    code: "liquid_syntax",
    path,
    message: `Liquid error: ${message}`,
    ...(pos ? { line: pos[0], column: pos[1] } : {}),
  }
}

function segmentsOf(v: Variable): (string | number)[] {
  return v.segments.map((s) => (s instanceof Variable ? `[${variablePath(s)}]` : s))
}

function variablePath(v: Variable): string {
  let out = ""
  v.segments.forEach((s, i) => {
    if (s instanceof Variable) {
      out += `[${variablePath(s)}]`
    } else if (typeof s === "number") {
      out += `[${s}]`
    } else if (i === 0) {
      out += s
    } else if (/^[A-Za-z_][\w-]*$/.test(s)) {
      out += `.${s}`
    } else {
      out += `[${JSON.stringify(s)}]`
    }
  })
  return out
}

/**
 * Every variable a template references, with line and column, or its Liquid
 * syntax errors. Used by the admin to highlight variables.
 */
export function parseTemplateVariables(source: string, opts: { path?: string } = {}): ParsedVariables {
  const { result, issues } = analyzeSource(source, opts.path ?? "template")
  if (!result) {
    return { variables: [], issues }
  }
  return {
    variables: result.variables.map((v) => ({
      path: variablePath(v),
      segments: segmentsOf(v),
      line: v.location.row,
      column: v.location.col,
      local: !result.globals.has(v),
    })),
    issues,
  }
}

/** Known variables as a catalog, plain paths or a prebuilt tree. */
export type KnownVariables = readonly (TemplateVariable | string)[] | VariableNode

const treeCache = new WeakMap<object, VariableNode>()

function toTree(known: KnownVariables | undefined): VariableNode {
  if (!known) {
    return defaultVariableTree()
  }
  if (!Array.isArray(known)) {
    return known as VariableNode
  }
  let tree = treeCache.get(known)
  if (!tree) {
    tree = buildVariableTree(known as readonly (TemplateVariable | string)[])
    treeCache.set(known, tree)
  }
  return tree
}

/**
 * Check a Liquid source at save time: syntax errors, disallowed tags and
 * references to variables that are not in `known` (default: the
 * TEMPLATE_VARIABLES catalog), each with line and column, e.g.
 * `{{ contact.frist_name }}` -> "Unknown variable contact.frist_name (did you
 * mean contact.first_name?)". Loop variables are followed to the list they
 * iterate (`{% for item in cart.items %}{{ item.titel }}` is caught too).
 */
export function checkTemplate(
  source: string,
  known?: KnownVariables,
  opts: CheckTemplateOptions = {}
): TemplateIssue[] {
  const path = opts.path ?? "template"
  if (!source.includes("{{") && !source.includes("{%")) {
    return []
  }
  const { result, issues } = analyzeSource(source, path)
  if (!result) {
    return issues
  }
  const out: TemplateIssue[] = []
  const segs = liquidSegments(source)
  if (opts.disallowedTags?.length) {
    for (const s of segs) {
      if (s.kind === "tag" && s.name && opts.disallowedTags.includes(s.name)) {
        const { line, column } = lineColumn(source, s.begin)
        out.push({ code: "disallowed_tag", path, line, column, message: `The {% ${s.name} %} tag is not allowed here` })
      }
    }
  }
  const tree = toTree(known)
  const aliases = collectAliases(segs, tree)
  for (const v of result.variables) {
    const root = v.segments[0]
    const isGlobal = result.globals.has(v)
    let node: VariableNode | undefined
    let rest = v.segments
    let shownRoot = ""
    if (isGlobal) {
      node = tree
    } else if (root === "forloop" || root === "tablerowloop") {
      const prop = v.segments[1]
      if (typeof prop === "string" && !(FORLOOP_PROPERTIES as readonly string[]).includes(prop) && prop !== "parentloop" && prop !== "col" && prop !== "row") {
        out.push(unknownIssue(path, v, `${root}.${prop}`, closest(prop, FORLOOP_PROPERTIES), root))
      }
      continue
    } else if (typeof root === "string" && aliases.has(root)) {
      node = aliases.get(root)
      rest = v.segments.slice(1)
      shownRoot = root
    } else {
      continue // a local of unknown shape (assign with filters, capture, increment)
    }
    const miss = lookup(node!, rest)
    if (miss) {
      const prefix = shownRoot ? [shownRoot] : []
      const shown = variablePath(new Variable([...prefix, ...rest.slice(0, miss.at + 1)] as any, v.location))
      const suggestion = miss.suggestion
        ? variablePath(new Variable([...prefix, ...rest.slice(0, miss.at), miss.suggestion] as any, v.location))
        : undefined
      out.push(unknownIssue(path, v, shown, suggestion))
    }
  }
  return dedupe(out)
}

function unknownIssue(path: string, v: Variable, shown: string, suggestion?: string, prefix?: string): TemplateIssue {
  const hint = suggestion ? ` (did you mean ${prefix ? `${prefix}.` : ""}${suggestion}?)` : ""
  return {
    code: "unknown_variable",
    path,
    line: v.location.row,
    column: v.location.col,
    message: `Unknown variable ${shown}${hint}`,
  }
}

function dedupe(issues: TemplateIssue[]): TemplateIssue[] {
  const seen = new Set<string>()
  return issues.filter((i) => {
    const k = `${i.code}|${i.line}|${i.column}|${i.message}`
    if (seen.has(k)) {
      return false
    }
    seen.add(k)
    return true
  })
}

type Miss = { at: number; suggestion?: string }

/** Walk `segments` down the tree; the first segment that is not known, or null. */
function lookup(start: VariableNode, segments: readonly unknown[]): Miss | null {
  let node = start
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]
    if (isOpen(node)) {
      return null
    }
    let next: VariableNode | undefined
    if (seg instanceof Variable) {
      next = node.children.get("*") ?? node.children.get("[]")
    } else if (typeof seg === "number") {
      next = node.children.get("[]")
    } else {
      const name = String(seg)
      next = node.children.get(name) ?? node.children.get("*")
      if (!next && (BUILTIN_PROPERTIES as readonly string[]).includes(name)) {
        if (name === "size") {
          return i === segments.length - 1 ? null : { at: i + 1 }
        }
        next = node.children.get("[]")
        if (!next && node.variable && node.variable.type !== "object") {
          return null // first/last of a string
        }
      }
      if (!next) {
        return { at: i, suggestion: closest(name, [...node.children.keys()].filter((k) => k !== "[]" && k !== "*")) }
      }
    }
    if (!next) {
      return { at: i }
    }
    node = next
  }
  return null
}

/** A node whose inside is not described (a plain-string known variable, or an untyped object): anything goes. */
function isOpen(node: VariableNode): boolean {
  return node.children.size === 0 && (!node.variable || node.variable.type === "object")
}

/** `{% for x in a.b %}` and `{% assign x = a.b %}`: local names that stand for a catalog node. */
function collectAliases(segs: ReturnType<typeof liquidSegments>, tree: VariableNode): Map<string, VariableNode> {
  const aliases = new Map<string, VariableNode>()
  for (const s of segs) {
    if (s.kind !== "tag") {
      continue
    }
    let name: string | undefined
    let expr: string | undefined
    let item = false
    if (s.name === "for" || s.name === "tablerow") {
      const m = /^([A-Za-z_][\w-]*)\s+in\s+(\S+)/.exec(s.content)
      if (m) {
        ;[name, expr, item] = [m[1], m[2], true]
      }
    } else if (s.name === "assign") {
      const m = /^([A-Za-z_][\w-]*)\s*=\s*([^\s|]+)\s*$/.exec(s.content)
      if (m) {
        ;[name, expr] = [m[1], m[2]]
      }
    }
    if (!name || !expr) {
      continue
    }
    const segments = parseSimplePath(expr)
    if (!segments) {
      continue
    }
    const base = aliases.get(String(segments[0]))
    let node: VariableNode | undefined = base ?? tree
    for (const seg of base ? segments.slice(1) : segments) {
      node = typeof seg === "number" ? node.children.get("[]") : node.children.get(seg) ?? node.children.get("*")
      if (!node) {
        break
      }
    }
    if (node && item) {
      node = node.children.get("[]")
    }
    if (node && !aliases.has(name)) {
      aliases.set(name, node)
    }
  }
  return aliases
}

/** `a.b["c"][0]` -> ["a", "b", "c", 0]; null for anything that is not a plain path. */
function parseSimplePath(expr: string): (string | number)[] | null {
  const re = /^([A-Za-z_][\w-]*)|^\.([A-Za-z_][\w-]*)|^\[(?:"([^"]*)"|'([^']*)'|(\d+))\]/
  const out: (string | number)[] = []
  let rest = expr
  while (rest) {
    const m = re.exec(rest)
    if (!m || (out.length === 0 && !m[1]) || (out.length > 0 && m[1])) {
      return null
    }
    const seg = m[1] ?? m[2] ?? m[3] ?? m[4]
    out.push(seg !== undefined ? seg : Number(m[5]))
    rest = rest.slice(m[0].length)
  }
  return out.length ? out : null
}

/** The candidate within edit distance 2 (or a shared prefix), if any. */
function closest(name: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined
  let bestD = 3
  for (const c of candidates) {
    const d = editDistance(name.toLowerCase(), c.toLowerCase())
    if (d < bestD) {
      best = c
      bestD = d
    }
  }
  return best
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) {
    return 3
  }
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]
    prev[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1))
      // transposition ("frist" -> "first") counts as one edit
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        prev[j] = Math.min(prev[j], diag)
      }
      diag = tmp
    }
  }
  return prev[b.length]
}

/** 1-based line and column of a character offset. */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1
  let last = -1
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++
      last = i
    }
  }
  return { line, column: offset - last }
}

// ---------------------------------------------------------------- rendering

/** What compileTemplate produces and the send pipeline caches per campaign/variant. */
export type CompiledTemplate = {
  version: 1
  /** Liquid source of the subject line */
  subject: string
  /** Liquid source of the preview text (already embedded in `html`) */
  preheader: string
  /** the MJML the HTML was built from (null for raw HTML documents) */
  mjml: string | null
  /** responsive HTML with inlined CSS; Liquid still in it */
  html: string
  /** the plain-text alternative; Liquid still in it */
  text_template: string
}

export type RenderedMessage = { subject: string; html: string; text: string }

const PARSE_CACHE_SIZE = 128

/** Parsed + compiled templates by source (LRU): a campaign parses its template once. */
class TemplateCache {
  private readonly map = new Map<string, FastTemplate>()

  constructor(private readonly engine: () => Liquid) {}

  get(source: string): FastTemplate {
    let t = this.map.get(source)
    if (t) {
      if (this.map.size > 8) {
        // keep recently used entries at the end
        this.map.delete(source)
        this.map.set(source, t)
      }
      return t
    }
    const engine = this.engine()
    t = compileFast(engine.parse(source), engine)
    if (this.map.size >= PARSE_CACHE_SIZE) {
      this.map.delete(this.map.keys().next().value as string)
    }
    this.map.set(source, t)
    return t
  }
}

const htmlCache = new TemplateCache(htmlLiquid)
const textCache = new TemplateCache(textLiquid)

/**
 * Render a compiled template for one recipient: subject (one line, not
 * escaped), HTML (every output escaped) and text. Templates are parsed and
 * compiled once per source and cached (parse once, render many). Throws a
 * liquidjs error when a render exceeds the limits.
 */
export function renderForRecipient(compiled: CompiledTemplate, context: RenderContext): RenderedMessage {
  // each render gets a shallow copy: {% increment %} writes into the scope object it is given,
  // and the caller's context (often shared across recipients) must not change
  const subject = textCache.get(compiled.subject)({ ...context })
  const html = htmlCache.get(compiled.html)({ ...context })
  const text = textCache.get(compiled.text_template)({ ...context })
  return { subject: oneLine(subject), html, text: tidyText(text) }
}

/** Render one Liquid source (a preview of a single field, a test). */
export function renderLiquid(source: string, context: Partial<RenderContext>, opts: { html: boolean }): string {
  return (opts.html ? htmlCache : textCache).get(source)({ ...context })
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim()
}

/** Trailing spaces off, at most one blank line in a row (Liquid tags leave empty lines behind). */
function tidyText(s: string): string {
  return s
    .replace(/[ \t]+$/gm, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
}
