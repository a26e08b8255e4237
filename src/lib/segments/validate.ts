/**
 * Semantic validation of a segment rule tree with errors that name the
 * offending path (`rules.all[2].any[0].value`), for a 400 the marketer (or
 * the AI repairing its own draft) can act on. Checks, beyond the zod shapes
 * in schema.ts: operator per field type, value per operator, depth, counts,
 * list sizes, unknown keys, and references to other segments (existence and
 * cycles).
 */
import type { z } from "zod"
import {
  isPurchaseField,
  isSegmentFieldKey,
  isSegmentOperator,
  LIST_OPERATORS,
  operatorsForField,
  SEGMENT_FIELD_KEYS,
  SEGMENT_FIELDS,
  SEGMENT_LIMITS,
  SegmentFieldKey,
  SegmentFieldSpec,
  VALUELESS_OPERATORS,
} from "./fields"
import { purchaseCountSchema, relativeDateSchema, SegmentRules, segmentValueSchema } from "./schema"

export const SEGMENT_ISSUE_CODES = [
  "invalid_structure",
  "unknown_key",
  "unknown_field",
  "invalid_operator",
  "invalid_value",
  "too_deep",
  "too_many_conditions",
  "too_many_groups",
  "list_too_long",
  "unknown_segment",
  "segment_cycle",
] as const
export type SegmentIssueCode = (typeof SEGMENT_ISSUE_CODES)[number]

export type SegmentRuleIssue = {
  code: SegmentIssueCode
  /** where in the tree, e.g. `rules.all[2].any[0].value` */
  path: string
  message: string
}

/**
 * Looks up another segment by id: its stored rules (any JSON; a static
 * segment may return `{ all: [] }`), or null/undefined when no live segment
 * has that id. Routes typically preload the store's segments into a Map.
 */
export type ResolveSegment = (id: string) => unknown
export type ResolveSegmentAsync = (id: string) => unknown | Promise<unknown>

export type ValidateSegmentRulesOptions = {
  /** resolves referenced segments; without it references are not checked for existence or cycles */
  resolveSegment?: ResolveSegment
  /** the id of the segment these rules belong to, so it cannot include itself */
  segmentId?: string
  /** the name of the root in paths (default "rules") */
  rootPath?: string
}

export type SegmentValidationResult =
  | { success: true; data: SegmentRules }
  | { success: false; issues: SegmentRuleIssue[] }

const MAX_ISSUES = 50
/** The most segments followed when looking for a reference cycle. */
const MAX_SEGMENTS_FOLLOWED = 1000

export class SegmentRulesError extends Error {
  readonly issues: SegmentRuleIssue[]

  constructor(issues: SegmentRuleIssue[]) {
    super(formatSegmentIssues(issues))
    this.name = "SegmentRulesError"
    this.issues = issues
  }
}

/** "Invalid segment rules: rules.all[0].value: must be ...; ..." (first five issues). */
export function formatSegmentIssues(issues: SegmentRuleIssue[]): string {
  const shown = issues.slice(0, 5).map((i) => `${i.path}: ${i.message}`)
  const more = issues.length > 5 ? `; and ${issues.length - 5} more` : ""
  return `Invalid segment rules: ${shown.join("; ")}${more}`
}

function joinPath(base: string, parts: readonly PropertyKey[]): string {
  let out = base
  for (const p of parts) {
    if (typeof p === "number") {
      out += `[${p}]`
    } else if (typeof p === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(p)) {
      out += `.${p}`
    } else {
      out += `[${JSON.stringify(String(p))}]`
    }
  }
  return out
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v)
}

function levenshtein(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]
}

function suggestField(name: string): string {
  if (name.length > 64) {
    return ""
  }
  let best: string | undefined
  let bestDistance = 4
  for (const key of SEGMENT_FIELD_KEYS) {
    const d = levenshtein(name.toLowerCase(), key)
    if (d < bestDistance) {
      best = key
      bestDistance = d
    }
  }
  return best ? `; did you mean "${best}"?` : ""
}

