import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createAdminHeaders } from "../helpers/admin"
import { MARKETING_MODULE } from "../../src/modules/marketing"
import type MarketingModuleService from "../../src/modules/marketing/service"
import { BUILT_IN_SEGMENTS, contactFilterDifferencesSql, SEGMENT_FIELD_KEYS, SEGMENT_LIMITS } from "../../src/lib/segments"
import { checkOrderFactsDriftWorkflow } from "../../src/workflows/check-order-facts-drift"
import { refreshSegmentsWorkflow } from "../../src/workflows/segments"

jest.setTimeout(120_000)

const BASE = "/admin/marketing"
const DAY = 86_400_000

/** axios throws on 4xx: hand back the response either way */
const settle = (p: Promise<any>) => p.catch((e) => e.response)

const ago = (days: number) => new Date(Date.now() - days * DAY)

type Shopper = {
  email: string
  subscribe?: boolean
  topics?: string[]
  /** [days ago, total, category ids] per order */
  orders?: [number, number, string[]][]
}

/**
 * The store the segment tests ask about. Expected audiences are written
 * out by hand next to each rule, so a compiler bug cannot agree with itself.
 */
const SHOPPERS: Shopper[] = [
  // spent over 500, lapsed over 90 days, subscribed to promotions, bought shoes: the example
  { email: "ada@example.com", subscribe: true, topics: ["promotions"], orders: [[200, 400, ["pcat_shoes"]], [120, 200, []]] },
  // same, but bought recently
  { email: "ben@example.com", subscribe: true, topics: ["promotions"], orders: [[200, 400, ["pcat_shoes"]], [10, 200, []]] },
  // lapsed big spender, not on promotions
  { email: "cy@example.com", subscribe: true, topics: [], orders: [[300, 700, ["pcat_shoes"]]] },
  // lapsed big spender on promotions who never bought shoes
  { email: "di@example.com", subscribe: true, topics: ["promotions"], orders: [[150, 900, ["pcat_hats"]]] },
  // small one-time buyer
  { email: "ed@example.com", orders: [[5, 20, ["pcat_hats"]]] },
  // subscribers who never bought
  { email: "fay@example.com", subscribe: true, topics: ["promotions"] },
  { email: "gus@example.com", subscribe: true },
]

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let auth: { headers: Record<string, string> }
    let marketing: MarketingModuleService
    const ids: Record<string, string> = {}

    const emailsOf = (contacts: { email: string }[]) => contacts.map((c) => c.email).sort()

    beforeEach(async () => {
      const container = getContainer()
      auth = { headers: (await createAdminHeaders(container)).headers }
      marketing = container.resolve(MARKETING_MODULE)
      const have = (await marketing.listTopics({})).map((t) => t.handle)
      await marketing.createTopics(
        [
          { handle: "newsletter", name: "Newsletter", is_default: true },
          { handle: "promotions", name: "Promotions" },
        ].filter((t) => !have.includes(t.handle))
      )
      for (const s of SHOPPERS) {
        await marketing.upsertContactsByEmail([{ email: s.email, topic_handles: s.topics }], {
          source: "manual",
          subscribe: !!s.subscribe,
          consent: { source: "test" },
        })
      }
      await marketing.recordOrderFacts(
        SHOPPERS.flatMap((s) =>
          (s.orders ?? []).map(([days, total, categories], i) => ({
            order_id: `order_${s.email}_${i}`,
            email: s.email,
            currency_code: "eur",
            total,
            placed_at: ago(days),
            lines: [
              {
                line_item_id: `line_${s.email}_${i}`,
                product_id: `prod_${categories[0] ?? "none"}`,
                category_ids: categories,
                quantity: 1,
                amount: total,
              },
            ],
          }))
        )
      )
      for (const c of await marketing.listContacts({ email: SHOPPERS.map((s) => s.email) })) {
        ids[c.email] = c.id
      }
      // the runner truncates tables between tests; the migration's built-ins come back through it
      const builtIns = await marketing.listSegments({ is_built_in: true })
      if (!builtIns.length) {
        await marketing.createSegments(
          BUILT_IN_SEGMENTS.map((s) => ({ ...s, type: "dynamic" as const, is_built_in: true }))
        )
      }
    })

    const preview = (rules: unknown) => api.post(`${BASE}/segments/preview`, { rules, limit: 50 }, auth)

    describe("the rule language over HTTP", () => {
      it("describes every field, type and operator for the builder", async () => {
        const res = await api.get(`${BASE}/segment-fields`, auth)
        expect(res.status).toBe(200)
        expect(res.data.fields.map((f: any) => f.key)).toEqual(SEGMENT_FIELD_KEYS)
        const spent = res.data.fields.find((f: any) => f.key === "total_spent")
        expect(spent).toMatchObject({ type: "money", group: "commerce" })
        expect(spent.operators.map((o: any) => o.operator)).toContain("gt")
        const category = res.data.fields.find((f: any) => f.key === "purchased_category")
        expect(category.modifiers.map((m: any) => m.key)).toEqual(["min_count", "within"])
        expect(res.data.limits.max_depth).toBe(SEGMENT_LIMITS.maxDepth)
      })

      it("finds the issue's audience: spent over 500, no order in 90 days, on promotions, bought shoes", async () => {
        const res = await preview({
          all: [
            { field: "total_spent", operator: "gt", value: 500 },
            { field: "last_order_at", operator: "not_within_last", value: { amount: 90, unit: "days" } },
            { field: "topic", operator: "eq", value: "promotions" },
            { field: "purchased_category", operator: "eq", value: "pcat_shoes" },
          ],
        })
        expect(res.status).toBe(200)
        expect(res.data.count).toBe(1)
        expect(emailsOf(res.data.contacts)).toEqual(["ada@example.com"])
        expect(res.data.count_ms).toBeGreaterThanOrEqual(0)
        expect(new Date(res.data.evaluated_at).getTime()).toBeGreaterThan(Date.now() - 60_000)
      })

      it("evaluates any/not groups, purchase windows and counts", async () => {
        const res = await preview({
          any: [
            { field: "purchased_category", operator: "eq", value: "pcat_hats", within: { amount: 30, unit: "days" } },
            {
              all: [
                { field: "orders_count", operator: "gte", value: 2 },
                { not: { field: "topic", operator: "eq", value: "promotions" } },
              ],
            },
            { field: "purchased_category", operator: "eq", value: "pcat_shoes", min_count: 1 },
          ],
        })
        // ed: hats 5 days ago; ada, ben, cy: shoes
        expect(emailsOf(res.data.contacts)).toEqual([
          "ada@example.com",
          "ben@example.com",
          "cy@example.com",
          "ed@example.com",
        ])
        const never = await preview({
          all: [
            { field: "status", operator: "eq", value: "subscribed" },
            { field: "orders_count", operator: "eq", value: 0 },
          ],
        })
        expect(emailsOf(never.data.contacts)).toEqual(["fay@example.com", "gus@example.com"])
      })

      it("answers bad rules with a 400 naming the path, before anything reaches Postgres", async () => {
        const cases: [unknown, RegExp][] = [
          [{ all: [{ field: "shoe_size", operator: "eq", value: 42 }] }, /rules\.all\[0\]\.field.*shoe_size/],
          [{ all: [{ field: "total_spent", operator: "contains", value: "5" }] }, /rules\.all\[0\]\.operator/],
          [{ all: [{ field: "orders_count", operator: "gt", value: "many" }] }, /rules\.all\[0\]\.value/],
          [{ all: [{ field: "email", operator: "eq", value: "x'; DROP TABLE mkt_contact; --" }, { any: [{}] }] }, /rules\.all\[1\]\.any\[0\]/],
          [
            { all: [{ field: "country_code", operator: "in", value: Array.from({ length: 5000 }, (_, i) => `c${i}`) }] },
            /rules\.all\[0\]\.value.*at most 1000/,
          ],
          [
            Array.from({ length: 30 }).reduce((inner) => ({ all: [inner] }), { field: "orders_count", operator: "gt", value: 1 }),
            /deep|depth|nest/i,
          ],
        ]
        for (const [rules, message] of cases) {
          const res = await settle(preview(rules))
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(message)
        }
        const notObject = await settle(preview("everyone"))
        expect(notObject.status).toBe(400)
        expect(notObject.data.message).toMatch(/rules/)
        expect(await marketing.listContacts({ email: SHOPPERS.map((s) => s.email) })).toHaveLength(SHOPPERS.length)
      })
    })

    describe("dynamic segments", () => {
      const lapsedRules = {
        all: [
          { field: "orders_count", operator: "gte", value: 1 },
          { field: "last_order_at", operator: "not_within_last", value: { amount: 90, unit: "days" } },
        ],
      }

      it("creates with members, lists with counts, pages members, and tracks who enters and leaves", async () => {
        const created = await api.post(
          `${BASE}/segments`,
          { name: "Lapsed 90 days", description: "No order in 90 days", type: "dynamic", rules: lapsedRules },
          auth
        )
        expect(created.status).toBe(201)
        const segment = created.data.segment
        // ada (120 days), cy (300), di (150)
        expect(segment).toMatchObject({ name: "Lapsed 90 days", type: "dynamic", member_count: 3, is_built_in: false })
        expect(segment.refreshed_at).toBeTruthy()
        expect(segment.last_entered_count).toBe(3)

        const page1 = await api.get(`${BASE}/segments/${segment.id}/contacts?limit=2`, auth)
        const page2 = await api.get(`${BASE}/segments/${segment.id}/contacts?limit=2&offset=2`, auth)
        expect(page1.data.count).toBe(3)
        expect(emailsOf([...page1.data.contacts, ...page2.data.contacts])).toEqual([
          "ada@example.com",
          "cy@example.com",
          "di@example.com",
        ])
        expect(page1.data.contacts[0].entered_at).toBeTruthy()
        const searched = await api.get(`${BASE}/segments/${segment.id}/contacts?q=cy@`, auth)
        expect(emailsOf(searched.data.contacts)).toEqual(["cy@example.com"])

        const list = await api.get(`${BASE}/segments?q=Lapsed 90`, auth)
        expect(list.data.segments.map((s: any) => [s.name, s.member_count])).toEqual([["Lapsed 90 days", 3]])

        // cy orders again, gus orders for the first time long ago: one leaves, one enters
        await marketing.recordOrderFacts([
          { order_id: "order_cy_new", email: "cy@example.com", currency_code: "eur", total: 10, placed_at: ago(1), lines: [] },
          { order_id: "order_gus_old", email: "gus@example.com", currency_code: "eur", total: 10, placed_at: ago(400), lines: [] },
        ])
        const refreshed = await api.post(`${BASE}/segments/${segment.id}/refresh`, {}, auth)
        expect(refreshed.data.result).toMatchObject({ count: 3, entered: 1, left: 1 })
        expect(refreshed.data.segment).toMatchObject({ member_count: 3, last_entered_count: 1, last_left_count: 1 })
        const since = new Date(new Date(refreshed.data.segment.refreshed_at).getTime() - 60_000)
        const changes = await marketing.listSegmentChanges(segment.id, since)
        expect(changes.entered).toContain(ids["gus@example.com"])
        expect(changes.left).toEqual([ids["cy@example.com"]])

        // a second refresh with nothing changed moves no one
        const again = await api.post(`${BASE}/segments/${segment.id}/refresh`, {}, auth)
        expect(again.data.result).toMatchObject({ count: 3, entered: 0, left: 0 })

        // editing the rules refreshes at once
        const edited = await api.post(
          `${BASE}/segments/${segment.id}`,
          { rules: { all: [...lapsedRules.all, { field: "total_spent", operator: "gt", value: 800 }] } },
          auth
        )
        expect(edited.data.segment.member_count).toBe(1)

        const csv = await api.get(`${BASE}/segments/${segment.id}/export`, auth)
        expect(csv.headers["content-type"]).toMatch(/text\/csv/)
        const lines = csv.data.trim().split("\n")
        expect(lines[0].split(",")).toContain("email")
        expect(lines.slice(1).map((l: string) => l.split(",")[1])).toEqual(["di@example.com"])

        const gone = await api.delete(`${BASE}/segments/${segment.id}`, auth)
        expect(gone.data).toEqual({ id: segment.id, object: "segment", deleted: true })
        expect((await settle(api.get(`${BASE}/segments/${segment.id}`, auth))).status).toBe(404)
      })

      it("uses segments inside segments, and refuses cycles and deleting a segment in use", async () => {
        const inner = (await api.post(`${BASE}/segments`, { name: "Lapsed", type: "dynamic", rules: lapsedRules }, auth)).data
          .segment
        const outer = (
          await api.post(
            `${BASE}/segments`,
            {
              name: "Lapsed promo subscribers",
              type: "dynamic",
              rules: { all: [{ field: "segment", operator: "eq", value: inner.id }, { field: "topic", operator: "eq", value: "promotions" }] },
            },
            auth
          )
        ).data.segment
        // ada and di are lapsed and on promotions
        expect(outer.member_count).toBe(2)

        const cycle = await settle(
          api.post(
            `${BASE}/segments/${inner.id}`,
            { rules: { all: [{ field: "segment", operator: "eq", value: outer.id }] } },
            auth
          )
        )
        expect(cycle.status).toBe(400)
        expect(cycle.data.message).toMatch(/cycle/)
        const self = await settle(
          api.post(`${BASE}/segments/${inner.id}`, { rules: { all: [{ field: "segment", operator: "eq", value: inner.id }] } }, auth)
        )
        expect(self.status).toBe(400)
        const missing = await settle(
          preview({ all: [{ field: "segment", operator: "eq", value: "mseg_missing" }] })
        )
        expect(missing.status).toBe(400)
        expect(missing.data.message).toMatch(/mseg_missing.*does not exist/)

        const inUse = await settle(api.delete(`${BASE}/segments/${inner.id}`, auth))
        expect(inUse.status).toBe(400)
        expect(inUse.data.message).toMatch(/Lapsed promo subscribers/)

        // the job refreshes the inner segment before the one that uses it
        const order = await marketing.listSegmentsInRefreshOrder()
        expect(order.indexOf(inner.id)).toBeLessThan(order.indexOf(outer.id))
      })

      it("ships built-in segments that keep their rules and cannot be deleted", async () => {
        const res = await api.get(`${BASE}/segments?is_built_in=true&limit=100`, auth)
        expect(res.data.segments.map((s: any) => s.handle).sort()).toEqual(BUILT_IN_SEGMENTS.map((s) => s.handle).sort())
        const { result } = await refreshSegmentsWorkflow(getContainer()).run({ input: {} })
        expect(result.failed).toEqual([])
        const byHandle = Object.fromEntries(
          (await api.get(`${BASE}/segments?is_built_in=true&limit=100`, auth)).data.segments.map((s: any) => [s.handle, s])
        )
        expect(byHandle["one-time-buyers"].member_count).toBe(3) // cy, di, ed
        expect(byHandle["repeat-buyers"].member_count).toBe(2) // ada, ben
        expect(byHandle["never-purchased-subscribers"].member_count).toBe(2) // fay, gus
        expect(byHandle["new-customers"].member_count).toBe(1) // ed
        expect(byHandle["lapsed-customers"].member_count).toBe(1) // cy (300 days); di's 150 days is inside 180

        const builtIn = byHandle["repeat-buyers"]
        const edit = await settle(api.post(`${BASE}/segments/${builtIn.id}`, { rules: { all: [] } }, auth))
        expect(edit.status).toBe(400)
        expect(edit.data.message).toMatch(/built-in.*Duplicate/)
        const del = await settle(api.delete(`${BASE}/segments/${builtIn.id}`, auth))
        expect(del.status).toBe(400)
      })
    })

    describe("static segments", () => {
      it("adds, removes and imports members, and refuses hand edits of dynamic segments", async () => {
        const res = await api.post(`${BASE}/segments`, { name: "VIP list", type: "static" }, auth)
        expect(res.status).toBe(201)
        const segment = res.data.segment
        expect(segment).toMatchObject({ type: "static", rules: null, member_count: 0 })

        const added = await api.post(
          `${BASE}/segments/${segment.id}/contacts`,
          { add: [ids["ada@example.com"], ids["ben@example.com"], "mcon_nobody"] },
          auth
        )
        expect(added.data).toMatchObject({ added: 2, already_members: 0, not_found: ["mcon_nobody"], count: 2 })
        const twice = await api.post(`${BASE}/segments/${segment.id}/contacts`, { add: [ids["ada@example.com"]] }, auth)
        expect(twice.data).toMatchObject({ added: 0, already_members: 1, count: 2 })
        const removed = await api.post(`${BASE}/segments/${segment.id}/contacts`, { remove: [ids["ben@example.com"]] }, auth)
        expect(removed.data).toMatchObject({ removed: 1, count: 1 })

        const csv = ["Email,First name", "ADA@example.com,Ada", "newbie@example.com,Nina", "not-an-email,X", "cy@example.com,"].join(
          "\n"
        )
        const imported = await api.post(`${BASE}/segments/${segment.id}/import`, { csv }, auth)
        expect(imported.data.import).toMatchObject({
          rows: 4,
          added: 2,
          already_members: 1,
          created_contacts: 1,
          invalid_count: 1,
          count: 3,
        })
        expect(imported.data.import.invalid[0]).toMatchObject({ row: 4, reason: "invalid email" })
        const [newbie] = await marketing.listContacts({ email: "newbie@example.com" })
        expect(newbie).toMatchObject({ source: "import", first_name: "Nina" })
        expect(newbie.status).not.toBe("subscribed")

        const members = await api.get(`${BASE}/segments/${segment.id}/contacts`, auth)
        expect(emailsOf(members.data.contacts)).toEqual(["ada@example.com", "cy@example.com", "newbie@example.com"])

        // a static segment can be used in rules
        const p = await preview({ all: [{ field: "segment", operator: "eq", value: segment.id }, { field: "orders_count", operator: "gte", value: 1 }] })
        expect(emailsOf(p.data.contacts)).toEqual(["ada@example.com", "cy@example.com"])

        const badCsv = await settle(api.post(`${BASE}/segments/${segment.id}/import`, { csv: "name\nAda" }, auth))
        expect(badCsv.status).toBe(400)
        expect(badCsv.data.message).toMatch(/email/i)

        const dynamic = (
          await api.post(
            `${BASE}/segments`,
            { name: "Buyers", type: "dynamic", rules: { all: [{ field: "orders_count", operator: "gte", value: 1 }] } },
            auth
          )
        ).data.segment
        const handEdit = await settle(api.post(`${BASE}/segments/${dynamic.id}/contacts`, { add: [ids["fay@example.com"]] }, auth))
        expect(handEdit.status).toBe(400)
        expect(handEdit.data.message).toMatch(/dynamic/)
      })

      it("rejects bad segment bodies with messages a person can act on", async () => {
        const cases: [unknown, RegExp][] = [
          [{ type: "dynamic", rules: { all: [] } }, /name/],
          [{ name: "x", type: "dynamic" }, /needs rules/],
          [{ name: "x", type: "static", rules: { all: [] } }, /static segment has no rules/],
          [{ name: "x", type: "sometimes", rules: { all: [] } }, /type/],
          [{ name: "x", rules: [1, 2] }, /rules/],
        ]
        for (const [body, message] of cases) {
          const res = await settle(api.post(`${BASE}/segments`, body, auth))
          expect(res.status).toBe(400)
          expect(res.data.message).toMatch(message)
        }
        const unknown = await settle(api.get(`${BASE}/segments/mseg_missing/contacts`, auth))
        expect(unknown.status).toBe(404)
      })
    })

    describe("facts drift", () => {
      it("rebuilds every contact's metrics from the facts in one pass, rewriting only what changed", async () => {
        const before = await marketing.listContacts({ email: ["ada@example.com", "fay@example.com"] })
        const [ada] = before.filter((c) => c.email === "ada@example.com")
        expect(ada).toMatchObject({ orders_count: 2, currency_code: "eur" })
        // metrics knocked out of line (as if an event had been lost), and a contact with phantom orders
        await marketing.updateContacts([
          { id: ada.id, orders_count: 9, total_spent: 1 } as any,
          { id: ids["fay@example.com"], orders_count: 3, currency_code: "usd" } as any,
        ])
        expect(await marketing.recomputeAllContactMetrics()).toBe(2)
        const [fixedAda] = await marketing.listContacts({ id: ada.id })
        expect(fixedAda).toMatchObject({ orders_count: 2, currency_code: "eur" })
        expect(Number(fixedAda.total_spent)).toBe(600)
        expect(Number(fixedAda.avg_order_value)).toBe(300)
        const [fay] = await marketing.listContacts({ id: ids["fay@example.com"] })
        expect(fay).toMatchObject({ orders_count: 0, currency_code: null })
        expect(await marketing.recomputeAllContactMetrics()).toBe(0)
      })

      it("re-records orders whose events never arrived, and only those", async () => {
        const orderModule = getContainer().resolve(Modules.ORDER)
        const [order] = await orderModule.createOrders([
          { email: "quiet@example.com", currency_code: "eur", items: [{ title: "Boot", quantity: 2, unit_price: 80 }] },
        ] as any)
        const { result } = await checkOrderFactsDriftWorkflow(getContainer()).run({ input: {} })
        expect(result).toMatchObject({ drifted: 1, resynced: 1 })
        const [quiet] = await marketing.listContacts({ email: "quiet@example.com" })
        expect(quiet.orders_count).toBe(1)
        expect(Number(quiet.total_spent)).toBe(160)
        const facts = await marketing.listOrderFacts({ order_id: order.id })
        expect(facts).toHaveLength(1)
        const second = await checkOrderFactsDriftWorkflow(getContainer()).run({ input: {} })
        expect(second.result.drifted).toBe(0)
      })

      it("moves an order re-recorded under another address, with both contacts' numbers", async () => {
        const order = (email: string) => ({
          order_id: "order_moving",
          email,
          currency_code: "eur",
          total: 120,
          placed_at: ago(3),
          lines: [{ line_item_id: "line_moving", product_id: "prod_boot", quantity: 1, amount: 120 }],
        })
        await marketing.recordOrderFacts([order("hal@example.com")])
        // the address on the order was a typo: the store fixes it and the event comes again
        await marketing.recordOrderFacts([order("ivy@example.com")])
        const [hal] = await marketing.listContacts({ email: "hal@example.com" })
        const [ivy] = await marketing.listContacts({ email: "ivy@example.com" })
        expect([hal.orders_count, Number(hal.total_spent), hal.last_order_at]).toEqual([0, 0, null])
        expect([ivy.orders_count, Number(ivy.total_spent)]).toEqual([1, 120])
        const bought = await marketing.countSegmentRules({
          all: [{ field: "purchased_product", operator: "eq", value: "prod_boot" }],
        })
        expect(bought).toBe(1)
      })

      it("keeps what each contact bought per collection as orders are placed, moved and canceled", async () => {
        const order = (orderId: string, email: string, daysAgo: number, canceled = false) => ({
          order_id: orderId,
          email,
          currency_code: "eur",
          total: 50,
          placed_at: ago(daysAgo),
          canceled_at: canceled ? ago(0) : null,
          lines: [
            { line_item_id: `line_${orderId}`, product_id: "prod_tent", collection_id: "pcol_outdoor", quantity: 1, amount: 50 },
          ],
        })
        const bought = (extra: Record<string, unknown> = {}) =>
          marketing.countSegmentRules({
            all: [{ field: "purchased_collection", operator: "eq", value: "pcol_outdoor", ...extra }],
          })
        const recent = { within: { amount: 30, unit: "days" } }
        await marketing.recordOrderFacts([order("order_tent_1", "jo@example.com", 40), order("order_tent_2", "jo@example.com", 2)])
        expect([await bought(), await bought({ min_count: 2 }), await bought(recent)]).toEqual([1, 1, 1])
        // the recent order was somebody else's: it moves, and jo is left with the old one
        await marketing.recordOrderFacts([order("order_tent_2", "kim@example.com", 2)])
        expect([await bought(), await bought({ min_count: 2 }), await bought(recent)]).toEqual([2, 0, 1])
        // kim cancels: kim bought nothing from the collection any more
        await marketing.recordOrderFacts([order("order_tent_2", "kim@example.com", 2, true)])
        expect([await bought(), await bought(recent)]).toEqual([1, 0])
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const { rows } = await knex.raw(
          `SELECT c.email, s.orders_count FROM mkt_contact_collection s JOIN mkt_contact c ON c.id = s.contact_id
           WHERE s.collection_id = 'pcol_outdoor' ORDER BY c.email`
        )
        expect(rows).toEqual([{ email: "jo@example.com", orders_count: 1 }])
      })
    })

    describe("the narrow contact copy", () => {
      it("stays equal to the live contacts through the module's writes, and answers rules as mkt_contact does", async () => {
        const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
        const differences = async () => (await knex.raw(contactFilterDifferencesSql())).rows[0].n
        const copied = async () => (await knex.raw(`SELECT count(*)::int AS n FROM mkt_contact_filter`)).rows[0].n

        // contacts from upsertContactsByEmail, metrics from recordOrderFacts (beforeEach)
        expect([await differences(), await copied()]).toEqual([0, SHOPPERS.length])
        // the admin API's update and delete, an unsubscribe, the nightly jobs
        const updated = await api.post(`${BASE}/contacts/${ids["gus@example.com"]}`, { country_code: "DE", locale: "de-DE" }, auth)
        expect(updated.status).toBe(200)
        expect((await api.delete(`${BASE}/contacts/${ids["ed@example.com"]}`, auth)).status).toBe(200)
        expect((await api.post(`${BASE}/contacts/${ids["fay@example.com"]}/unsubscribe`, {}, auth)).status).toBe(200)
        await marketing.recomputeAllContactMetrics()
        await marketing.scoreRfm()
        expect([await differences(), await copied()]).toEqual([0, SHOPPERS.length - 1])

        // a rule over the copy (contact columns with a topic) through the API
        const rules = {
          all: [
            { field: "topic", operator: "eq", value: "promotions" },
            { field: "status", operator: "eq", value: "subscribed" },
            { field: "orders_count", operator: "gte", value: 1 },
          ],
        }
        const res = await preview(rules)
        expect(res.status).toBe(200)
        expect(emailsOf(res.data.contacts)).toEqual(["ada@example.com", "ben@example.com", "di@example.com"])
        expect(res.data.count).toBe(3)
      })
    })
  },
})
