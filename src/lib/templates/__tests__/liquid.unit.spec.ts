import {
  checkTemplate,
  formatDate,
  formatMoney,
  htmlLiquid,
  parseTemplateVariables,
  renderForRecipient,
  renderLiquid,
  SAMPLE_RENDER_CONTEXT,
  TEMPLATE_VARIABLES,
  textLiquid,
  type CompiledTemplate,
  type RenderContext,
} from ".."

const ctx = (over: Partial<RenderContext> = {}): RenderContext => ({ ...SAMPLE_RENDER_CONTEXT, ...over })
const html = (src: string, c: Partial<RenderContext> = ctx()) => renderLiquid(src, c, { html: true })
const text = (src: string, c: Partial<RenderContext> = ctx()) => renderLiquid(src, c, { html: false })

describe("engine configuration", () => {
  it("escapes every output in HTML and none in text", () => {
    const c = ctx({ contact: { email: "x@example.com", first_name: `<script>alert("x")</script>&` } })
    expect(html("Hi {{ contact.first_name }}", c)).toBe("Hi &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&amp;")
    expect(text("Hi {{ contact.first_name }}", c)).toBe(`Hi <script>alert("x")</script>&`)
  })

  it("has no raw filter, so nothing can opt out of escaping", () => {
    expect(() => htmlLiquid().parse("{{ contact.first_name | raw }}")).toThrow(/undefined filter: raw/)
  })

  it("does not escape twice when authors add | escape", () => {
    const c = ctx({ contact: { email: "x@example.com", first_name: "A & B" } })
    expect(html("{{ contact.first_name | escape }}", c)).toBe("A &amp; B")
    expect(text("{{ contact.first_name | escape }}", c)).toBe("A & B")
  })

  it("has no file system: include, render and layout do not exist", () => {
    for (const tag of ["include", "render", "layout"]) {
      expect(() => textLiquid().parse(`{% ${tag} 'x' %}`)).toThrow(/not found/)
    }
  })

  it("rejects unknown filters at parse time (strictFilters)", () => {
    expect(() => textLiquid().parse("{{ contact.email | nope }}")).toThrow(/undefined filter: nope/)
  })

  it("only sees own properties of the context", () => {
    const contact = Object.create({ secret: "inherited" })
    contact.email = "x@example.com"
    expect(text("[{{ contact.secret }}][{{ contact.constructor }}][{{ contact.email }}]", { contact } as any)).toBe(
      "[][][x@example.com]"
    )
  })

  it("bounds render time and memory", () => {
    expect(() => text("{% for i in (1..100000000) %}x{% endfor %}")).toThrow(/limit exceeded/)
    expect(() =>
      text('{% assign s = "xxxxxxxxxx" %}{% for i in (1..40) %}{% assign s = s | append: s %}{% endfor %}{{ s.size }}')
    ).toThrow(/limit exceeded/)
  })
})

describe("money filter", () => {
  it("formats major-unit amounts in the store locale and currency", () => {
    expect(text("{{ 1234.5 | money }}")).toBe("€1,234.50")
    expect(text('{{ "19.99" | money: "usd" }}')).toBe("US$19.99")
    const de = ctx({ store: { ...SAMPLE_RENDER_CONTEXT.store, locale: "de-DE", currency: "eur" } })
    expect(text("{{ 1234.5 | money }}", de)).toBe("1.234,50\u00a0€")
  })

  it("takes minor units when asked, and currency objects", () => {
    expect(text('{{ 1999 | money: "usd", "minor" }}')).toBe("US$19.99")
    expect(text('{{ 1999 | money: "jpy", "minor" }}')).toBe("JP¥1,999")
    expect(formatMoney({ amount: "10", currency_code: "gbp" }, { locale: "en-GB" })).toBe("£10.00")
  })

  it("formats decimal strings exactly", () => {
    expect(formatMoney("12345678901234.99", { currency: "usd", locale: "en-US" })).toBe("$12,345,678,901,234.99")
  })

  it("passes through already formatted text and blanks", () => {
    expect(text('{{ "€5.00" | money }}')).toBe("€5.00")
    expect(text("[{{ nothing | money }}]")).toBe("[]")
    expect(formatMoney(5, { currency: "not-a-code" })).toBe("5.00 NOT-A-CODE")
  })

  it("falls back to the contact's currency, then a plain number", () => {
    const noStoreCurrency = ctx({ store: { ...SAMPLE_RENDER_CONTEXT.store, currency: "" } })
    expect(text("{{ 5 | money }}", noStoreCurrency)).toBe("€5.00")
    expect(formatMoney(5, {})).toBe("5.00")
  })
})

