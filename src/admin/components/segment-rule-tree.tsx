/**
 * The rule builder's model: the API's rule tree (src/lib/segments/schema.ts)
 * as an editable tree with stable keys and half-typed values, and back.
 *
 *   { all: [...] } / { any: [...] }   group, match "all" / "any"
 *   { not: { all|any: [...] } }       the same group, negated
 *   { not: condition }                a negated one-condition group
 *
 * Values are kept the way the inputs hold them (numbers as typed text,
 * money as amount + currency) so a half-typed value survives re-renders;
 * `toRules` turns them into the API's shapes and reports what is unfinished.
 * Whether a finished value is valid is the API's call: its 400 names the
 * path, which `paths` maps back to the condition on screen.
 */
import type {
  SegmentCondition,
  SegmentFieldDescription,
  SegmentNode,
  SegmentRules,
  SegmentValueKind,
} from "../lib/types"

export type RelativeDraft = { amount: string; unit: string }
export type MoneyDraft = { amount: string; currency: string }
export type MoneyRangeDraft = { min: string; max: string; currency: string }

export type EditorCondition = {
  kind: "condition"
  key: string
  field: string | null
  operator: string | null
  /** the input's value; its shape depends on the operator's value kind */
  value: unknown
  /** purchase fields: at least this many orders ("" = any) */
  min_count: string
  /** purchase fields: only orders in this window (amount "" = any time) */
  within: RelativeDraft
}

export type EditorGroup = {
  kind: "group"
  key: string
  match: "all" | "any"
  negate: boolean
  children: EditorNode[]
}

export type EditorNode = EditorGroup | EditorCondition

export type FieldCatalog = Map<string, SegmentFieldDescription>

let seq = 0
const nextKey = () => `n${Date.now().toString(36)}${(++seq).toString(36)}`

export const emptyCondition = (): EditorCondition => ({
  kind: "condition",
  key: nextKey(),
  field: null,
  operator: null,
  value: null,
  min_count: "",
  within: { amount: "", unit: "days" },
})

export const emptyGroup = (match: "all" | "any" = "all", children: EditorNode[] = []): EditorGroup => ({
  kind: "group",
  key: nextKey(),
  match,
  negate: false,
  children,
})

/** The kind of input an operator of a field takes, or null for an unknown pair. */
export function valueKindOf(
  catalog: FieldCatalog,
  field: string | null,
  operator: string | null
): SegmentValueKind | null {
  if (!field || !operator) {
    return null
  }
  return catalog.get(field)?.operators.find((o) => o.operator === operator)?.value ?? null
}

export const isPurchaseField = (catalog: FieldCatalog, field: string | null) =>
  Boolean(field && catalog.get(field)?.modifiers?.length)

/* ------------------------------ value drafts ------------------------------ */

const str = (v: unknown) => (v === null || v === undefined ? "" : String(v))

/** What an input starts with when its operator is picked. */
export function defaultDraft(kind: SegmentValueKind | null): unknown {
  switch (kind) {
    case "string_list":
    case "enum_list":
    case "id_list":
      return []
    case "integer_range":
    case "date_range":
      return ["", ""]
    case "money":
      return { amount: "", currency: "" } satisfies MoneyDraft
    case "money_range":
      return { min: "", max: "", currency: "" } satisfies MoneyRangeDraft
    case "relative_date":
      return { amount: "30", unit: "days" } satisfies RelativeDraft
    case "boolean":
      return "true"
    case "none":
      return null
    default:
      return ""
  }
}

/** An API value as its input holds it. */
export function draftFromValue(kind: SegmentValueKind | null, v: unknown): unknown {
  switch (kind) {
    case null:
      return v
    case "none":
      return null
    case "string":
    case "enum":
    case "id":
    case "date":
      return typeof v === "string" ? v : str(v)
    case "string_list":
    case "enum_list":
    case "id_list":
      return Array.isArray(v) ? v.map(String) : typeof v === "string" && v ? [v] : []
    case "integer":
      return str(v)
    case "integer_range":
    case "date_range":
      return Array.isArray(v) ? [str(v[0]), str(v[1])] : ["", ""]
    case "money":
      if (v && typeof v === "object" && "amount" in v) {
        const m = v as { amount: unknown; currency_code?: string }
        return { amount: str(m.amount), currency: m.currency_code ?? "" } satisfies MoneyDraft
      }
      return { amount: str(v), currency: "" } satisfies MoneyDraft
    case "money_range":
      if (Array.isArray(v)) {
        return { min: str(v[0]), max: str(v[1]), currency: "" } satisfies MoneyRangeDraft
      }
      if (v && typeof v === "object") {
        const m = v as { min?: unknown; max?: unknown; currency_code?: string }
        return { min: str(m.min), max: str(m.max), currency: m.currency_code ?? "" } satisfies MoneyRangeDraft
      }
      return defaultDraft(kind)
    case "relative_date":
      if (v && typeof v === "object") {
        const r = v as { amount?: unknown; unit?: string }
        return { amount: str(r.amount), unit: r.unit ?? "days" } satisfies RelativeDraft
      }
      return defaultDraft(kind)
    case "boolean":
      return v === true ? "true" : v === false ? "false" : ""
  }
}

