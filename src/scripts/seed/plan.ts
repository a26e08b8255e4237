/**
 * The demo store's people, orders, carts and sign-ups, generated in memory
 * from a fixed seed. Pure: the same seed and anchor give the same plan, so a
 * second or resumed run can tell by natural keys (emails, refs) what already
 * exists. No Medusa imports.
 */
import { Prng } from "../../lib/prng"
import {
  COUNTRIES,
  CountryDef,
  EMAIL_DOMAINS,
  PRODUCTS,
  ProductDef,
  REGIONS,
  SHIPPING_OPTIONS,
  TAX_RATES,
  variantCombos,
  variantSku,
  variantTitle,
} from "./data"

export const DAY_MS = 24 * 60 * 60 * 1000
const HOUR_MS = 60 * 60 * 1000
/** Orders go back this far. */
export const HISTORY_DAYS = 730

export type PlanSizes = {
  registered: number
  guests: number
  newsletter: number
  abandoned_carts: number
  anonymous_carts: number
}

export const DEFAULT_SIZES: PlanSizes = {
  registered: 1_350,
  guests: 650,
  newsletter: 300,
  abandoned_carts: 95,
  anonymous_carts: 55,
}

export type AddressPlan = {
  first_name: string
  last_name: string
  address_1: string
  city: string
  postal_code: string
  province: string | null
  country_code: string
  phone: string | null
}

export type PersonPlan = {
  email: string
  first_name: string
  last_name: string
  phone: string | null
  country_code: string
  locale: string
  address: AddressPlan
}

export type Archetype = "browser" | "one_time" | "occasional" | "regular" | "loyal" | "vip" | "guest"

export type CustomerPlan = PersonPlan & {
  has_account: boolean
  archetype: Archetype
  created_at: Date
}

export type LinePlan = {
  sku: string
  handle: string
  variant_title: string
  quantity: number
  unit_price: number
}

export type OrderStatusPlan = "completed" | "pending" | "canceled"

export type OrderPlan = {
  ref: string
  email: string
  region: string
  currency_code: "eur" | "usd"
  is_tax_inclusive: boolean
  tax: { rate: number; code: string; name: string } | null
  created_at: Date
  status: OrderStatusPlan
  canceled_at: Date | null
  shipping_code: string
  shipping_name: string
  shipping_amount: number
  address: AddressPlan
  items: LinePlan[]
  /** sum of line totals plus shipping, as the order module will compute it */
  total: number
}

export type CartPlan = {
  ref: string
  email: string | null
  region: string
  currency_code: "eur" | "usd"
  address: AddressPlan | null
  items: LinePlan[]
  created_at: Date
  updated_at: Date
}

export type NewsletterPlan = {
  email: string
  first_name: string | null
  last_name: string | null
  country_code: string
  locale: string
  status: "subscribed" | "pending" | "unsubscribed"
  created_at: Date
  subscribed_at: Date | null
  unsubscribed_at: Date | null
  confirmation_sent_at: Date | null
}

export type SeedPlan = {
  anchor: Date
  customers: CustomerPlan[]
  orders: OrderPlan[]
  carts: CartPlan[]
  newsletter: NewsletterPlan[]
}

type VariantInfo = { sku: string; title: string; combo: Record<string, string> }

const VARIANTS = new Map<string, VariantInfo[]>(
  PRODUCTS.map((p) => [
    p.handle,
    variantCombos(p.options).map((combo) => ({ sku: variantSku(p, combo), title: variantTitle(combo), combo })),
  ])
)

const REGION_BY_COUNTRY = new Map(REGIONS.flatMap((r) => r.countries.map((c) => [c, r] as const)))

/* ------------------------------------------------------------------ people */

export function slug(input: string): string {
  return input
    .replace(/ß/g, "ss")
    .replace(/[øØ]/g, "o")
    .replace(/[æÆ]/g, "ae")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "")
}

