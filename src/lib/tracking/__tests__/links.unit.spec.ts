import fc from "fast-check"
import {
  appendUtm,
  decodeEntities,
  fillTextLinks,
  fillTrackingPlaceholders,
  instrumentHtml,
  isSafeRedirectTarget,
  LINK_PLACEHOLDER_RE,
  OPEN_PIXEL_PLACEHOLDER,
  type UtmOptions,
} from "../links"
import { htmlToText } from "../../templates/compile"

const UTM: UtmOptions = { source: "newsletter", medium: "email", campaign: "summer-sale" }
const UTM_QUERY = "utm_source=newsletter&utm_medium=email&utm_campaign=summer-sale"

/** Liquid that can be resolved once per send (store links); per-recipient Liquid stays. */
function resolveLiquid(href: string): string | null {
  if (/unsubscribe_url|preferences_url|view_in_browser_url|contact\.|\bitem\./.test(href)) {
    return null
  }
  return href.replace(/\{\{\s*store\.url[^}]*\}\}/g, "https://shop.example.com")
}

function instrument(html: string, overrides: Partial<Parameters<typeof instrumentHtml>[1]> = {}) {
  return instrumentHtml(html, { startPosition: 0, resolveLiquid, utmHosts: [], utm: null, ...overrides })
}

function placeholder(position: number): string {
  return `https://mkt.invalid/l/${position}`
}

const PIXEL = `<img src="${OPEN_PIXEL_PLACEHOLDER}" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;overflow:hidden" />`

/** The instrumented HTML without the pixel, to compare the rest exactly. */
function withoutPixel(html: string): string {
  return html.replace(PIXEL, "")
}

