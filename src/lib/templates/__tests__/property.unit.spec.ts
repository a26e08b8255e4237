import fc from "fast-check"
import {
  compileTemplate,
  escapeHtml,
  htmlLiquid,
  renderForRecipient,
  SAMPLE_RENDER_CONTEXT,
  STARTER_TEMPLATES,
  textLiquid,
  type BlockInput,
  type CompiledTemplate,
  type RenderContext,
} from ".."
import { compileFast } from "../fast-render"

jest.setTimeout(60_000)

// text without Liquid delimiters (those are covered by the Liquid tests) and without NUL
const plain = fc.string({ unit: "grapheme", maxLength: 40 }).map((s) => s.replace(/[{}\u0000]/g, ""))
const nasty = fc.constantFrom("<script>alert(1)</script>", `"'><img src=x onerror=alert(1)>`, "a & b", "</mj-text>", "]]>", "-->")
const text = fc.oneof(plain, nasty, fc.tuple(plain, nasty).map(([a, b]) => a + b))
const liquid = fc.constantFrom(
  "{{ contact.first_name }}",
  '{{ contact.first_name | default: "there" }}',
  "{{ store.name }}",
  "{% if contact.orders_count > 1 %}again{% endif %}"
)
const liquidText = fc.tuple(text, fc.option(liquid, { nil: undefined })).map(([t, l]) => (l ? `${t} ${l}` : t))
const url = fc.oneof(
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.constantFrom("{{ store.url }}", "{{ store.url }}/sale?x=1&y=2", "mailto:help@example.com")
)
const color = fc.constantFrom("#111111", "#ffffff", "#4f46e5", "#abc")
const id = fc.stringMatching(/^[A-Za-z0-9_-]{1,12}$/)

const block: fc.Arbitrary<Omit<BlockInput, "id">> = fc.oneof(
  fc.record({ type: fc.constant("header" as const), store_name: liquidText, show_view_in_browser: fc.boolean() }),
  fc.record({ type: fc.constant("heading" as const), text: liquidText.filter((s) => s.length > 0), level: fc.constantFrom(1 as const, 2 as const, 3 as const) }),
  fc.record({
    type: fc.constant("text" as const),
    content: fc
      .array(fc.oneof(liquidText, fc.constantFrom("<p>", "</p>", "<strong>", "<br>", "<ul><li>", "</li></ul>", '<a href="https://x.test">', "</a>")), { minLength: 1, maxLength: 6 })
      .map((parts) => parts.join("") || "x"),
  }),
  fc.record({ type: fc.constant("image" as const), src: url, alt: liquidText, href: fc.option(url, { nil: undefined }) }),
  fc.record({ type: fc.constant("button" as const), label: liquidText.filter((s) => s.length > 0), href: url, background_color: fc.option(color, { nil: undefined }), full_width: fc.boolean() }),
  fc.record({
    type: fc.constant("product" as const),
    product_ids: fc.array(fc.constantFrom("prod_example_1", "prod_example_2", "prod_x"), { minLength: 1, maxLength: 4 }),
    layout: fc.constantFrom("card" as const, "grid" as const),
    columns: fc.constantFrom(2 as const, 3 as const),
    show_description: fc.boolean(),
  }),
  fc.record({ type: fc.constant("coupon" as const), code: fc.constantFrom("{{ coupon_code }}", "SAVE10"), caption: fc.option(liquidText, { nil: undefined }) }),
  fc.record({ type: fc.constant("divider" as const), thickness: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ type: fc.constant("spacer" as const), height: fc.integer({ min: 4, max: 200 }) }),
  fc.record({ type: fc.constant("social" as const), links: fc.array(fc.record({ network: fc.constantFrom("x" as const, "instagram" as const, "website" as const), url }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ type: fc.constant("footer" as const), text: fc.option(liquidText, { nil: undefined }) }),
  fc.record({ type: fc.constant("line_items" as const), source: fc.constantFrom("cart" as const, "order" as const), show_images: fc.boolean() })
)

const document = fc
  .array(block, { minLength: 0, maxLength: 8 })
  .chain((blocks) => fc.uniqueArray(id, { minLength: blocks.length, maxLength: blocks.length }).map((ids) => blocks.map((b, i) => ({ ...b, id: ids[i] }))))
  .map((blocks) => ({ version: 1 as const, blocks }))

describe("properties", () => {
  it("random valid block documents compile, and render without leaking markup from data", async () => {
    await fc.assert(
      fc.asyncProperty(document, fc.string({ maxLength: 30 }), async (doc, name) => {
        const compiled = await compileTemplate(doc, { subject: "Hi {{ contact.first_name }}", preheader: "Pre" })
        const evil = `<script>${name}</script>`
        const r = renderForRecipient(compiled, {
          ...SAMPLE_RENDER_CONTEXT,
          contact: { ...SAMPLE_RENDER_CONTEXT.contact, first_name: evil },
        })
        expect(r.html).not.toContain("<script")
        expect(r.text.length).toBeGreaterThanOrEqual(0)
      }),
      { numRuns: 40 }
    )
  })

  it("random author text is always escaped in the HTML", async () => {
    await fc.assert(
      fc.asyncProperty(text.filter((s) => s.trim().length > 0), async (t) => {
        const compiled = await compileTemplate({ version: 1, blocks: [{ id: "h", type: "heading", text: t }] }, { subject: "x" })
        const h1 = /<h1[^>]*>([\s\S]*?)<\/h1>/.exec(compiled.html)![1]
        expect(decode(h1)).toBe(t)
        expect(h1).not.toMatch(/<(?!\/?h1)/)
      }),
      { numRuns: 60 }
    )
  })

  it("random recipient values are always escaped in the HTML", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 60 }), (value) => {
        const compiled: CompiledTemplate = {
          version: 1,
          subject: "{{ contact.first_name }}",
          preheader: "",
          mjml: null,
          html: '<p title="{{ contact.first_name }}">{{ contact.first_name }}</p>',
          text_template: "{{ contact.first_name }}",
        }
        const r = renderForRecipient(compiled, { ...SAMPLE_RENDER_CONTEXT, contact: { email: "a@b.test", first_name: value } })
        const escaped = value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;" })[c]!)
        expect(r.html).toBe(`<p title="${escaped}">${escaped}</p>`)
        expect(escaped).not.toMatch(/[<>"']/)
      }),
      { numRuns: 300 }
    )
  })
})