describe("date filter", () => {
  const when = "2024-03-01T23:30:00Z"
  it("formats presets in the contact's time zone, else the store's", () => {
    expect(formatDate(when, "long", { locale: "en-US", timeZone: "UTC" })).toBe("March 1, 2024")
    expect(formatDate(when, "long", { locale: "en-US", timeZone: "Asia/Tokyo" })).toBe("March 2, 2024")
    const c = ctx({ contact: { email: "x@example.com", timezone: "America/New_York" } })
    expect(text(`{{ "${when}" | date: "datetime" }}`, c)).toBe("1 Mar 2024, 18:30")
    expect(text(`{{ "${when}" | date: "long", "Asia/Tokyo" }}`, c)).toBe("2 March 2024")
  })

  it("supports strftime formats with the time zone", () => {
    const c = ctx({ contact: { email: "x@example.com", timezone: "Asia/Tokyo" } })
    expect(text(`{{ "${when}" | date: "%Y-%m-%d %H:%M" }}`, c)).toBe("2024-03-02 08:30")
  })

  it("survives bad input", () => {
    expect(formatDate("not a date", "long")).toBe("not a date")
    expect(formatDate(null)).toBe("")
    expect(formatDate(when, "long", { timeZone: "Mars/Olympus" })).toBe("Mar 1, 2024".replace("Mar", "March"))
  })
})

describe("default filter", () => {
  it("replaces nil, empty and blank strings, empty lists and false", () => {
    const c = ctx({ contact: { email: "x@example.com", first_name: "  " } })
    expect(text('{{ contact.first_name | default: "there" }}', c)).toBe("there")
    expect(text('{{ contact.last_name | default: "there" }}', c)).toBe("there")
    expect(text('{{ contact.email | default: "there" }}', c)).toBe("x@example.com")
    expect(text('{{ false | default: "x", true }}')).toBe("false")
  })
})

describe("checkTemplate: unknown variables", () => {
  it("reports a misspelt variable with line, column and a suggestion", () => {
    const issues = checkTemplate("Hello\n  {{ contact.frist_name }}!", undefined, { path: "blocks[1].text" })
    expect(issues).toEqual([
      {
        code: "unknown_variable",
        path: "blocks[1].text",
        line: 2,
        column: 6,
        message: "Unknown variable contact.frist_name (did you mean contact.first_name?)",
      },
    ])
  })

  it("accepts every catalog variable and list helpers", () => {
    const src = [
      "{{ contact.first_name }} {{ contact.total_spent | money }} {{ store.address }} {{ unsubscribe_url }}",
      '{{ products["prod_1"].title }} {{ products[contact.id].price }} {{ cart.items.size }} {{ cart.items.first.title }}',
      "{% for item in cart.items %}{{ item.title }} {{ forloop.index }}{% endfor %}{{ order.items[0].quantity }}",
      '{% assign p = products["x"] %}{{ p.url }}{{ contact.first_name.size }}',
    ].join("\n")
    expect(checkTemplate(src)).toEqual([])
  })

  it("follows loop variables to the list they iterate", () => {
    const issues = checkTemplate("{% for item in order.items %}\n{{ item.titel }}{% endfor %}")
    expect(issues).toHaveLength(1)
    expect(issues[0]).toMatchObject({ code: "unknown_variable", line: 2, column: 4 })
    expect(issues[0].message).toBe("Unknown variable item.titel (did you mean item.title?)")
  })

  it("reports unknown roots, unknown forloop fields and deep paths under scalars", () => {
    const messages = checkTemplate("{{ customer.name }} {% for i in cart.items %}{{ forloop.idx }}{% endfor %} {{ store.name.foo }}").map(
      (i) => i.message
    )
    expect(messages).toEqual([
      "Unknown variable customer",
      "Unknown variable forloop.idx (did you mean forloop.index?)",
      "Unknown variable store.name.foo",
    ])
  })

  it("takes a custom catalog", () => {
    expect(checkTemplate("{{ loyalty.points }}", ["loyalty.points"])).toEqual([])
    expect(checkTemplate("{{ loyalty.points }}", [...TEMPLATE_VARIABLES, "loyalty"])).toEqual([])
    expect(checkTemplate("{{ contact.email }}", ["loyalty"])[0].message).toBe("Unknown variable contact")
  })

  it("refuses tags the caller disallows", () => {
    const issues = checkTemplate("a\n{% raw %}{{ x }}{% endraw %}", undefined, { disallowedTags: ["raw"] })
    expect(issues[0]).toMatchObject({ code: "disallowed_tag", line: 2, column: 1 })
  })
})