describe("instrumentHtml: which hrefs", () => {
  it.each([
    ["double-quoted", `<a href="https://ext.com/a">A</a>`, `<a href="${placeholder(0)}">A</a>`],
    ["single-quoted", `<a href='https://ext.com/a'>A</a>`, `<a href='${placeholder(0)}'>A</a>`],
    ["unquoted (quoted on the way out)", `<a href=https://ext.com/a>A</a>`, `<a href="${placeholder(0)}">A</a>`],
    ["upper-case tag and attribute", `<A HREF="https://ext.com/a">A</A>`, `<A HREF="${placeholder(0)}">A</A>`],
    ["spaces around =", `<a class="x" href = "https://ext.com/a" >A</a>`, `<a class="x" href = "${placeholder(0)}" >A</a>`],
    ["an area", `<map><area shape="rect" href="https://ext.com/a" alt="Go"></map>`, `<map><area shape="rect" href="${placeholder(0)}" alt="Go"></map>`],
    ["a multi-line tag", `<a\n  style="color:red"\n  href="https://ext.com/a"\n>A</a>`, `<a\n  style="color:red"\n  href="${placeholder(0)}"\n>A</a>`],
  ])("tracks a %s href", (_label, html, expected) => {
    const result = instrument(html)
    expect(withoutPixel(result.html)).toBe(expected)
    expect(result.links).toEqual([{ position: 0, url: "https://ext.com/a", label: expect.any(String) }])
  })

  it.each([
    ["mailto:", `<a href="mailto:hi@shop.example.com">Mail us</a>`],
    ["tel:", `<a href="tel:+4912345">Call</a>`],
    ["an anchor", `<a href="#top">Top</a>`],
    ["a relative URL", `<a href="/sale">Sale</a>`],
    ["a protocol-relative URL", `<a href="//evil.com/x">x</a>`],
    ["javascript:", `<a href="javascript:alert(1)">x</a>`],
    ["data:", `<a href="data:text/html,hi">x</a>`],
    ["an empty href", `<a href="">x</a>`],
    ["a bare href", `<a href>x</a>`],
    ["no href", `<a name="top">x</a>`],
    ["a backslash URL", `<a href="https:\\\\evil.com">x</a>`],
    ["credentials", `<a href="https://shop.example.com@evil.com/">x</a>`],
    ["a <link>", `<link rel="stylesheet" href="https://shop.example.com/a.css">`],
    ["a <base>", `<base href="https://shop.example.com/">`],
    ["an <abbr> (not an <a>)", `<abbr href="https://ext.com/a">x</abbr>`],
    ["an unsubscribe link", `<a href="{{ unsubscribe_url | safe_url }}">Unsubscribe</a>`],
    ["a preferences link", `<a href="{{ preferences_url | safe_url }}">Preferences</a>`],
    ["a view-in-browser link", `<a href="{{ view_in_browser_url | safe_url }}">View</a>`],
    ["a contact field", `<a href="https://shop.example.com/r?email={{ contact.email | url_encode }}">Me</a>`],
    ["a loop variable", `{% for item in cart.items %}<a href="{{ item.url | safe_url }}">{{ item.title }}</a>{% endfor %}`],
  ])("leaves %s exactly as written", (_label, html) => {
    const result = instrument(html)
    expect(withoutPixel(result.html)).toBe(html)
    expect(result.links).toEqual([])
  })

  it("leaves hrefs inside plain comments and raw-text elements alone, but tracks Outlook's conditional comments", () => {
    const html =
      `<!-- <a href="https://ext.com/commented">x</a> -->` +
      `<style>/* <a href="https://ext.com/css">x</a> */</style>` +
      `<script type="application/ld+json">{"u":"<a href='https://ext.com/js'>"}</script>` +
      `<!--[if mso]><a href="https://ext.com/mso">Outlook</a><![endif]-->` +
      `<!--[if !mso]><!--><a href="https://ext.com/other">Others</a><!--<![endif]-->`
    const result = instrument(html)
    expect(result.links.map((l) => l.url)).toEqual(["https://ext.com/mso", "https://ext.com/other"])
    expect(withoutPixel(result.html)).toBe(
      html.replace("https://ext.com/mso", placeholder(0)).replace("https://ext.com/other", placeholder(1))
    )
  })

  it("decodes entities in the href before deciding and recording", () => {
    const html =
      `<a href="https://ext.com/p?a=1&amp;b=2">1</a>` +
      `<a href="https://ext.com/p?a=1&#38;b=2">2</a>` +
      `<a href="https://ext.com/p?a=1&#x26;b=2">3</a>` +
      `<a href="https://ext.com/p?q=&quot;x&quot;">4</a>` +
      `<a href="https&#58;//ext.com/colon">5</a>` +
      `<a href="https://ext.com/p?a=1&copy2=3">6</a>`
    const { links } = instrument(html)
    expect(links.map((l) => l.url)).toEqual([
      "https://ext.com/p?a=1&b=2",
      "https://ext.com/p?a=1&b=2",
      "https://ext.com/p?a=1&b=2",
      "https://ext.com/p?q=%22x%22",
      "https://ext.com/colon",
      "https://ext.com/p?a=1&copy2=3",
    ])
  })

  it("does not let an encoded scheme through", () => {
    const html = `<a href="&#106;avascript:alert(1)">x</a><a href="java&#x09;script:alert(1)">y</a>`
    expect(instrument(html).links).toEqual([])
  })

  it("trims the href", () => {
    const { links } = instrument(`<a href="  https://ext.com/a \n">A</a>`)
    expect(links.map((l) => l.url)).toEqual(["https://ext.com/a"])
  })

  it("resolves store-level Liquid now and records the final URL", () => {
    const seen: string[] = []
    const html = `<a href="{{ store.url | safe_url }}/sale?x=1&amp;y=2">Sale</a>`
    const result = instrument(html, {
      resolveLiquid: (href) => {
        seen.push(href)
        return resolveLiquid(href)
      },
    })
    expect(seen).toEqual(["{{ store.url | safe_url }}/sale?x=1&y=2"])
    expect(result.links).toEqual([{ position: 0, url: "https://shop.example.com/sale?x=1&y=2", label: "Sale" }])
    expect(withoutPixel(result.html)).toBe(`<a href="${placeholder(0)}">Sale</a>`)
  })

  it("treats Liquid with quotes inside an attribute as one value", () => {
    const html = `<a title="t" href="{{ store.url | append: "/new" }}" class="b">New</a>`
    const result = instrument(html, { resolveLiquid: () => "https://shop.example.com/new" })
    expect(withoutPixel(result.html)).toBe(`<a title="t" href="${placeholder(0)}" class="b">New</a>`)
    expect(result.links.map((l) => l.url)).toEqual(["https://shop.example.com/new"])
  })

  it("passes over Liquid tags inside the start tag", () => {
    const html = `<a {% if x > 1 %}class="big"{% endif %} href="https://ext.com/a">A</a>`
    const result = instrument(html)
    expect(withoutPixel(result.html)).toBe(`<a {% if x > 1 %}class="big"{% endif %} href="${placeholder(0)}">A</a>`)
  })

  it("leaves Liquid untracked when it resolves to something that is not a safe URL", () => {
    for (const resolved of ["#", "mailto:a@b.c", "javascript:alert(1)", "/relative", "  "]) {
      const html = `<a href="{{ store.url }}">x</a>`
      const result = instrument(html, { resolveLiquid: () => resolved })
      expect(withoutPixel(result.html)).toBe(html)
      expect(result.links).toEqual([])
    }
  })

  it("does not ask about hrefs without Liquid", () => {
    const resolver = jest.fn(() => null)
    const { links } = instrument(`<a href="https://ext.com/a">A</a>`, { resolveLiquid: resolver })
    expect(resolver).not.toHaveBeenCalled()
    expect(links).toHaveLength(1)
  })

  it("records the URL a browser would navigate to", () => {
    const { links } = instrument(`<a href="HTTPS://Shop.Example.COM">x</a><a href="https://ext.com/ä?q=ü">y</a>`)
    expect(links.map((l) => l.url)).toEqual(["https://shop.example.com/", "https://ext.com/%C3%A4?q=%C3%BC"])
  })

  it("does not track its own placeholders again", () => {
    const once = instrument(`<html><body><a href="https://ext.com/a">A</a></body></html>`)
    const twice = instrument(once.html, { startPosition: 10 })
    expect(twice.links).toEqual([])
    expect(twice.html).toBe(once.html)
  })
})

