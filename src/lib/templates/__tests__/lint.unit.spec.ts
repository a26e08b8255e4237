import { compileTemplate, lintTemplate, LINT_LIMITS } from ".."

const ADDRESS = "Acme Ltd, 1 Market St, London"
const base = { subject: "Spring is here", preheader: "New colours for the season", footerAddress: ADDRESS }
const blocks = (...b: object[]) => ({ version: 1, blocks: b })
const footer = { id: "f", type: "footer" }
const codes = (issues: { code: string }[]) => issues.map((i) => i.code)

describe("lintTemplate", () => {
  it("passes a document with a footer and a store address", () => {
    const r = lintTemplate({ ...base, doc: blocks({ id: "t", type: "heading", text: "Hi" }, footer) })
    expect(r).toEqual({ errors: [], warnings: [], ok: true })
  })

  it("requires an unsubscribe link", () => {
    const r = lintTemplate({ ...base, doc: blocks({ id: "t", type: "text", content: "<p>{{ store.address }}</p>" }) })
    expect(r.ok).toBe(false)
    expect(r.errors).toEqual([expect.objectContaining({ code: "missing_unsubscribe", path: "blocks" })])
  })

  it("accepts an unsubscribe link in a button or a text link instead of a footer", () => {
    for (const b of [
      { id: "b", type: "button", label: "Unsubscribe", href: "{{ unsubscribe_url }}" },
      { id: "x", type: "text", content: '<p>{{ store.address }} <a href="{{unsubscribe_url}}">Leave</a></p>' },
    ]) {
      const r = lintTemplate({ ...base, doc: blocks({ id: "x0", type: "text", content: "<p>{{ store.address }}</p>" }, b) })
      expect(codes(r.errors)).toEqual([])
    }
  })

  it("requires the postal address: set in the settings and shown in the template", () => {
    const missingSetting = lintTemplate({ ...base, footerAddress: "  ", doc: blocks(footer) })
    expect(missingSetting.errors).toEqual([expect.objectContaining({ code: "missing_postal_address", path: "store.address" })])

    const emptyFooter = lintTemplate({ ...base, doc: blocks({ ...footer, address: "" }) })
    expect(emptyFooter.errors.map((e) => [e.code, e.path])).toEqual([["missing_postal_address", "blocks[0].address"]])
    // an empty footer address is an error even when the address is shown elsewhere
    const elsewhere = lintTemplate({
      ...base,
      doc: blocks({ id: "x", type: "text", content: "<p>{{ store.address }}</p>" }, { ...footer, address: "" }),
    })
    expect(elsewhere.errors.map((e) => [e.code, e.path, e.message])).toEqual([
      ["missing_postal_address", "blocks[1].address", "The footer's address must not be empty"],
    ])

    const literal = lintTemplate({ ...base, doc: blocks({ ...footer, address: "Acme Ltd,  1 Market St, London" }) })
    expect(literal.errors).toEqual([])
  })

  it("lints compiled HTML on its own", async () => {
    const c = await compileTemplate(blocks(footer), { subject: "x" })
    expect(lintTemplate({ ...base, html: c.html }).errors).toEqual([])
    const r = lintTemplate({ ...base, html: "<html><body><p>Hello</p></body></html>" })
    expect(codes(r.errors)).toEqual(["missing_unsubscribe", "missing_postal_address"])
    expect(r.errors[0].path).toBe("html")
  })

  it("warns about the subject and preheader", () => {
    const doc = blocks(footer)
    expect(codes(lintTemplate({ ...base, doc, subject: " " }).warnings)).toEqual(["subject_empty"])
    const long = "x".repeat(LINT_LIMITS.subjectMaxLength + 1)
    expect(lintTemplate({ ...base, doc, subject: long }).warnings[0]).toMatchObject({ code: "subject_too_long", path: "subject" })
    // Liquid outputs count as a typical value, not as their source
    expect(lintTemplate({ ...base, doc, subject: "{{ contact.first_name | default: 'friend', and more filters }} hi" }).warnings).toEqual([])
    expect(codes(lintTemplate({ ...base, doc, preheader: "" }).warnings)).toEqual(["preheader_missing"])
    expect(codes(lintTemplate({ ...base, doc, preheader: "p".repeat(200) }).warnings)).toEqual(["preheader_too_long"])
  })

  it("warns about missing alt texts, empty links and placeholder links with block paths", () => {
    const r = lintTemplate({
      ...base,
      doc: blocks(
        { id: "i", type: "image", src: "https://s.test/a.png" },
        { id: "h", type: "header", logo_url: "https://s.test/logo.png", logo_alt: "" },
        { id: "x", type: "text", content: '<p><a href="https://s.test"> </a> <a href="#">here</a></p>' },
        { id: "b", type: "button", label: "Go", href: "https://example.com" },
        { id: "p", type: "product", product_ids: ["prod_example_1"] },
        footer
      ),
    })
    expect(r.errors).toEqual([])
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ["image_missing_alt", "blocks[0].alt"],
      ["image_missing_alt", "blocks[1].logo_alt"],
      ["link_missing_text", "blocks[2].content"],
      ["placeholder_link", "blocks[2].content"],
      ["placeholder_link", "blocks[3].href"],
      ["placeholder_product", "blocks[4].product_ids[0]"],
    ])
  })

  it("warns about images without alt and empty links in raw HTML", () => {
    const r = lintTemplate({
      ...base,
      doc: {
        version: 1,
        mode: "html",
        html: `<p>{{ store.address }}</p><img src="a.png"><img src="t.gif" width="1" height="1"><a href="{{ unsubscribe_url }}"><img src="x.png" alt="Unsubscribe"></a><a href="https://s.test"></a>`,
      },
    })
    expect(r.errors).toEqual([])
    expect(r.warnings.map((w) => [w.code, w.path, w.message])).toEqual([
      ["image_missing_alt", "html", "1 image has no alt text"],
      ["link_missing_text", "html", "1 link has no text"],
    ])
  })

  it("warns when the HTML is close to Gmail's clipping size", () => {
    const html = `<a href="{{ unsubscribe_url }}">u</a>{{ store.address }}` + "x".repeat(LINT_LIMITS.htmlWarnBytes)
    expect(codes(lintTemplate({ ...base, html }).warnings)).toEqual(["html_too_large"])
  })

  it("returns schema errors for an invalid document", () => {
    const r = lintTemplate({ ...base, doc: { version: 1, blocks: [{ id: "x", type: "button" }] } })
    expect(r.ok).toBe(false)
    expect(r.errors.map((e) => e.path)).toEqual(["blocks[0].label", "blocks[0].href"])
  })
})
