/**
 * A fast synchronous renderer for parsed liquidjs templates.
 *
 * liquidjs renders through generators, which costs a few microseconds per
 * output; a campaign renders the same template for every recipient, so we
 * turn the parsed template into closures ONCE and run those per message.
 * Semantics stay liquidjs' own: variables are read with the engine's
 * `Context.findScope`/`readProperty` (ownPropertyOnly included), filters are
 * the engine's filter handlers (the output-escape filter included),
 * operators are the engine's operators, truthiness is `isTruthy`. Only plain
 * HTML, outputs, `if`/`unless`, `for` without modifiers and `assign` are
 * compiled; every other tag, and every expression shape not handled here,
 * is delegated to liquidjs itself on the same Context, so the output is
 * identical (a differential property test checks this).
 */
import {
  AssignTag,
  Context,
  Drop,
  evalToken,
  ForTag,
  IfTag,
  isFalsy,
  isTruthy,
  Liquid,
  Output,
  Template,
  TokenKind,
  toValue,
  toValueSync,
  TypeGuards,
  UnlessTag,
} from "liquidjs"

type Out = { s: string }
type Node = (ctx: Context, out: Out) => void
type Eval = (ctx: Context) => unknown
type ScopeReader = { findScope(key: unknown): unknown; readProperty(obj: unknown, key: unknown): unknown }

/** A template compiled for repeated synchronous rendering with one engine. */
export type FastTemplate = (scope: object) => string

const now = () => performance.now()

/** Compile parsed templates (from `engine.parse`) into a render function. */
export function compileFast(templates: Template[], engine: Liquid): FastTemplate {
  const body = compileList(templates)
  return (scope: object) => {
    const ctx = new Context(scope, engine.options, { sync: true }, { liquid: engine })
    const out: Out = { s: "" }
    body(ctx, out)
    return out.s
  }
}

/** liquidjs' `stringify`: what an emitter writes for a value. */
function stringify(value: unknown): string {
  value = toValue(value)
  if (typeof value === "string") {
    return value
  }
  if (value === null || value === undefined) {
    return ""
  }
  if (Array.isArray(value)) {
    return value.map((x) => stringify(x)).join("")
  }
  return String(value)
}

function isIterator(v: unknown): v is Generator {
  return !!v && typeof (v as Generator).next === "function" && typeof (v as Generator).throw === "function"
}

function resolve(v: unknown): unknown {
  return isIterator(v) ? toValueSync(v) : v
}

// ---------------------------------------------------------------- templates

/**
 * Like liquidjs' Render.renderTemplates: stop on break/continue. The time
 * limit is checked once per list (so once per loop iteration) rather than
 * before every template: a flat list is bounded by the template's length.
 */
function compileList(templates: Template[]): Node {
  const nodes = templates.map(compileTemplate)
  return (ctx, out) => {
    ctx.renderLimit.check(now())
    for (const node of nodes) {
      node(ctx, out)
      if (ctx.breakCalled || ctx.continueCalled) {
        break
      }
    }
  }
}

function compileTemplate(tpl: Template): Node {
  const t = tpl as unknown as Record<string, any>
  if (t.token?.kind === TokenKind.HTML && typeof t.str === "string") {
    const str: string = t.str
    return (_ctx, out) => {
      out.s += str
    }
  }
  if (tpl instanceof Output) {
    const value = compileValue(t.value, false)
    return (ctx, out) => {
      out.s += stringify(toValue(value(ctx)))
    }
  }
  if (tpl instanceof IfTag) {
    const branches = (t.branches as { value: any; templates: Template[] }[]).map((b) => ({
      test: compileValue(b.value, "lenientIf"),
      body: compileList(b.templates),
    }))
    const otherwise = compileList(t.elseTemplates || [])
    return (ctx, out) => {
      for (const b of branches) {
        if (isTruthy(toValue(b.test(ctx)), ctx)) {
          b.body(ctx, out)
          return
        }
      }
      otherwise(ctx, out)
    }
  }
  if (tpl instanceof UnlessTag) {
    const branches = (t.branches as { value: any; test: typeof isFalsy; templates: Template[] }[]).map((b) => ({
      value: compileValue(b.value, "lenientIf"),
      test: b.test,
      body: compileList(b.templates),
    }))
    const otherwise = compileList(t.elseTemplates || [])
    return (ctx, out) => {
      for (const b of branches) {
        if (b.test(toValue(b.value(ctx)), ctx)) {
          b.body(ctx, out)
          return
        }
      }
      otherwise(ctx, out)
    }
  }
  if (tpl instanceof ForTag && Object.keys(t.hash?.hash ?? {}).length === 0) {
    return compileFor(t)
  }
  if (tpl instanceof AssignTag) {
    const key: string = t.key
    const value = compileValue(t.value, "lenientIf")
    return (ctx) => {
      ;(ctx.bottom() as Record<string, unknown>)[key] = value(ctx)
    }
  }
  // anything else: liquidjs renders it, on the same context
  return (ctx, out) => {
    const emitter = {
      buffer: "",
      write(html: unknown) {
        out.s += stringify(html)
      },
    }
    const html = toValueSync((tpl as any).render(ctx, emitter))
    if (html) {
      emitter.write(html)
    }
  }
}

/** liquidjs' ForloopDrop (not exported): loop helpers read through Drop methods. */
class Forloop extends Drop {
  i = 0
  constructor(public length: number, public name: string) {
    super()
  }
  next() {
    this.i++
  }
  index0() {
    return this.i
  }
  index() {
    return this.i + 1
  }
  first() {
    return this.i === 0
  }
  last() {
    return this.i === this.length - 1
  }
  rindex() {
    return this.length - this.i
  }
  rindex0() {
    return this.length - this.i - 1
  }
  valueOf() {
    return JSON.stringify(this)
  }
}

