import { Prng } from "../../../lib/prng"
import { PRODUCTS, REGIONS, variantCombos, variantSku } from "../data"
import { buildPlan, DAY_MS, HISTORY_DAYS, slug } from "../plan"

const anchor = new Date("2026-06-15T12:00:00.000Z")
const plan = buildPlan(new Prng("plan-test"), anchor)

describe("demo seed plan", () => {
  it("is the same for the same seed and anchor", () => {
    const again = buildPlan(new Prng("plan-test"), anchor)
    expect(JSON.stringify(again)).toBe(JSON.stringify(plan))
  })

  it("has unique lower-case example addresses across customers and sign-ups", () => {
    const emails = [...plan.customers.map((c) => c.email), ...plan.newsletter.map((n) => n.email)]
    expect(new Set(emails).size).toBe(emails.length)
    expect(emails.filter((e) => !/^[a-z0-9._+-]+@example\.(com|org|net)$/.test(e))).toEqual([])
  })

  it("sizes the store like the brief: ~2,000 customers, ~8,000 orders, ~10% by guests", () => {
    expect(plan.customers).toHaveLength(2_000)
    expect(plan.orders.length).toBeGreaterThan(7_000)
    expect(plan.orders.length).toBeLessThan(9_000)
    const guests = new Set(plan.customers.filter((c) => !c.has_account).map((c) => c.email))
    const share = plan.orders.filter((o) => guests.has(o.email)).length / plan.orders.length
    expect(share).toBeGreaterThan(0.07)
    expect(share).toBeLessThan(0.13)
    expect(plan.carts).toHaveLength(150)
    expect(plan.newsletter).toHaveLength(300)
  })

  it("mixes one-time buyers, a loyal core and lapsed customers", () => {
    const byEmail = new Map<string, number[]>()
    for (const o of plan.orders) {
      byEmail.set(o.email, [...(byEmail.get(o.email) ?? []), o.created_at.getTime()])
    }
    const counts = [...byEmail.values()].map((v) => v.length)
    expect(counts.filter((n) => n === 1).length / counts.length).toBeGreaterThan(0.4)
    expect(counts.filter((n) => n >= 10).length).toBeGreaterThan(100)
    const lapsed = [...byEmail.values()].filter((v) => {
      const days = (anchor.getTime() - Math.max(...v)) / DAY_MS
      return v.length > 1 && days >= 180 && days <= 550
    })
    expect(lapsed.length).toBeGreaterThan(100)
  })

  it("keeps every order in the past two years, in time order, with real lines", () => {
    const skus = new Set(PRODUCTS.flatMap((p) => variantCombos(p.options).map((c) => variantSku(p, c))))
    const currencies = new Map(REGIONS.map((r) => [r.name, r.currency_code]))
    const oldest = anchor.getTime() - (HISTORY_DAYS + 1) * DAY_MS
    const bad = plan.orders.filter((o, i) => {
      const t = o.created_at.getTime()
      return (
        t >= anchor.getTime() ||
        t <= oldest ||
        (i > 0 && t < plan.orders[i - 1].created_at.getTime()) ||
        !o.items.length ||
        !o.items.every((line) => skus.has(line.sku) && line.unit_price > 0 && line.quantity > 0) ||
        currencies.get(o.region) !== o.currency_code ||
        !(o.total > 0)
      )
    })
    expect(bad).toEqual([])
    expect(plan.orders[0].ref).toBe("demo-order-00001")
    const status = (s: string) => plan.orders.filter((o) => o.status === s).length / plan.orders.length
    expect(status("completed")).toBeGreaterThan(0.85)
    expect(status("canceled")).toBeGreaterThan(0.01)
  })

  it("never sells a product before its launch", () => {
    const launched = new Map(PRODUCTS.map((p) => [p.handle, p.launched_days_ago]))
    const early = plan.orders.filter((o) => {
      const age = (anchor.getTime() - o.created_at.getTime()) / DAY_MS
      return o.items.some((line) => launched.get(line.handle)! + 1 < age)
    })
    expect(early).toEqual([])
  })

  it("opens carts recently; abandoned ones carry an email and were touched 1-72 hours ago", () => {
    const hours = (d: Date) => (anchor.getTime() - d.getTime()) / 3_600_000
    const abandoned = plan.carts.filter((c) => c.email)
    expect(abandoned.length).toBeGreaterThan(50)
    const off = abandoned.filter((c) => hours(c.updated_at) < 1 || hours(c.updated_at) > 72 || !c.items.length)
    expect(off).toEqual([])
  })

  it("signs up newsletter contacts who are not customers", () => {
    const customers = new Set(plan.customers.map((c) => c.email))
    expect(plan.newsletter.some((n) => customers.has(n.email))).toBe(false)
    const subscribed = plan.newsletter.filter((n) => n.status === "subscribed")
    expect(subscribed.length / plan.newsletter.length).toBeGreaterThan(0.8)
    expect(subscribed.every((n) => n.subscribed_at && n.subscribed_at <= anchor)).toBe(true)
  })

  it("folds names into ASCII address parts", () => {
    expect(slug("Müller")).toBe("muller")
    expect(slug("Schröder")).toBe("schroder")
    expect(slug("Weiß")).toBe("weiss")
    expect(slug("Sørensen")).toBe("sorensen")
    expect(slug("O'Sullivan")).toBe("osullivan")
    expect(slug("van den Berg")).toBe("vandenberg")
  })
})