describe("instrumentHtml: positions and labels", () => {
  it("gives every occurrence its own position, from startPosition", () => {
    const html = `<a href="https://ext.com/a">Top</a><a href="https://ext.com/b">B</a><a href="https://ext.com/a">Bottom</a>`
    const result = instrument(html, { startPosition: 5 })
    expect(result.links).toEqual([
      { position: 5, url: "https://ext.com/a", label: "Top" },
      { position: 6, url: "https://ext.com/b", label: "B" },
      { position: 7, url: "https://ext.com/a", label: "Bottom" },
    ])
    expect(withoutPixel(result.html)).toBe(
      `<a href="${placeholder(5)}">Top</a><a href="${placeholder(6)}">B</a><a href="${placeholder(7)}">Bottom</a>`
    )
  })

  it("numbers only tracked links", () => {
    const html = `<a href="mailto:x@y.z">m</a><a href="https://ext.com/a">a</a><a href="{{ unsubscribe_url }}">u</a><a href="https://ext.com/b">b</a>`
    expect(instrument(html).links.map((l) => l.position)).toEqual([0, 1])
  })

  it.each([
    ["visible text with tags stripped", `<a href="https://ext.com/a"><b>Shop</b> <i>now</i></a>`, "Shop now"],
    ["whitespace collapsed", `<a href="https://ext.com/a">\n   Shop\n\t   now  </a>`, "Shop now"],
    ["entities decoded", `<a href="https://ext.com/a">Tom &amp; Jerry&nbsp;&#8212; 50&percnt;</a>`, "Tom & Jerry — 50&percnt;"],
    ["the image's alt when there is no text", `<a href="https://ext.com/a"><img src="x.png" alt="Summer &amp; sun"></a>`, "Summer & sun"],
    ["the text over the image's alt", `<a href="https://ext.com/a"><img src="x.png" alt="Logo"> Home</a>`, "Home"],
    ["the first non-empty alt", `<a href="https://ext.com/a"><img alt=""><img alt="Second"></a>`, "Second"],
    ["Liquid outputs kept, Liquid tags removed", `<a href="https://ext.com/a">{% if vip %}Hi {{ contact.first_name }}{% endif %}</a>`, "Hi {{ contact.first_name }}"],
    ["comments removed", `<a href="https://ext.com/a">Go<!-- tracking --></a>`, "Go"],
    ["an <area>'s alt", `<area href="https://ext.com/a" alt=" Map  part ">`, "Map part"],
  ])("labels with %s", (_label, html, label) => {
    expect(instrument(html).links[0].label).toBe(label)
  })

  it.each([
    ["an empty link", `<a href="https://ext.com/a"></a>`],
    ["an image without alt", `<a href="https://ext.com/a"><img src="x.png"></a>`],
    ["whitespace only", `<a href="https://ext.com/a"> &nbsp; </a>`],
    ["an area without alt", `<area href="https://ext.com/a">`],
  ])("has no label for %s", (_label, html) => {
    expect(instrument(html).links[0].label).toBeNull()
  })

  it("cuts long labels to 120 characters", () => {
    const { links } = instrument(`<a href="https://ext.com/a">${"word ".repeat(60)}</a>`)
    expect(Array.from(links[0].label!).length).toBeLessThanOrEqual(120)
    expect(links[0].label!.endsWith("…")).toBe(true)
  })

  it("ends the label at the next link when a link is not closed", () => {
    const { links } = instrument(`<a href="https://ext.com/a">One <a href="https://ext.com/b">Two</a>`)
    expect(links.map((l) => l.label)).toEqual(["One", "Two"])
  })

  it("refuses a start position that cannot go into a token", () => {
    for (const startPosition of [-1, 1.5, 65536, NaN]) {
      expect(() => instrument("<a></a>", { startPosition })).toThrow(/startPosition/)
    }
  })

  it("leaves links past position 65535 untracked", () => {
    const result = instrument(`<a href="https://ext.com/a">a</a><a href="https://ext.com/b">b</a>`, { startPosition: 65535 })
    expect(result.links).toEqual([{ position: 65535, url: "https://ext.com/a", label: "a" }])
    expect(result.html).toContain(`href="https://ext.com/b"`)
  })
})