const shown = (v: unknown) => {
  const s = typeof v === "string" ? v : JSON.stringify(v) ?? String(v)
  return JSON.stringify(s.length > 60 ? `${s.slice(0, 57)}...` : s)
}

// ---------------------------------------------------------------- zod issues

type ZodIssue = z.core.$ZodIssue

/** An issue set that only says "this branch wants another type". */
function isTypeMismatch(issues: readonly ZodIssue[]): boolean {
  return issues.every(
    (i) =>
      i.path.length === 0 &&
      (i.code === "invalid_type" ||
        (i.code === "invalid_union" && i.errors.length > 0 && i.errors.every((e) => isTypeMismatch(e))))
  )
}

/**
 * Flattens zod issues into path-named ones. For a union, when exactly one
 * branch matched the value's type, its issues are more precise than "invalid
 * input", so they are used instead.
 */
function fromZodIssues(issues: readonly ZodIssue[], base: string, out: SegmentRuleIssue[]) {
  for (const issue of issues) {
    const path = joinPath(base, issue.path)
    if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const candidates = issue.errors.filter((e) => !isTypeMismatch(e))
      if (candidates.length === 1) {
        fromZodIssues(candidates[0], path, out)
        continue
      }
    }
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ code: "unknown_key", path: joinPath(path, [key]), message: `unknown key ${shown(key)}` })
      }
      continue
    }
    out.push({ code: "invalid_value", path, message: issue.message })
  }
}

// ---------------------------------------------------------------- walk

type SegmentRef = { id: string; path: string }

type WalkContext = {
  issues: SegmentRuleIssue[]
  conditions: number
  groups: number
  refs: SegmentRef[]
  stopped: boolean
}

function report(ctx: WalkContext, code: SegmentIssueCode, path: string, message: string) {
  if (ctx.issues.length < MAX_ISSUES) {
    ctx.issues.push({ code, path, message })
  }
  if (ctx.issues.length >= MAX_ISSUES) {
    ctx.stopped = true
  }
}

const GROUP_KEYS = ["all", "any", "not"] as const
const NODE_SHAPE =
  'must be a group ({ "all": [...] }, { "any": [...] } or { "not": {...} }) or a condition ({ "field", "operator", "value" })'

function looksLikeCondition(node: Record<string, unknown>): boolean {
  return "field" in node || "operator" in node || "value" in node
}

function walkNode(node: unknown, path: string, depth: number, ctx: WalkContext) {
  if (ctx.stopped) {
    return
  }
  if (!isPlainObject(node)) {
    report(ctx, "invalid_structure", path, NODE_SHAPE)
    return
  }
  if (looksLikeCondition(node)) {
    walkCondition(node, path, ctx)
  } else {
    walkGroup(node, path, depth, ctx)
  }
}

