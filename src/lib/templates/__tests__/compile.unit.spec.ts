import {
  compileTemplate,
  htmlLiquid,
  previewTemplate,
  renderForRecipient,
  SAMPLE_RENDER_CONTEXT,
  TemplateError,
  TEMPLATE_VARIABLES,
  validateTemplate,
  type RenderContext,
  type TemplateIssue,
} from ".."

const FOOTER = { id: "f", type: "footer" }
const doc = (...blocks: object[]) => ({ version: 1, blocks: [...blocks, FOOTER] })
const compile = (d: unknown, subject = "Hello", preheader = "Preview") => compileTemplate(d, { subject, preheader })

async function issuesOf(p: Promise<unknown>): Promise<TemplateIssue[]> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(TemplateError)
    return (e as TemplateError).issues
  }
  throw new Error("expected a TemplateError")
}

const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({ ...SAMPLE_RENDER_CONTEXT, ...over })

describe("compileTemplate: blocks", () => {
  const greeting = 'Hi {{ contact.first_name | default: "there" }}!'

  it("produces MJML, responsive HTML with inlined CSS and a text part, Liquid intact", async () => {
    const c = await compile(
      doc(
        { id: "h", type: "header" },
        { id: "t", type: "heading", text: greeting },
        { id: "x", type: "text", content: '<p>Read <a href="{{ store.url }}/blog">our blog</a>.</p>' },
        { id: "b", type: "button", label: "Shop", href: "{{ store.url }}" }
      ),
      "Hello {{ contact.first_name }}",
      "Our news"
    )
    expect(c.version).toBe(1)
    expect(c.subject).toBe("Hello {{ contact.first_name }}")
    expect(c.mjml).toContain("<mj-body")
    expect(c.html).toMatch(/^<!doctype html>/i)
    expect(c.html).toContain("<title>Hello {{ contact.first_name }}</title>")
    expect(c.html).toContain(`>${greeting}</h1>`)
    // rich-text link: CSS from mj-style inlined, href guarded against javascript: values
    expect(c.html).toMatch(/<a href="\{\{ store\.url \| safe_url \}\}\/blog" style="[^"]*color: #4f46e5/)
    expect(c.html).toContain('href="{{ unsubscribe_url | safe_url }}"')
    expect(c.html).toContain("Our news")
    // order of blocks is kept
    const order = ["{{ store.name }}", greeting, "our blog", />\s*Shop\s*</, "Unsubscribe"].map((s) =>
      typeof s === "string" ? c.html.indexOf(s) : c.html.search(s)
    )
    expect(order.every((i) => i > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    // the output parses as Liquid exactly as the renderer will parse it
    expect(() => htmlLiquid().parse(c.html)).not.toThrow()
  })

  it("matches the MJML snapshot for a small document", async () => {
    const c = await compile(
      doc(
        { id: "t", type: "heading", text: "Welcome, {{ contact.first_name }}", level: 2, align: "center" },
        { id: "c", type: "coupon", code: "{{ coupon_code }}", caption: "10% off" },
        { id: "s", type: "spacer", height: 16 }
      )
    )
    expect(c.mjml).toMatchSnapshot()
  })

  it("keeps Liquid intact in the text part (html-to-text never sees it)", async () => {
    const long = '{{ contact.first_name | default: "there" | append: " and everyone else at home" | upcase | truncate: 200 }}'
    const c = await compile(
      doc(
        { id: "t", type: "heading", text: `A heading ${long}` },
        { id: "x", type: "text", content: `<p>{% if contact.orders_count > 1 %}Welcome back{% else %}Welcome{% endif %} ${long} & more</p>` },
        { id: "b", type: "button", label: "Open {{ store.name }}", href: "{{ store.url }}" }
      )
    )
    expect(c.text_template).toContain(`A heading ${long}`) // not upper-cased, not wrapped
    expect(c.text_template).toContain("{% if contact.orders_count > 1 %}Welcome back{% else %}Welcome{% endif %}")
    expect(c.text_template).toContain("Open {{ store.name }} [{{ store.url | safe_url }}]")
    expect(c.text_template).toContain("Unsubscribe [{{ unsubscribe_url | safe_url }}]")
    expect(c.text_template).toContain("& more")
    expect(c.text_template).not.toContain("&quot;")
    expect(c.text_template).not.toContain("&gt;")
    const r = renderForRecipient(c, ctx())
    expect(r.text).toContain("A heading ADA AND EVERYONE ELSE AT HOME")
    expect(r.text).toContain("Welcome back ADA")
    expect(r.text).toContain(`Unsubscribe [${SAMPLE_RENDER_CONTEXT.unsubscribe_url}]`)
    expect(r.text).not.toContain("Our news") // preheader is not part of the text
  })

  it("renders products from the context, leaves out missing ones and neutralises bad URLs", async () => {
    const c = await compile(doc({ id: "p", type: "product", product_ids: ["p1", "p2", "gone"], layout: "grid", columns: 3 }))
    const r = renderForRecipient(
      c,
      ctx({
        products: {
          p1: { title: "Shirt <b>", url: "https://s.test/p1", image: "https://s.test/p1.png", price: 59, compare_at_price: 79 },
          p2: { title: "Tote", url: "javascript:alert(1)", image: null, price: "€24.50" },
        },
      })
    )
    expect(r.html).toContain("Shirt &lt;b&gt;")
    expect(r.html).toContain("€59.00")
    expect(r.html).toContain("€79.00")
    expect(r.html).toContain("€24.50")
    expect(r.html).toContain('src="https://s.test/p1.png"')
    expect(r.html).not.toContain("javascript:")
    expect(r.html).toMatch(/href="#"/)
    expect(r.text).toContain("Shirt <b> [https://s.test/p1]")
    expect(r.text).not.toContain("gone")
  })

  it("renders cart and order line items", async () => {
    const c = await compile(doc({ id: "l", type: "line_items", source: "cart", total_label: "Subtotal" }))
    const r = renderForRecipient(c, ctx())
    expect(r.html).toContain("Linen shirt")
    expect(r.html).toContain("M / Sand")
    expect(r.html).toContain("€83.50")
    expect(r.text).toMatch(/Canvas tote \[[^\]]+\]\nQty 1 {2}€24\.50/)
    expect(r.text).toContain("Subtotal  €83.50")
  })

  it("reports Liquid errors with the block path, line and column", async () => {
    const issues = await issuesOf(
      compile(doc({ id: "t", type: "text", content: "<p>Hello</p>\n<p>{% if contact.email %}x</p>" }))
    )
    expect(issues).toEqual([expect.objectContaining({ code: "liquid_syntax", path: "blocks[0].content", line: 2, column: 4 })])
  })

  it("reports unknown variables at save time, unless told to allow them", async () => {
    const d = doc({ id: "t", type: "heading", text: "Hi {{ contact.frist_name }}" })
    const issues = await issuesOf(compile(d))
    expect(issues).toEqual([
      {
        code: "unknown_variable",
        path: "blocks[0].text",
        line: 1,
        column: 7,
        message: "Unknown variable contact.frist_name (did you mean contact.first_name?)",
      },
    ])
    await expect(compileTemplate(d, { subject: "x", allowUnknownVariables: true })).resolves.toBeDefined()
    expect((await issuesOf(compile(doc(), "Hi {{ contact.nme }}"))).map((i) => i.path)).toEqual(["subject"])
  })

  it("refuses {% raw %} in block fields", async () => {
    const issues = await issuesOf(compile(doc({ id: "t", type: "heading", text: "{% raw %}<b>{% endraw %}" })))
    expect(issues[0]).toMatchObject({ code: "disallowed_tag", path: "blocks[0].text" })
  })
})

describe("compileTemplate: escaping and XSS", () => {
  it("escapes author text and attribute values", async () => {
    const c = await compile(
      doc(
        { id: "t", type: "heading", text: '<script>alert(1)</script></mj-text><mj-raw><script>x</script></mj-raw>' },
        { id: "i", type: "image", src: "https://s.test/a.png", alt: 'a" onload="alert(1)' },
        { id: "b", type: "button", label: "<img src=x onerror=alert(1)>", href: 'https://s.test/?q="><script>' }
      )
    )
    expect(c.html).not.toMatch(/<script/i)
    expect(c.html).not.toMatch(/<img src=x/i)
    expect(c.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;")
    expect(c.html).toContain('alt="a&quot; onload=&quot;alert(1)"')
    expect(c.html).toContain('href="https://s.test/?q=&quot;&gt;&lt;script&gt;"')
  })

  it("sanitizes rich text to the safe subset", async () => {
    const c = await compile(
      doc({
        id: "x",
        type: "text",
        content:
          '<p style="color:red" onclick="x()">Hi <b>bold</b> <em>em</em></p><script>alert(1)</script><style>*{}</style>' +
          '<img src=x onerror=alert(1)><iframe src="https://e.test"></iframe><div>kept text</div><ul><li>one<li>two</ul>' +
          '<a href="mailto:a@b.test" target="_blank" onmouseover="x">mail</a> 1 < 2 & 3 <!-- comment -->',
      })
    )
    const body = c.html.slice(c.html.indexOf("<body"))
    expect(body).not.toMatch(/<script|<style|<img src=x|<iframe|onclick|onerror|onmouseover|target="_blank">mail|comment/)
    // only the safe subset is left; the styles are the template's own, inlined from mj-style
    expect(body).toMatch(/<p style="margin: 0 0 14px 0;">Hi <b>bold<\/b> <em>em<\/em><\/p>/)
    expect(body).toContain("kept text")
    expect(body).toMatch(/<ul style="[^"]*"><li style="[^"]*">one<\/li><li style="[^"]*">two<\/li><\/ul>/)
    expect(body).toMatch(/<a href="mailto:a@b\.test"[^>]*>mail<\/a> 1 &lt; 2 &amp; 3/)
  })

  it("rejects javascript: and other unsafe links", async () => {
    const bad = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html;base64,PHNjcmlwdD4=", "vbscript:msgbox", "/relative"]
    for (const href of bad) {
      expect(await issuesOf(compile(doc({ id: "b", type: "button", label: "x", href })))).toEqual([
        expect.objectContaining({ code: "unsafe_url", path: "blocks[0].href" }),
      ])
    }
    const inText = await issuesOf(compile(doc({ id: "x", type: "text", content: '<a href="java&#x73;cript:alert(1)">x</a><a href=" javascript:x">y</a>' })))
    expect(inText.map((i) => [i.code, i.path])).toEqual([
      ["unsafe_url", "blocks[0].content"],
      ["unsafe_url", "blocks[0].content"],
    ])
  })

  it("escapes recipient data in every position", async () => {
    const c = await compileTemplate(
      doc(
        { id: "t", type: "heading", text: "Hi {{ contact.first_name }}" },
        { id: "i", type: "image", src: "https://s.test/a.png", alt: "{{ contact.first_name }}", href: "{{ contact.website }}" }
      ),
      { subject: "Hi {{ contact.first_name }}", knownVariables: [...TEMPLATE_VARIABLES, "contact.website"] }
    )
    const evil = `<script>alert("x")</script>`
    const r = renderForRecipient(c, ctx({ contact: { email: "e@x.test", first_name: evil, website: "javascript:alert(1)" } }))
    expect(r.html).not.toContain("<script>alert")
    expect(r.html).toContain("Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;")
    expect(r.html).toContain('alt="&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;"')
    expect(r.html).not.toContain("javascript:")
    expect(r.subject).toBe(`Hi ${evil}`)
  })
})

describe("compileTemplate: raw modes", () => {
  const mjml = `<mjml>
  <mj-body>
    <mj-section><mj-column>
      <mj-text>Hi {{ contact.first_name | default: "there" }}</mj-text>
      <mj-button href="{{ unsubscribe_url }}">Unsubscribe</mj-button>
    </mj-column></mj-section>
  </mj-body>
</mjml>`

  it("compiles raw MJML, adding the subject and preheader", async () => {
    const c = await compile({ version: 1, mode: "mjml", mjml }, "Subject {{ store.name }}", "Pre")
    expect(c.mjml).toContain("<mj-title>Subject {{ store.name }}</mj-title><mj-preview>Pre</mj-preview>")
    expect(c.html).toContain('Hi {{ contact.first_name | default: "there" }}')
    expect(c.html).toContain('href="{{ unsubscribe_url }}"')
    expect(c.text_template).toContain("Unsubscribe [{{ unsubscribe_url }}]")
  })

  it("turns mjml validation errors into an issue list", async () => {
    const issues = await issuesOf(
      compile({ version: 1, mode: "mjml", mjml: "<mjml><mj-body>\n<mj-section><mj-column>\n<mj-bogus />\n<mj-text foo=\"1\">x</mj-text></mj-column></mj-section></mj-body></mjml>" })
    )
    expect(issues.map((i) => [i.code, i.path, i.line])).toEqual([
      ["mjml_error", "mjml", 3],
      ["mjml_error", "mjml", 4],
    ])
    expect(issues[0].message).toMatch(/mj-bogus/)
    expect(issues[1].message).toMatch(/Attribute foo is illegal/)
  })

  it("refuses includes, scripts and javascript: URLs in raw markup", async () => {
    const issues = await issuesOf(
      compile({
        version: 1,
        mode: "html",
        html: '<html><body>\n<p onclick="x()">x</p>\n<script>alert(1)</script><a href=" jav&#x61;script:x">y</a></body></html>',
      })
    )
    expect(issues.map((i) => [i.code, i.line])).toEqual([
      ["unsafe_markup", 3],
      ["unsafe_markup", 2],
      ["unsafe_url", 3],
    ])
    const inc = await issuesOf(compile({ version: 1, mode: "mjml", mjml: '<mjml><mj-body><mj-include path="/etc/passwd" /></mj-body></mjml>' }))
    expect(inc[0]).toMatchObject({ code: "unsafe_markup", message: expect.stringMatching(/mj-include/) })
  })

  it("compiles raw HTML with an injected preheader", async () => {
    const c = await compile(
      { version: 1, mode: "html", html: '<html><body><h1>Hi {{ contact.first_name }}</h1><a href="{{ unsubscribe_url }}">Unsubscribe</a></body></html>' },
      "S",
      "Pre {{ store.name }}"
    )
    expect(c.mjml).toBeNull()
    expect(c.html).toMatch(/<body><div style="display:none;[^"]*">Pre \{\{ store\.name \}\}<\/div><h1>/)
    expect(c.text_template).toBe("Hi {{ contact.first_name }}\n\nUnsubscribe [{{ unsubscribe_url }}]")
  })
})

describe("validateTemplate", () => {
  it("collects schema, Liquid and subject issues together", () => {
    const { doc: parsed, issues } = validateTemplate(
      { version: 1, blocks: [{ id: "a", type: "heading", text: "{{ contact.nope }}" }, { id: "b", type: "button", label: "x", href: "{{ cart.recovery_url }}" }] },
      { subject: "{% if %}", preheader: "{{ store.nme }}" }
    )
    expect(parsed).toBeDefined()
    expect(issues.map((i) => `${i.code} ${i.path}`)).toEqual([
      "liquid_syntax subject",
      "unknown_variable preheader",
      "unknown_variable blocks[0].text",
    ])
  })
})

describe("previewTemplate", () => {
  it("renders despite unknown variables and reports them", async () => {
    const r = await previewTemplate(doc({ id: "t", type: "heading", text: "Hi {{ contact.first_name }} {{ contact.nickname }}" }), {
      subject: "Hello {{ contact.first_name }}",
    })
    expect(r.rendered?.subject).toBe("Hello Ada")
    expect(r.rendered?.html).toContain("Hi Ada ")
    expect(r.issues.map((i) => [i.code, i.path])).toEqual([["unknown_variable", "blocks[0].text"]])
  })

  it("previews as a given contact", async () => {
    const r = await previewTemplate(doc({ id: "t", type: "heading", text: "Hi {{ contact.first_name }}" }), { subject: "x" }, ctx({
      contact: { email: "b@example.com", first_name: "Bea" },
    }))
    expect(r.rendered?.html).toContain("Hi Bea")
  })

  it("returns the issues instead of throwing when the template cannot compile", async () => {
    const r = await previewTemplate(doc({ id: "b", type: "button", label: "x", href: "javascript:x" }), { subject: "x" })
    expect(r.rendered).toBeUndefined()
    expect(r.issues[0]).toMatchObject({ code: "unsafe_url", path: "blocks[0].href" })
  })

  it("reports render errors such as exceeded limits", async () => {
    const r = await previewTemplate(doc({ id: "t", type: "text", content: "{% for i in (1..100000000) %}x{% endfor %}" }), { subject: "x" })
    expect(r.rendered).toBeUndefined()
    expect(r.issues).toEqual([expect.objectContaining({ code: "render_error", message: expect.stringMatching(/limit exceeded/) })])
  })
})