function makeAddress(
  r: Prng,
  country: CountryDef,
  first_name: string,
  last_name: string,
  phone: string | null
): AddressPlan {
  const [city, postal_code, province] = r.pick(country.cities)
  const street = r.pick(country.streets)
  const number = r.int(1, 240)
  return {
    first_name,
    last_name,
    address_1: country.numberAfterStreet ? `${street} ${number}` : `${number} ${street}`,
    city,
    postal_code,
    province: province ?? null,
    country_code: country.code,
    phone,
  }
}

class People {
  private readonly used = new Set<string>()

  constructor(private readonly r: Prng) {}

  country(): CountryDef {
    return this.r.weighted(COUNTRIES.map((c) => [c, c.weight] as const))
  }

  make(country = this.country()): PersonPlan {
    const r = this.r
    const first_name = r.pick(country.names.first)
    const last_name = r.pick(country.names.last)
    const email = this.email(first_name, last_name)
    const phone = r.chance(0.55) ? this.phone(country) : null
    return {
      email,
      first_name,
      last_name,
      phone,
      country_code: country.code,
      locale: country.locale,
      address: makeAddress(r, country, first_name, last_name, phone),
    }
  }

  /** A fresh lower-case address on a reserved example domain. */
  email(first: string, last: string): string {
    const r = this.r
    const f = slug(first)
    const l = slug(last)
    const local = r.weighted<string>([
      [`${f}.${l}`, 35],
      [`${f}${l}`, 15],
      [`${f[0]}${l}`, 12],
      [`${f}.${l}${r.int(1, 99)}`, 15],
      [`${f}_${l}`, 8],
      [`${f}${r.int(70, 99)}`, 4],
      [`${f}.${l}.${r.int(1990, 2006)}`, 4],
      [`${l}.${f}`, 7],
    ])
    const domain = r.weighted(EMAIL_DOMAINS)
    let email = `${local}@${domain}`
    for (let n = 2; this.used.has(email); n++) {
      email = `${local}${n}@${domain}`
    }
    this.used.add(email)
    return email
  }

  private phone(country: CountryDef): string {
    const digits = Array.from({ length: 9 }, () => this.r.int(0, 9)).join("")
    return `${country.phone} ${digits.slice(0, 3)} ${digits.slice(3)}`
  }
}

/* ------------------------------------------------------------------- time */

/**
 * Days before the anchor, drawn so that recent days are up to twice as likely
 * as two years ago: the store has been growing.
 */
function growthDaysAgo(r: Prng, min: number, max: number): number {
  for (;;) {
    const d = r.float(min, max)
    const weight = 1 + (HISTORY_DAYS - Math.min(d, HISTORY_DAYS)) / HISTORY_DAYS
    if (r.next() * 2 < weight) {
      return d
    }
  }
}

/** A moment `days` before the anchor at a believable time of day (evenings are busy). */
function at(anchor: Date, days: number, r: Prng): Date {
  const day = new Date(anchor.getTime() - Math.floor(days) * DAY_MS)
  day.setUTCHours(0, 0, 0, 0)
  const hour = r.weighted<number>([
    [7, 2], [8, 3], [9, 4], [10, 5], [11, 5], [12, 6], [13, 6], [14, 5], [15, 5], [16, 5],
    [17, 6], [18, 7], [19, 9], [20, 10], [21, 9], [22, 6], [23, 3], [0, 2], [1, 1], [6, 1],
  ])
  const t = new Date(day.getTime() + hour * HOUR_MS + r.int(0, 3599) * 1000)
  // never in the future, never within the last 10 minutes
  const latest = anchor.getTime() - 10 * 60 * 1000
  return t.getTime() > latest ? new Date(latest - r.int(0, 3 * 3600) * 1000) : t
}

/* ------------------------------------------------------------------ orders */

type Shopper = {
  person: PersonPlan
  favourite: string
  size: string
  shoe: string
  basket: number
}

const CATEGORY_WEIGHTS: [string, number][] = [
  ["shoes", 22],
  ["t-shirts", 24],
  ["hoodies", 18],
  ["jackets", 8],
  ["accessories", 18],
  ["home", 10],
]

