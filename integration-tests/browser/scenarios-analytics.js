"use strict"
/**
 * Browser scenarios for analytics: a campaign's report, the dashboard, a
 * contact's email activity and an order's attribution.
 *
 * Everything the pages show is made for real: contacts, a segment, a
 * template and an A/B campaign through the admin API; the send goes to the
 * outbox; the winner is picked; then recipients "read" their email by
 * fetching the real open pixel (GET /marketing/o/<token>.gif) and following
 * the real click redirect (GET /marketing/c/<token>), with tokens from
 * src/lib/tracking/tokens.ts's signTrackingToken (compiled with swc, nothing
 * re-implemented) checked against the links in the mailed .eml. Some hits are
 * made by "machines" (Apple Mail Privacy Protection's bare agent, a mail
 * security scanner) so the human and raw numbers differ. Finally one reader
 * orders (a draft order converted, as the seed does), and order.placed
 * credits the order to the campaign.
 *
 * They run after the other scenario files in the same logged-in page and
 * need nothing from them but the seed's region and product.
 */
const assert = require("node:assert/strict")
const fs = require("node:fs")
const Module = require("node:module")
const path = require("node:path")
const { api } = require("./seed")

const ROOT = path.resolve(__dirname, "..", "..")
const OUTBOX = path.join(ROOT, "test-artifacts", "browser", "outbox")

/* -------------------------------- helpers ------------------------------- */

const visible = (locator, timeout) => locator.first().waitFor({ state: "visible", timeout })
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

