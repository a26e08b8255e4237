import { EXAMPLE_PRODUCT_IDS, productIdsOfDocument, STARTER_TEMPLATES } from ".."

describe("productIdsOfDocument", () => {
  it("collects the ids of every product block, first appearance first, each once", () => {
    const doc = {
      version: 1,
      blocks: [
        { id: "h", type: "heading", text: "Picks" },
        { id: "p1", type: "product", product_ids: ["prod_b", "prod_a"] },
        { id: "t", type: "text", content: "<p>Hello</p>" },
        { id: "p2", type: "product", product_ids: ["prod_a", "prod_c"], layout: "card" },
      ],
    }
    expect(productIdsOfDocument(doc)).toEqual(["prod_b", "prod_a", "prod_c"])
  })

  it("finds products named by a literal key in Liquid fields and raw markup", () => {
    const blocks = {
      version: 1,
      blocks: [
        { id: "t", type: "text", content: `<p>{{ products["prod_x"].title }} and {{ products['prod_y'].price | money }}</p>` },
        { id: "b", type: "button", label: "Buy", href: "{{ products.prod_z.url }}" },
        { id: "s", type: "social", links: [{ network: "website", url: `{{ products[ "prod_w" ].url }}` }] },
        { id: "n", type: "text", content: "{{ products.size }} {{ products.first.title }} {{ products[key].title }}" },
      ],
    }
    expect(productIdsOfDocument(blocks)).toEqual(["prod_x", "prod_y", "prod_z", "prod_w"])
    expect(productIdsOfDocument({ version: 1, mode: "html", html: `<a href="{{ products["prod_1"].url }}">x</a>` })).toEqual([
      "prod_1",
    ])
    expect(productIdsOfDocument({ version: 1, mode: "mjml", mjml: "<mjml>{{ products.prod_2.title }}</mjml>" })).toEqual([
      "prod_2",
    ])
  })

  it("gives the starters' example products", () => {
    const ids = new Set(STARTER_TEMPLATES.flatMap((s) => productIdsOfDocument(s.doc)))
    expect([...ids].every((id) => (EXAMPLE_PRODUCT_IDS as readonly string[]).includes(id))).toBe(true)
    expect(ids.size).toBeGreaterThan(0)
  })

  it("tolerates anything that is not a document and skips malformed ids", () => {
    for (const junk of [null, undefined, 42, "prod_1", [], { blocks: "no" }, { blocks: [null, 1, "x"] }]) {
      expect(productIdsOfDocument(junk)).toEqual([])
    }
    const doc = {
      blocks: [
        { type: "product", product_ids: ["ok_1", "", "has space", 7, null, "x".repeat(129), "ok_2"] },
        { type: "product", product_ids: "prod_1" },
      ],
    }
    expect(productIdsOfDocument(doc)).toEqual(["ok_1", "ok_2"])
  })

  it("stops at a bounded number of ids", () => {
    const many = Array.from({ length: 200 }, (_, b) => ({
      id: `p${b}`,
      type: "product",
      product_ids: Array.from({ length: 12 }, (_, i) => `prod_${b}_${i}`),
    }))
    expect(productIdsOfDocument({ version: 1, blocks: many })).toHaveLength(1200)
  })
})
