import {
  checkTemplate,
  compileTemplate,
  getStarterTemplate,
  lintTemplate,
  renderForRecipient,
  SAMPLE_RENDER_CONTEXT,
  STARTER_TEMPLATES,
  validateTemplate,
} from ".."

describe("starter library", () => {
  it("has the six starters with unique handles", () => {
    expect(STARTER_TEMPLATES.map((t) => t.handle)).toEqual([
      "newsletter",
      "sale",
      "new-arrivals",
      "abandoned-cart",
      "thank-you",
      "win-back",
    ])
    expect(getStarterTemplate("sale")?.name).toBe("Sale")
    expect(getStarterTemplate("nope")).toBeUndefined()
  })

  describe.each(STARTER_TEMPLATES.map((t) => [t.handle, t] as const))("%s", (_handle, starter) => {
    it("validates, compiles, lints clean and renders", async () => {
      const opts = { subject: starter.subject, preheader: starter.preheader }
      expect(validateTemplate(starter.doc, opts).issues).toEqual([])
      const compiled = await compileTemplate(starter.doc, opts)

      const lint = lintTemplate({ ...opts, doc: starter.doc, html: compiled.html, footerAddress: "Acme Ltd, 1 Market St, London" })
      expect(lint.errors).toEqual([])
      // the only warnings: the example products the marketer still has to choose
      expect(lint.warnings.filter((w) => w.code !== "placeholder_product")).toEqual([])
      expect(lintTemplate({ ...opts, html: compiled.html, footerAddress: "Acme Ltd" }).warnings).toEqual([])
      expect(Buffer.byteLength(compiled.html)).toBeLessThan(60 * 1024)

      const r = renderForRecipient(compiled, SAMPLE_RENDER_CONTEXT)
      expect(r.subject).not.toMatch(/\{\{|\{%/)
      expect(r.html).not.toMatch(/\{\{|\{%/)
      expect(r.text).not.toMatch(/\{\{|\{%/)
      expect(r.html).toContain(SAMPLE_RENDER_CONTEXT.store.address)
      expect(r.html).toContain(SAMPLE_RENDER_CONTEXT.unsubscribe_url)
      expect(r.text).toContain(`Unsubscribe [${SAMPLE_RENDER_CONTEXT.unsubscribe_url}]`)
      expect(r.text.length).toBeGreaterThan(200)
    })

    it("uses only catalog variables in subject and preheader", () => {
      expect(checkTemplate(starter.subject)).toEqual([])
      expect(checkTemplate(starter.preheader)).toEqual([])
    })

    it("uses valid colors in a coherent palette (button text readable)", () => {
      const s = starter.doc.settings
      const lum = (hex: string) => {
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
        const lin = (c: number) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
      }
      const contrast = (a: string, b: string) => {
        const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p)
        return (x + 0.05) / (y + 0.05)
      }
      expect(contrast(s.button_color!, s.button_text_color ?? "#ffffff")).toBeGreaterThanOrEqual(4.5)
      expect(contrast(s.text_color!, "#ffffff")).toBeGreaterThanOrEqual(7)
      expect(contrast(s.accent_color!, "#ffffff")).toBeGreaterThanOrEqual(4.5)
      expect(contrast(s.link_color!, "#ffffff")).toBeGreaterThanOrEqual(4.5)
    })
  })
})