/** A number typed into an input; text that is not one goes to the API as typed, for its message. */
const num = (s: string): number | string => {
  const n = Number(s.trim())
  return s.trim() !== "" && Number.isFinite(n) ? n : s
}

const filled = (s: unknown) => typeof s === "string" && s.trim() !== ""

type Converted = { ok: true; value: unknown } | { ok: false }
const done = (value: unknown): Converted => ({ ok: true, value })
const unfinished: Converted = { ok: false }

/** An input's value in the API's shape, or unfinished. */
export function valueFromDraft(kind: SegmentValueKind | null, d: unknown): Converted {
  switch (kind) {
    case null:
      return done(d)
    case "none":
      return done(undefined)
    case "string":
    case "enum":
    case "id":
    case "date":
      return filled(d) ? done(d) : unfinished
    case "string_list":
    case "enum_list":
    case "id_list":
      return Array.isArray(d) && d.length ? done(d) : unfinished
    case "integer": {
      return filled(d) ? done(num(d as string)) : unfinished
    }
    case "integer_range": {
      const [a, b] = (d as string[]) ?? []
      return filled(a) && filled(b) ? done([num(a), num(b)]) : unfinished
    }
    case "date_range": {
      const [a, b] = (d as string[]) ?? []
      return filled(a) && filled(b) ? done([a, b]) : unfinished
    }
    case "money": {
      const m = d as MoneyDraft
      if (!m || !filled(m.amount)) return unfinished
      const amount = m.amount.trim()
      return done(filled(m.currency) ? { amount, currency_code: m.currency.trim().toLowerCase() } : amount)
    }
    case "money_range": {
      const m = d as MoneyRangeDraft
      if (!m || !filled(m.min) || !filled(m.max)) return unfinished
      const [min, max] = [m.min.trim(), m.max.trim()]
      return done(filled(m.currency) ? { min, max, currency_code: m.currency.trim().toLowerCase() } : [min, max])
    }
    case "relative_date": {
      const r = d as RelativeDraft
      return r && filled(r.amount) ? done({ amount: num(r.amount), unit: r.unit }) : unfinished
    }
    case "boolean":
      return d === "true" ? done(true) : d === "false" ? done(false) : unfinished
  }
}

/* ------------------------------ tree <-> rules ----------------------------- */

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v)

function conditionFromRule(c: SegmentCondition, catalog: FieldCatalog): EditorCondition {
  const kind = valueKindOf(catalog, c.field, c.operator)
  return {
    kind: "condition",
    key: nextKey(),
    field: c.field ?? null,
    operator: c.operator ?? null,
    value: draftFromValue(kind, c.value),
    min_count: str(c.min_count),
    within: c.within ? { amount: str(c.within.amount), unit: c.within.unit } : { amount: "", unit: "days" },
  }
}

function nodeFromRule(node: SegmentNode, catalog: FieldCatalog): EditorNode {
  if (isObject(node) && "not" in node) {
    const inner = nodeFromRule((node as { not: SegmentNode }).not, catalog)
    if (inner.kind === "group" && !inner.negate) {
      return { ...inner, negate: true }
    }
    return { ...emptyGroup("all", [inner]), negate: true }
  }
  if (isObject(node) && ("all" in node || "any" in node)) {
    const match = "all" in node ? "all" : "any"
    const children = ((node as any)[match] ?? []) as SegmentNode[]
    return emptyGroup(match, children.map((c) => nodeFromRule(c, catalog)))
  }
  return conditionFromRule(node as SegmentCondition, catalog)
}

/** The editable tree of a stored rule tree; the root is always a group. */
export function treeFromRules(rules: SegmentRules | null | undefined, catalog: FieldCatalog): EditorGroup {
  if (!rules) {
    return emptyGroup("all", [emptyCondition()])
  }
  const node = nodeFromRule(rules, catalog)
  return node.kind === "group" ? node : emptyGroup("all", [node])
}

export type TreeToRules = {
  rules: SegmentRules
  /** keys of conditions left out because they are not finished */
  unfinished: string[]
  /** API path (rules.all[0].any[1]) -> node key, to put the API's messages where they belong */
  paths: Map<string, string>
  conditions: number
}

/**
 * The API's rule tree. Unfinished conditions are left out (and listed), and
 * a nested group left empty by that goes too, so a half-built condition
 * never turns an "any" group into "no one".
 */