describe("checkTemplate: syntax errors", () => {
  it.each([
    ["Hello\n  {% if contact.email %} unclosed", 2, 3, /not closed/],
    ["a\n\nb {{ contact.email | nofilter }}", 3, 3, /undefined filter: nofilter/],
    ["{{ 'x' ", 1, 1, /not closed/],
    ["ok\n{% endif %}", 2, 1, /tag "endif" not found/],
    ["{% for %}", 1, 1, /illegal tag/],
  ])("%j -> line %d column %d", (src, line, column, message) => {
    const [issue] = checkTemplate(src as string)
    expect(issue).toMatchObject({ code: "liquid_syntax", line, column })
    expect(issue.message).toMatch(message as RegExp)
    expect(issue.message).not.toMatch(/line:\d/)
  })
})

describe("parseTemplateVariables", () => {
  it("lists every variable with its position and whether it is local", () => {
    const { variables, issues } = parseTemplateVariables(
      '{{ contact.email }}\n{% for item in cart.items %}{{ item.title }}{% endfor %}{{ products["p1"].url }}'
    )
    expect(issues).toEqual([])
    expect(variables.map((v) => [v.path, v.line, v.column, v.local])).toEqual([
      ["contact.email", 1, 4, false],
      ["cart.items", 2, 16, false],
      ["item.title", 2, 32, true],
      ["products.p1.url", 2, 60, false],
    ])
  })

  it("returns syntax errors instead", () => {
    const r = parseTemplateVariables("{{ a ")
    expect(r.variables).toEqual([])
    expect(r.issues[0].code).toBe("liquid_syntax")
  })
})

describe("renderForRecipient", () => {
  const compiled: CompiledTemplate = {
    version: 1,
    subject: "Hi {{ contact.first_name }},\r\nBcc: evil@example.com",
    preheader: "",
    mjml: null,
    html: '<p>Hi {{ contact.first_name }}</p><a href="{{ unsubscribe_url | safe_url }}">x</a>',
    text_template: "Hi {{ contact.first_name }}   \n\n\n\n{% if false %}x{% endif %}\nBye",
  }

  it("renders subject on one line, HTML escaped, text tidy", () => {
    const c = ctx({ contact: { email: "x@example.com", first_name: "<b>Ann</b>" }, unsubscribe_url: "https://x.test/u?a=1&b=2" })
    const r = renderForRecipient(compiled, c)
    expect(r.subject).toBe("Hi <b>Ann</b>, Bcc: evil@example.com")
    expect(r.html).toBe('<p>Hi &lt;b&gt;Ann&lt;/b&gt;</p><a href="https://x.test/u?a=1&amp;b=2">x</a>')
    expect(r.text).toBe("Hi <b>Ann</b>\n\nBye")
  })

  it("never emits a javascript: URL from data", () => {
    const c = ctx({ unsubscribe_url: " javascript:alert(1)" })
    expect(renderForRecipient(compiled, c).html).toContain('href="#"')
  })
})
