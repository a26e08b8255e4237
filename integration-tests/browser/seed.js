"use strict"
/**
 * Test data for the browser scenarios, created through the admin API the
 * same way the admin UI would (bearer token from POST /auth/user/emailpass).
 */

const BULK = 30

function api(baseUrl, token) {
  return async function call(method, path, body, { expect = [200, 201] } = {}) {
    let res
    try {
      res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          "content-type": "application/json",
          accept: "application/json",
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(60_000),
      })
    } catch (e) {
      const cause = e.cause ? ` (${e.cause.code || e.cause.message || e.cause})` : ""
      throw new Error(`${method} ${path} failed: ${e.message}${cause}`)
    }
    const text = await res.text()
    let json
    try {
      json = text ? JSON.parse(text) : {}
    } catch {
      json = { raw: text }
    }
    if (!expect.includes(res.status)) {
      throw new Error(`${method} ${path} -> ${res.status}: ${text.slice(0, 400)}`)
    }
    return json
  }
}

async function login(baseUrl, admin) {
  const { token } = await api(baseUrl)("POST", "/auth/user/emailpass", admin)
  if (!token) throw new Error("POST /auth/user/emailpass returned no token")
  return token
}

async function poll(fn, { timeoutMs = 30_000, what }) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 300))
  }
}

async function seed({ baseUrl, admin, log = console.log }) {
  const token = await login(baseUrl, admin)
  const call = api(baseUrl, token)
  const warnings = []
  /** Seeding steps only some scenarios need: a failure is reported, not fatal. */
  const soft = async (what, fn) => {
    try {
      return await fn()
    } catch (e) {
      warnings.push(`${what}: ${e.message}`)
      log(`seed warning, ${what}: ${e.message.split("\n")[0].slice(0, 300)}`)
    }
  }

  // the module may ship a default "newsletter" topic: reuse what exists
  const topics = {}
  const existing = (await call("GET", "/admin/marketing/topics")).topics ?? []
  for (const t of [
    { handle: "newsletter", name: "Newsletter", description: "The monthly letter", is_default: true },
    { handle: "offers", name: "Offers", description: "Sales and discount codes" },
  ]) {
    const found = existing.find((e) => e.handle === t.handle)
    topics[t.handle] = found
      ? (await call("POST", `/admin/marketing/topics/${found.id}`, { name: t.name })).topic
      : (await call("POST", "/admin/marketing/topics", t)).topic
  }

  const contacts = {}
  const add = async (key, body) => {
    contacts[key] = (await call("POST", "/admin/marketing/contacts", body)).contact
  }
  await add("ada", {
    email: "ada@example.com",
    first_name: "Ada",
    last_name: "Lovelace",
    country_code: "gb",
    subscribe: true,
    consent_source: "Spring fair sign-up sheet",
    topics: ["newsletter", "offers"],
  })
  await add("grace", { email: "grace@example.com", first_name: "Grace", last_name: "Hopper" })
  await add("alan", {
    email: "alan@example.com",
    first_name: "Alan",
    last_name: "Turing",
    subscribe: true,
    consent_source: "Checkout checkbox",
    topics: ["newsletter"],
  })
  await add("edsger", {
    email: "edsger@example.com",
    first_name: "Edsger",
    last_name: "Dijkstra",
    subscribe: true,
    consent_source: "Phone order",
  })
  await add("erase", {
    email: "forget.me@example.com",
    first_name: "Forget",
    last_name: "Me",
    subscribe: true,
    consent_source: "Pop-up form",
  })
  await soft("unsubscribe alan", () =>
    call("POST", `/admin/marketing/contacts/${contacts.alan.id}/unsubscribe`, {})
  )

  // enough contacts for a second page, through the import API
  const csv = ["email,first_name", ...Array.from({ length: BULK }, (_, i) => `bulk${String(i + 1).padStart(2, "0")}@example.org,Bulk${i + 1}`)].join("\n")
  const imported = await call("POST", "/admin/marketing/contacts/import", {
    csv,
    filename: "bulk.csv",
    subscribe: false,
  })
  if (imported.import?.created_count !== BULK) {
    throw new Error(`bulk import created ${imported.import?.created_count} contacts, expected ${BULK}`)
  }

  // customers: the customer.created subscriber gives each a linked contact
  const customers = {}
  for (const [key, body] of Object.entries({
    linked: { email: "linus@example.com", first_name: "Linus", last_name: "Torvalds" },
    unlinked: { email: "margaret@example.com", first_name: "Margaret", last_name: "Hamilton" },
  })) {
    customers[key] = (await call("POST", "/admin/customers", body)).customer
  }
  const contactOf = (customerId) =>
    poll(
      async () =>
        (await call("GET", `/admin/marketing/contacts?customer_id=${customerId}&limit=1`)).contacts?.[0],
      { what: `the contact of customer ${customerId}` }
    )
  contacts.linus = await contactOf(customers.linked.id)
  await call("POST", `/admin/marketing/contacts/${contacts.linus.id}`, { topics: { newsletter: true } })
  // the second customer keeps no contact: the widget shows its empty state
  await soft("delete the second customer's contact", async () => {
    const margaret = await contactOf(customers.unlinked.id)
    await call("DELETE", `/admin/marketing/contacts/${margaret.id}`)
  })

  const suppressions = {}
  suppressions.bounce = await soft("suppress bounced@example.net", async () =>
    (
      await call("POST", "/admin/marketing/suppressions", {
        email: "bounced@example.net",
        reason: "hard_bounce",
        note: "550 mailbox unavailable",
      })
    ).suppression
  )

  const catalog = await soft("catalog and orders for the segment scenarios", () =>
    seedOrders(call, contacts)
  )

  return { token, topics, contacts, customers, suppressions, catalog, bulkCount: BULK, warnings }
}