describe("instrumentHtml: UTM", () => {
  const opts = { utmHosts: ["shop.example.com"], utm: UTM }

  it("adds UTM to the store's links only", () => {
    const { links } = instrument(
      `<a href="https://shop.example.com/sale">a</a><a href="https://ext.com/b">b</a><a href="https://www.shop.example.com/c">c</a>`,
      opts
    )
    expect(links.map((l) => l.url)).toEqual([
      `https://shop.example.com/sale?${UTM_QUERY}`,
      "https://ext.com/b",
      "https://www.shop.example.com/c",
    ])
  })

  it("matches hosts case-insensitively, with or without a port", () => {
    const { links } = instrument(`<a href="https://SHOP.example.com:8443/a">a</a><a href="http://localhost:9000/b">b</a>`, {
      utmHosts: ["Shop.Example.com", "localhost:9000"],
      utm: UTM,
    })
    expect(links.map((l) => l.url)).toEqual([
      `https://shop.example.com:8443/a?${UTM_QUERY}`,
      `http://localhost:9000/b?${UTM_QUERY}`,
    ])
  })

  it("adds UTM to resolved Liquid links", () => {
    const { links } = instrument(`<a href="{{ store.url }}/new">New</a>`, opts)
    expect(links[0].url).toBe(`https://shop.example.com/new?${UTM_QUERY}`)
  })

  it("keeps UTM parameters the author set", () => {
    const { links } = instrument(`<a href="https://shop.example.com/?utm_campaign=hand-made&amp;x=1">a</a>`, opts)
    expect(links[0].url).toBe("https://shop.example.com/?utm_campaign=hand-made&x=1&utm_source=newsletter&utm_medium=email")
  })

  it("adds nothing without UTM options", () => {
    const { links } = instrument(`<a href="https://shop.example.com/sale">a</a>`, { utmHosts: ["shop.example.com"], utm: null })
    expect(links[0].url).toBe("https://shop.example.com/sale")
  })
})