function walkGroup(node: Record<string, unknown>, path: string, depth: number, ctx: WalkContext) {
  const keys = Object.keys(node)
  const groupKeys = keys.filter((k) => (GROUP_KEYS as readonly string[]).includes(k))
  if (groupKeys.length === 0) {
    report(ctx, "invalid_structure", path, NODE_SHAPE)
    return
  }
  if (groupKeys.length > 1) {
    report(
      ctx,
      "invalid_structure",
      path,
      `a group takes exactly one of "all", "any" or "not", not ${groupKeys.map((k) => `"${k}"`).join(" and ")}; nest groups instead`
    )
    return
  }
  for (const key of keys) {
    if (key !== groupKeys[0]) {
      report(ctx, "unknown_key", joinPath(path, [key]), `unknown key ${shown(key)} in a group`)
    }
  }
  if (depth > SEGMENT_LIMITS.maxDepth) {
    report(ctx, "too_deep", path, `groups nest at most ${SEGMENT_LIMITS.maxDepth} levels deep`)
    return
  }
  ctx.groups++
  if (ctx.groups > SEGMENT_LIMITS.maxGroups) {
    report(ctx, "too_many_groups", path, `a segment has at most ${SEGMENT_LIMITS.maxGroups} groups`)
    ctx.stopped = true
    return
  }
  const key = groupKeys[0] as (typeof GROUP_KEYS)[number]
  const children = node[key]
  const childPath = joinPath(path, [key])
  if (key === "not") {
    if (!isPlainObject(children)) {
      report(ctx, "invalid_structure", childPath, `"not" takes one group or condition (an object)`)
      return
    }
    walkNode(children, childPath, depth + 1, ctx)
    return
  }
  if (!Array.isArray(children)) {
    report(ctx, "invalid_structure", childPath, `"${key}" takes a list of groups and conditions`)
    return
  }
  if (children.length > SEGMENT_LIMITS.maxConditions + SEGMENT_LIMITS.maxGroups) {
    report(
      ctx,
      "too_many_conditions",
      childPath,
      `has ${children.length} entries; a segment has at most ${SEGMENT_LIMITS.maxConditions} conditions`
    )
    ctx.stopped = true
    return
  }
  children.forEach((child, i) => walkNode(child, joinPath(childPath, [i]), depth + 1, ctx))
}

const PURCHASE_KEYS = ["min_count", "within"]

function walkCondition(node: Record<string, unknown>, path: string, ctx: WalkContext) {
  ctx.conditions++
  if (ctx.conditions > SEGMENT_LIMITS.maxConditions) {
    report(ctx, "too_many_conditions", path, `a segment has at most ${SEGMENT_LIMITS.maxConditions} conditions`)
    ctx.stopped = true
    return
  }
  const { field, operator, value } = node

  if (typeof field !== "string") {
    report(
      ctx,
      field === undefined ? "invalid_structure" : "unknown_field",
      joinPath(path, ["field"]),
      field === undefined ? "a condition needs a field" : "must be a field name (a string)"
    )
    return
  }
  if (!isSegmentFieldKey(field)) {
    report(ctx, "unknown_field", joinPath(path, ["field"]), `unknown field ${shown(field)}${suggestField(field)}`)
    return
  }
  const spec: SegmentFieldSpec = SEGMENT_FIELDS[field]
  const purchase = isPurchaseField(field)

  for (const key of Object.keys(node)) {
    if (key === "field" || key === "operator" || key === "value") {
      continue
    }
    if (PURCHASE_KEYS.includes(key)) {
      if (!purchase) {
        report(
          ctx,
          "unknown_key",
          joinPath(path, [key]),
          `"${key}" only applies to purchase fields (purchased_product, purchased_category, purchased_collection)`
        )
      }
      continue
    }
    report(ctx, "unknown_key", joinPath(path, [key]), `unknown key ${shown(key)} in a condition`)
  }

  const allowed = operatorsForField(field)
  if (typeof operator !== "string" || !isSegmentOperator(operator) || !allowed.includes(operator)) {
    const what =
      operator === undefined
        ? "a condition needs an operator"
        : isSegmentOperator(operator)
          ? `operator "${operator}" does not apply to ${spec.type} field "${field}"`
          : `unknown operator ${shown(operator)}`
    report(ctx, "invalid_operator", joinPath(path, ["operator"]), `${what}; use one of: ${allowed.join(", ")}`)
    return
  }

  const valuePath = joinPath(path, ["value"])
  const schema = segmentValueSchema(field, operator)
  if (!schema) {
    if (value !== undefined && value !== null) {
      report(ctx, "invalid_value", valuePath, `"${operator}" takes no value`)
    }
  } else if (value === undefined || value === null) {
    report(ctx, "invalid_value", valuePath, `"${operator}" needs a value`)
  } else if (LIST_OPERATORS.includes(operator) && Array.isArray(value) && value.length > SEGMENT_LIMITS.maxListSize) {
    report(
      ctx,
      "list_too_long",
      valuePath,
      `lists ${value.length} values; "${operator}" takes at most ${SEGMENT_LIMITS.maxListSize}`
    )
  } else {
    const parsed = schema.safeParse(value)
    if (!parsed.success) {
      const issues: SegmentRuleIssue[] = []
      fromZodIssues(parsed.error.issues, valuePath, issues)
      issues.forEach((i) => report(ctx, i.code, i.path, i.message))
    } else if (field === "segment") {
      const ids = Array.isArray(value) ? (value as string[]) : [value as string]
      ids.forEach((id, i) =>
        ctx.refs.push({ id, path: Array.isArray(value) ? joinPath(valuePath, [i]) : valuePath })
      )
    }
  }

  if (purchase) {
    for (const [key, extra] of [
      ["min_count", purchaseCountSchema],
      ["within", relativeDateSchema],
    ] as const) {
      if (node[key] === undefined) {
        continue
      }
      const parsed = (extra as z.ZodType).safeParse(node[key])
      if (!parsed.success) {
        const issues: SegmentRuleIssue[] = []
        fromZodIssues(parsed.error.issues, joinPath(path, [key]), issues)
        issues.forEach((i) => report(ctx, i.code, i.path, i.message))
      }
    }
  }
}

