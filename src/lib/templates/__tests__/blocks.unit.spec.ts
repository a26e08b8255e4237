import { z } from "zod"
import {
  BLOCK_TYPES,
  blockSchema,
  checkTemplateUrl,
  LIQUID_FIELDS,
  liquidFieldsOf,
  parseTemplateDocument,
  templateDocumentSchema,
  type BlocksDocument,
} from ".."

const paths = (input: unknown) => {
  const r = parseTemplateDocument(input)
  if (r.success) {
    throw new Error("expected a failure")
  }
  return r.issues.map((i) => `${i.path}: ${i.message}`)
}

describe("template document schema", () => {
  it("fills defaults for settings and blocks", () => {
    const r = parseTemplateDocument({ version: 1, blocks: [{ id: "a", type: "heading", text: "Hi" }] })
    expect(r.success).toBe(true)
    const doc = (r as { data: BlocksDocument }).data
    expect(doc.mode).toBe("blocks")
    expect(doc.settings).toMatchObject({ width: 600, background_color: "#f4f4f5", font_size: 16 })
    expect(doc.blocks[0]).toEqual({ id: "a", type: "heading", text: "Hi", level: 1, align: "left" })
  })

  it("names the path of every error", () => {
    expect(
      paths({
        version: 1,
        settings: { button_color: "red", width: 2000 },
        blocks: [
          { id: "a", type: "heading", text: "" },
          { id: "b", type: "button", label: "Go", href: "javascript:alert(1)" },
          { id: "c", type: "carousel" },
          { id: "d", type: "spacer", height: 1000 },
          { type: "text" },
          { id: "f", type: "social", links: [{ network: "myspace", url: "https://x.test" }] },
          { id: "g", type: "product", product_ids: ["prod 1"], layout: "list" },
        ],
      })
    ).toEqual([
      "settings.width: must be a whole number from 480 to 800",
      'settings.button_color: must be a hex color such as "#1f2937"',
      "blocks[0].text: must not be empty",
      'blocks[1].href: must be an http(s) URL, a mailto: address or a Liquid variable such as "{{ unsubscribe_url }}"',
      `blocks[2].type: type must be one of ${BLOCK_TYPES.join(", ")}`,
      "blocks[3].height: must be a whole number from 4 to 200",
      "blocks[4].id: is required",
      "blocks[4].content: is required",
      `blocks[5].links[0].network: must be one of facebook, instagram, x, linkedin, pinterest, youtube, snapchat, tumblr, vimeo, github, website`,
      "blocks[6].product_ids[0]: must be a product id such as prod_01H...",
      "blocks[6].layout: must be card or grid",
    ])
  })

  it("codes unsafe URLs as unsafe_url", () => {
    const r = parseTemplateDocument({ version: 1, blocks: [{ id: "i", type: "image", src: "data:image/png;base64,AAA" }] })
    expect(r.success || r.issues[0]).toMatchObject({ code: "unsafe_url", path: "blocks[0].src" })
  })

  it("rejects duplicate block ids", () => {
    expect(
      paths({
        version: 1,
        blocks: [
          { id: "x", type: "spacer" },
          { id: "x", type: "divider" },
        ],
      })
    ).toEqual(["blocks[1].id: duplicates the id of blocks[0]"])
  })

  it("reads raw MJML and HTML documents", () => {
    expect(parseTemplateDocument({ version: 1, mode: "mjml", mjml: "<mjml></mjml>" }).success).toBe(true)
    expect(parseTemplateDocument({ version: 1, mode: "html", html: "<p>x</p>" }).success).toBe(true)
    expect(paths({ version: 1, mode: "html", html: "" })).toEqual(["html: must not be empty"])
    expect(paths({ version: 1, mode: "pdf" })).toEqual(["mode: mode must be blocks, mjml or html"])
    expect(paths({ version: 2, blocks: [] })).toEqual(["version: must be 1"])
    expect(paths("nope")).toEqual(["document: must be an object"])
  })

  it("keeps BLOCK_TYPES and LIQUID_FIELDS in step with the schema", () => {
    const fromSchema = blockSchema.options.map((o) => o.shape.type.value)
    expect([...BLOCK_TYPES]).toEqual(fromSchema)
    expect(Object.keys(LIQUID_FIELDS).sort()).toEqual([...BLOCK_TYPES].sort())
  })

  it("lists Liquid-capable fields with their paths", () => {
    const r = parseTemplateDocument({
      version: 1,
      blocks: [
        { id: "h", type: "heading", text: "Hi {{ contact.first_name }}" },
        { id: "s", type: "social", links: [{ network: "x", url: "https://x.com/a" }] },
        { id: "sp", type: "spacer" },
      ],
    }) as { data: BlocksDocument }
    expect(liquidFieldsOf(r.data)).toEqual([
      ["blocks[0].text", "Hi {{ contact.first_name }}"],
      ["blocks[1].links[0].url", "https://x.com/a"],
    ])
  })

  it("converts to a JSON schema for structured AI output", () => {
    const json = z.toJSONSchema(templateDocumentSchema, { io: "input", unrepresentable: "any" }) as Record<string, unknown>
    expect(JSON.stringify(json)).toContain("line_items")
  })
})

describe("URL rule", () => {
  it.each([
    ["https://shop.test/a?b=1", true],
    ["http://shop.test", true],
    ["mailto:help@shop.test", true],
    ["{{ unsubscribe_url }}", true],
    ["{{ store.url }}/collections/sale", true],
    ["  https://shop.test  ", true],
    ["javascript:alert(1)", false],
    ["JaVaScRiPt:alert(1)", false],
    [" javascript:alert(1)", false],
    ["data:text/html,<script>", false],
    ["vbscript:x", false],
    ["/relative/path", false],
    ["//evil.test", false],
    ["{% if x %}https://a.test{% endif %}", false],
    ["https://", false],
    ["https://a.test/\nb", false],
    ["", false],
  ])("%j -> %s", (url, ok) => {
    expect(checkTemplateUrl(url as string).ok).toBe(ok)
  })
})
