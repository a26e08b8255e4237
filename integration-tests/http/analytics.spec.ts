import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { mkdtempSync, rmSync } from "fs"
import { tmpdir } from "os"
import path from "path"
import { parse } from "csv-parse/sync"
import { createAdminHeaders } from "../helpers/admin"
import { countDailyFromMessages, readDailyRollup } from "../helpers/message-daily"
import { MARKETING_MODULE } from "../../src/modules/marketing"
import type MarketingModuleService from "../../src/modules/marketing/service"

jest.setTimeout(240_000)

/*
 * Mail goes to an outbox folder (no SMTP configured). The campaigns are sent
 * through the real pipeline; what happens afterwards (opens, clicks,
 * delivery reports, orders) goes through the module's real write paths:
 * trackHit + flushTrackingHits, recordDeliveryReports, attributeOrder.
 */
let outbox: string
beforeAll(() => {
  outbox = mkdtempSync(path.join(tmpdir(), "mkt-analytics-outbox-"))
  delete process.env.SMTP_URL
  delete process.env.SMTP_HOST
  process.env.MAIL_OUTBOX_DIR = outbox
  process.env.MARKETING_FROM = "Shop <news@shop.test>"
})
afterAll(() => {
  rmSync(outbox, { recursive: true, force: true })
})

const BASE = "/admin/marketing"
const settle = (p: Promise<any>) => p.catch((e) => e.response ?? Promise.reject(e))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

const DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"
/** Apple Mail Privacy Protection's bare agent: a machine open */
const APPLE_MPP = "Mozilla/5.0"
const SEC = 1_000
const MIN = 60 * SEC
const HOUR = 60 * MIN
const DAY = 24 * HOUR
const SALE = "https://shop.test/sale"
const NEW_IN = "https://shop.test/new"

const doc = {
  version: 1,
  blocks: [
    { id: "title", type: "heading", text: "Autumn sale" },
    { id: "body", type: "text", content: `<p>See <a href="${NEW_IN}">what is new</a>.</p>` },
    { id: "cta", type: "button", label: "Shop the sale", href: SALE },
    { id: "footer", type: "footer" },
  ],
}

const PEOPLE = ["ann", "bob", "cat", "dan", "eve", "fox"] as const
type Person = (typeof PEOPLE)[number]
const email = (p: Person) => `${p}@example.com`

/**
 * What each recipient of the A/B campaign did, as the report must count it
 * (every one was sent one message):
 * ann: opened, clicked the sale link twice, ordered 40.00 usd
 * bob: a prefetch open 1 s after sending (machine), then two real opens; complained; ordered 12.00 eur (credited to the open)
 * cat: a scanner click 3 s after sending (machine)
 * dan: clicked "what is new" with images off (no open recorded), ordered 25.50 usd
 * eve: an Apple privacy-proxy open (machine), then unsubscribed; her order is nobody's (no human touch)
 * fox: hard bounce
 */
const CONTRIB: Record<Person, Partial<Record<string, number>>> = {
  ann: { delivered: 1, opens: 1, human_opens: 1, unique_opens: 1, unique_human_opens: 1, clicks: 2, human_clicks: 2, unique_clicks: 1, unique_human_clicks: 1, orders: 1 },
  bob: { delivered: 1, opens: 3, human_opens: 2, unique_opens: 1, unique_human_opens: 1, complaints: 1, orders: 1 },
  cat: { delivered: 1, clicks: 1, unique_opens: 1, unique_clicks: 1 },
  dan: { delivered: 1, clicks: 1, human_clicks: 1, unique_opens: 1, unique_human_opens: 1, unique_clicks: 1, unique_human_clicks: 1, orders: 1 },
  eve: { delivered: 1, opens: 1, unique_opens: 1, unsubscribes: 1 },
  fox: { bounced: 1, hard_bounced: 1 },
}
const COUNTS = [
  "recipients", "skipped", "sent", "failed", "delivered", "bounced", "hard_bounced", "opens", "human_opens", "unique_opens",
  "unique_human_opens", "clicks", "human_clicks", "unique_clicks", "unique_human_clicks", "unsubscribes", "complaints", "orders",
]
/** order revenue in cents by person and currency */
const ORDERS: Partial<Record<Person, { cents: number; currency: string }>> = {
  ann: { cents: 4000, currency: "usd" },
  bob: { cents: 1200, currency: "eur" },
  dan: { cents: 2550, currency: "usd" },
}