function decode(s: string): string {
  return s
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
}

// ---------------------------------------------------------------- fast renderer == liquidjs

const path = fc.constantFrom(
  "contact.first_name",
  "contact.orders_count",
  "contact.tags",
  "contact.tags.size",
  "contact.tags.first",
  "cart.items.size",
  "cart.items.first.title",
  'products["prod_example_1"].title',
  "products[contact.fav].price",
  "missing.deep.path",
  "store.name",
  "item.title",
  "forloop.index",
  "forloop.last",
  "x"
)
const filter = fc.constantFrom(
  "",
  ' | default: "none"',
  " | upcase",
  " | money",
  ' | date: "short"',
  " | append: contact.email",
  " | size",
  " | plus: 1",
  " | escape",
  " | truncate: 5",
  ' | split: "," | join: "-"',
  " | safe_url"
)
const output = fc.tuple(path, filter).map(([p, f]) => `{{ ${p}${f} }}`)
const cond = fc.oneof(
  path,
  fc.tuple(path, fc.constantFrom("==", "!=", ">", "<", ">=", "<=", "contains"), fc.constantFrom("1", '"Ada"', "nil", "empty", "blank", "contact.first_name")).map(([a, op, b]) => `${a} ${op} ${b}`),
  fc.tuple(path, fc.constantFrom("and", "or"), path).map(([a, op, b]) => `${a} ${op} ${b}`)
)
const leaf = fc.oneof(output, fc.constantFrom("<b>x</b>", " ", "\n", "&amp;", "{% break %}", "{% continue %}", "{% increment n %}", "{% cycle 'a', 'b' %}"))
const node: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.tuple(cond, tie("node"), fc.option(tie("node"), { nil: undefined })).map(([c, a, b]) => `{% if ${c} %}${a}${b !== undefined ? `{% else %}${b}` : ""}{% endif %}`),
    fc.tuple(cond, tie("node"), cond, tie("node")).map(([c, a, d, b]) => `{% if ${c} %}${a}{% elsif ${d} %}${b}{% endif %}`),
    fc.tuple(cond, tie("node")).map(([c, a]) => `{% unless ${c} %}${a}{% endunless %}`),
    fc.tuple(fc.constantFrom("cart.items", "contact.tags", "order.items", "missing", "contact.first_name"), fc.constantFrom("", " limit: 1", " reversed"), tie("node"), fc.option(tie("node"), { nil: undefined })).map(
      ([c, mod, a, b]) => `{% for item in ${c}${mod} %}${a}${b !== undefined ? `{% else %}${b}` : ""}{% endfor %}`
    ),
    fc.tuple(path, filter).map(([p, f]) => `{% assign x = ${p}${f} %}`),
    tie("node").map((a) => `{% capture x %}${a}{% endcapture %}`),
    fc.tuple(tie("node"), tie("node")).map(([a, b]) => a + b)
  ),
})).node

