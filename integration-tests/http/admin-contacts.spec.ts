import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import { createCustomersWorkflow } from "@medusajs/medusa/core-flows"
import { createAdminHeaders } from "../helpers/admin"
import { MARKETING_MODULE } from "../../src/modules/marketing"
import type MarketingModuleService from "../../src/modules/marketing/service"
import { hashEmail } from "../../src/lib/email"

jest.setTimeout(120_000)

const BASE = "/admin/marketing"

/** axios throws on 4xx: hand back the response either way */
const settle = (p: Promise<any>) => p.catch((e) => e.response)

async function waitFor<T>(fn: () => Promise<T | undefined | null | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms
  for (;;) {
    const v = await fn()
    if (v) {
      return v
    }
    if (Date.now() > until) {
      throw new Error("condition not met in time")
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    let marketing: MarketingModuleService

    beforeEach(async () => {
      const container = getContainer()
      ;({ headers } = await createAdminHeaders(container))
      marketing = container.resolve(MARKETING_MODULE)
      // the migration ships a "newsletter" topic; the runner's cleanup may or may not have removed it
      const have = (await marketing.listTopics({})).map((t) => t.handle)
      await marketing.createTopics(
        [
          { handle: "newsletter", name: "Newsletter", is_default: true },
          { handle: "promotions", name: "Promotions" },
        ].filter((t) => !have.includes(t.handle))
      )
    })

    describe("auth", () => {
      it("refuses the admin API without a session", async () => {
        const res = await settle(api.get(`${BASE}/contacts`))
        expect(res.status).toBe(401)
      })
    })

    describe("contacts", () => {
      it("creates a subscribed contact with a consent record and topics", async () => {
        const res = await api.post(
          `${BASE}/contacts`,
          {
            email: "  Ada@Example.COM ",
            first_name: "Ada",
            subscribe: true,
            consent_source: "shop counter form",
            topics: ["promotions"],
          },
          { headers }
        )
        expect(res.status).toBe(201)
        const c = res.data.contact
        expect(c).toMatchObject({ email: "ada@example.com", status: "subscribed", source: "admin", first_name: "Ada" })
        expect(c.topics.map((t: any) => t.topic.handle)).toEqual(["promotions"])

        const consent = await api.get(`${BASE}/contacts/${c.id}/consent`, { headers })
        expect(consent.data.consent_events).toHaveLength(1)
        expect(consent.data.consent_events[0]).toMatchObject({ action: "granted", source: "shop counter form" })

        const proof = await api.get(`${BASE}/contacts/${c.id}/consent/export`, { headers })
        expect(proof.headers["content-disposition"]).toContain("attachment")
        expect(proof.data.contact.email).toBe("ada@example.com")
        expect(proof.data.consent_events).toHaveLength(1)
      })

      it("rejects bad input with messages a person can act on", async () => {
        const bad = await settle(api.post(`${BASE}/contacts`, { email: "not-an-email" }, { headers }))
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/email/)

        const noSource = await settle(api.post(`${BASE}/contacts`, { email: "x@example.com", subscribe: true }, { headers }))
        expect(noSource.status).toBe(400)
        expect(noSource.data.message).toMatch(/consent_source/)

        const unknownTopic = await settle(
          api.post(`${BASE}/contacts`, { email: "y@example.com", topics: ["nope"] }, { headers })
        )
        expect(unknownTopic.status).toBe(400)
        expect(unknownTopic.data.message).toMatch(/Unknown topic: nope/)

        await api.post(`${BASE}/contacts`, { email: "dup@example.com" }, { headers })
        const dup = await settle(api.post(`${BASE}/contacts`, { email: "DUP@example.com" }, { headers }))
        expect(dup.status).toBe(422)
        expect(dup.data.message).toMatch(/already exists/)

        const unknownField = await settle(api.post(`${BASE}/contacts`, { email: "z@example.com", status: "subscribed" }, { headers }))
        expect(unknownField.status).toBe(400)

        const missing = await settle(api.get(`${BASE}/contacts/mcon_missing`, { headers }))
        expect(missing.status).toBe(404)
      })

      it("lists with search, status and topic filters and pagination", async () => {
        await marketing.upsertContactsByEmail(
          [
            { email: "grace@example.com", first_name: "Grace" },
            { email: "alan@example.org", first_name: "Alan" },
            { email: "linus@example.net", first_name: "Linus" },
          ],
          { source: "import", subscribe: true, consent: { source: "test" }, topic_handles: ["promotions"] }
        )
        await marketing.upsertContactsByEmail([{ email: "pending@example.com" }], { source: "customer" })

        const all = await api.get(`${BASE}/contacts?limit=2&order=email`, { headers })
        expect(all.data.count).toBe(4)
        expect(all.data.contacts).toHaveLength(2)
        expect(all.data.contacts[0].email).toBe("alan@example.org")

        const q = await api.get(`${BASE}/contacts?q=grace`, { headers })
        expect(q.data.contacts.map((c: any) => c.email)).toEqual(["grace@example.com"])

        const pending = await api.get(`${BASE}/contacts?status[]=pending`, { headers })
        expect(pending.data.contacts.map((c: any) => c.email)).toEqual(["pending@example.com"])

        const [promo] = await marketing.listTopics({ handle: "promotions" })
        const byTopic = await api.get(`${BASE}/contacts?topic_id=${promo.id}`, { headers })
        expect(byTopic.data.count).toBe(3)

        const bySource = await api.get(`${BASE}/contacts?source[]=customer`, { headers })
        expect(bySource.data.count).toBe(1)

        const badStatus = await settle(api.get(`${BASE}/contacts?status[]=happy`, { headers }))
        expect(badStatus.status).toBe(400)
      })

      it("updates profile and topics, recording each topic change in the ledger", async () => {
        const { data } = await api.post(
          `${BASE}/contacts`,
          { email: "edit@example.com", subscribe: true, consent_source: "test", topics: ["newsletter"] },
          { headers }
        )
        const id = data.contact.id
        const res = await api.post(
          `${BASE}/contacts/${id}`,
          { last_name: "Lovelace", country_code: "GB", topics: { newsletter: false, promotions: true } },
          { headers }
        )
        expect(res.data.contact).toMatchObject({ last_name: "Lovelace", country_code: "gb" })
        const topics = Object.fromEntries(res.data.contact.topics.map((t: any) => [t.topic.handle, t.subscribed]))
        expect(topics).toEqual({ newsletter: false, promotions: true })

        // the same preferences again change nothing and record nothing
        await api.post(`${BASE}/contacts/${id}`, { topics: { newsletter: false, promotions: true } }, { headers })
        const consent = await api.get(`${BASE}/contacts/${id}/consent`, { headers })
        const actions = consent.data.consent_events.map((e: any) => `${e.action}:${e.topic_handle ?? "*"}`).sort()
        expect(actions).toEqual(["granted:*", "granted:promotions", "withdrawn:newsletter"])

        // an admin unsubscribes them (they asked by phone): recorded and suppressed, idempotent
        const unsub = await api.post(`${BASE}/contacts/${id}/unsubscribe`, {}, { headers })
        expect(unsub.data.contact.status).toBe("unsubscribed")
        await api.post(`${BASE}/contacts/${id}/unsubscribe`, {}, { headers })
        const ledger = await api.get(`${BASE}/contacts/${id}/consent`, { headers })
        expect(ledger.data.consent_events.filter((e: any) => e.action === "withdrawn" && !e.topic_handle)).toHaveLength(1)
        expect((await marketing.findSuppressed(["edit@example.com"])).size).toBe(1)

        // subscribing without naming topics grants the default ones
        const dflt = await api.post(
          `${BASE}/contacts`,
          { email: "defaults@example.com", subscribe: true, consent_source: "phone" },
          { headers }
        )
        expect(dflt.data.contact.topics.map((t: any) => t.topic.handle)).toEqual(["newsletter"])

        const del = await api.delete(`${BASE}/contacts/${id}`, { headers })
        expect(del.data).toEqual({ id, object: "contact", deleted: true })
        expect((await settle(api.get(`${BASE}/contacts/${id}`, { headers }))).status).toBe(404)
      })

      it("keeps a contact per customer in sync through customer events", async () => {
        const container = getContainer()
        const { result } = await createCustomersWorkflow(container).run({
          input: { customersData: [{ email: "Buyer@Example.com", first_name: "Bea", last_name: "Buyer" }] },
        })
        const customerId = result[0].id
        const contact = await waitFor(async () => {
          const [c] = await marketing.listContacts({ customer_id: customerId })
          return c
        })
        expect(contact).toMatchObject({ email: "buyer@example.com", first_name: "Bea", status: "pending", source: "customer" })

        const res = await api.get(`${BASE}/contacts/${contact.id}`, { headers })
        expect(res.data.contact.customer).toMatchObject({ id: customerId, email: "Buyer@Example.com" })
        const widget = await api.get(`${BASE}/contacts?customer_id=${customerId}`, { headers })
        expect(widget.data.contacts).toHaveLength(1)

        // an address change moves the link to a contact for the new address
        await container.resolve(Modules.CUSTOMER).updateCustomers(customerId, { email: "bea@example.com" })
        await getContainer()
          .resolve(Modules.EVENT_BUS)
          .emit({ name: "customer.updated", data: { id: customerId } })
        const moved = await waitFor(async () => {
          const [c] = await marketing.listContacts({ customer_id: customerId })
          return c?.email === "bea@example.com" && c
        })
        expect(moved.id).not.toBe(contact.id)
        const [old] = await marketing.listContacts({ id: contact.id })
        expect(old.customer_id).toBeNull()
      })

      it("backfills contacts for customers and guest orders, idempotently", async () => {
        const container = getContainer()
        await createCustomersWorkflow(container).run({
          input: {
            customersData: [
              { email: "c1@example.com", first_name: "C1" },
              { email: "c2@example.com", first_name: "C2" },
            ],
          },
        })
        // the subscriber may have made some already; the backfill must not duplicate them
        await container.resolve(Modules.ORDER).createOrders([
          { email: "Guest@Example.com", currency_code: "eur", shipping_address: { first_name: "Gus", last_name: "Guest" } },
          { email: "guest@example.com", currency_code: "eur" },
          { email: "c1@example.com", currency_code: "eur" },
        ] as any)
        const first = await api.post(`${BASE}/contacts/backfill`, {}, { headers })
        expect(first.data).toMatchObject({ customers: 2, guest_emails: 1, orders: 3 })
        const second = await api.post(`${BASE}/contacts/backfill`, {}, { headers })
        expect(second.data).toMatchObject({ customers: 2, guest_emails: 1, orders: 3, created: 0 })

        const list = await api.get(`${BASE}/contacts?order=email`, { headers })
        expect(list.data.contacts.map((c: any) => [c.email, c.source, !!c.customer_id])).toEqual([
          ["c1@example.com", "customer", true],
          ["c2@example.com", "customer", true],
          ["guest@example.com", "order", false],
        ])
        const [guest] = await marketing.listContacts({ email: "guest@example.com" })
        expect(guest).toMatchObject({ first_name: "Gus", status: "pending" })
      })
    })

    describe("commerce facts", () => {
      const line = (title: string, unit_price: number, quantity = 1, product_id?: string) => ({
        title,
        quantity,
        unit_price,
        product_id,
      })

      it("keeps order metrics per contact, counting each order once however often its events arrive", async () => {
        const container = getContainer()
        const orderModule = container.resolve(Modules.ORDER)
        const eventBus = container.resolve(Modules.EVENT_BUS)
        const [o1, o2, o3] = await orderModule.createOrders([
          { email: "Shopper@Example.com", currency_code: "eur", items: [line("Shoe", 50, 2, "prod_shoe")] },
          { email: "shopper@example.com", currency_code: "eur", items: [line("Sock", 10, 3, "prod_sock")] },
          { email: "shopper@example.com", currency_code: "usd", items: [line("Hat", 99)] },
        ] as any)
        for (const o of [o1, o2, o3, o1, o2]) {
          await eventBus.emit({ name: "order.placed", data: { id: o.id } })
        }
        const metrics = async () => {
          const [c] = await marketing.listContacts({ email: "shopper@example.com" })
          return c
        }
        const c = await waitFor(async () => {
          const m = await metrics()
          return m?.orders_count === 3 && m
        })
        // money in the contact's main currency (most of their orders): 100 + 30 EUR
        expect(c).toMatchObject({ currency_code: "eur", source: "order", status: "pending" })
        expect(Number(c.total_spent)).toBe(130)
        expect(Number(c.avg_order_value)).toBe(65)
        expect(new Date(c.first_order_at!).getTime()).toBeLessThanOrEqual(new Date(c.last_order_at!).getTime())

        const facts = await marketing.listOrderFacts({ contact_id: c.id })
        expect(facts).toHaveLength(3)
        const lines = await marketing.listOrderLineFacts({ contact_id: c.id })
        const byProduct = Object.fromEntries(lines.map((l) => [l.product_id ?? "none", l.quantity]))
        expect(byProduct).toEqual({ prod_shoe: 2, prod_sock: 3, none: 1 })
        // a line's amount is unit price x quantity
        expect(lines.map((l) => Number(l.amount)).sort((a, b) => a - b)).toEqual([30, 99, 100])

        // a canceled order stops counting
        await orderModule.cancel(o2.id)
        await eventBus.emit({ name: "order.canceled", data: { id: o2.id } })
        const after = await waitFor(async () => {
          const m = await metrics()
          return m?.orders_count === 2 && m
        })
        expect(Number(after.total_spent)).toBe(100)
        expect(after.currency_code).toBe("eur")
      })
    })

    describe("cart facts", () => {
      it("records carts with an address, once, and keeps the newest state", async () => {
        const container = getContainer()
        const cartModule = container.resolve(Modules.CART)
        const eventBus = container.resolve(Modules.EVENT_BUS)
        const cart: any = await cartModule.createCarts({
          currency_code: "eur",
          email: "Cart@Example.com",
          items: [{ title: "Shoe", quantity: 2, unit_price: 40 }],
        } as any)
        await cartModule.createCarts({ currency_code: "eur", items: [{ title: "Anon", quantity: 1, unit_price: 5 }] } as any)
        await eventBus.emit({ name: "cart.updated", data: { id: cart.id } })
        await eventBus.emit({ name: "cart.updated", data: { id: cart.id } })
        const fact = await waitFor(async () => {
          const [f] = await marketing.listCartFacts({ cart_id: cart.id })
          return f
        })
        expect(fact).toMatchObject({ items_count: 2, currency_code: "eur", completed_at: null })
        expect(Number(fact.subtotal)).toBe(80)
        const [contact] = await marketing.listContacts({ email: "cart@example.com" })
        expect(contact).toMatchObject({ id: fact.contact_id, source: "cart", status: "pending" })
        expect(await marketing.listCartFacts({})).toHaveLength(1)

        const backfill = await api.post(`${BASE}/contacts/backfill`, {}, { headers })
        expect(backfill.data.carts).toBe(1)
        expect(await marketing.listCartFacts({})).toHaveLength(1)
      })
    })

    describe("RFM and customer attributes", () => {
      it("scores contacts into RFM groups by quintiles of their own store", async () => {
        const day = 24 * 3600 * 1000
        const now = Date.now()
        // ten buyers: buyer i has i+1 orders, spent more, and bought more recently
        const orders = Array.from({ length: 10 }, (_, i) =>
          Array.from({ length: i + 1 }, (_, k) => ({
            order_id: `order_rfm_${i}_${k}`,
            email: `rfm${i}@example.com`,
            currency_code: "eur",
            total: String(10 * (i + 1)),
            placed_at: new Date(now - (10 - i) * 40 * day - k * day),
            lines: [],
          }))
        ).flat()
        await marketing.recordOrderFacts(orders)
        await marketing.upsertContactsByEmail([{ email: "never@example.com" }], { source: "newsletter" })
        const scored = await marketing.scoreRfm()
        expect(scored.scored).toBe(10)
        const contacts = await marketing.listContacts({ email: { $like: "rfm%" } } as any)
        const by = Object.fromEntries(contacts.map((c) => [c.email, c]))
        expect(by["rfm9@example.com"]).toMatchObject({ rfm_recency: 5, rfm_frequency: 5, rfm_monetary: 5, rfm_group: "champions" })
        expect(by["rfm0@example.com"]).toMatchObject({ rfm_recency: 1, rfm_frequency: 1, rfm_monetary: 1, rfm_group: "lost" })
        const [never] = await marketing.listContacts({ email: "never@example.com" })
        expect(never.rfm_group).toBeNull()
        expect(Object.values(scored.groups).reduce((a, b) => a + b, 0)).toBe(10)
      })

      it("mirrors account and customer groups from the linked customer", async () => {
        const container = getContainer()
        const customers = container.resolve(Modules.CUSTOMER)
        const { result } = await createCustomersWorkflow(container).run({
          input: { customersData: [{ email: "vip@example.com", has_account: true }] },
        })
        const group = await customers.createCustomerGroups({ name: "VIP" })
        await customers.addCustomerToGroup({ customer_id: result[0].id, customer_group_id: group.id })
        await container.resolve(Modules.EVENT_BUS).emit({ name: "customer.updated", data: { id: result[0].id } })
        const c = await waitFor(async () => {
          const [c] = await marketing.listContacts({ customer_id: result[0].id })
          return c?.customer_group_ids?.length && c
        })
        expect(c).toMatchObject({ has_account: true, customer_group_ids: [group.id] })
      })
    })

    describe("CSV import and export", () => {
      const csv = [
        "E-mail;First name;Last name;Tags",
        "one@example.com;One;Person;promotions",
        "ONE@example.com;Dupe;Row;",
        "not-an-email;Bad;Row;",
        ";Empty;Email;",
        "two@example.com;Two;;",
        "blocked@example.com;Blocked;;",
        "quit@example.com;Quit;;",
      ].join("\n")

      it("previews headers and a guessed mapping", async () => {
        const res = await api.post(`${BASE}/contacts/import/preview`, { csv }, { headers })
        expect(res.data.headers).toEqual(["E-mail", "First name", "Last name", "Tags"])
        expect(res.data.mapping).toEqual({ email: "E-mail", first_name: "First name", last_name: "Last name", topics: "Tags" })
        expect(res.data.sample).toHaveLength(5)
      })

      it("imports with a full row report and never resubscribes those who left", async () => {
        await marketing.suppress([{ email: "blocked@example.com", reason: "complaint" }])
        await marketing.upsertContactsByEmail([{ email: "quit@example.com" }], { source: "newsletter" })
        const [quit] = await marketing.listContacts({ email: "quit@example.com" })
        await marketing.updateContacts({ id: quit.id, status: "unsubscribed" })

        const res = await api.post(
          `${BASE}/contacts/import`,
          { csv, filename: "fair.csv", subscribe: true, consent_source: "trade fair 2026", topics: ["newsletter"] },
          { headers }
        )
        expect(res.status).toBe(201)
        expect(res.data.import).toMatchObject({
          status: "completed",
          total_rows: 7,
          created_count: 3,
          updated_count: 1,
          duplicate_count: 1,
          invalid_count: 2,
          suppressed_count: 1,
        })
        expect(res.data.import.invalid_rows).toEqual([
          { row: 4, reason: "invalid email", value: "not-an-email" },
          { row: 5, reason: "missing email" },
        ])

        const contacts = await marketing.listContacts({}, { relations: ["topics", "topics.topic"] })
        const by = Object.fromEntries(contacts.map((c) => [c.email, c]))
        expect(by["one@example.com"].status).toBe("subscribed")
        expect(by["one@example.com"].topics.map((t: any) => t.topic.handle).sort()).toEqual(["newsletter", "promotions"])
        expect(by["two@example.com"].topics.map((t: any) => t.topic.handle)).toEqual(["newsletter"])
        expect(by["blocked@example.com"].status).toBe("pending")
        expect(by["quit@example.com"].status).toBe("unsubscribed")
        const events = await marketing.listConsentEvents({ contact_id: by["one@example.com"].id })
        expect(events).toEqual([expect.objectContaining({ action: "granted", source: "trade fair 2026" })])
      })

      it("refuses files it cannot read, and unknown topics, without importing anything", async () => {
        const latin1 = Buffer.from("email,name\nzoë@example.com,Zoë\n", "latin1").toString("binary")
        const enc = await settle(api.post(`${BASE}/contacts/import`, { csv: latin1, subscribe: false }, { headers }))
        // a binary string arrives re-encoded as UTF-8 by JSON; what matters is a clear 4xx
        expect([201, 400]).toContain(enc.status)

        const noEmail = await settle(
          api.post(`${BASE}/contacts/import`, { csv: "name,phone\nA,1\n", subscribe: false }, { headers })
        )
        expect(noEmail.status).toBe(400)
        expect(noEmail.data.message).toMatch(/No email column found.*name, phone/)

        const badMap = await settle(
          api.post(`${BASE}/contacts/import`, { csv, subscribe: false, mapping: { email: "Mail" } }, { headers })
        )
        expect(badMap.status).toBe(400)
        expect(badMap.data.message).toMatch(/Column "Mail" mapped to email is not in the file/)

        const unknownTopic = await settle(
          api.post(`${BASE}/contacts/import`, { csv: "email,topics\na@example.com,vip\n", subscribe: true, consent_source: "x" }, { headers })
        )
        expect(unknownTopic.status).toBe(400)
        expect(unknownTopic.data.message).toMatch(/Unknown topic: vip/)

        const noConsent = await settle(api.post(`${BASE}/contacts/import`, { csv, subscribe: true }, { headers }))
        expect(noConsent.status).toBe(400)
        expect(noConsent.data.message).toMatch(/consent_source/)

        expect(await marketing.listContacts({})).toHaveLength(0)
      })

      it("exports contacts as CSV with their topics", async () => {
        await marketing.upsertContactsByEmail(
          [{ email: "a@example.com", first_name: "A, with comma" }, { email: "b@example.com" }],
          { source: "import", subscribe: true, consent: { source: "t" }, topic_handles: ["newsletter", "promotions"] }
        )
        await marketing.upsertContactsByEmail([{ email: "c@example.com" }], { source: "customer" })
        const res = await api.get(`${BASE}/contacts/export?status=subscribed`, { headers })
        expect(res.headers["content-type"]).toContain("text/csv")
        const lines = res.data.trim().split("\n")
        expect(lines[0]).toContain("id,email,first_name")
        expect(lines).toHaveLength(3)
        expect(res.data).toContain('"A, with comma"')
        expect(res.data).toContain("newsletter;promotions")
        expect(res.data).not.toContain("c@example.com")
      })
    })

    describe("topics", () => {
      it("creates, counts, updates and deletes topics", async () => {
        const created = await api.post(`${BASE}/topics`, { handle: "product-news", name: "Product news" }, { headers })
        expect(created.status).toBe(201)
        const dup = await settle(api.post(`${BASE}/topics`, { handle: "product-news", name: "Again" }, { headers }))
        expect(dup.status).toBe(422)
        const badHandle = await settle(api.post(`${BASE}/topics`, { handle: "Bad Handle", name: "x" }, { headers }))
        expect(badHandle.status).toBe(400)

        await marketing.upsertContactsByEmail([{ email: "t1@example.com" }, { email: "t2@example.com" }], {
          source: "import",
          subscribe: true,
          consent: { source: "t" },
          topic_handles: ["product-news"],
        })
        const list = await api.get(`${BASE}/topics`, { headers })
        const pn = list.data.topics.find((t: any) => t.handle === "product-news")
        expect(pn.subscriber_count).toBe(2)

        const upd = await api.post(`${BASE}/topics/${pn.id}`, { name: "Product updates", is_public: false }, { headers })
        expect(upd.data.topic).toMatchObject({ name: "Product updates", is_public: false, handle: "product-news" })
        await api.delete(`${BASE}/topics/${pn.id}`, { headers })
        const after = await api.get(`${BASE}/topics`, { headers })
        expect(after.data.topics.map((t: any) => t.handle)).not.toContain("product-news")
      })
    })

    describe("suppressions and GDPR", () => {
      it("adds, lists and removes suppressions", async () => {
        const res = await api.post(`${BASE}/suppressions`, { email: "Bounce@Example.com", note: "asked by phone" }, { headers })
        expect(res.status).toBe(201)
        expect(res.data.suppression).toMatchObject({ email: "bounce@example.com", reason: "manual", source: "admin" })
        const dup = await settle(api.post(`${BASE}/suppressions`, { email: "bounce@example.com" }, { headers }))
        expect(dup.status).toBe(422)
        const list = await api.get(`${BASE}/suppressions?q=bounce`, { headers })
        expect(list.data.count).toBe(1)
        await api.delete(`${BASE}/suppressions/${res.data.suppression.id}`, { headers })
        expect((await api.get(`${BASE}/suppressions`, { headers })).data.count).toBe(0)
      })

      it("exports everything about an address, then erases it for good", async () => {
        const { data } = await api.post(
          `${BASE}/contacts`,
          { email: "forget@example.com", first_name: "Forget", subscribe: true, consent_source: "web", topics: ["newsletter"] },
          { headers }
        )
        const exp = await api.post(`${BASE}/gdpr/export`, { email: "Forget@example.com" }, { headers })
        expect(exp.data.contact).toMatchObject({ email: "forget@example.com", first_name: "Forget" })
        expect(exp.data.contact.consent_events).toHaveLength(1)
        expect(exp.data.contact.topics).toHaveLength(1)

        const erase = await api.post(`${BASE}/gdpr/erase`, { email: "forget@example.com" }, { headers })
        expect(erase.data).toEqual({ erased: true, contact_id: data.contact.id })

        const [c] = await marketing.listContacts({ id: data.contact.id })
        expect(c).toMatchObject({ first_name: null, status: "cleaned" })
        expect(c.email).not.toContain("forget")
        const events = await marketing.listConsentEvents({ contact_id: c.id })
        expect(events.every((e) => e.email === null && e.ip === null)).toBe(true)
        const [sup] = await marketing.listSuppressions({ email_hash: hashEmail("forget@example.com") })
        expect(sup).toMatchObject({ email: null, reason: "erased" })
        const again = await api.post(`${BASE}/gdpr/export`, { email: "forget@example.com" }, { headers })
        expect(again.data.contact).toBeNull()

        // the address can never be subscribed again, and its suppression cannot be lifted
        const imp = await api.post(
          `${BASE}/contacts/import`,
          { csv: "email\nforget@example.com\n", subscribe: true, consent_source: "old list" },
          { headers }
        )
        expect(imp.data.import).toMatchObject({ created_count: 1, suppressed_count: 1 })
        const lift = await settle(api.delete(`${BASE}/suppressions/${sup.id}`, { headers }))
        expect(lift.status).toBe(400)

        // erasing an address we never held still keeps it from ever being emailed
        await api.post(`${BASE}/gdpr/erase`, { email: "never@example.com" }, { headers })
        expect((await marketing.findSuppressed(["never@example.com"])).size).toBe(1)
      })
    })
  },
})