describe("instrumentHtml: open pixel", () => {
  it("goes just before </body>", () => {
    const { html } = instrument(`<html><body><p>Hi</p></body></html>`)
    expect(html).toBe(`<html><body><p>Hi</p>${PIXEL}</body></html>`)
  })

  it("goes before the last </body>, whatever its case", () => {
    const { html } = instrument(`<html><BODY><p>a</body>b</p></BODY ></html>`)
    expect(html).toBe(`<html><BODY><p>a</body>b</p>${PIXEL}</BODY ></html>`)
  })

  it("is appended when there is no </body>", () => {
    expect(instrument(`<p>Hi</p>`).html).toBe(`<p>Hi</p>${PIXEL}`)
  })

  it("is inserted once", () => {
    const once = instrument(`<body></body>`).html
    expect(instrument(once).html).toBe(once)
  })
})

describe("fillTrackingPlaceholders", () => {
  const click = (p: number) => `https://t.example.com/c/tok${p}`

  it("fills links and the pixel for one recipient", () => {
    const { html } = instrument(
      `<html><body><a href="https://ext.com/a">A</a><a href='https://ext.com/b'>B</a><a href=https://ext.com/c>C</a></body></html>`,
      { startPosition: 3 }
    )
    const filled = fillTrackingPlaceholders(html, { open: "https://t.example.com/o/tok", click })
    expect(filled).toBe(
      `<html><body><a href="https://t.example.com/c/tok3">A</a><a href='https://t.example.com/c/tok4'>B</a>` +
        `<a href="https://t.example.com/c/tok5">C</a>` +
        `<img src="https://t.example.com/o/tok" width="1" height="1" alt="" style="display:block;border:0;width:1px;height:1px;overflow:hidden" />` +
        `</body></html>`
    )
  })

  it("removes the pixel entirely without an open URL", () => {
    const { html } = instrument(`<html><body><a href="https://ext.com/a">A</a></body></html>`)
    expect(fillTrackingPlaceholders(html, { open: null, click })).toBe(
      `<html><body><a href="https://t.example.com/c/tok0">A</a></body></html>`
    )
  })

  it("HTML-escapes the URLs it puts in", () => {
    const { html } = instrument(`<body><a href="https://ext.com/a">A</a></body>`)
    const filled = fillTrackingPlaceholders(html, { open: `https://t/o?a=1&b="2"`, click: () => `https://t/c?a=1&b='2'<` })
    expect(filled).toContain(`href="https://t/c?a=1&amp;b=&#39;2&#39;&lt;"`)
    expect(filled).toContain(`src="https://t/o?a=1&amp;b=&quot;2&quot;"`)
  })

  it("leaves HTML without placeholders unchanged", () => {
    const html = `<p>https://mkt.invalid/ is mentioned, https://mkt.invalid/o alone too</p>`
    expect(fillTrackingPlaceholders(html, { open: null, click })).toBe(html)
  })

  it("round-trips: after filling, every link points where the map says (property)", () => {
    const hrefArb = fc.oneof(
      fc.constantFrom("https://shop.example.com/a", "https://ext.com/b?x=1&amp;y=2", "mailto:a@b.c", "#top", "/rel"),
      fc.webUrl({ validSchemes: ["https"], withQueryParameters: true, withFragments: true })
    )
    fc.assert(
      fc.property(fc.array(hrefArb, { maxLength: 12 }), fc.nat(1000), (hrefs, start) => {
        const source = `<html><body>${hrefs.map((h, i) => `<a href="${h.replace(/"/g, "&quot;")}">L${i}</a>`).join("")}</body></html>`
        const { html, links } = instrument(source, { startPosition: start })
        // every recorded URL is a safe target, positions are consecutive from start
        links.forEach((l, i) => {
          expect(isSafeRedirectTarget(l.url)).toBe(true)
          expect(l.position).toBe(start + i)
        })
        expect([...html.matchAll(LINK_PLACEHOLDER_RE)].map((m) => Number(m[1]))).toEqual(links.map((l) => l.position))
        const filled = fillTrackingPlaceholders(html, { open: null, click: (p) => `https://t.test/c/${p}` })
        expect(filled).not.toContain("mkt.invalid")
        expect(filled).toBe(expectedFill(source, links))
      })
    )
  })

  it("is fast enough for the per-recipient path", () => {
    const block = `<tr><td><a href="https://shop.example.com/p/SKU">Product with a long name</a><p>${"Lorem ipsum dolor sit amet. ".repeat(40)}</p></td></tr>`
    const { html } = instrument(`<html><body><table>${block.repeat(32)}</table></body></html>`)
    expect(html.length).toBeGreaterThan(35_000)
    const urls = { open: "https://t.example.com/o/x", click: (p: number) => `https://t.example.com/c/${p}` }
    const started = performance.now()
    for (let i = 0; i < 200; i++) {
      fillTrackingPlaceholders(html, urls)
    }
    // generous: ~0.05 ms per call on a laptop; this only catches a quadratic mistake
    expect((performance.now() - started) / 200).toBeLessThan(5)
  })
})