/**
 * Two categories with a product each, and orders (draft orders converted, as
 * an admin taking a phone order would) for contacts that already exist, so
 * the contact total stays as the contact scenarios expect: edsger buys
 * running shoes twice, grace buys socks once. Each order reaches the
 * contact's facts through order.placed; we wait until the segment preview
 * sees them.
 */
async function seedOrders(call, contacts) {
  const store = (await call("GET", "/admin/stores?fields=id,default_sales_channel_id")).stores[0]
  const salesChannel = store.default_sales_channel_id
  const { region } = await call("POST", "/admin/regions", {
    name: "Europe",
    currency_code: "eur",
    countries: ["de", "fr"],
  })
  const category = async (name) =>
    (await call("POST", "/admin/product-categories", { name, is_active: true })).product_category
  const categories = { running: await category("Running shoes"), accessories: await category("Accessories") }
  const product = async (title, cat, amount) =>
    (
      await call("POST", "/admin/products", {
        title,
        status: "published",
        categories: [{ id: cat.id }],
        sales_channels: [{ id: salesChannel }],
        options: [{ title: "Size", values: ["One size"] }],
        variants: [
          {
            title: "One size",
            manage_inventory: false,
            options: { Size: "One size" },
            prices: [{ currency_code: "eur", amount }],
          },
        ],
      })
    ).product
  const products = {
    runner: await product("Trail Runner", categories.running, 120),
    socks: await product("Merino Socks", categories.accessories, 15),
  }
  const order = async (email, p) => {
    const { draft_order } = await call("POST", "/admin/draft-orders", {
      email,
      region_id: region.id,
      sales_channel_id: salesChannel,
      items: [{ variant_id: p.variants[0].id, quantity: 1 }],
    })
    return (await call("POST", `/admin/draft-orders/${draft_order.id}/convert-to-order`, {})).order
  }
  const orders = [
    await order(contacts.edsger.email, products.runner),
    await order(contacts.edsger.email, products.runner),
    await order(contacts.grace.email, products.socks),
  ]
  for (const [email, n] of [
    [contacts.edsger.email, 2],
    [contacts.grace.email, 1],
  ]) {
    await poll(
      async () =>
        (
          await call("POST", "/admin/marketing/segments/preview", {
            rules: {
              all: [
                { field: "email", operator: "eq", value: email },
                { field: "orders_count", operator: "gte", value: n },
              ],
            },
            limit: 0,
          })
        ).count === 1,
      { what: `${n} orders on ${email}'s contact` }
    )
  }
  return { region, categories, products, orders }
}

module.exports = { seed, api, login }