export function rulesFromTree(root: EditorGroup, catalog: FieldCatalog): TreeToRules {
  const unfinishedKeys: string[] = []
  const paths = new Map<string, string>()
  let conditions = 0

  const condition = (c: EditorCondition, path: string): SegmentNode | null => {
    if (!c.field || !c.operator) {
      unfinishedKeys.push(c.key)
      return null
    }
    const value = valueFromDraft(valueKindOf(catalog, c.field, c.operator), c.value)
    if (!value.ok) {
      unfinishedKeys.push(c.key)
      return null
    }
    const out: SegmentCondition = { field: c.field, operator: c.operator }
    if (value.value !== undefined) {
      out.value = value.value
    }
    if (isPurchaseField(catalog, c.field)) {
      if (filled(c.min_count)) {
        out.min_count = num(c.min_count) as number
      }
      if (filled(c.within.amount)) {
        out.within = { amount: num(c.within.amount) as number, unit: c.within.unit }
      }
    }
    paths.set(path, c.key)
    conditions++
    return out
  }

  const group = (g: EditorGroup, path: string, isRoot: boolean): SegmentNode | null => {
    paths.set(path, g.key)
    const base = g.negate ? `${path}.not` : path
    const children: SegmentNode[] = []
    for (const child of g.children) {
      const childPath = `${base}.${g.match}[${children.length}]`
      const node = child.kind === "group" ? group(child, childPath, false) : condition(child, childPath)
      if (node) {
        children.push(node)
      }
    }
    if (g.children.length > 0 && children.length === 0) {
      // everything in it is unfinished: as if it were not there yet
      return isRoot ? { all: [] } : null
    }
    const inner = g.match === "all" ? { all: children } : { any: children }
    return g.negate ? { not: inner } : inner
  }

  const rules = group(root, "rules", true) as SegmentRules
  return { rules, unfinished: unfinishedKeys, paths, conditions }
}

/* ------------------------------ tree editing ------------------------------ */

export function mapNode(node: EditorNode, key: string, fn: (n: EditorNode) => EditorNode): EditorNode {
  if (node.key === key) {
    return fn(node)
  }
  if (node.kind === "group") {
    let changed = false
    const children = node.children.map((c) => {
      const next = mapNode(c, key, fn)
      changed ||= next !== c
      return next
    })
    return changed ? { ...node, children } : node
  }
  return node
}

export function removeNode(root: EditorGroup, key: string): EditorGroup {
  const walk = (g: EditorGroup): EditorGroup => ({
    ...g,
    children: g.children.filter((c) => c.key !== key).map((c) => (c.kind === "group" ? walk(c) : c)),
  })
  return walk(root)
}

export function treeStats(root: EditorGroup) {
  let conditions = 0
  let groups = 0
  let depth = 0
  const walk = (n: EditorNode, d: number) => {
    if (n.kind === "condition") {
      conditions++
      return
    }
    groups++
    depth = Math.max(depth, d)
    n.children.forEach((c) => walk(c, d + 1))
  }
  walk(root, 1)
  return { conditions, groups, depth }
}

/* ------------------------------- API messages ------------------------------ */

export type RuleIssue = { path: string; message: string }

/**
 * "Invalid segment rules: rules.all[0].value: must be ...; rules.any[1]: ..."
 * as path + message pairs. Anything else comes back as one issue without a path.
 */
export function parseRuleIssues(message: string): RuleIssue[] {
  const body = message.replace(/^Invalid segment rules:\s*/i, "")
  const issues: RuleIssue[] = []
  for (const part of body.split(/;\s+(?=rules[.[]|and \d+ more)/)) {
    const m = /^(rules[^\s:]*):\s*([\s\S]*)$/.exec(part.trim())
    if (m) {
      issues.push({ path: m[1], message: m[2] })
    } else if (part.trim()) {
      issues.push({ path: "", message: part.trim() })
    }
  }
  return issues
}

/** What the part of a condition a message is about is called on screen; the value needs no name. */
const PART_LABELS: [string, string][] = [
  ["min_count", "Number of orders"],
  ["within", "Time window"],
  ["field", "Field"],
  ["operator", "Operator"],
]

/**
 * The API's issues by the key of the node they are about (the longest path
 * that names a node on screen), with the rest of the path in front of the
 * message when it says more than "value".
 */
export function issuesByNode(issues: RuleIssue[], paths: Map<string, string>): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const issue of issues) {
    let p = issue.path
    while (p && !paths.has(p)) {
      const cut = Math.max(p.lastIndexOf("."), p.lastIndexOf("["))
      p = cut > 0 ? p.slice(0, cut) : ""
    }
    if (!p) continue
    const key = paths.get(p)!
    const rest = issue.path.slice(p.length).replace(/^\./, "")
    const about = PART_LABELS.find(([prefix]) => rest.startsWith(prefix))?.[1]
    const text = about ? `${about}: ${issue.message}` : issue.message
    out.set(key, [...(out.get(key) ?? []), text])
  }
  return out
}