// ---------------------------------------------------------------- references

/**
 * The segment ids a stored rule tree refers to. Lenient on purpose: stored
 * rules were valid when saved, but an older shape must not break the walk.
 */
export function collectSegmentReferences(rules: unknown): string[] {
  const out = new Set<string>()
  const visit = (node: unknown, depth: number) => {
    if (depth > 20 || typeof node !== "object" || node === null) {
      return
    }
    if (Array.isArray(node)) {
      node.forEach((n) => visit(n, depth + 1))
      return
    }
    const obj = node as Record<string, unknown>
    if (obj.field === "segment") {
      const v = obj.value
      for (const id of Array.isArray(v) ? v : [v]) {
        if (typeof id === "string") {
          out.add(id)
        }
      }
      return
    }
    for (const key of GROUP_KEYS) {
      if (key in obj) {
        visit(obj[key], depth + 1)
      }
    }
  }
  visit(rules, 0)
  return [...out]
}

function checkReferences(refs: SegmentRef[], options: ValidateSegmentRulesOptions, ctx: WalkContext) {
  const self = options.segmentId
  const resolve = options.resolveSegment
  const rulesCache = new Map<string, unknown>()
  const refsCache = new Map<string, string[]>()
  let followed = 0

  const lookup = (id: string): unknown => {
    if (!rulesCache.has(id)) {
      followed++
      rulesCache.set(id, resolve ? resolve(id) ?? null : null)
    }
    return rulesCache.get(id)
  }
  const referencesOf = (id: string): string[] => {
    if (id === self) {
      return refs.map((r) => r.id)
    }
    if (!refsCache.has(id)) {
      const rules = lookup(id)
      refsCache.set(id, rules == null ? [] : collectSegmentReferences(rules))
    }
    return refsCache.get(id)!
  }

  // depth-first search for a cycle reachable from `start`; `done` = fully explored, cycle-free
  const done = new Set<string>()
  const findCycle = (start: string): string[] | null => {
    const stack: string[] = []
    const onStack = new Set<string>()
    const visit = (id: string): string[] | null => {
      if (onStack.has(id)) {
        return [...stack.slice(stack.indexOf(id)), id]
      }
      if (done.has(id) || followed > MAX_SEGMENTS_FOLLOWED) {
        return null
      }
      stack.push(id)
      onStack.add(id)
      for (const next of referencesOf(id)) {
        const cycle = visit(next)
        if (cycle) {
          return cycle
        }
      }
      stack.pop()
      onStack.delete(id)
      done.add(id)
      return null
    }
    return visit(start)
  }

  const reported = new Set<string>()
  for (const ref of refs) {
    if (ctx.issues.length >= MAX_ISSUES) {
      return
    }
    if (ref.id === self) {
      report(ctx, "segment_cycle", ref.path, `a segment cannot include itself (${shown(ref.id)})`)
      continue
    }
    if (!resolve) {
      continue
    }
    if (lookup(ref.id) == null) {
      report(ctx, "unknown_segment", ref.path, `segment ${shown(ref.id)} does not exist`)
      continue
    }
    if (reported.has(ref.id)) {
      continue
    }
    const cycle = findCycle(ref.id)
    if (cycle) {
      reported.add(ref.id)
      const chain = (self && cycle.includes(self) ? rotateTo(cycle, self) : cycle).join(" -> ")
      report(ctx, "segment_cycle", ref.path, `including segment ${shown(ref.id)} creates a cycle: ${chain}`)
    }
  }
}