const r4 = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : 0)
const money = (cents: number) => (cents ? (cents / 100).toFixed(2) : "0")
const utcDay = (d: Date | string) => new Date(d).toISOString().slice(0, 10)
const startOfUtcDay = (d: Date) => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
const truncTo = (d: Date, unit: "hour" | "day") => {
  const t = new Date(d)
  t.setUTCMinutes(0, 0, 0)
  if (unit === "day") {
    t.setUTCHours(0)
  }
  return t.toISOString()
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let auth: { headers: Record<string, string> }
    let marketing: MarketingModuleService
    let everyone: string
    let vip: string
    let templateId: string

    const get = (p: string) => settle(api.get(`${BASE}${p}`, auth))
    const post = (p: string, body: unknown = {}) => settle(api.post(`${BASE}${p}`, body, auth))

    const waitFor = async (id: string, done: (c: any) => boolean, what: string, timeoutMs = 90_000) => {
      const until = Date.now() + timeoutMs
      let last: any
      while (Date.now() < until) {
        last = (await get(`/campaigns/${id}`)).data.campaign
        if (done(last)) {
          return last
        }
        await sleep(250)
      }
      throw new Error(`campaign ${id} never got ${what}: ${JSON.stringify({ status: last?.status, progress: last?.progress })}`)
    }

    beforeEach(async () => {
      const container = getContainer()
      auth = { headers: (await createAdminHeaders(container)).headers }
      marketing = container.resolve(MARKETING_MODULE)
      await marketing.upsertContactsByEmail(
        PEOPLE.map((p) => ({ email: email(p), first_name: p })),
        { source: "manual", subscribe: true, consent: { source: "test" } }
      )
      await marketing.upsertContactsByEmail([{ email: "pending@example.com" }], { source: "manual" })
      const [seg, vipSeg] = await marketing.createSegments([
        { name: "Everyone", type: "static" },
        { name: "VIP", type: "static" },
      ])
      everyone = seg.id
      vip = vipSeg.id
      await marketing.addStaticSegmentMembersByEmail(everyone, [...PEOPLE.map(email), "pending@example.com"])
      await marketing.addStaticSegmentMembersByEmail(vip, [email("ann"), email("bob")])
      const tpl = await post("/templates", { name: "Sale", subject: "Sale", document: doc })
      expect(tpl.status).toBe(201)
      templateId = tpl.data.template.id
    })

    /**
     * Send an A/B campaign (everyone, both variants, no remainder) and a plain
     * one (VIP: ann and bob), then record what recipients did through the
     * module's write paths.
     */
    const buildScenario = async () => {
      const created = await post("/campaigns", {
        name: "Autumn sale",
        subject: "Sale",
        template_id: templateId,
        include_segment_ids: [everyone],
        ab_test: { variants: [{ subject: "Sale A" }, { subject: "Sale B" }], test_fraction: 1, auto_pick: false },
      })
      expect(created.status).toBe(201)
      const ab = created.data.campaign
      expect((await post(`/campaigns/${ab.id}/send`, {})).status).toBe(200)
      await waitFor(
        ab.id,
        (c) => c.progress.sent === 6 && c.progress.queued === 0 && c.progress.sending === 0,
        "its 6 messages sent"
      )
      const plainCreated = await post("/campaigns", {
        name: "VIP preview",
        subject: "Just for you",
        template_id: templateId,
        include_segment_ids: [vip],
        frequency_cap_hours: 0,
      })
      const plain = plainCreated.data.campaign
      await post(`/campaigns/${plain.id}/send`, {})
      await waitFor(plain.id, (c) => c.status === "sent", "sent")

      const abMessages = await marketing.listMessages({ campaign_id: ab.id })
      const msg = Object.fromEntries(abMessages.filter((m: any) => m.status === "sent").map((m: any) => [m.email.split("@")[0], m])) as Record<
        Person,
        any
      >
      expect(Object.keys(msg).sort()).toEqual([...PEOPLE])
      const plainMessages = await marketing.listMessages({ campaign_id: plain.id })
      const plainAnn = plainMessages.find((m: any) => m.email === email("ann"))!

      const links = await marketing.listTrackedLinks({ source_id: ab.id })
      const link = (variant: number, url: string) => {
        const l = links.find((x: any) => x.variant === variant && x.url.startsWith(url))
        if (!l) {
          throw new Error(`no tracked link ${url} for variant ${variant}: ${JSON.stringify(links)}`)
        }
        return l
      }
      const at = (m: any, ms: number) => new Date(new Date(m.sent_at).getTime() + ms)

      // a flow's message (campaign_id null) to fox, opened: its order is flow revenue. Its pixel
      // is fetched while it is still `sending` (before its outcome is written, so it has no
      // sent_at: its open is timed from fox's campaign message)
      const [flowSending] = await marketing.createMessages([
        { contact_id: msg.fox.contact_id, email: email("fox"), status: "sending", attempts: 1, notification_key: "flow-fox:1" },
      ])

      type Hit = { who: any; kind: "open" | "click" | "unsubscribe"; ms: number; ua?: string; link?: any; source?: string; from?: any }
      const hits: Hit[] = [
        { who: msg.ann, kind: "open", ms: 5 * MIN },
        { who: msg.ann, kind: "click", ms: 6 * MIN, link: link(msg.ann.variant, SALE) },
        { who: msg.ann, kind: "click", ms: 30 * MIN, link: link(msg.ann.variant, SALE) },
        { who: msg.bob, kind: "open", ms: 1 * SEC },
        { who: msg.bob, kind: "open", ms: 10 * MIN },
        { who: msg.bob, kind: "open", ms: 20 * MIN },
        { who: msg.cat, kind: "click", ms: 3 * SEC, link: link(msg.cat.variant, SALE) },
        { who: msg.dan, kind: "click", ms: 8 * MIN, link: link(msg.dan.variant, NEW_IN) },
        { who: msg.eve, kind: "open", ms: 1 * MIN, ua: APPLE_MPP },
        { who: msg.eve, kind: "unsubscribe", ms: 15 * MIN },
        { who: plainAnn, kind: "open", ms: 7 * MIN },
        { who: flowSending, kind: "open", ms: 20 * MIN, from: msg.fox },
      ]
      for (const h of hits) {
        const queued = marketing.trackHit({
          kind: h.kind,
          message_id: h.who.id,
          source_id: h.kind === "click" ? h.who.campaign_id : null,
          link: h.kind === "click" ? h.link.position : null,
          at: at(h.from ?? h.who, h.ms),
          user_agent: h.ua ?? DESKTOP,
          ip: "203.0.113.7",
          method: "GET",
        })
        expect(queued).toBe(true)
      }
      await marketing.flushTrackingHits()

      // the overview's daily rollup counts a message once it is sent: the flow's open is not there yet
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      expect((await readDailyRollup(knex)).filter((c) => c.campaign_key === "")).toEqual([])
      const outcome = await marketing.recordMessageOutcomes([{ message_id: flowSending.id, notification_key: "flow-fox:1", status: "sent" }])
      expect(outcome.updated).toBe(1)
      const [flowMsg] = await marketing.listMessages({ id: flowSending.id })
      expect(flowMsg.sent_at).not.toBeNull()
      // ... and counts it, opened, with its send
      expect((await readDailyRollup(knex)).filter((c) => c.campaign_key === "")).toEqual([
        { campaign_key: "", day: utcDay(flowMsg.sent_at!), sent: 1, human_engaged: 1, human_clicked: 0 },
      ])

      const report = (who: Person, type: "delivered" | "bounce" | "complaint", ms: number) => ({
        provider: "generic",
        provider_event_id: `${who}-${type}-${ab.id}`,
        type,
        bounce_kind: type === "bounce" ? ("hard" as const) : null,
        email: email(who),
        message_id: msg[who].id,
        occurred_at: at(msg[who], ms).toISOString(),
        detail: type === "bounce" ? "550 5.1.1 No such user" : null,
      })
      const delivery = await marketing.recordDeliveryReports([
        ...(["ann", "bob", "cat", "dan", "eve"] as const).map((p) => report(p, "delivered", 30 * SEC)),
        report("fox", "bounce", 30 * SEC),
        report("bob", "complaint", HOUR),
      ])
      expect(delivery.recorded).toBe(7)

      const placed = {
        ann: at(msg.ann, 2 * HOUR),
        bob: at(msg.bob, 3 * HOUR),
        dan: at(msg.dan, DAY + HOUR),
        eve: at(msg.eve, 2 * HOUR),
        fox: at(flowMsg, 3 * HOUR),
      }
      const attributed = {
        ann: await marketing.attributeOrder({ order_id: "order_ann", email: email("ann"), placed_at: placed.ann, revenue: "40.00", currency_code: "usd" }),
        bob: await marketing.attributeOrder({ order_id: "order_bob", email: email("bob"), placed_at: placed.bob, revenue: "12.00", currency_code: "EUR" }),
        dan: await marketing.attributeOrder({ order_id: "order_dan", email: email("dan"), placed_at: placed.dan, revenue: "25.50", currency_code: "usd" }),
        eve: await marketing.attributeOrder({ order_id: "order_eve", email: email("eve"), placed_at: placed.eve, revenue: "99.00", currency_code: "usd" }),
        fox: await marketing.attributeOrder({ order_id: "order_fox", email: email("fox"), placed_at: placed.fox, revenue: "8.00", currency_code: "usd" }),
      }
      expect(attributed.ann).toMatchObject({ campaign_id: ab.id, touch: "click", message_id: msg.ann.id })
      expect(attributed.bob).toMatchObject({ campaign_id: ab.id, touch: "open", message_id: msg.bob.id })
      expect(attributed.dan).toMatchObject({ campaign_id: ab.id, touch: "click", message_id: msg.dan.id })
      expect(attributed.eve).toBeNull()
      expect(attributed.fox).toMatchObject({ campaign_id: null, touch: "open", message_id: flowMsg.id })

      return { ab, plain, msg, plainAnn, flowMsg, links, link, hits, at, placed }
    }

    it("campaign report: raw and human numbers per variant and in total, revenue, link map, timeline and CSV", async () => {
      const s = await buildScenario()
      const res = await get(`/campaigns/${s.ab.id}/report?interval=hour`)
      expect(res.status).toBe(200)
      const report = res.data.report
      expect(report.campaign).toMatchObject({
        id: s.ab.id,
        name: "Autumn sale",
        recipients_count: 7,
        winner_variant: null,
        variants_count: 2,
      })
      expect(typeof report.computed_ms).toBe("number")
      expect(report.rate_basis).toBe("delivered")

      // totals, written out: 6 recipients (pending was skipped), 5 delivered, fox bounced
      expect(report.totals).toEqual({
        recipients: 6,
        skipped: 1,
        sent: 6,
        failed: 0,
        delivered: 5,
        bounced: 1,
        hard_bounced: 1,
        opens: 5,
        human_opens: 3,
        unique_opens: 5,
        unique_human_opens: 3,
        clicks: 4,
        human_clicks: 3,
        unique_clicks: 3,
        unique_human_clicks: 2,
        unsubscribes: 1,
        complaints: 1,
        orders: 3,
        revenue: [
          { currency_code: "eur", amount: "12.00" },
          { currency_code: "usd", amount: "65.50" },
        ],
        open_rate: 0.6,
        click_rate: 0.4,
        click_to_open_rate: 0.6667,
        unsubscribe_rate: 0.2,
        complaint_rate: 0.2,
        // bounces are a share of what was sent, not of what was delivered
        bounce_rate: 0.1667,
        revenue_per_recipient: [
          { currency_code: "eur", amount: "2.0000" },
          { currency_code: "usd", amount: "10.9167" },
        ],
      })

      // per variant: the same contributions, summed over whoever got that variant
      expect(report.variants.map((v: any) => [v.variant, v.label])).toEqual([
        [0, "A"],
        [1, "B"],
      ])
      for (const v of report.variants) {
        const who = PEOPLE.filter((p) => s.msg[p].variant === v.variant)
        const sum = (k: string) => who.reduce((n, p) => n + (CONTRIB[p][k] ?? 0), 0)
        const expected: Record<string, number> = Object.fromEntries(COUNTS.map((k) => [k, sum(k)]))
        expected.recipients = who.length
        expected.sent = who.length
        expected.skipped = 0 // skipped messages have no variant: they are in the totals only
        expect(v).toMatchObject(expected)
        expect(v).toMatchObject({
          open_rate: r4(expected.unique_human_opens, expected.delivered),
          click_rate: r4(expected.unique_human_clicks, expected.delivered),
          click_to_open_rate: r4(expected.unique_human_clicks, expected.unique_human_opens),
          unsubscribe_rate: r4(expected.unsubscribes, expected.delivered),
          complaint_rate: r4(expected.complaints, expected.delivered),
          bounce_rate: r4(expected.bounced, expected.sent),
        })
        const cents: Record<string, number> = {}
        for (const p of who) {
          const o = ORDERS[p]
          if (o) {
            cents[o.currency] = (cents[o.currency] ?? 0) + o.cents
          }
        }
        const currencies = Object.keys(cents).sort()
        expect(v.revenue).toEqual(currencies.map((c) => ({ currency_code: c, amount: money(cents[c]) })))
        expect(v.revenue_per_recipient).toEqual(
          currencies.map((c) => ({ currency_code: c, amount: (cents[c] / 100 / who.length).toFixed(4) }))
        )
      }
      expect(report.variants.reduce((n: number, v: any) => n + v.recipients, 0)).toBe(6)

      // link map: every tracked link of both variants, raw and human clicks, unique human clickers
      expect(report.links).toHaveLength(s.links.length)
      expect(report.links.map((l: any) => l.position)).toEqual([...s.links.map((l: any) => l.position)].sort((a, b) => a - b))
      const expectedClicks = new Map<number, { clicks: number; human: number; clickers: Set<string> }>()
      for (const h of s.hits.filter((x) => x.kind === "click")) {
        const e = expectedClicks.get(h.link.position) ?? { clicks: 0, human: 0, clickers: new Set<string>() }
        e.clicks++
        if (h.ms > 10 * SEC) {
          e.human++
          e.clickers.add(h.who.id)
        }
        expectedClicks.set(h.link.position, e)
      }
      for (const l of report.links) {
        const e = expectedClicks.get(l.position)
        expect(l).toMatchObject({
          clicks: e?.clicks ?? 0,
          human_clicks: e?.human ?? 0,
          unique_human_clickers: e?.clickers.size ?? 0,
        })
      }
      const annSale = report.links.find((l: any) => l.position === s.link(s.msg.ann.variant, SALE).position)
      expect(annSale).toMatchObject({ variant: s.msg.ann.variant, label: "Shop the sale" })
      expect(annSale.url.startsWith(SALE)).toBe(true)
      const danNew = report.links.find((l: any) => l.position === s.link(s.msg.dan.variant, NEW_IN).position)
      expect(danNew).toMatchObject({ variant: s.msg.dan.variant, label: "what is new", human_clicks: 1, unique_human_clickers: 1 })

      // timeline: UTC buckets from the first event to the last, gaps filled, raw and human
      for (const interval of ["hour", "day"] as const) {
        const tl = interval === "hour" ? report.timeline : (await get(`/campaigns/${s.ab.id}/report?interval=day`)).data.report.timeline
        const abHits = s.hits.filter((h) => h.who.campaign_id === s.ab.id && h.kind !== "unsubscribe")
        const buckets = new Map<string, { opens: number; human_opens: number; clicks: number; human_clicks: number }>()
        for (const h of abHits) {
          const key = truncTo(s.at(h.who, h.ms), interval)
          const b = buckets.get(key) ?? { opens: 0, human_opens: 0, clicks: 0, human_clicks: 0 }
          const human = h.kind === "open" ? h.ms > 2 * SEC && h.ua !== APPLE_MPP : h.ms > 10 * SEC
          if (h.kind === "open") {
            b.opens++
            b.human_opens += human ? 1 : 0
          } else {
            b.clicks++
            b.human_clicks += human ? 1 : 0
          }
          buckets.set(key, b)
        }
        const keys = [...buckets.keys()].sort()
        const step = interval === "hour" ? HOUR : DAY
        const span = (new Date(keys[keys.length - 1]).getTime() - new Date(keys[0]).getTime()) / step + 1
        expect(tl).toHaveLength(span)
        tl.forEach((p: any, i: number) => {
          expect(p.bucket).toBe(new Date(new Date(keys[0]).getTime() + i * step).toISOString())
          expect(p).toEqual({ bucket: p.bucket, ...(buckets.get(p.bucket) ?? { opens: 0, human_opens: 0, clicks: 0, human_clicks: 0 }) })
        })
        const total = (k: string) => tl.reduce((n: number, p: any) => n + p[k], 0)
        expect([total("opens"), total("human_opens"), total("clicks"), total("human_clicks")]).toEqual([5, 3, 4, 3])
      }

      // a campaign without an A/B test: one variant "A"; no delivery reports, so rates are per sent
      const plain = (await get(`/campaigns/${s.plain.id}/report`)).data.report
      expect(plain.campaign).toMatchObject({ variants_count: 1, recipients_count: 2 })
      expect(plain.rate_basis).toBe("sent")
      expect(plain.totals).toMatchObject({ recipients: 2, sent: 2, delivered: 0, opens: 1, unique_human_opens: 1, open_rate: 0.5, orders: 0, revenue: [] })
      expect(plain.variants).toHaveLength(1)
      expect(plain.variants[0]).toEqual({ variant: 0, label: "A", ...plain.totals })
      expect(plain.timeline.map((p: any) => p.opens).reduce((a: number, b: number) => a + b, 0)).toBe(1)

      // CSV: a row per variant and the total with every metric, a blank line, then the link map
      const csv = await get(`/campaigns/${s.ab.id}/report/export`)
      expect(csv.status).toBe(200)
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
      expect(csv.headers["content-disposition"]).toBe(`attachment; filename="campaign-${s.ab.id}-report.csv"`)
      const [metricsPart, linksPart] = (csv.data as string).split(/\r?\n\r?\n/)
      const metrics = parse(metricsPart, { columns: true }) as Record<string, string>[]
      expect(Object.keys(metrics[0])).toEqual([
        "variant", "label", ...COUNTS.slice(0, 17), "orders", "open_rate", "click_rate", "click_to_open_rate",
        "unsubscribe_rate", "complaint_rate", "bounce_rate", "revenue_eur", "revenue_per_recipient_eur", "revenue_usd",
        "revenue_per_recipient_usd",
      ])
      expect(metrics.map((r) => r.variant)).toEqual(["0", "1", "total"])
      for (const [i, row] of metrics.entries()) {
        const m = i < 2 ? report.variants[i] : report.totals
        for (const k of [...COUNTS, "open_rate", "click_rate", "click_to_open_rate", "bounce_rate"]) {
          expect([k, Number(row[k])]).toEqual([k, m[k]])
        }
      }
      expect(metrics[2]).toMatchObject({ label: "Total", revenue_usd: "65.50", revenue_eur: "12.00", revenue_per_recipient_usd: "10.9167" })
      const linkRows = parse(linksPart, { columns: true }) as Record<string, string>[]
      expect(Object.keys(linkRows[0])).toEqual(["position", "variant", "link_label", "url", "clicks", "human_clicks", "unique_human_clickers"])
      expect(linkRows).toHaveLength(report.links.length)
      const saleRow = linkRows.find((r) => Number(r.position) === annSale.position)!
      expect(saleRow).toMatchObject({
        variant: annSale.variant === 0 ? "A" : "B",
        link_label: "Shop the sale",
        url: annSale.url,
        clicks: String(annSale.clicks),
        human_clicks: String(annSale.human_clicks),
        unique_human_clickers: String(annSale.unique_human_clickers),
      })
    })

    it("overview: revenue by day split into campaigns and flows, list growth, engagement, top campaigns, currency and CSV", async () => {
      const s = await buildScenario()
      const today = startOfUtcDay(new Date())
      const from = utcDay(new Date(today.getTime() - DAY))
      const to = utcDay(new Date(today.getTime() + 2 * DAY)) // a bare date as `to` = the end of that day
      const res = await get(`/analytics/overview?from=${from}&to=${to}`)
      expect(res.status).toBe(200)
      const o = res.data.overview
      const days = [0, 1, 2, 3].map((i) => utcDay(new Date(today.getTime() + (i - 1) * DAY)))
      expect(o.period).toEqual({ from: `${from}T00:00:00.000Z`, to: new Date(today.getTime() + 3 * DAY).toISOString() })
      // usd has the most orders (ann, dan and fox's flow order) so it is the default
      expect(o.currency).toBe("usd")
      expect(o.currencies).toEqual(["usd", "eur"])

      const contacts = await marketing.listContacts({ email: PEOPLE.map(email) })
      const sent = [
        ...Object.values(s.msg),
        ...(await marketing.listMessages({ campaign_id: s.plain.id })),
        s.flowMsg,
      ]
      expect(o.totals).toEqual({
        revenue: "73.50",
        orders: 3,
        campaign_revenue: "65.50",
        flow_revenue: "8.00",
        messages_sent: 9,
        unique_human_opens: 5, // ann, bob, dan (A/B) + ann (VIP preview) + fox (flow)
        unique_human_clicks: 2,
        unsubscribes: 1,
        complaints: 1,
        new_subscribers: 6,
        unsubscribed: 1, // bob, by his complaint
      })

      // every day of the period, zeros filled
      expect(o.revenue_by_day.map((d: any) => d.day)).toEqual(days)
      expect(o.list_growth.map((d: any) => d.day)).toEqual(days)
      expect(o.engagement.map((d: any) => d.day)).toEqual(days)
      const usdOrders = [
        { at: s.placed.ann, cents: 4000, flow: false },
        { at: s.placed.dan, cents: 2550, flow: false },
        { at: s.placed.fox, cents: 800, flow: true },
      ]
      for (const d of o.revenue_by_day) {
        const on = usdOrders.filter((x) => utcDay(x.at) === d.day)
        expect(d).toEqual({
          day: d.day,
          campaigns: money(on.filter((x) => !x.flow).reduce((n, x) => n + x.cents, 0)),
          flows: money(on.filter((x) => x.flow).reduce((n, x) => n + x.cents, 0)),
          orders: on.length,
        })
      }
      for (const d of o.list_growth) {
        const subscribed = contacts.filter((c: any) => c.subscribed_at && utcDay(c.subscribed_at) === d.day).length
        const unsubscribed = contacts.filter((c: any) => c.unsubscribed_at && utcDay(c.unsubscribed_at) === d.day).length
        expect(d).toEqual({ day: d.day, subscribed, unsubscribed, net: subscribed - unsubscribed })
      }
      const humanOpened = new Set([s.msg.ann.id, s.msg.bob.id, s.msg.dan.id, s.plainAnn.id, s.flowMsg.id])
      const humanClicked = new Set([s.msg.ann.id, s.msg.dan.id])
      for (const d of o.engagement) {
        const that = sent.filter((m: any) => m.sent_at && utcDay(m.sent_at) === d.day)
        const opens = that.filter((m: any) => humanOpened.has(m.id)).length
        const clicks = that.filter((m: any) => humanClicked.has(m.id)).length
        expect(d).toEqual({
          day: d.day,
          sent: that.length,
          unique_human_opens: opens,
          unique_human_clicks: clicks,
          open_rate: r4(opens, that.length),
          click_rate: r4(clicks, that.length),
        })
      }
      expect(o.top_campaigns).toEqual([
        { id: s.ab.id, name: "Autumn sale", sent: 6, open_rate: 0.5, click_rate: 0.3333, orders: 2, revenue: "65.50" },
        { id: s.plain.id, name: "VIP preview", sent: 2, open_rate: 0.5, click_rate: 0, orders: 0, revenue: "0" },
      ])

      // engagement comes from the daily rollup the send and the tracking flush keep; it must
      // equal counting the messages themselves: bob's second and third opens add nothing, ann's
      // clicks after her open make her engaged once and clicked once, eve's proxy open and bob's
      // prefetch are machines', the flow's open came before its outcome
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const counted = await countDailyFromMessages(knex)
      expect(await readDailyRollup(knex)).toEqual(counted)
      // the nightly check finds nothing to fix, then repairs a cell that drifted and one that should not exist
      expect(await marketing.rebuildMessageDaily()).toMatchObject({ written: 0, removed: 0 })
      await knex.raw(`UPDATE mkt_message_daily SET sent = sent + 5 WHERE campaign_key = ?`, [s.ab.id])
      await knex.raw(`INSERT INTO mkt_message_daily (campaign_key, day, sent) VALUES ('mcmp_gone', '2020-01-01', 3)`)
      const repaired = await marketing.rebuildMessageDaily()
      expect(repaired.removed).toBe(1)
      expect(repaired.written).toBeGreaterThanOrEqual(1)
      expect(await readDailyRollup(knex)).toEqual(counted)
      expect(counted.find((c) => c.campaign_key === s.ab.id && c.day === utcDay(s.msg.ann.sent_at))).toMatchObject({
        sent: 6,
        human_engaged: 3,
        human_clicked: 2,
      })
      const inPeriod = counted.filter((c) => days.includes(c.day))
      const sum = (cells: typeof counted, k: "sent" | "human_engaged" | "human_clicked") => cells.reduce((n, c) => n + c[k], 0)
      const triple = (cells: typeof counted) => [sum(cells, "sent"), sum(cells, "human_engaged"), sum(cells, "human_clicked")]
      expect([o.totals.messages_sent, o.totals.unique_human_opens, o.totals.unique_human_clicks]).toEqual(triple(inPeriod))
      for (const d of o.engagement) {
        const that = inPeriod.filter((c) => c.day === d.day)
        expect([d.day, d.sent, d.unique_human_opens, d.unique_human_clicks]).toEqual([d.day, ...triple(that)])
      }
      for (const t of o.top_campaigns) {
        const that = inPeriod.filter((c) => c.campaign_key === t.id)
        expect([t.id, t.sent, t.open_rate, t.click_rate]).toEqual([
          t.id,
          sum(that, "sent"),
          r4(sum(that, "human_engaged"), sum(that, "sent")),
          r4(sum(that, "human_clicked"), sum(that, "sent")),
        ])
      }
      // a period that starts and ends inside a day counts only the messages sent within it (the
      // A/B send's messages are before it, the flow's after it: only the VIP preview's are in)
      const sentMs = (m: any) => new Date(m.sent_at).getTime()
      const firstSent = Math.min(...sent.map(sentMs))
      const lastSent = Math.max(...sent.map(sentMs))
      const partial = (
        await get(`/analytics/overview?from=${new Date(firstSent + 1).toISOString()}&to=${new Date(lastSent - 1).toISOString()}`)
      ).data.overview
      const within = sent.filter((m: any) => sentMs(m) > firstSent + 1 && sentMs(m) < lastSent - 1)
      expect(within.map((m: any) => m.campaign_id)).toEqual([s.plain.id, s.plain.id])
      expect(partial.totals).toMatchObject({
        messages_sent: within.length,
        unique_human_opens: within.filter((m: any) => humanOpened.has(m.id)).length,
        unique_human_clicks: within.filter((m: any) => humanClicked.has(m.id)).length,
      })

      // another currency: only its orders
      const eur = (await get(`/analytics/overview?from=${from}&to=${to}&currency=EUR`)).data.overview
      expect(eur.currency).toBe("eur")
      expect(eur.totals).toMatchObject({ revenue: "12.00", orders: 1, campaign_revenue: "12.00", flow_revenue: "0", messages_sent: 9 })
      expect(eur.top_campaigns[0]).toMatchObject({ id: s.ab.id, orders: 1, revenue: "12.00" })
      expect(eur.revenue_by_day.find((d: any) => d.day === utcDay(s.placed.bob))).toMatchObject({ campaigns: "12.00", orders: 1 })

      // CSV: one row per day
      const csv = await get(`/analytics/overview/export?from=${from}&to=${to}`)
      expect(csv.status).toBe(200)
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/)
      expect(csv.headers["content-disposition"]).toBe(
        `attachment; filename="marketing-overview-${from}-${utcDay(new Date(today.getTime() + 3 * DAY))}-usd.csv"`
      )
      const rows = parse(csv.data, { columns: true }) as Record<string, string>[]
      expect(Object.keys(rows[0])).toEqual([
        "day", "currency", "revenue_campaigns", "revenue_flows", "orders", "subscribed", "unsubscribed", "net", "sent",
        "unique_human_opens", "unique_human_clicks", "open_rate", "click_rate",
      ])
      expect(rows.map((r) => r.day)).toEqual(days)
      rows.forEach((r, i) => {
        expect(r).toEqual({
          day: days[i],
          currency: "usd",
          revenue_campaigns: o.revenue_by_day[i].campaigns,
          revenue_flows: o.revenue_by_day[i].flows,
          orders: String(o.revenue_by_day[i].orders),
          subscribed: String(o.list_growth[i].subscribed),
          unsubscribed: String(o.list_growth[i].unsubscribed),
          net: String(o.list_growth[i].net),
          sent: String(o.engagement[i].sent),
          unique_human_opens: String(o.engagement[i].unique_human_opens),
          unique_human_clicks: String(o.engagement[i].unique_human_clicks),
          open_rate: String(o.engagement[i].open_rate),
          click_rate: String(o.engagement[i].click_rate),
        })
      })
    })

    it("contact activity (newest first, with campaign, link and machine verdicts) and order attributions", async () => {
      const s = await buildScenario()
      const contactId = s.msg.ann.contact_id
      const all = await get(`/contacts/${contactId}/activity`)
      expect(all.status).toBe(200)
      expect(all.data).toMatchObject({ count: 5, limit: 50, offset: 0 })
      const events = all.data.events
      // delivered, an open, two clicks (A/B) and an open of the VIP preview
      expect(events.map((e: any) => e.type).sort()).toEqual(["click", "click", "delivered", "open", "open"])
      const times = events.map((e: any) => new Date(e.occurred_at).getTime())
      expect(times).toEqual([...times].sort((a, b) => b - a))
      for (const e of events) {
        expect(Object.keys(e).sort()).toEqual(
          ["bot_reason", "bounce_kind", "campaign_id", "campaign_name", "detail", "id", "is_bot", "link_url", "message_id", "occurred_at", "type"]
        )
        expect(e.is_bot).toBe(false)
      }
      const clicks = events.filter((e: any) => e.type === "click")
      for (const c of clicks) {
        expect(c).toMatchObject({ campaign_id: s.ab.id, campaign_name: "Autumn sale", message_id: s.msg.ann.id })
        expect(c.link_url.startsWith(SALE)).toBe(true)
      }
      const previewOpen = events.find((e: any) => e.message_id === s.plainAnn.id)
      expect(previewOpen).toMatchObject({ type: "open", campaign_name: "VIP preview", link_url: null })

      const page = await get(`/contacts/${contactId}/activity?limit=2&offset=1`)
      expect(page.data).toMatchObject({ count: 5, limit: 2, offset: 1 })
      expect(page.data.events.map((e: any) => e.id)).toEqual(events.slice(1, 3).map((e: any) => e.id))

      // machine hits are listed, flagged with the reason
      const cat = (await get(`/contacts/${s.msg.cat.contact_id}/activity`)).data
      expect(cat.events.find((e: any) => e.type === "click")).toMatchObject({ is_bot: true, bot_reason: "too_soon_after_send" })
      const eve = (await get(`/contacts/${s.msg.eve.contact_id}/activity`)).data
      expect(eve.events.map((e: any) => e.type)).toEqual(["unsubscribe", "open", "delivered"])
      expect(eve.events[1]).toMatchObject({ is_bot: true, bot_reason: "apple_mpp" })
      const fox = (await get(`/contacts/${s.msg.fox.contact_id}/activity`)).data
      expect(fox.events.find((e: any) => e.type === "bounce")).toMatchObject({
        bounce_kind: "hard",
        detail: "550 5.1.1 No such user",
        campaign_name: "Autumn sale",
      })
      // fox's flow message open: no campaign
      expect(fox.events.find((e: any) => e.type === "open")).toMatchObject({ campaign_id: null, campaign_name: null, message_id: s.flowMsg.id })

      expect((await get(`/contacts/mcon_missing/activity`)).status).toBe(404)
      for (const q of ["limit=0", "limit=abc", "offset=-1", "limit=1000", "colour=red"]) {
        const bad = await get(`/contacts/${contactId}/activity?${q}`)
        expect([q, bad.status]).toEqual([q, 400])
      }

      // attributions by order: a,b form and order_id[] form; eve's order was earned by no email
      const byComma = await get(`/attributions?order_id=order_ann,order_bob,order_eve`)
      expect(byComma.status).toBe(200)
      const rows = byComma.data.attributions
      expect(rows.map((r: any) => r.order_id).sort()).toEqual(["order_ann", "order_bob"])
      expect(rows.find((r: any) => r.order_id === "order_ann")).toMatchObject({
        campaign_id: s.ab.id,
        campaign_name: "Autumn sale",
        message_id: s.msg.ann.id,
        contact_id: s.msg.ann.contact_id,
        variant: s.msg.ann.variant,
        touch: "click",
        attribution_model: "last_click",
        window_days: 5,
        revenue: "40.00",
        currency_code: "usd",
      })
      const annAttr = rows.find((r: any) => r.order_id === "order_ann")
      // the last click (30 min after sending) earned it
      expect(new Date(annAttr.touched_at).toISOString()).toBe(s.at(s.msg.ann, 30 * MIN).toISOString())
      expect(new Date(annAttr.order_placed_at).toISOString()).toBe(s.placed.ann.toISOString())
      expect(rows.find((r: any) => r.order_id === "order_bob")).toMatchObject({ touch: "open", revenue: "12.00", currency_code: "eur" })
      const byArray = await get(`/attributions?order_id[]=order_fox&order_id[]=order_dan`)
      expect(byArray.data.attributions.map((r: any) => r.order_id).sort()).toEqual(["order_dan", "order_fox"])
      expect(byArray.data.attributions.find((r: any) => r.order_id === "order_fox")).toMatchObject({
        campaign_id: null,
        campaign_name: null,
        message_id: s.flowMsg.id,
        touch: "open",
        revenue: "8.00",
      })
      expect((await get(`/attributions?order_id=order_nobody`)).data.attributions).toEqual([])
      const missing = await get(`/attributions`)
      expect(missing.status).toBe(400)
      expect(missing.data.message).toMatch(/order_id/)
    })

    it("refuses bad input with a clear 4xx, and answers an empty store with zeros", async () => {
      const unknown = await get(`/campaigns/mcmp_missing/report`)
      expect(unknown.status).toBe(404)
      expect(unknown.data.message).toMatch(/Campaign mcmp_missing was not found/)
      expect((await get(`/campaigns/mcmp_missing/report/export`)).status).toBe(404)

      const created = await post("/campaigns", { name: "Draft", template_id: templateId, include_segment_ids: [everyone] })
      const draft = created.data.campaign
      const week = await get(`/campaigns/${draft.id}/report?interval=week`)
      expect(week.status).toBe(400)
      expect(week.data.message).toMatch(/interval/)
      expect(week.data.message).toMatch(/hour, day/)
      // a draft has a report with nothing in it
      const empty = (await get(`/campaigns/${draft.id}/report?interval=day`)).data.report
      expect(empty.totals).toMatchObject({ recipients: 0, sent: 0, open_rate: 0, revenue: [], revenue_per_recipient: [] })
      expect(empty.variants).toHaveLength(1)
      expect(empty.links).toEqual([])
      expect(empty.timeline).toEqual([])

      for (const [q, message] of [
        ["from=yesterday", /from must be an ISO 8601 date/],
        ["to=2026-13-45", /to must be an ISO 8601 date/],
        ["to=2026-02-30", /to must be an ISO 8601 date/],
        ["from=2026-03-01&to=2026-02-01", /from \(2026-03-01T00:00:00.000Z\) must be before to/],
        ["from=2026-02-01T10:00:00Z&to=2026-02-01T10:00:00Z", /must be before to/],
        ["from=2025-01-01&to=2026-02-04", /The period is 400 days long; choose at most 366 days/],
        ["currency=dollars", /currency must be a 3-letter ISO 4217 code/],
        ["sort=desc", /Unrecognized fields: 'sort'/],
      ] as const) {
        for (const route of ["/analytics/overview", "/analytics/overview/export"]) {
          const res = await get(`${route}?${q}`)
          expect([route, q, res.status]).toEqual([route, q, 400])
          expect(res.data.message).toMatch(message)
        }
      }
      // exactly 366 days is allowed
      expect((await get(`/analytics/overview?from=2024-01-01&to=2024-12-31`)).status).toBe(200)

      // default period: the last 30 days up to now, every day present, zeros and usd when nothing happened
      const res = await get(`/analytics/overview`)
      expect(res.status).toBe(200)
      const o = res.data.overview
      expect(o.currency).toBe("usd")
      expect(o.currencies).toEqual([])
      expect(o.revenue_by_day).toHaveLength(30)
      expect(o.revenue_by_day[29]).toEqual({ day: utcDay(new Date()), campaigns: "0", flows: "0", orders: 0 })
      expect(o.period.from).toBe(new Date(startOfUtcDay(new Date()).getTime() - 29 * DAY).toISOString())
      expect(o.totals).toMatchObject({ revenue: "0", orders: 0, messages_sent: 0, new_subscribers: 6, unsubscribed: 0 })
      expect(o.top_campaigns).toEqual([])
      expect(o.engagement.every((d: any) => d.sent === 0 && d.open_rate === 0)).toBe(true)
    })
  },
})