async function poll(fn, { timeoutMs = 30_000, what, every = 300 }) {
  const deadline = Date.now() + timeoutMs
  let last
  for (;;) {
    last = await fn()
    if (last && last.ok !== false) return last
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last && last.why ? `: ${last.why}` : ""}`)
    }
    await sleep(every)
  }
}

/** Loads a TypeScript module of this repo (compiled by swc, the compiler the app itself uses). */
function requireTs(file) {
  const { transformSync } = require("@swc/core")
  const { code } = transformSync(fs.readFileSync(file, "utf8"), {
    filename: file,
    module: { type: "commonjs" },
    jsc: { parser: { syntax: "typescript" }, target: "es2021" },
    sourceMaps: false,
  })
  const m = new Module(file, module)
  m.filename = file
  m.paths = Module._nodeModulePaths(path.dirname(file))
  m._compile(code, file)
  return m.exports
}

const { signTrackingToken } = requireTs(path.join(ROOT, "src", "lib", "tracking", "tokens.ts"))

/**
 * The secret the app signs tracking links with: run.js passes its own
 * environment on, and medusa-config.ts takes MARKETING_SECRET, else
 * COOKIE_SECRET, else its development default. The mailed links are checked
 * against the tokens made with it, so a wrong guess fails loudly.
 */
const SECRET = process.env.MARKETING_SECRET || process.env.COOKIE_SECRET || "supersecret"

/** A desktop browser: neither a bot agent nor Apple's privacy proxy. */
const DESKTOP_UA =
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
/** Apple Mail Privacy Protection fetches images with exactly this agent. */
const MPP_UA = "Mozilla/5.0"
/** A mail security gateway following every link of an incoming message. */
const SCANNER_UA = "Mozilla/5.0 (compatible; Barracuda Sentinel link protection)"

const hit = (url, ua) =>
  fetch(url, { headers: { "user-agent": ua }, redirect: "manual", signal: AbortSignal.timeout(20_000) })

/** The .eml the outbox provider wrote for a message (its file name carries the message id). */
async function mailedHtml(messageId) {
  const { simpleParser } = require("mailparser")
  const file = await poll(
    async () => {
      const f = fs.existsSync(OUTBOX) ? fs.readdirSync(OUTBOX).find((n) => n.includes(messageId)) : null
      return f ? path.join(OUTBOX, f) : null
    },
    { what: `the outbox file of ${messageId}` }
  )
  const mail = await simpleParser(fs.readFileSync(file))
  return mail.html || ""
}

const NAMES = {
  template: "Analytics test letter",
  segment: "Analytics readers",
  campaign: "Autumn analytics sale",
}
const READERS = 10
const en = (opts) => new Intl.NumberFormat("en-GB", opts)
const pct = (fraction) => en({ style: "percent", maximumFractionDigits: 1 }).format(fraction)
const money = (amount, currency) => en({ style: "currency", currency: currency.toUpperCase() }).format(Number(amount))

/**
 * The campaign every scenario below looks at, made once:
 * READERS subscribed contacts in a static segment, a template from the
 * "newsletter" starter, an A/B campaign (subjects A and B, half the audience
 * in the test) sent at once, variant B picked by hand so the rest gets B.
 * Then, through the public tracking endpoints:
 *  - three B readers open the email in a desktop browser (human opens);
 *  - the first two of them click the email's first link (human clicks);
 *  - a security scanner follows the same link in the third one's email (machine click);
 *  - Apple's privacy proxy fetches the pixel of a fourth reader's email (machine open);
 * and the first clicker orders, which order.placed credits to the campaign.
 */
async function analyticsFixtures({ baseUrl, data, log = () => {} }) {
  if (data.analytics) return data.analytics
  const call = api(baseUrl, data.token)
  assert.ok(
    data.catalog?.region && data.catalog?.products?.runner,
    `the seed made no region/product for orders (seed warnings: ${(data.warnings || []).join("; ") || "none"})`
  )

  const { starters } = await call("GET", "/admin/marketing/templates/starters")
  const starter = starters.find((s) => s.handle === "newsletter") ?? starters[0]
  const { template } = await call("POST", "/admin/marketing/templates", {
    name: NAMES.template,
    description: "Made by the analytics browser scenarios",
    subject: starter.subject,
    preheader: starter.preheader,
    document: starter.document,
    starter_handle: starter.handle,
  })

  const emails = Array.from({ length: READERS }, (_, i) => `fan${String(i + 1).padStart(2, "0")}@analytics.test`)
  await call("POST", "/admin/marketing/contacts/import", {
    csv: ["email,first_name", ...emails.map((e, i) => `${e},Fan${i + 1}`)].join("\n"),
    filename: "fans.csv",
    subscribe: true,
    consent_source: "Analytics scenario sign-up sheet",
  })
  const { contacts } = await call("GET", "/admin/marketing/contacts?q=analytics.test&limit=100")
  assert.equal(contacts.length, READERS, `expected ${READERS} imported contacts, got ${contacts.length}`)
  const { segment } = await call("POST", "/admin/marketing/segments", {
    name: NAMES.segment,
    description: "Readers for the analytics scenarios",
    type: "static",
  })
  await call("POST", `/admin/marketing/segments/${segment.id}/contacts`, { add: contacts.map((c) => c.id) })

  const { campaign } = await call("POST", "/admin/marketing/campaigns", {
    name: NAMES.campaign,
    subject: "Autumn is here",
    template_id: template.id,
    include_segment_ids: [segment.id],
    frequency_cap_hours: 0,
    ab_test: {
      variants: [{ subject: "Autumn is here" }, { subject: "Autumn is here: 20% off everything" }],
      test_fraction: 0.5,
      metric: "click_rate",
      wait_hours: 24,
      auto_pick: false,
    },
  })
  await call("POST", `/admin/marketing/campaigns/${campaign.id}/send`, {})

  const progress = async () => (await call("GET", `/admin/marketing/campaigns/${campaign.id}`)).campaign
  // the test group goes out; the rest waits for the winner
  const waiting = await poll(
    async () => {
      const c = await progress()
      const p = c.progress
      return p && p.total === READERS && p.queued === 0 && p.sending === 0 && c.status === "sending"
        ? c
        : { ok: false, why: `status ${c.status}, progress ${JSON.stringify(p)}` }
    },
    { what: "the A/B test group to be sent", timeoutMs: 60_000 }
  )
  assert.ok(
    waiting.progress.held > 0,
    `the hash split put all ${READERS} readers in the test group (1 in 1024): nothing waits for a winner; run again`
  )
  await call("POST", `/admin/marketing/campaigns/${campaign.id}/pick-winner`, { variant: 1 })
  await poll(
    async () => {
      const c = await progress()
      return c.status === "sent" ? c : { ok: false, why: `status ${c.status}` }
    },
    { what: "the campaign to finish after the pick", timeoutMs: 60_000 }
  )

  const { messages } = await call("GET", `/admin/marketing/campaigns/${campaign.id}/messages?limit=100`)
  assert.equal(messages.length, READERS)
  for (const m of messages) assert.equal(m.status, "sent", `${m.email} is ${m.status}`)
  const byEmail = (a, b) => a.email.localeCompare(b.email)
  const bReaders = messages.filter((m) => m.variant === 1).sort(byEmail)
  const others = messages.filter((m) => !bReaders.slice(0, 3).includes(m)).sort(byEmail)
  assert.ok(bReaders.length >= 3, `only ${bReaders.length} readers got variant B`)
  const [clicker1, clicker2, scanned] = bReaders
  const proxied = others.find((m) => m.variant === 0) ?? others[0]

  // the email's first tracked link of variant B (links are numbered across the variants)
  const before = (await call("GET", `/admin/marketing/campaigns/${campaign.id}/report`)).report
  const link = before.links.filter((l) => l.variant === 1).sort((a, b) => a.position - b.position)[0]
  assert.ok(link, `variant B's email has no tracked link: ${JSON.stringify(before.links)}`)

  const openUrl = (m) => `${baseUrl}/marketing/o/${signTrackingToken({ kind: "open", message_id: m.id }, SECRET)}.gif`
  const clickUrl = (m) =>
    `${baseUrl}/marketing/c/${signTrackingToken(
      { kind: "click", message_id: m.id, source_id: campaign.id, link: link.position },
      SECRET
    )}`

  // what the reader got in the mail carries exactly these links
  const html = await mailedHtml(clicker1.id)
  assert.ok(
    html.includes(openUrl(clicker1)),
    `the mailed email has no open pixel ${openUrl(clicker1)}: the scenario signs with another secret than the app`
  )
  assert.ok(html.includes(clickUrl(clicker1)), `the mailed email has no tracked link ${clickUrl(clicker1)}`)

  // machines, right away: Apple's proxy fetches an image, a scanner follows a link
  const mpp = await hit(openUrl(proxied), MPP_UA)
  assert.equal(mpp.status, 200, `open pixel answered ${mpp.status}`)
  assert.equal(mpp.headers.get("content-type"), "image/gif")
  const scan = await hit(clickUrl(scanned), SCANNER_UA)
  assert.equal(scan.status, 302, `click redirect answered ${scan.status}`)
  assert.equal(scan.headers.get("location"), link.url)

  // people read later: a click within 10 s of sending is taken for a scanner's
  const lastSent = Math.max(...messages.map((m) => new Date(m.sent_at).getTime()))
  const wait = lastSent + 11_000 - Date.now()
  if (wait > 0) {
    log(`waiting ${(wait / 1000).toFixed(1)} s so the reads are not taken for a scanner's`)
    await sleep(wait)
  }
  for (const m of [clicker1, clicker2, scanned]) {
    const res = await hit(openUrl(m), DESKTOP_UA)
    assert.equal(res.status, 200)
  }
  for (const m of [clicker1, clicker2]) {
    const res = await hit(clickUrl(m), DESKTOP_UA)
    assert.equal(res.status, 302)
    assert.equal(res.headers.get("location"), link.url)
  }

  // hits are written in batches: wait until the report has them all
  const report = await poll(
    async () => {
      const r = (await call("GET", `/admin/marketing/campaigns/${campaign.id}/report`)).report
      const t = r.totals
      return t.opens === 4 && t.clicks === 3 ? r : { ok: false, why: `opens ${t.opens}, clicks ${t.clicks}` }
    },
    { what: "4 opens and 3 clicks in the report" }
  )
  const t = report.totals
  assert.equal(t.sent, READERS)
  assert.equal(t.unique_human_opens, 3, "three people opened (the proxy's fetch is not one)")
  assert.equal(t.unique_human_clicks, 2, "two people clicked (the scanner is not one)")
  assert.equal(t.human_clicks, 2)

  // the first clicker orders: order.placed credits the campaign
  const store = (await call("GET", "/admin/stores?fields=id,default_sales_channel_id")).stores[0]
  const { draft_order } = await call("POST", "/admin/draft-orders", {
    email: clicker1.email,
    region_id: data.catalog.region.id,
    sales_channel_id: store.default_sales_channel_id,
    items: [{ variant_id: data.catalog.products.runner.variants[0].id, quantity: 1 }],
  })
  const { order } = await call("POST", `/admin/draft-orders/${draft_order.id}/convert-to-order`, {})
  const attribution = await poll(
    async () => (await call("GET", `/admin/marketing/attributions?order_id=${order.id}`)).attributions[0],
    { what: `the attribution of order ${order.id}` }
  )
  assert.equal(attribution.campaign_id, campaign.id)
  assert.equal(attribution.variant, 1)
  assert.equal(attribution.touch, "click")

  const contactOf = (m) => contacts.find((c) => c.email === m.email)
  data.analytics = {
    call,
    campaign,
    link,
    order,
    attribution,
    clicker1: { message: clicker1, contact: contactOf(clicker1) },
    scanned: { message: scanned, contact: contactOf(scanned) },
    proxied: { message: proxied, contact: contactOf(proxied) },
  }
  return data.analytics
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** An element whose data-testid is `testId` shows `text`: exactly (numbers), or within its text. */
const hasText = (page, testId, text, { exact = true } = {}) =>
  visible(
    page
      .getByTestId(testId)
      .filter({ hasText: exact ? new RegExp(`^\\s*${escapeRegExp(text)}\\s*$`) : text })
  )

/* ------------------------------- scenarios ------------------------------ */

const scenarios = [
  {
    name: "analytics: tracked opens and clicks fill the campaign report",
    async run({ page, baseUrl, data, shot }) {
      const fx = await analyticsFixtures({ baseUrl, data, log: (m) => console.log(`[analytics] ${m}`) })
      const { report } = await fx.call("GET", `/admin/marketing/campaigns/${fx.campaign.id}/report`)
      const t = report.totals
      assert.equal(t.orders, 1)

      // the campaign page shows the headline numbers and leads to the report
      await page.goto(`/app/marketing/campaigns/${fx.campaign.id}`)
      await hasText(page, "campaign-report-summary", `Open rate ${pct(0.3)} · Click rate ${pct(0.2)} · 1 order`, {
        exact: false,
      })
      await page.getByTestId("campaign-view-report").click()
      await page.waitForURL(`**/app/marketing/campaigns/${fx.campaign.id}/report`)
      await visible(page.getByTestId("campaign-report-header").getByRole("heading", { name: NAMES.campaign }))

      // the funnel: people, with the raw numbers (machines included) beside them
      const funnel = page.getByTestId("campaign-funnel")
      await hasText(page, "campaign-funnel-recipients-value", String(READERS))
      await hasText(page, "campaign-funnel-delivered-value", String(READERS))
      await hasText(page, "campaign-funnel-opened-value", "3")
      await hasText(page, "campaign-funnel-opened-raw", `(${t.unique_opens} raw)`)
      await hasText(page, "campaign-funnel-clicked-value", "2")
      await hasText(page, "campaign-funnel-clicked-raw", `(${t.unique_clicks} raw)`)
      await hasText(page, "campaign-funnel-ordered-value", "1")
      assert.ok(t.unique_opens > 3 && t.unique_clicks === 3, `raw uniques ${t.unique_opens}/${t.unique_clicks}`)
      await visible(funnel.getByText("security-scanner clicks", { exact: false }))

      // rates of the 10 sent (no delivery reports in the test app)
      await hasText(page, "campaign-report-open-rate", pct(0.3), { exact: false })
      await hasText(page, "campaign-report-click-rate", pct(0.2), { exact: false })
      await hasText(page, "campaign-report-ctor", pct(2 / 3), { exact: false })
      await hasText(page, "campaign-report-revenue", money(fx.attribution.revenue, fx.attribution.currency_code), {
        exact: false,
      })

      // variants: A and B, B marked the winner, each with the API's numbers
      const rows = page.getByTestId("campaign-report-variant")
      await visible(rows)
      assert.equal(await rows.count(), 2)
      const b = rows.filter({ has: page.locator('[data-testid="campaign-report-winner"]') })
      assert.equal(await b.count(), 1, "one winner badge")
      assert.equal(await b.getAttribute("data-variant"), "B")
      for (const v of report.variants) {
        const row = page.locator(`[data-testid="campaign-report-variant"][data-variant="${v.label}"]`)
        await visible(row.getByTestId("campaign-report-variant-open-rate").filter({ hasText: pct(v.open_rate) }))
        await visible(row.getByTestId("campaign-report-variant-click-rate").filter({ hasText: pct(v.click_rate) }))
      }
      assert.equal(report.variants[1].unique_human_clicks, 2, "both clickers got B")

      // the link map: the clicked link with 2 human clicks by 2 people, 3 raw
      const linkRow = page.locator(`[data-testid="campaign-report-link"][data-position="${fx.link.position}"]`)
      await visible(linkRow.getByTestId("campaign-report-link-url").filter({ hasText: fx.link.url }))
      await visible(linkRow.getByTestId("campaign-report-link-human-clicks").filter({ hasText: /^2\s*\(3 raw\)$/ }))
      await visible(linkRow.getByTestId("campaign-report-link-unique").filter({ hasText: /^2$/ }))
      await visible(linkRow.getByText("100%"))
      await shot("-report")
      await page.getByTestId("campaign-report-variants").scrollIntoViewIfNeeded()
      await page.getByTestId("campaign-report-links").scrollIntoViewIfNeeded()
      await shot("-variants-and-links")

      // opens and clicks over time, by hour then by day
      const timeline = page.getByTestId("campaign-report-timeline")
      await visible(timeline.locator('[data-interval="hour"] svg.recharts-surface'))
      await page.getByTestId("campaign-report-interval-day").click()
      await visible(timeline.locator('[data-interval="day"][data-loading="false"] svg.recharts-surface'))
      await timeline.scrollIntoViewIfNeeded()
      await shot("-timeline-by-day")

      // the CSV export downloads a file with a row per variant
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByTestId("campaign-report-export").click(),
      ])
      const csv = fs.readFileSync(await download.path(), "utf8")
      assert.match(download.suggestedFilename(), /\.csv$/)
      const csvLines = csv.split(/\r?\n/)
      assert.ok(csvLines[0].startsWith("variant,label,recipients,"), `the export's header: ${csvLines[0]}`)
      assert.ok(csvLines.some((l) => l.startsWith(`1,B,${report.variants[1].recipients},`)), "a row for variant B")
      assert.ok(csv.includes(fx.link.url), "the export has the link map")
      await page.evaluate(() => window.scrollTo(0, 0))
    },
  },

  {
    name: "analytics: the dashboard shows the period's numbers",
    async run({ page, baseUrl, data, shot }) {
      const fx = await analyticsFixtures({ baseUrl, data })
      const { overview } = await fx.call("GET", "/admin/marketing/analytics/overview")

      await page.goto("/app/marketing/contacts")
      await page.getByRole("link", { name: "Analytics" }).first().click()
      await page.waitForURL("**/app/marketing/analytics")
      await visible(page.getByRole("heading", { name: "Analytics" }))

      // the KPIs are the API's numbers, formatted (every campaign of the run is in the period)
      const tot = overview.totals
      assert.ok(tot.messages_sent >= READERS, `sent ${tot.messages_sent}`)
      assert.equal(overview.currency, fx.attribution.currency_code, "the period's main currency is the order's")
      await hasText(page, "analytics-kpi-sent-value", en().format(tot.messages_sent))
      await hasText(page, "analytics-kpi-orders-value", en().format(tot.orders))
      await hasText(page, "analytics-kpi-revenue-value", money(tot.revenue, overview.currency))
      await hasText(page, "analytics-kpi-open-rate-value", pct(tot.unique_human_opens / tot.messages_sent))
      await hasText(page, "analytics-kpi-click-rate-value", pct(tot.unique_human_clicks / tot.messages_sent))
      await hasText(page, "analytics-kpi-subscribers-value", en().format(tot.new_subscribers))
      assert.ok(tot.new_subscribers >= READERS, `new subscribers ${tot.new_subscribers}`)
      assert.ok(Number(tot.campaign_revenue) >= Number(fx.attribution.revenue))

      // the charts are drawn; the top campaigns list ours with its rates and links to its report
      await visible(page.getByTestId("analytics-revenue-chart").locator("svg.recharts-surface"))
      await visible(page.getByTestId("analytics-engagement-chart").locator("svg.recharts-surface"))
      await visible(page.getByTestId("analytics-growth-chart").locator("svg.recharts-surface"))
      const row = page.locator(`[data-testid="analytics-top-campaign"][data-campaign-id="${fx.campaign.id}"]`)
      await visible(row.getByTestId("analytics-top-campaign-open-rate").filter({ hasText: pct(0.3) }))
      await visible(row.getByTestId("analytics-top-campaign-click-rate").filter({ hasText: pct(0.2) }))
      await visible(row.getByText(money(fx.attribution.revenue, fx.attribution.currency_code)))
      await shot("-dashboard")
      await page.getByTestId("analytics-top-campaigns").scrollIntoViewIfNeeded()
      await shot("-growth-and-top-campaigns")

      // the CSV export: one row per day of the period
      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("analytics-export").click()])
      const lines = fs.readFileSync(await download.path(), "utf8").trim().split(/\r?\n/)
      assert.ok(lines[0].startsWith("day,"), `the export's header: ${lines[0]}`)
      assert.ok(lines.length - 1 >= 30, `the export has ${lines.length - 1} days for the last 30 days`)

      // 7 days: the same numbers (all of them are from today), fewer days on the axis
      await page.getByTestId("analytics-period").click()
      await page.getByRole("option", { name: "Last 7 days" }).click()
      await visible(page.locator('[data-testid="analytics-charts"][data-refreshing="false"]'))
      await hasText(page, "analytics-kpi-sent-value", en().format(tot.messages_sent))

      // the report is one click away
      await row.getByRole("link", { name: NAMES.campaign }).click()
      await page.waitForURL(`**/app/marketing/campaigns/${fx.campaign.id}/report`)
      await visible(page.getByTestId("campaign-funnel"))
    },
  },

  {
    name: "analytics: contact activity and order attribution",
    async run({ page, baseUrl, data, shot }) {
      const fx = await analyticsFixtures({ baseUrl, data })

      // a reader who opened and clicked: both, with the link, no machine badge
      await page.goto(`/app/marketing/contacts/${fx.clicker1.contact.id}`)
      const activity = page.getByTestId("contact-activity")
      await visible(activity)
      const click = activity.locator('[data-testid="contact-activity-event"][data-type="click"]')
      await visible(click.getByTestId("contact-activity-link").filter({ hasText: fx.link.url }))
      await visible(click.getByTestId("contact-activity-campaign").filter({ hasText: NAMES.campaign }))
      assert.equal(await click.getAttribute("data-bot"), "false")
      await visible(activity.locator('[data-testid="contact-activity-event"][data-type="open"][data-bot="false"]'))
      assert.equal(await activity.getByTestId("contact-activity-machine").count(), 0)
      await activity.scrollIntoViewIfNeeded()
      await shot("-human")

      // the scanned reader: a human open, and the scanner's click with its badge and reason
      await page.goto(`/app/marketing/contacts/${fx.scanned.contact.id}`)
      const scanned = page.getByTestId("contact-activity")
      const botClick = scanned.locator('[data-testid="contact-activity-event"][data-type="click"][data-bot="true"]')
      await visible(botClick.getByTestId("contact-activity-machine").filter({ hasText: "Mail security scanner" }))
      await visible(scanned.locator('[data-testid="contact-activity-event"][data-type="open"][data-bot="false"]'))

      // Apple's proxy: a machine open
      await page.goto(`/app/marketing/contacts/${fx.proxied.contact.id}`)
      const proxied = page.getByTestId("contact-activity")
      await visible(
        proxied
          .locator('[data-testid="contact-activity-event"][data-type="open"][data-bot="true"]')
          .getByTestId("contact-activity-machine")
          .filter({ hasText: "Apple Mail Privacy Protection" })
      )
      await proxied.scrollIntoViewIfNeeded()
      await shot("-machine")

      // the order the first clicker placed: credited to the campaign, variant B
      await page.goto(`/app/orders/${fx.order.id}`)
      const widget = page.getByTestId("order-attribution-widget")
      await visible(widget, 30_000)
      await visible(widget.getByTestId("order-attribution-summary").filter({ hasText: `Attributed to campaign ${NAMES.campaign} (variant B), last click` }))
      await hasText(page, "order-attribution-revenue", money(fx.attribution.revenue, fx.attribution.currency_code))
      await widget.scrollIntoViewIfNeeded()
      await shot("-order")

      // an order no email earned says so
      const other = data.catalog.orders[0]
      await page.goto(`/app/orders/${other.id}`)
      await visible(page.getByTestId("order-attribution-none").getByText("No email attribution"), 30_000)
    },
  },
]

module.exports = { scenarios }