function shopper(r: Prng, person: PersonPlan, basket = 1): Shopper {
  return {
    person,
    favourite: r.weighted(CATEGORY_WEIGHTS),
    size: r.weighted<string>([["S", 15], ["M", 35], ["L", 35], ["XL", 15]]),
    shoe: r.weighted<string>([["39", 8], ["40", 14], ["41", 17], ["42", 20], ["43", 18], ["44", 14], ["45", 9]]),
    basket,
  }
}

function pickVariant(r: Prng, p: ProductDef, s: Shopper): VariantInfo {
  const variants = VARIANTS.get(p.handle)!
  const fits = variants.filter(
    (v) =>
      (v.combo.Size === undefined || v.combo.Size === s.size || v.combo.Size === s.shoe || r.chance(0.08)) &&
      (p.category !== "shoes" || v.combo.Size === s.shoe || r.chance(0.05))
  )
  return r.pick(fits.length ? fits : variants)
}

function pickLines(r: Prng, s: Shopper, when: Date, daysAgo: number, currency: "eur" | "usd"): LinePlan[] {
  const count = Math.min(
    4,
    r.weighted<number>([[1, 55], [2, 28], [3, 12], [4, 5]]) + (s.basket > 1 && r.chance(0.3) ? 1 : 0)
  )
  const month = when.getUTCMonth()
  const eligible = PRODUCTS.filter((p) => p.launched_days_ago >= daysAgo)
  const chosen = new Set<string>()
  const lines: LinePlan[] = []
  for (let i = 0; i < count * 3 && lines.length < count; i++) {
    const p = r.weighted(
      eligible.map((p) => {
        let w = p.popularity
        if (p.season?.includes(month)) {
          w *= 2.2
        } else if (p.season) {
          w *= 0.6
        }
        if (p.category === s.favourite) {
          w *= 3
        }
        if (p.launched_days_ago < 90) {
          w *= 1.8
        }
        return [p, w] as const
      })
    )
    if (chosen.has(p.handle)) {
      continue
    }
    chosen.add(p.handle)
    const v = pickVariant(r, p, s)
    const multi = p.category === "home" || p.handle === "crew-socks-3"
    lines.push({
      sku: v.sku,
      handle: p.handle,
      variant_title: v.title,
      quantity: r.weighted<number>(multi ? [[1, 70], [2, 24], [3, 6]] : [[1, 88], [2, 10], [3, 2]]),
      unit_price: currency === "eur" ? p.eur : p.usd,
    })
  }
  return lines
}

function planOrder(r: Prng, anchor: Date, s: Shopper, daysAgo: number): Omit<OrderPlan, "ref"> {
  const country = s.person.country_code
  const region = REGION_BY_COUNTRY.get(country)!
  const created_at = at(anchor, daysAgo, r)
  const age = (anchor.getTime() - created_at.getTime()) / DAY_MS
  const items = pickLines(r, s, created_at, age, region.currency_code)
  const shipping = r.chance(0.15) ? SHIPPING_OPTIONS[1] : SHIPPING_OPTIONS[0]
  const shipping_amount = region.currency_code === "eur" ? shipping.eur : shipping.usd
  let status: OrderStatusPlan = "completed"
  if (r.chance(0.04)) {
    status = "canceled"
  } else if (age < 2 ? r.chance(0.8) : age < 7 ? r.chance(0.3) : false) {
    status = "pending"
  }
  const canceled_at =
    status === "canceled"
      ? new Date(Math.min(created_at.getTime() + r.int(1, 48) * HOUR_MS, anchor.getTime() - 60_000))
      : null
  const tax = TAX_RATES[country] ?? null
  const lineTotal = items.reduce((sum, i) => sum + i.unit_price * i.quantity, 0)
  const inclusive = region.is_tax_inclusive
  const total = inclusive || !tax ? lineTotal + shipping_amount : (lineTotal + shipping_amount) * (1 + tax.rate / 100)
  // a gift now and then ships somewhere else in the same country
  const home = COUNTRIES.find((c) => c.code === country)!
  const address = r.chance(0.08)
    ? makeAddress(r, home, r.pick(home.names.first), s.person.last_name, null)
    : s.person.address
  return {
    email: s.person.email,
    region: region.name,
    currency_code: region.currency_code,
    is_tax_inclusive: inclusive,
    tax,
    created_at,
    status,
    canceled_at,
    shipping_code: shipping.code,
    shipping_name: shipping.name,
    shipping_amount,
    address,
    items,
    total,
  }
}