function toEnumerable(val: unknown): unknown[] {
  val = toValue(val)
  if (Array.isArray(val)) {
    return val
  }
  if (typeof val === "string" && val.length > 0) {
    return [val]
  }
  if (val && typeof (val as Iterable<unknown>)[Symbol.iterator] === "function" && typeof val !== "string") {
    return Array.from(val as Iterable<unknown>)
  }
  if (val !== null && typeof val === "object") {
    return Object.keys(val).map((k) => [k, (val as Record<string, unknown>)[k]])
  }
  return []
}

function compileFor(t: Record<string, any>): Node {
  const variable: string = t.variable
  const collectionText: string = t.collection.getText()
  const collection = compileToken(t.collection)
  const body = compileList(t.templates)
  const otherwise = compileList(t.elseTemplates || [])
  const continueKey = `continue-${variable}-${collectionText}`
  return (ctx, out) => {
    const items = toEnumerable(collection(ctx))
    if (!items.length) {
      otherwise(ctx, out)
      return
    }
    ctx.setRegister(continueKey, items.length)
    const forloop = new Forloop(items.length, `${variable}-${collectionText}`)
    const scope: Record<string, unknown> = Object.create(null)
    scope.forloop = forloop
    ctx.push(scope)
    try {
      for (const item of items) {
        scope[variable] = item
        ctx.continueCalled = ctx.breakCalled = false
        body(ctx, out)
        if (ctx.breakCalled) {
          break
        }
        forloop.next()
      }
    } finally {
      ctx.continueCalled = ctx.breakCalled = false
      ctx.pop()
    }
  }
}

// ---------------------------------------------------------------- values

/**
 * liquidjs' Value.value: the initial expression, then every filter in turn.
 * `lenient` mirrors the engine option where liquidjs passes `lenientIf`.
 */
function compileValue(value: any, lenient: false | "lenientIf"): Eval {
  const initial = compileExpression(value.initial, value, lenient)
  const filters = (value.filters as any[]).map(compileFilter)
  if (!filters.length) {
    return initial
  }
  return (ctx) => {
    let v = initial(ctx)
    for (const f of filters) {
      v = f(ctx, v)
    }
    return v
  }
}

function compileExpression(expression: any, value: any, lenient: false | "lenientIf"): Eval {
  const postfix: any[] = expression.postfix
  if (postfix.length === 1 && !TypeGuards.isOperatorToken(postfix[0])) {
    return compileToken(postfix[0])
  }
  if (!postfix.every((tok) => TypeGuards.isOperatorToken(tok) || isSimpleToken(tok))) {
    // unusual shapes: let liquidjs evaluate the initial expression
    return (ctx) => toValueSync(expression.evaluate(ctx, lenient && leniency(ctx, value)))
  }
  const steps = postfix.map((tok) =>
    TypeGuards.isOperatorToken(tok)
      ? { op: tok.operator as string, unary: isUnary(tok.operator) }
      : { eval: compileToken(tok) }
  )
  return (ctx) => {
    const operands: unknown[] = []
    const operators = ctx.opts.operators as Record<string, (...args: unknown[]) => unknown>
    for (const step of steps) {
      if ("eval" in step) {
        operands.push(step.eval!(ctx))
      } else if (step.unary) {
        const r = operands.pop()
        operands.push(resolve(operators[step.op!](r, ctx)))
      } else {
        const r = operands.pop()
        const l = operands.pop()
        operands.push(resolve(operators[step.op!](l, r, ctx)))
      }
    }
    return operands[0]
  }
}

function leniency(ctx: Context, value: any): boolean {
  return !!(ctx.opts.lenientIf && value.filters.length > 0 && value.filters[0].name === "default")
}

const UNARY = new Set(["not"])
function isUnary(op: string): boolean {
  return UNARY.has(op)
}

function isSimpleToken(tok: any): boolean {
  return "content" in tok || (TypeGuards.isPropertyAccessToken(tok) && !tok.variable)
}

/** liquidjs' evalToken for literals and `a.b["c"][0]` paths; anything else is delegated. */
function compileToken(tok: any): Eval {
  if ("content" in tok) {
    const c = tok.content
    return () => c
  }
  if (TypeGuards.isPropertyAccessToken(tok) && !(tok as any).variable) {
    const props = ((tok as any).props as any[]).map((p) => {
      if ("content" in p) {
        const c = toValue(p.content)
        return () => c
      }
      const inner = compileToken(p)
      return (ctx: Context) => toValue(inner(ctx))
    })
    const [first, ...rest] = props
    return (context) => {
      // liquidjs' Context._get, without generators (findScope is private in the typings only)
      const ctx = context as unknown as ScopeReader
      const key = first(context)
      let v = ctx.readProperty(ctx.findScope(key), key)
      for (const p of rest) {
        v = ctx.readProperty(v, p(context))
      }
      return v
    }
  }
  return (ctx) => toValueSync(evalToken(tok, ctx))
}

function compileFilter(filter: any): (ctx: Context, v: unknown) => unknown {
  const handler = filter.handler as (...args: unknown[]) => unknown
  const args = (filter.args as any[]).map((arg) =>
    Array.isArray(arg) ? { key: arg[0] as string, eval: compileToken(arg[1]) } : { eval: compileToken(arg) }
  )
  const token = filter.token
  const liquid = filter.liquid
  return (ctx, v) => {
    const argv: unknown[] = [v]
    for (const a of args) {
      argv.push("key" in a ? [a.key, a.eval(ctx)] : a.eval(ctx))
    }
    return resolve(handler.apply({ context: ctx, token, liquid }, argv))
  }
}