const contextArb: fc.Arbitrary<RenderContext> = fc
  .record({
    first_name: fc.option(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("Ada", "<i>x</i>", "")), { nil: null }),
    orders_count: fc.option(fc.integer({ min: -2, max: 5 }), { nil: undefined }),
    tags: fc.option(fc.array(fc.constantFrom("vip", "a,b", "Ada"), { maxLength: 3 }), { nil: undefined }),
    fav: fc.constantFrom("prod_example_1", "prod_example_2", "nope"),
    items: fc.array(fc.record({ title: fc.string({ maxLength: 8 }), quantity: fc.integer({ min: 1, max: 3 }) }), { maxLength: 3 }),
  })
  .map(({ first_name, orders_count, tags, fav, items }) => ({
    ...SAMPLE_RENDER_CONTEXT,
    contact: { ...SAMPLE_RENDER_CONTEXT.contact, first_name, orders_count, tags, fav },
    cart: { ...SAMPLE_RENDER_CONTEXT.cart!, items },
  }))

// every render gets its own copy: {% increment %} writes into the scope object it is given
function reference(engine: ReturnType<typeof htmlLiquid>, src: string, ctx: object): string {
  try {
    return engine.renderSync(engine.parse(src), structuredClone(ctx))
  } catch (e) {
    return `ERROR ${(e as Error).message.split(",")[0]}`
  }
}

function fast(engine: ReturnType<typeof htmlLiquid>, src: string, ctx: object): string {
  try {
    return compileFast(engine.parse(src), engine)(structuredClone(ctx))
  } catch (e) {
    return `ERROR ${(e as Error).message.split(",")[0]}`
  }
}

describe("fast renderer", () => {
  it("renders exactly what liquidjs renders (random templates, both engines)", () => {
    fc.assert(
      fc.property(node, contextArb, (src, ctx) => {
        for (const engine of [htmlLiquid(), textLiquid()]) {
          expect(fast(engine, src, ctx)).toBe(reference(engine, src, ctx))
        }
      }),
      { numRuns: 500 }
    )
  })

  it("renders every starter exactly as liquidjs does", async () => {
    const compiled = await Promise.all(STARTER_TEMPLATES.map((t) => compileTemplate(t.doc, { subject: t.subject, preheader: t.preheader })))
    fc.assert(
      fc.property(fc.constantFrom(...compiled), contextArb, (c, ctx) => {
        expect(fast(htmlLiquid(), c.html, ctx)).toBe(reference(htmlLiquid(), c.html, ctx))
        expect(fast(textLiquid(), c.text_template, ctx)).toBe(reference(textLiquid(), c.text_template, ctx))
      }),
      { numRuns: 60 }
    )
  })

  it("keeps escaping author HTML entities intact", () => {
    expect(fast(htmlLiquid(), "a &amp; {{ 'b & c' }}", {})).toBe("a &amp; b &amp; c")
    expect(escapeHtml("<'\">")).toBe("&lt;&#39;&quot;&gt;")
  })
})