/** Order dates (days ago) for one buyer with `n` orders. */
function buyerHistory(r: Prng, archetype: Archetype, n: number): number[] {
  if (n === 0) {
    return []
  }
  if (n === 1) {
    return [growthDaysAgo(r, 0.2, HISTORY_DAYS)]
  }
  const committed = archetype === "loyal" || archetype === "vip"
  const state = r.weighted<"active" | "lapsed" | "churned">(
    committed
      ? [["active", 75], ["lapsed", 20], ["churned", 5]]
      : [["active", 52], ["lapsed", 35], ["churned", 13]]
  )
  const last =
    state === "active"
      ? Math.min(170, 0.2 + r.exponential(committed ? 14 : archetype === "regular" ? 35 : 55))
      : state === "lapsed"
        ? r.float(183, 545)
        : r.float(550, 690)
  const gap = { occasional: 120, regular: 70, loyal: 38, vip: 18, one_time: 0, browser: 0, guest: 90 }[archetype]
  const span = Math.min(HISTORY_DAYS - 1 - last, (n - 1) * gap * r.float(0.6, 1.4))
  const first = last + span
  const days = [first, last]
  for (let i = 2; i < n; i++) {
    days.push(r.float(last, first))
  }
  return days.sort((a, b) => b - a)
}

/* -------------------------------------------------------------------- plan */

export function buildPlan(seed: Prng, anchor: Date, sizes: PlanSizes = DEFAULT_SIZES): SeedPlan {
  const people = new People(seed.fork("people"))
  const r = seed.fork("behaviour")
  const customers: CustomerPlan[] = []
  const unsorted: Omit<OrderPlan, "ref">[] = []

  for (let i = 0; i < sizes.registered; i++) {
    const person = people.make()
    const archetype = r.weighted<Archetype>([
      ["browser", 9],
      ["one_time", 33],
      ["occasional", 24],
      ["regular", 19],
      ["loyal", 11],
      ["vip", 4],
    ])
    const n = {
      browser: 0,
      one_time: 1,
      occasional: r.int(2, 3),
      regular: r.int(4, 10),
      loyal: r.int(11, 22),
      vip: r.int(23, 40),
      guest: 1,
    }[archetype]
    const s = shopper(r, person, archetype === "vip" || archetype === "loyal" ? 2 : 1)
    const history = buyerHistory(r, archetype, n)
    const planned = history.map((d) => planOrder(r, anchor, s, d))
    unsorted.push(...planned)
    const firstDays = history.length ? history[0] : growthDaysAgo(r, 1, HISTORY_DAYS)
    // the account is opened at (or a little before) the first purchase
    const created_at = at(anchor, Math.min(HISTORY_DAYS + 30, firstDays + (r.chance(0.5) ? 0 : r.int(1, 30))), r)
    const firstOrder = planned.length ? planned[0].created_at : null
    customers.push({
      ...person,
      has_account: true,
      archetype,
      created_at: firstOrder && created_at > firstOrder ? new Date(firstOrder.getTime() - 60_000) : created_at,
    })
  }

  // Guest checkouts: Medusa keeps a customer row without an account for them.
  for (let i = 0; i < sizes.guests; i++) {
    const person = people.make()
    const s = shopper(r, person)
    const n = r.weighted<number>([[1, 80], [2, 15], [3, 5]])
    const firstDays = growthDaysAgo(r, 0.2, HISTORY_DAYS)
    const days = [firstDays]
    for (let k = 1; k < n; k++) {
      const next = days[k - 1] - r.float(10, 200)
      if (next > 0.2) {
        days.push(next)
      }
    }
    const planned = days.map((d) => planOrder(r, anchor, s, d))
    unsorted.push(...planned)
    customers.push({
      ...person,
      has_account: false,
      archetype: "guest",
      created_at: new Date(planned[0].created_at.getTime() - 60_000),
    })
  }

  // Refs follow time, so display ids grow with created_at like in a real store.
  const orders: OrderPlan[] = unsorted
    .sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.email.localeCompare(b.email))
    .map((o, i) => ({ ref: `demo-order-${String(i + 1).padStart(5, "0")}`, ...o }))

  const carts = planCarts(seed.fork("carts"), anchor, customers, sizes)
  const newsletter = planNewsletter(seed.fork("newsletter"), people, anchor, sizes.newsletter)
  return { anchor, customers, orders, carts, newsletter }
}