/** [b, self, a, b] -> [self, a, b, self] */
function rotateTo(cycle: string[], id: string): string[] {
  const ring = cycle.slice(0, -1)
  const i = ring.indexOf(id)
  const rotated = [...ring.slice(i), ...ring.slice(0, i)]
  return [...rotated, id]
}

// ---------------------------------------------------------------- entry points

/**
 * Validates an untrusted rule tree. Never throws on bad input; returns every
 * issue (up to 50) with its path.
 */
export function validateSegmentRules(
  input: unknown,
  options: ValidateSegmentRulesOptions = {}
): SegmentValidationResult {
  const root = options.rootPath ?? "rules"
  const ctx: WalkContext = { issues: [], conditions: 0, groups: 0, refs: [], stopped: false }
  if (!isPlainObject(input) || looksLikeCondition(input)) {
    report(
      ctx,
      "invalid_structure",
      root,
      'the top level must be a group: { "all": [...] }, { "any": [...] } or { "not": {...} }'
    )
  } else {
    walkNode(input, root, 1, ctx)
  }
  if (!ctx.stopped && (options.resolveSegment || options.segmentId)) {
    checkReferences(ctx.refs, options, ctx)
  }
  if (ctx.issues.length) {
    return { success: false, issues: ctx.issues }
  }
  return { success: true, data: input as SegmentRules }
}

/** Like validateSegmentRules, but throws a SegmentRulesError (for a 400) on bad input. */
export function assertValidSegmentRules(input: unknown, options: ValidateSegmentRulesOptions = {}): SegmentRules {
  const result = validateSegmentRules(input, options)
  if (!result.success) {
    throw new SegmentRulesError(result.issues)
  }
  return result.data
}

/**
 * validateSegmentRules with an asynchronous lookup (e.g. one query per
 * segment): resolves every segment reachable through references first, then
 * validates synchronously.
 */
export async function validateSegmentRulesAsync(
  input: unknown,
  options: Omit<ValidateSegmentRulesOptions, "resolveSegment"> & { resolveSegment?: ResolveSegmentAsync }
): Promise<SegmentValidationResult> {
  const { resolveSegment, ...rest } = options
  const first = validateSegmentRules(input, rest)
  if (!first.success || !resolveSegment) {
    return first
  }
  const resolved = new Map<string, unknown>()
  const queue = collectSegmentReferences(first.data)
  while (queue.length && resolved.size < MAX_SEGMENTS_FOLLOWED) {
    const id = queue.shift()!
    if (resolved.has(id) || id === rest.segmentId) {
      continue
    }
    const rules = (await resolveSegment(id)) ?? null
    resolved.set(id, rules)
    if (rules !== null) {
      queue.push(...collectSegmentReferences(rules))
    }
  }
  return validateSegmentRules(input, { ...rest, resolveSegment: (id) => resolved.get(id) ?? null })
}