/**
 * What filling should give, worked out independently of the scanner: walk
 * the generated `<a href="...">` tags in order; a tracked one (safe, and
 * next in the link map) becomes its click URL, the rest stay as written.
 * The pixel is removed because the fill ran with `open: null`.
 */
function expectedFill(source: string, links: { position: number; url: string }[]): string {
  let k = 0
  return source.replace(/<a href="([^"]*)">/g, (m, raw: string) => {
    const href = decodeEntities(raw).trim()
    if (k >= links.length || !isSafeRedirectTarget(href) || links[k].url !== new URL(href).href) {
      return m
    }
    return `<a href="https://t.test/c/${links[k++].position}">`
  })
}

describe("instrumentHtml: the text alternative", () => {
  const click = (p: number) => `https://t.example.com/c/tok${p}`

  it("gives the text's links the placeholders of the HTML links they print, in order", () => {
    const html =
      `<html><body><p><a href="https://shop.example.com/">Home</a></p>` +
      `<p><a href="https://shop.example.com/sale?a=1&amp;b=2">the sale</a></p>` +
      `<p><a href="mailto:hi@shop.example.com">Write to us</a></p>` +
      `<p><a href="https://shop.example.com/">Back home</a></p>` +
      `<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>`
    const text = htmlToText(html)
    expect(text).toBe(
      "Home [https://shop.example.com/]\n\nthe sale [https://shop.example.com/sale?a=1&b=2]\n\n" +
        "Write to us [hi@shop.example.com]\n\nBack home [https://shop.example.com/]\n\nUnsubscribe [{{ unsubscribe_url }}]"
    )
    const out = instrument(html, { text })
    expect(out.links.map((l) => l.position)).toEqual([0, 1, 2])
    // tracked links take their placeholders; what the HTML does not track stays as written
    expect(out.text).toBe(
      `Home [${placeholder(0)}]\n\nthe sale [${placeholder(1)}]\n\n` +
        `Write to us [hi@shop.example.com]\n\nBack home [${placeholder(2)}]\n\nUnsubscribe [{{ unsubscribe_url }}]`
    )
    expect(fillTextLinks(out.text!, click)).toContain("the sale [https://t.example.com/c/tok1]")
  })

  it("skips HTML links the text leaves out, so later ones keep their own positions", () => {
    // a linked image without alt text and a link whose text is its href print no [href]
    const html =
      `<p><a href="https://x.example/a"><img src="https://x.example/i.png"></a></p>` +
      `<p><a href="https://x.example/b">B</a></p>` +
      `<p><a href="https://x.example/a">https://x.example/a</a></p>` +
      `<p><a href="https://x.example/a">A again</a></p>`
    const text = htmlToText(html)
    const out = instrument(html, { text, startPosition: 10 })
    expect(out.text).toBe(`https://x.example/a\n\nB [${placeholder(11)}]\n\nhttps://x.example/a\n\nA again [${placeholder(13)}]`)
  })

  it("leaves the text alone when there is nothing tracked, and returns no text when none was given", () => {
    const text = "Hello [mailto:a@b.c]"
    expect(instrument(`<a href="mailto:a@b.c">Hello</a>`, { text }).text).toBe(text)
    expect(instrument(`<a href="https://x.example/">X</a>`).text).toBeUndefined()
  })

  it("never changes the text except where a tracked [href] stood (property)", () => {
    const href = fc.constantFrom("https://a.example/1", "https://a.example/2?x=1&y=2", "https://b.example/")
    fc.assert(
      fc.property(fc.array(fc.tuple(href, fc.boolean()), { maxLength: 8 }), fc.string({ maxLength: 30 }), (items, filler) => {
        const safe = filler.replace(/[[\]<>&]/g, "")
        const html = items.map(([h], i) => `<a href="${h}">L${i}</a>`).join("")
        const text = items.map(([h, shown], i) => (shown ? `L${i} [${h}] ${safe}` : `L${i} ${safe}`)).join("\n")
        const out = instrument(html, { text })
        const back = out.text!.replace(/\[https:\/\/mkt\.invalid\/l\/(\d+)\]/g, (_m, p) => `[${items[Number(p)][0]}]`)
        return back === text
      })
    )
  })
})

