import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { createProductsWorkflow } from "@medusajs/medusa/core-flows"
import { createAdminHeaders } from "../helpers/admin"
import { sinkHeader, startSmtpSink, SmtpSink } from "../helpers/smtp-sink"
import { MARKETING_MODULE } from "../../src/modules/marketing"
import type MarketingModuleService from "../../src/modules/marketing/service"
import { STARTER_TEMPLATES, TEMPLATE_VARIABLES } from "../../src/lib/templates"
import { verifyToken } from "../../src/lib/tokens"
import { loadStoreContext } from "../../src/workflows/utils/store-context"

jest.setTimeout(180_000)

/*
 * Test sends go to an in-process SMTP sink: it must listen, and
 * SMTP_HOST/SMTP_PORT be set, before the runner loads medusa-config.ts (in
 * its own beforeAll, which runs after this one).
 */
let sink: SmtpSink
beforeAll(async () => {
  sink = await startSmtpSink()
  delete process.env.SMTP_URL
  process.env.SMTP_HOST = "127.0.0.1"
  process.env.SMTP_PORT = String(sink.port)
})
afterAll(async () => {
  await sink?.close()
})

const BASE = "/admin/marketing"

/** axios throws on 4xx: hand back the response either way */
const settle = (p: Promise<any>) => p.catch((e) => e.response ?? Promise.reject(e))

const newsletter = STARTER_TEMPLATES.find((s) => s.handle === "newsletter")!