function planCarts(r: Prng, anchor: Date, customers: CustomerPlan[], sizes: PlanSizes): CartPlan[] {
  const carts: CartPlan[] = []
  const registered = customers.filter((c) => c.has_account && c.archetype !== "browser")
  const guests = customers.filter((c) => !c.has_account)
  const taken = new Set<string>()
  const total = sizes.abandoned_carts + sizes.anonymous_carts
  for (let i = 0; i < total; i++) {
    const abandoned = i < sizes.abandoned_carts
    let person: PersonPlan
    let email: string | null = null
    if (abandoned) {
      const pool = r.chance(0.65) ? registered : guests
      let c = r.pick(pool)
      while (taken.has(c.email)) {
        c = r.pick(pool)
      }
      taken.add(c.email)
      person = c
      email = c.email
    } else {
      person = new People(r.fork(`anon:${i}`)).make()
    }
    const region = REGION_BY_COUNTRY.get(person.country_code)!
    const updated_at = abandoned
      ? new Date(anchor.getTime() - r.float(1, 72) * HOUR_MS)
      : new Date(anchor.getTime() - r.float(1, 240) * HOUR_MS)
    const created_at = new Date(updated_at.getTime() - r.float(0.05, abandoned ? 48 : 4) * HOUR_MS)
    const age = (anchor.getTime() - created_at.getTime()) / DAY_MS
    carts.push({
      ref: `demo-cart-${String(i + 1).padStart(3, "0")}`,
      email,
      region: region.name,
      currency_code: region.currency_code,
      address: abandoned && r.chance(0.7) ? person.address : null,
      items: pickLines(r, shopper(r, person), created_at, age, region.currency_code),
      created_at,
      updated_at,
    })
  }
  return carts
}

function planNewsletter(r: Prng, people: People, anchor: Date, count: number): NewsletterPlan[] {
  const out: NewsletterPlan[] = []
  for (let i = 0; i < count; i++) {
    const p = people.make()
    const named = r.chance(0.7)
    const created_at = at(anchor, growthDaysAgo(r, 0.5, HISTORY_DAYS), r)
    const status = r.weighted<NewsletterPlan["status"]>([["subscribed", 88], ["pending", 8], ["unsubscribed", 4]])
    const confirmed = new Date(Math.min(created_at.getTime() + r.int(2, 180) * 60_000, anchor.getTime() - 60_000))
    out.push({
      email: p.email,
      first_name: named ? p.first_name : null,
      last_name: named ? p.last_name : null,
      country_code: p.country_code,
      locale: p.locale,
      status,
      created_at,
      confirmation_sent_at: created_at,
      subscribed_at: status === "pending" ? null : confirmed,
      unsubscribed_at:
        status === "unsubscribed"
          ? new Date(confirmed.getTime() + (anchor.getTime() - confirmed.getTime()) * r.float(0.1, 0.9))
          : null,
    })
  }
  return out
}