describe("isSafeRedirectTarget", () => {
  it.each([
    "https://shop.example.com",
    "https://shop.example.com/",
    "http://shop.example.com/a?b=c#d",
    "https://shop.example.com:8443/path",
    "https://xn--bcher-kva.example/",
    "https://bücher.example/",
    "https://192.0.2.1/x",
    "https://[2001:db8::1]/x",
    "HTTPS://SHOP.EXAMPLE.COM/",
    "https://shop.example.com/a%2F%2Fb",
    `https://shop.example.com/${"a".repeat(2048 - 26)}`,
  ])("accepts %s", (url) => {
    expect(isSafeRedirectTarget(url)).toBe(true)
  })

  it.each([
    ["protocol-relative", "//evil.com"],
    ["protocol-relative with path", "//evil.com/x"],
    ["backslashes", "https:\\\\evil.com"],
    ["a backslash after the scheme", "https:/\\evil.com"],
    ["a backslash in the path", "https://shop.example.com\\@evil.com"],
    ["javascript:", "javascript:alert(1)"],
    ["JavaScript: mixed case", "JaVaScRiPt:alert(1)"],
    ["data:", "data:text/html,<script>alert(1)</script>"],
    ["vbscript:", "vbscript:msgbox(1)"],
    ["ftp:", "ftp://shop.example.com/file"],
    ["mailto:", "mailto:a@b.c"],
    ["encoded slashes", "%2F%2Fevil.com"],
    ["encoded slashes after the scheme", "https:%2F%2Fevil.com"],
    ["an encoded host", "https://%2F%2Fevil.com"],
    ["a relative path", "/redirect?to=evil"],
    ["an empty authority", "https:///evil.com"],
    ["a missing authority", "https:evil.com"],
    ["credentials", "https://user:pass@shop.example.com/"],
    ["a user only", "https://shop.example.com@evil.com/"],
    ["an empty user", "https://@evil.com/"],
    ["a leading space", " https://shop.example.com"],
    ["a space inside", "https://shop.example.com/a b"],
    ["a tab", "https://shop.example.com/\ta"],
    ["a newline", "https://shop.example.com/\nSet-Cookie:x"],
    ["a carriage return", "https://shop.example.com/\r\nLocation: https://evil.com"],
    ["a NUL", "https://shop.example.com/\u0000"],
    ["DEL", "https://shop.example.com/\u007f"],
    ["a C1 control", "https://shop.example.com/\u0085"],
    ["a bidi override", "https://shop.example.com/\u202egnp.exe"],
    ["a zero-width space", "https://shop.exa\u200bmple.com/"],
    ["a non-breaking space", "https://shop.example.com/\u00a0"],
    ["a bare scheme", "https://"],
    ["an invalid host", "https://exa mple.com"],
    ["an invalid port", "https://shop.example.com:99999/"],
    ["too long", `https://shop.example.com/${"a".repeat(2048)}`],
    ["empty", ""],
  ])("refuses %s", (_label, url) => {
    expect(isSafeRedirectTarget(url)).toBe(false)
  })

  it.each([null, undefined, 42, {}, ["https://shop.example.com"], new URL("https://shop.example.com")])(
    "refuses the non-string %p",
    (value) => {
      expect(isSafeRedirectTarget(value)).toBe(false)
    }
  )

  it("only accepts URLs whose parsed host is non-empty and carry no credentials (property)", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const url = `https://${s}`
        if (isSafeRedirectTarget(url)) {
          const u = new URL(url)
          expect(u.hostname).not.toBe("")
          expect(u.username + u.password).toBe("")
          expect(/[\s\\@]/.test(url.split(/[/?#]/)[2])).toBe(false)
        }
      })
    )
  })
})