/** A small valid document: heading, text, button, footer (so it passes the lint). */
const simpleDoc = (heading = "Hello {{ contact.first_name | default: \"there\" }}") => ({
  version: 1,
  blocks: [
    { id: "title", type: "heading", text: heading },
    { id: "body", type: "text", content: "<p>Our news from {{ store.name }}.</p>" },
    { id: "cta", type: "button", label: "Shop", href: "{{ store.url }}" },
    { id: "footer", type: "footer" },
  ],
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let auth: { headers: Record<string, string> }
    let marketing: MarketingModuleService
    let contactId: string

    const create = (body: Record<string, unknown>) => settle(api.post(`${BASE}/templates`, body, auth))
    const createOk = async (body: Record<string, unknown> = {}) => {
      const res = await create({ name: "Spring news", subject: "News from {{ store.name }}", document: simpleDoc(), ...body })
      expect(res.status).toBe(201)
      return res.data.template
    }

    beforeEach(async () => {
      const container = getContainer()
      auth = { headers: (await createAdminHeaders(container)).headers }
      marketing = container.resolve(MARKETING_MODULE)
      const contact = await marketing.createContacts({ email: "grace@example.com", first_name: "Grace", last_name: "Hopper" })
      contactId = contact.id
      sink.reset()
    })

    describe("CRUD", () => {
      it("creates, reads, lists, searches, updates with version bumps, and deletes", async () => {
        const created = await createOk({ description: "Monthly", preheader: "What's new", metadata: { team: "growth" } })
        expect(created).toEqual(
          expect.objectContaining({
            id: expect.stringMatching(/^mtpl_/),
            name: "Spring news",
            description: "Monthly",
            subject: "News from {{ store.name }}",
            preheader: "What's new",
            version: 1,
            starter_handle: null,
            metadata: { team: "growth" },
            created_at: expect.any(String),
            updated_at: expect.any(String),
          })
        )
        // stored with the defaults filled in
        expect(created.document.mode).toBe("blocks")
        expect(created.document.settings.width).toBe(600)
        expect(created.document.blocks).toHaveLength(4)
        expect(created.document.blocks[3].unsubscribe_text).toBe("Unsubscribe")

        const got = await api.get(`${BASE}/templates/${created.id}`, auth)
        expect(got.data.template).toEqual(created)

        await createOk({ name: "Black Friday", subject: "Deals" })
        const list = await api.get(`${BASE}/templates`, auth)
        expect(list.data).toEqual(expect.objectContaining({ count: 2, limit: 20, offset: 0 }))
        expect(list.data.templates.map((t: any) => t.name)).toEqual(["Black Friday", "Spring news"])
        const searched = await api.get(`${BASE}/templates?q=spring`, auth)
        expect(searched.data.templates.map((t: any) => t.id)).toEqual([created.id])
        const ordered = await api.get(`${BASE}/templates?order=name&limit=1&offset=1&fields=id,name`, auth)
        expect(ordered.data).toEqual(expect.objectContaining({ count: 2, limit: 1, offset: 1 }))
        expect(ordered.data.templates).toEqual([{ id: created.id, name: "Spring news" }])

        // a rename keeps the version
        const renamed = await api.post(`${BASE}/templates/${created.id}`, { name: "Spring newsletter", description: null }, auth)
        expect(renamed.data.template).toEqual(expect.objectContaining({ name: "Spring newsletter", description: null, version: 1 }))
        // content changes bump it
        const subj = await api.post(`${BASE}/templates/${created.id}`, { subject: "Spring at {{ store.name }}" }, auth)
        expect(subj.data.template.version).toBe(2)
        const pre = await api.post(`${BASE}/templates/${created.id}`, { preheader: "New arrivals inside" }, auth)
        expect(pre.data.template.version).toBe(3)
        const doc = await api.post(`${BASE}/templates/${created.id}`, { document: simpleDoc("Hi!") }, auth)
        expect(doc.data.template.version).toBe(4)
        expect(doc.data.template.document.blocks[0].text).toBe("Hi!")
        // the same content again (the stored, normalized form too) is no change
        const same = await api.post(
          `${BASE}/templates/${created.id}`,
          { document: simpleDoc("Hi!"), subject: "Spring at {{ store.name }}", preheader: "New arrivals inside" },
          auth
        )
        expect(same.data.template.version).toBe(4)
        const sameStored = await api.post(`${BASE}/templates/${created.id}`, { document: doc.data.template.document }, auth)
        expect(sameStored.data.template.version).toBe(4)

        const del = await api.delete(`${BASE}/templates/${created.id}`, auth)
        expect(del.data).toEqual({ id: created.id, object: "template", deleted: true })
        expect((await settle(api.get(`${BASE}/templates/${created.id}`, auth))).status).toBe(404)
        expect((await api.get(`${BASE}/templates`, auth)).data.count).toBe(1)
        expect((await settle(api.delete(`${BASE}/templates/${created.id}`, auth))).status).toBe(404)
      })

      it("creates from a starter, raw MJML and raw HTML", async () => {
        const fromStarter = await createOk({
          name: newsletter.name,
          subject: newsletter.subject,
          preheader: newsletter.preheader,
          document: newsletter.doc,
          starter_handle: newsletter.handle,
        })
        expect(fromStarter.starter_handle).toBe("newsletter")
        const mjml = await createOk({
          document: {
            version: 1,
            mode: "mjml",
            mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>Hi {{ contact.first_name }} <a href="{{ unsubscribe_url }}">Unsubscribe</a></mj-text></mj-column></mj-section></mj-body></mjml>',
          },
        })
        expect(mjml.document.mode).toBe("mjml")
        const html = await createOk({
          document: { version: 1, mode: "html", html: '<p>Hi</p><a href="{{ unsubscribe_url }}">Unsubscribe</a>' },
        })
        expect(html.document.mode).toBe("html")
      })

      it("duplicates as a new template at version 1", async () => {
        const source = await createOk({ starter_handle: "newsletter" })
        await api.post(`${BASE}/templates/${source.id}`, { subject: "Changed" }, auth)
        const dup = await api.post(`${BASE}/templates/${source.id}/duplicate`, undefined, auth)
        expect(dup.status).toBe(201)
        expect(dup.data.template).toEqual(
          expect.objectContaining({ name: "Copy of Spring news", subject: "Changed", version: 1, starter_handle: "newsletter" })
        )
        expect(dup.data.template.id).not.toBe(source.id)
        expect(dup.data.template.document).toEqual(source.document)
        const named = await api.post(`${BASE}/templates/${source.id}/duplicate`, { name: "Autumn news" }, auth)
        expect(named.data.template.name).toBe("Autumn news")
        expect((await settle(api.post(`${BASE}/templates/mtpl_nope/duplicate`, {}, auth))).status).toBe(404)
      })
    })

    describe("validation", () => {
      it("refuses an unknown variable, naming the path, line and column and the likely fix", async () => {
        const doc = simpleDoc()
        ;(doc.blocks[1] as any).content = "<p>Dear\n {{ contact.frist_name }}</p>"
        const res = await create({ name: "Typo", subject: "Hi", document: doc })
        expect(res.status).toBe(400)
        expect(res.data.type).toBe("invalid_data")
        expect(res.data.message).toContain("blocks[1].content (line 2, column 5): Unknown variable contact.frist_name")
        expect(res.data.message).toContain("did you mean contact.first_name?")

        const subject = await create({ name: "Typo", subject: "Hi {{ contact.nme }}", document: simpleDoc() })
        expect(subject.status).toBe(400)
        expect(subject.data.message).toMatch(/subject \(line 1, column \d+\): Unknown variable contact\.nme/)
      })

      it("lists every problem of an invalid document with its path", async () => {
        const doc = {
          version: 1,
          blocks: [
            { id: "a", type: "button", label: "Go", href: "javascript:alert(1)" },
            { id: "b", type: "heading", text: "{% if contact.first_name %}Hi" },
            { id: "c", type: "nope" },
            { id: "d", type: "spacer", height: 9999 },
            { id: "e", type: "text", content: "x", color: "red" },
          ],
        }
        const res = await create({ name: "Broken", subject: "Hi", document: doc })
        expect(res.status).toBe(400)
        expect(res.data.type).toBe("invalid_data")
        for (const path of ["blocks[0].href", "blocks[2]", "blocks[3].height", "blocks[4].color"]) {
          expect(res.data.message).toContain(path)
        }
        const liquid = await create({ name: "Broken", subject: "Hi", document: { version: 1, blocks: [doc.blocks[1]] } })
        expect(liquid.status).toBe(400)
        expect(liquid.data.message).toMatch(/blocks\[0\]\.text \(line 1, column \d+\)/)
      })

      it("checks an update against the stored fields it does not change, and leaves the template as it was", async () => {
        const t = await createOk()
        const bad = await settle(api.post(`${BASE}/templates/${t.id}`, { subject: "{{ contact.bogus }}" }, auth))
        expect(bad.status).toBe(400)
        expect(bad.data.message).toContain("subject")
        const after = await api.get(`${BASE}/templates/${t.id}`, auth)
        expect(after.data.template).toEqual(expect.objectContaining({ subject: t.subject, version: 1 }))
      })
    })

    describe("preview", () => {
      it("renders with sample data and the real store, with issues and lint", async () => {
        const res = await api.post(
          `${BASE}/templates/preview`,
          { document: simpleDoc(), subject: "News from {{ store.name }} for {{ contact.first_name }}", preheader: "Inside" },
          auth
        )
        expect(res.status).toBe(200)
        const { preview } = res.data
        expect(preview.subject).toBe("News from Medusa Store for Ada")
        expect(preview.html).toContain("Hello Ada")
        expect(preview.html).toContain("Our news from Medusa Store")
        expect(preview.html).toContain("Medusa Test Store, 1 Test Street")
        expect(preview.text).toContain("Hello Ada")
        expect(preview.issues).toEqual([])
        expect(preview.lint).toEqual(expect.objectContaining({ ok: true, errors: [] }))
      })

      it("renders as a contact, and 404s for an unknown contact", async () => {
        const res = await api.post(
          `${BASE}/templates/preview`,
          { document: simpleDoc(), subject: "For {{ contact.first_name }} {{ contact.last_name }}", contact_id: contactId },
          auth
        )
        expect(res.data.preview.subject).toBe("For Grace Hopper")
        expect(res.data.preview.html).toContain("Hello Grace")
        expect(res.data.preview.html).toContain("/marketing/unsubscribe?token=")
        const missing = await settle(
          api.post(`${BASE}/templates/preview`, { document: simpleDoc(), subject: "x", contact_id: "mcon_nope" }, auth)
        )
        expect(missing.status).toBe(404)
        expect(missing.data.message).toContain("mcon_nope")
      })

      it("answers 200 with the problems for an invalid template, and lints what it can", async () => {
        const invalid = await api.post(
          `${BASE}/templates/preview`,
          { document: { version: 1, blocks: [{ id: "a", type: "image" }] }, subject: "Hi" },
          auth
        )
        expect(invalid.status).toBe(200)
        expect(invalid.data.preview.html).toBe("")
        expect(invalid.data.preview.issues).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: "blocks[0].src", code: "invalid_document" })])
        )
        expect(invalid.data.preview.lint.ok).toBe(false)

        // unknown variables do not stop a preview; a missing unsubscribe link is a lint error
        const unknown = await api.post(
          `${BASE}/templates/preview`,
          { document: { version: 1, blocks: [{ id: "h", type: "heading", text: "Hi {{ contact.frist_name }}!" }] }, subject: "Hi" },
          auth
        )
        expect(unknown.status).toBe(200)
        expect(unknown.data.preview.html).toContain("Hi !")
        expect(unknown.data.preview.issues).toEqual([
          expect.objectContaining({ code: "unknown_variable", path: "blocks[0].text", line: 1, column: expect.any(Number) }),
        ])
        expect(unknown.data.preview.lint.ok).toBe(false)
        expect(unknown.data.preview.lint.errors.map((e: any) => e.code)).toContain("missing_unsubscribe")
      })

      it("shows real products from product blocks at their lowest price, and sample ones for example ids", async () => {
        const container = getContainer()
        const store = await loadStoreContext(container)
        const {
          result: [product],
        } = await createProductsWorkflow(container).run({
          input: {
            products: [
              {
                title: "Harbour Jacket",
                handle: "harbour-jacket",
                description: "Waxed cotton.",
                thumbnail: "https://cdn.example.com/jacket.jpg",
                status: "published",
                options: [{ title: "Size", values: ["S", "M"] }],
                variants: [
                  { title: "S", options: { Size: "S" }, prices: [{ amount: 149, currency_code: store.currency }] },
                  {
                    title: "M",
                    options: { Size: "M" },
                    prices: [
                      { amount: 129, currency_code: store.currency },
                      { amount: 1, currency_code: store.currency === "zar" ? "xof" : "zar" },
                    ],
                  },
                ],
              },
            ],
          },
        })
        const doc = {
          version: 1,
          blocks: [
            { id: "p", type: "product", product_ids: [product.id, "prod_example_1", "prod_missing"], layout: "card" },
            { id: "f", type: "footer" },
          ],
        }
        const res = await api.post(`${BASE}/templates/preview`, { document: doc, subject: "Picks" }, auth)
        const html: string = res.data.preview.html
        expect(html).toContain("Harbour Jacket")
        expect(html).toContain(`${store.url}/products/harbour-jacket`)
        expect(html).toContain("https://cdn.example.com/jacket.jpg")
        expect(html).toContain("129")
        expect(html).not.toContain("149")
        expect(html).toContain("Linen shirt")
        expect(res.data.preview.lint.warnings.map((w: any) => w.code)).toContain("placeholder_product")
      })
    })

    describe("catalogs", () => {
      it("lists the starters and the template variables", async () => {
        const starters = await api.get(`${BASE}/templates/starters`, auth)
        expect(starters.data.starters.map((s: any) => s.handle)).toEqual(STARTER_TEMPLATES.map((s) => s.handle))
        expect(starters.data.starters[0]).toEqual({
          handle: "newsletter",
          name: newsletter.name,
          description: newsletter.description,
          subject: newsletter.subject,
          preheader: newsletter.preheader,
          document: newsletter.doc,
        })
        const vars = await api.get(`${BASE}/template-variables`, auth)
        expect(vars.data.variables).toHaveLength(TEMPLATE_VARIABLES.length)
        expect(vars.data.variables).toEqual(
          expect.arrayContaining([expect.objectContaining({ path: "contact.first_name", group: "contact" })])
        )
      })
    })

    describe("delete while in use", () => {
      it("is refused while a scheduled, sending or paused campaign uses the template", async () => {
        const t = await createOk()
        const other = await createOk({ name: "Variant B" })
        const [campaign] = await marketing.createMarketingCampaigns([
          { name: "Spring launch", status: "scheduled", template_id: t.id },
        ])
        const refused = await settle(api.delete(`${BASE}/templates/${t.id}`, auth))
        expect(refused.status).toBe(400)
        expect(refused.data.type).toBe("not_allowed")
        expect(refused.data.message).toContain('"Spring launch"')
        expect(refused.data.message).toContain(campaign.id)
        expect((await api.get(`${BASE}/templates/${t.id}`, auth)).status).toBe(200)

        // an A/B variant's template counts too
        await marketing.createMarketingCampaigns([
          { name: "A/B test", status: "paused", template_id: t.id, ab_test: { variants: [{}, { template_id: other.id }] } },
        ])
        const variant = await settle(api.delete(`${BASE}/templates/${other.id}`, auth))
        expect(variant.status).toBe(400)
        expect(variant.data.message).toContain('"A/B test"')

        // drafts and finished campaigns do not hold a template
        await marketing.updateMarketingCampaigns({ id: campaign.id, status: "draft" })
        await marketing.createMarketingCampaigns([{ name: "Old", status: "sent", template_id: other.id }])
        const stillPaused = await settle(api.delete(`${BASE}/templates/${t.id}`, auth))
        expect(stillPaused.status).toBe(400)
        const all = await marketing.listMarketingCampaigns({})
        await marketing.updateMarketingCampaigns(all.filter((c) => c.status === "paused").map((c) => ({ id: c.id, status: "cancelled" as const })))
        expect((await api.delete(`${BASE}/templates/${t.id}`, auth)).status).toBe(200)
        expect((await api.delete(`${BASE}/templates/${other.id}`, auth)).status).toBe(200)
      })
    })

    describe("test send", () => {
      it("sends the rendered template to each address through the marketing channel", async () => {
        const t = await createOk({
          name: newsletter.name,
          subject: newsletter.subject,
          preheader: newsletter.preheader,
          document: newsletter.doc,
        })
        const res = await api.post(`${BASE}/templates/${t.id}/test`, { emails: ["Ann@Team.test", "bob@team.test"] }, auth)
        expect(res.status).toBe(200)
        expect(res.data).toEqual(expect.objectContaining({ sent: 2 }))
        const messages = await sink.waitFor(2)
        expect(messages.map((m) => m.envelope.rcptTo[0]).sort()).toEqual(["ann@team.test", "bob@team.test"])
        for (const m of messages) {
          expect(m.subject).toBe("[Test] What's new at Medusa Store this month")
          expect(m.html).toContain("Hello Ada")
          expect(sinkHeader(m, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click")
          expect(sinkHeader(m, "List-Unsubscribe")).toMatch(/^<http.*\/marketing\/unsubscribe\?token=.+>$/)
        }
      })

      it("renders with a contact's data, but its links unsubscribe nobody", async () => {
        const t = await createOk()
        const res = await api.post(`${BASE}/templates/${t.id}/test`, { emails: ["ann@team.test"], contact_id: contactId }, auth)
        expect(res.data.sent).toBe(1)
        const [m] = await sink.waitFor(1)
        expect(m.subject).toBe("[Test] News from Medusa Store")
        expect(m.html).toContain("Hello Grace")
        const header = sinkHeader(m, "List-Unsubscribe")!
        const token = decodeURIComponent(/token=([^>&]+)/.exec(header)![1])
        const secret = marketing.getOptions().secret
        const verified = verifyToken(token, secret, "unsubscribe")
        expect(verified).toEqual(expect.objectContaining({ ok: true }))
        expect(JSON.stringify(verified)).not.toContain(contactId)

        const missing = await settle(api.post(`${BASE}/templates/${t.id}/test`, { emails: ["ann@team.test"], contact_id: "mcon_nope" }, auth))
        expect(missing.status).toBe(404)
      })

      it("is refused while the template's lint has errors", async () => {
        const t = await createOk({
          document: { version: 1, blocks: [{ id: "h", type: "heading", text: "No footer here" }] },
        })
        const res = await settle(api.post(`${BASE}/templates/${t.id}/test`, { emails: ["ann@team.test"] }, auth))
        expect(res.status).toBe(400)
        expect(res.data.type).toBe("not_allowed")
        expect(res.data.message).toContain("unsubscribe")
        expect(sink.messages).toHaveLength(0)
      })

      it("checks the addresses", async () => {
        const t = await createOk()
        const six = Array.from({ length: 6 }, (_, i) => `p${i}@team.test`)
        for (const body of [{ emails: [] }, { emails: six }, { emails: ["not-an-email"] }, {}, { emails: "ann@team.test" }]) {
          const res = await settle(api.post(`${BASE}/templates/${t.id}/test`, body, auth))
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(/email/)
        }
        expect((await settle(api.post(`${BASE}/templates/mtpl_nope/test`, { emails: ["a@team.test"] }, auth))).status).toBe(404)
      })
    })

    describe("bad input", () => {
      it("never answers 500", async () => {
        const t = await createOk()
        const requests: [status: number, method: string, url: string, body?: unknown][] = [
          [400, "post", `${BASE}/templates`, {}],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: "not a document" }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: [] }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: null }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: {} }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: { version: 2, blocks: [] } }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: { version: 1, mode: "pdf" } }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: { version: 1, blocks: {} } }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: { version: 1, blocks: [null, 1, "a"] } }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: { version: 1, mode: "html", html: "<script>x</script>" } }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "{% for %}", document: simpleDoc() }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: 5, document: simpleDoc() }],
          [400, "post", `${BASE}/templates`, { name: "", subject: "y", document: simpleDoc() }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: simpleDoc(), extra: 1 }],
          [400, "post", `${BASE}/templates`, { name: "x", subject: "y", document: simpleDoc(), starter_handle: "Bad Handle!" }],
          [400, "post", `${BASE}/templates`, "[1,2"],
          [400, "post", `${BASE}/templates/${t.id}`, { document: { version: 1, blocks: [{ id: "a" }] } }],
          [400, "post", `${BASE}/templates/${t.id}`, { version: 7 }],
          [404, "post", `${BASE}/templates/mtpl_nope`, { name: "x" }],
          [404, "post", `${BASE}/templates/mtpl_nope`, { subject: "x" }],
          [404, "get", `${BASE}/templates/mtpl_nope`],
          [400, "get", `${BASE}/templates?order=bogus`],
          [400, "get", `${BASE}/templates?limit=-1`],
          [400, "get", `${BASE}/templates?limit=abc&offset=-5`],
          // unknown fields are dropped, never sent to the database
          [200, "get", `${BASE}/templates?fields=bogus,*nothing`],
          [400, "get", `${BASE}/templates?q[$ne]=1`],
          [400, "post", `${BASE}/templates/${t.id}/duplicate`, { name: 5 }],
          [400, "post", `${BASE}/templates/preview`, {}],
          [400, "post", `${BASE}/templates/preview`, { document: "x", subject: "y" }],
          [400, "post", `${BASE}/templates/preview`, { document: simpleDoc(), subject: "{{ x | nope }}", contact_id: 5 }],
          // template problems in a preview are answered, not refused
          [200, "post", `${BASE}/templates/preview`, { document: { version: 1, mode: "mjml", mjml: "<mjml><mj-bogus>" }, subject: "y" }],
          [200, "post", `${BASE}/templates/preview`, { document: { version: 1, mode: "html", html: "{% for i in (1..100000000) %}x{% endfor %}" }, subject: "y" }],
          [200, "post", `${BASE}/templates/preview`, { document: { a: { b: { c: { d: [[[[[]]]]] } } } }, subject: "y" }],
          [404, "delete", `${BASE}/templates/mtpl_nope`],
        ]
        const wrong: string[] = []
        for (const [status, method, url, body] of requests) {
          const res =
            method === "post"
              ? await settle(api.post(url, body, { headers: { ...auth.headers, "content-type": "application/json" } }))
              : await settle((api as any)[method](url, auth))
          const explained = res.status < 300 || (typeof res.data?.message === "string" && !/unknown error/i.test(res.data.message))
          if (res.status !== status || !explained) {
            wrong.push(`${method.toUpperCase()} ${url} ${JSON.stringify(body)?.slice(0, 120)} -> ${res.status} ${JSON.stringify(res.data)?.slice(0, 300)}`)
          }
        }
        expect(wrong).toEqual([])
      })
    })
  },
})