describe("appendUtm", () => {
  it.each([
    ["a bare URL", "https://shop.example.com", `https://shop.example.com?${UTM_QUERY}`],
    ["a path", "https://shop.example.com/sale", `https://shop.example.com/sale?${UTM_QUERY}`],
    ["a query", "https://shop.example.com/?a=1", `https://shop.example.com/?a=1&${UTM_QUERY}`],
    ["an empty query", "https://shop.example.com/?", `https://shop.example.com/?${UTM_QUERY}`],
    ["a trailing &", "https://shop.example.com/?a=1&", `https://shop.example.com/?a=1&${UTM_QUERY}`],
    ["a fragment", "https://shop.example.com/p#reviews", `https://shop.example.com/p?${UTM_QUERY}#reviews`],
    ["a query and a fragment", "https://shop.example.com/p?a=1#x?y", `https://shop.example.com/p?a=1&${UTM_QUERY}#x?y`],
  ])("adds parameters to %s", (_label, url, expected) => {
    expect(appendUtm(url, UTM)).toBe(expected)
  })

  it("keeps the rest of the URL byte for byte", () => {
    expect(appendUtm("https://shop.example.com/s?q=a+b&r=%20x&b=2&a=1", UTM)).toBe(
      `https://shop.example.com/s?q=a+b&r=%20x&b=2&a=1&${UTM_QUERY}`
    )
  })

  it("keeps parameters already present, one by one", () => {
    expect(appendUtm("https://shop.example.com/?utm_source=ig&utm_medium=", UTM)).toBe(
      "https://shop.example.com/?utm_source=ig&utm_medium=&utm_campaign=summer-sale"
    )
    const all = `https://shop.example.com/?utm_source=a&utm_medium=b&utm_campaign=c&utm_content=d`
    expect(appendUtm(all, { ...UTM, content: "hero" })).toBe(all)
  })

  it("adds utm_content when given and encodes values", () => {
    expect(appendUtm("https://shop.example.com/", { source: "news letter", medium: "e&mail", campaign: "été/2026", content: "hero button" })).toBe(
      "https://shop.example.com/?utm_source=news%20letter&utm_medium=e%26mail&utm_campaign=%C3%A9t%C3%A9%2F2026&utm_content=hero%20button"
    )
  })

  it("skips empty values", () => {
    expect(appendUtm("https://shop.example.com/", { source: "s", medium: " ", campaign: "", content: "" })).toBe(
      "https://shop.example.com/?utm_source=s"
    )
  })

  it("returns what is not a URL unchanged", () => {
    expect(appendUtm("not a url", UTM)).toBe("not a url")
    expect(appendUtm("/relative", UTM)).toBe("/relative")
  })
})

describe("decodeEntities", () => {
  it.each([
    ["&amp;&lt;&gt;&quot;&apos;", `&<>"'`],
    ["&#38;&#x26;&#X26;", "&&&"],
    ["&#128512;", "😀"],
    ["&#0;&#xD800;&#x110000;", "\ufffd\ufffd\ufffd"],
    ["&unknown; &amp", "&unknown; &amp"],
    ["a&b", "a&b"],
  ])("decodes %s", (input, output) => {
    expect(decodeEntities(input)).toBe(output)
  })
})
