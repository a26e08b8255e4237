"use strict"
/**
 * Browser scenarios for the Marketing admin pages. They run in order in one
 * page (the first logs in); each gets { page, baseUrl, data, shot, admin }
 * and throws on failure. `shot(suffix)` saves an extra screenshot; one is
 * always taken at the end of a scenario.
 */
const assert = require("node:assert/strict")
const { api } = require("./seed")

/* -------------------------------- helpers ------------------------------- */

const visible = (locator, timeout) => locator.first().waitFor({ state: "visible", timeout })
const gone = (locator, timeout) => locator.first().waitFor({ state: "hidden", timeout })
const text = (scope, t, opts = {}) => scope.getByText(t, { exact: opts.exact ?? false })

/** Waits until the contacts table shows `n` total results. */
const resultCount = (page, n) => visible(page.getByText(new RegExp(`of ${n} results`)))

/** The filter (funnel) button in the DataTable toolbar next to a search box. */
const filterButton = (page, searchPlaceholder) =>
  page
    .locator(`input[placeholder="${searchPlaceholder}"]`)
    .locator("xpath=ancestor::div[contains(@class,'justify-between')][1]")
    .locator("button")
    .first()

/**
 * Adds a DataTable filter through the toolbar's filter menu and picks one
 * option. The value picker opens while the filter settles; a click that
 * lands too early is retried (only while the URL shows it did not apply).
 */
async function pickFilter(page, { search, filter, option, param, value }) {
  await filterButton(page, search).click()
  await page.getByRole("menuitem", { name: filter }).click()
  await page.waitForURL((u) => u.searchParams.has(param))
  // multiselect options are buttons, radio options list items
  const button = page
    .getByRole("button", { name: option, exact: true })
    .or(page.getByRole("listitem").filter({ hasText: new RegExp(`^${option}$`) }))
    .first()
  await visible(button)
  const applied = (u) => (new URL(u).searchParams.get(param) || "").includes(value)
  for (let attempt = 0; attempt < 5 && !applied(page.url()); attempt++) {
    await page.waitForTimeout(300)
    await button.click()
    await page.waitForURL((u) => applied(u.href), { timeout: 3_000 }).catch(() => {})
  }
  assert.ok(applied(page.url()), `filter ${filter} = ${option} did not apply`)
  await page.keyboard.press("Escape")
}

/** Total contacts, from the API: scenarios compare against it instead of fixed numbers. */
const contactTotal = async (baseUrl, token) =>
  (await api(baseUrl, token)("GET", "/admin/marketing/contacts?limit=1")).count

const toast = (page, t) => visible(page.locator("[data-sonner-toast]").filter({ hasText: t }))

const tableRow = (page, t) => page.locator("tbody tr").filter({ hasText: t })

async function confirmPrompt(page, confirmText, verification) {
  const dialog = page.getByRole("alertdialog")
  await visible(dialog)
  if (verification) {
    await dialog.locator("input").fill(verification)
  }
  await dialog.getByRole("button", { name: confirmText, exact: true }).click()
  await gone(dialog)
}

/* ------------------------------- scenarios ------------------------------ */

const scenarios = [
  {
    name: "login",
    always: true,
    async run({ page, admin }) {
      await page.goto("/app/login", { timeout: 180_000, waitUntil: "domcontentloaded" })
      await visible(page.locator('input[name="email"]'), 180_000)
      await page.locator('input[name="email"]').fill(admin.email)
      await page.locator('input[name="password"]').fill(admin.password)
      await page.locator('button[type="submit"]').click()
      await page.waitForURL((u) => !u.pathname.startsWith("/app/login"), { timeout: 60_000 })
      await visible(page.getByRole("link", { name: "Marketing" }), 60_000)
    },
  },

  {
    name: "contacts list via the sidebar",
    async run({ page }) {
      await page.getByRole("link", { name: "Marketing" }).first().click()
      await page.waitForURL("**/app/marketing/contacts")
      await visible(page.getByRole("heading", { name: "Contacts" }))
      // nested sidebar entries under Marketing
      await visible(page.getByRole("link", { name: "Topics" }))
      await visible(page.getByRole("link", { name: "Suppressions" }))
      // 5 named + 30 imported + 1 customer's contact, 20 per page, newest first
      await resultCount(page, 36)
      await visible(text(page, "1 of 2 pages"))
      const linus = tableRow(page, "linus@example.com")
      await visible(linus.getByText("Linus Torvalds"))
      await visible(linus.getByText("Linked"))
      assert.equal(await page.locator("tbody tr").count(), 20)
      await page.getByRole("button", { name: "Next", exact: true }).click()
      await visible(text(page, "2 of 2 pages"))
      assert.match(page.url(), /page=1/)
      await visible(tableRow(page, "ada@example.com").getByText("Subscribed"))
      await visible(tableRow(page, "grace@example.com").getByText("Pending"))
      await visible(tableRow(page, "alan@example.com").getByText("Unsubscribed"))
      assert.equal(await page.locator("tbody tr").count(), 16)
      await page.getByRole("button", { name: "Prev", exact: true }).click()
      await visible(text(page, "1 of 2 pages"))
    },
  },

  {
    name: "search and filter contacts",
    async run({ page, data, shot }) {
      await page.goto("/app/marketing/contacts")
      const search = page.locator('input[placeholder="Search email or name"]')
      await search.fill("lovelace")
      await resultCount(page, 1)
      await visible(tableRow(page, "ada@example.com"))
      assert.match(page.url(), /q=lovelace/)
      await shot("-search")
      await search.fill("")
      await resultCount(page, 36)

      // Status filter through the filter menu
      await pickFilter(page, {
        search: "Search email or name",
        filter: "Status",
        option: "Subscribed",
        param: "status",
        value: "subscribed",
      })
      await resultCount(page, 3) // ada, edsger, forget.me
      await gone(tableRow(page, "alan@example.com"))
      await shot("-status")

      // Topic filter on top of it, straight from the URL (the table keeps its state there)
      await page.goto(`/app/marketing/contacts?status=${encodeURIComponent('["subscribed"]')}`)
      await resultCount(page, 3)
      await pickFilter(page, {
        search: "Search email or name",
        filter: "Topic",
        option: "Offers",
        param: "topic_id",
        value: data.topics.offers.id,
      })
      await resultCount(page, 1)
      await visible(tableRow(page, "ada@example.com"))

      // Source filter
      await page.goto(`/app/marketing/contacts?source=${encodeURIComponent('["import"]')}`)
      await resultCount(page, 30)
      await visible(tableRow(page, "bulk01@example.org"))
    },
  },

  {
    name: "contact detail with consent history",
    async run({ page, data }) {
      await page.goto("/app/marketing/contacts?q=ada")
      await tableRow(page, "ada@example.com").click()
      await page.waitForURL(`**/app/marketing/contacts/${data.contacts.ada.id}`)
      await visible(page.getByRole("heading", { name: "ada@example.com" }))
      await visible(page.getByTestId("contact-status").filter({ hasText: "Subscribed" }))
      const profile = page.getByTestId("contact-profile")
      await visible(profile.getByText("Lovelace"))
      await visible(profile.getByText("GB"))
      const history = page.getByTestId("consent-history")
      await visible(history.locator("tbody tr").first())
      await visible(history.getByText("Spring fair sign-up sheet"))
      await visible(history.getByText("Granted"))
      // topics with switches reflect the contact's choices
      const topics = page.getByTestId("contact-topics")
      assert.equal(await topics.getByTestId("contact-topic-newsletter").getAttribute("data-state"), "checked")
      assert.equal(await topics.getByTestId("contact-topic-offers").getAttribute("data-state"), "checked")
      // no linked customer
      await visible(page.getByTestId("contact-customer").getByText("Not linked to a customer"))
      await history.evaluate((el) => el.scrollIntoView({ block: "end" }))
    },
  },

  {
    name: "edit a contact profile",
    async run({ page, data }) {
      await page.goto(`/app/marketing/contacts/${data.contacts.grace.id}`)
      const profile = page.getByTestId("contact-profile")
      await profile.getByRole("button", { name: "Edit" }).click()
      const drawer = page.getByRole("dialog")
      await visible(drawer.getByText("Edit profile"))
      assert.equal(await drawer.locator("#edit-contact-first_name").inputValue(), "Grace")
      await drawer.locator("#edit-contact-phone").fill("+1 555 0100")
      await drawer.locator("#edit-contact-country_code").fill("US")
      await drawer.locator("#edit-contact-timezone").fill("America/New_York")
      await drawer.getByRole("button", { name: "Save" }).click()
      await toast(page, "Contact updated")
      await gone(drawer)
      await visible(profile.getByText("+1 555 0100"))
      await visible(profile.getByText("America/New_York"))
      await visible(profile.getByText("US", { exact: true }))
    },
  },

  {
    name: "toggle a topic and unsubscribe",
    async run({ page, baseUrl, data, shot }) {
      await page.goto(`/app/marketing/contacts/${data.contacts.ada.id}`)
      const offers = page.getByTestId("contact-topic-offers")
      await visible(offers)
      await offers.click()
      await toast(page, "Unsubscribed from Offers")
      await page.waitForFunction(
        () => document.querySelector('[data-testid="contact-topic-offers"]')?.getAttribute("data-state") === "unchecked"
      )
      const call = api(baseUrl, data.token)
      const { contact } = await call("GET", `/admin/marketing/contacts/${data.contacts.ada.id}`)
      const offersState = contact.topics.find((t) => t.topic.handle === "offers")
      assert.equal(offersState?.subscribed, false, "offers should be off after the toggle")
      await shot("-topic")

      await page.getByRole("button", { name: "Unsubscribe", exact: true }).click()
      await confirmPrompt(page, "Unsubscribe")
      await toast(page, "unsubscribed")
      await visible(page.getByTestId("contact-status").filter({ hasText: "Unsubscribed" }))
      await visible(page.getByTestId("consent-history").getByText("Withdrawn"))
    },
  },

  {
    name: "download consent proof",
    async run({ page, data }) {
      await page.goto(`/app/marketing/contacts/${data.contacts.edsger.id}`)
      await visible(page.getByRole("heading", { name: "edsger@example.com" }))
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Consent proof" }).click(),
      ])
      const body = await streamToString(await download.createReadStream())
      const json = JSON.parse(body)
      assert.match(JSON.stringify(json), /Phone order/, "the proof names the consent source")
      assert.match(download.suggestedFilename(), /\.json$/)
    },
  },

  {
    name: "add a contact",
    async run({ page, baseUrl, data, shot }) {
      const before = await contactTotal(baseUrl, data.token)
      await page.goto("/app/marketing/contacts")
      await page.getByRole("button", { name: "Add contact" }).click()
      const modal = page.getByRole("dialog")
      await visible(modal.getByRole("heading", { name: "Add contact" }))
      await modal.locator("#contact-email").fill("katherine@example.com")
      await modal.locator("#contact-first_name").fill("Katherine")
      await modal.locator("#contact-last_name").fill("Johnson")
      await modal.locator("#contact-subscribe").click()
      // consent source is required when subscribing
      await modal.getByTestId("add-contact-submit").click()
      await visible(modal.getByText("Say where this person gave consent"))
      await modal.locator("#contact-consent-source").fill("Met at the trade show, business card")
      await modal.locator("#add-contact-topic-newsletter").click()
      await shot("-form")
      await modal.getByTestId("add-contact-submit").click()
      await toast(page, "katherine@example.com added")
      await gone(modal)
      await resultCount(page, before + 1)
      await visible(tableRow(page, "katherine@example.com"))

      const call = api(baseUrl, data.token)
      const { contacts } = await call("GET", "/admin/marketing/contacts?q=katherine")
      assert.equal(contacts.length, 1)
      const { contact } = await call("GET", `/admin/marketing/contacts/${contacts[0].id}`)
      assert.equal(contact.first_name, "Katherine")
      assert.ok(
        contact.topics.some((t) => t.topic.handle === "newsletter" && t.subscribed),
        "newsletter topic granted"
      )
      const { consent_events } = await call("GET", `/admin/marketing/contacts/${contact.id}/consent`)
      assert.ok(consent_events.some((e) => e.source === "Met at the trade show, business card"))
    },
  },

  {
    name: "import a CSV with column mapping",
    async run({ page, baseUrl, data, shot }) {
      const before = await contactTotal(baseUrl, data.token)
      await page.goto("/app/marketing/contacts")
      await page.getByRole("button", { name: "Import CSV" }).click()
      const modal = page.getByRole("dialog")
      await visible(modal.getByRole("heading", { name: "Import contacts" }))
      // "Given" is no alias the server knows: the user maps it by hand
      const csv = [
        "E-mail Address;Given;Surname;Lists",
        "hedy@example.com;Hedy;Lamarr;newsletter",
        "barbara@example.com;Barbara;Liskov;newsletter|offers",
        "not-an-email;Bad;Row;",
        "HEDY@example.com;Hedy;Again;",
        "ada@example.com;Ada;Lovelace;",
        ";Nobody;Here;",
      ].join("\n")
      await modal.getByTestId("import-file-input").setInputFiles({
        name: "fair-2025.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv, "utf8"),
      })
      await visible(modal.getByTestId("mapping-row-email"), 30_000)
      await visible(modal.getByText("fair-2025.csv"))
      // guessed by the server
      await visible(modal.getByTestId("mapping-select-email").getByText("E-mail Address"))
      await visible(modal.getByTestId("mapping-select-last_name").getByText("Surname"))
      // mapped by hand
      await modal.getByTestId("mapping-select-first_name").click()
      await page.getByRole("option", { name: "Given" }).click()
      await visible(modal.getByTestId("mapping-select-first_name").getByText("Given"))
      await visible(modal.getByTestId("mapping-row-first_name").getByText("Hedy"))
      await shot("-columns")

      await modal.getByTestId("import-subscribe-yes").click()
      await modal.getByTestId("import-submit").click()
      await visible(modal.getByText("Say where these people gave consent"))
      await modal.locator("#import-consent-source").fill("Spring fair 2025 sign-up sheet")
      await modal.locator("#import-topic-offers").click()
      await shot("-mapping")
      await modal.getByTestId("import-submit").click()

      const report = modal.getByTestId("import-report")
      await visible(report, 60_000)
      const stat = async (id) => Number((await report.getByTestId(id).locator("p, span").last().innerText()).replace(/\D/g, ""))
      assert.equal(await stat("import-total"), 6)
      assert.equal(await stat("import-created"), 2, "hedy and barbara created")
      assert.equal(await stat("import-updated"), 1, "ada updated")
      assert.equal(await stat("import-duplicates"), 1, "HEDY@ is a duplicate")
      assert.equal(await stat("import-invalid"), 2, "bad address and missing email")
      const invalid = report.getByTestId("import-invalid-rows")
      await visible(invalid.getByText("invalid email"))
      await visible(invalid.getByText("missing email"))
      await visible(invalid.locator("tr").filter({ hasText: "not-an-email" }).getByText("4", { exact: true }))
      await shot("-report")
      await modal.getByRole("button", { name: "Done" }).click()
      await gone(modal)
      await resultCount(page, before + 2)

      const call = api(baseUrl, data.token)
      const { contacts } = await call("GET", "/admin/marketing/contacts?q=barbara")
      assert.equal(contacts[0]?.first_name, "Barbara", "first name came from the hand-mapped column")
      assert.equal(contacts[0]?.status, "subscribed")
    },
  },

  {
    name: "export contacts as CSV",
    async run({ page }) {
      await page.goto(`/app/marketing/contacts?status=${encodeURIComponent('["unsubscribed"]')}`)
      await visible(tableRow(page, "alan@example.com"))
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export CSV" }).click(),
      ])
      const csv = await streamToString(await download.createReadStream())
      assert.match(download.suggestedFilename(), /\.csv$/)
      assert.match(csv, /alan@example\.com/)
      assert.doesNotMatch(csv, /edsger@example\.com/, "the export follows the list's filters")
    },
  },

  {
    name: "topics: create, edit, delete",
    async run({ page, shot }) {
      await page.getByRole("link", { name: "Topics" }).first().click()
      await page.waitForURL("**/app/marketing/topics")
      await visible(page.getByRole("heading", { name: "Topics" }))
      await visible(tableRow(page, "newsletter"))
      await page.getByRole("button", { name: "Create topic" }).click()
      const drawer = page.getByRole("dialog")
      await drawer.locator("#topic-name").fill("Product news")
      assert.equal(await drawer.locator("#topic-handle").inputValue(), "product-news")
      await drawer.locator("#topic-description").fill("New arrivals and restocks")
      await drawer.locator("#topic-is-public").click() // hidden from the preference centre
      await shot("-form")
      await drawer.getByTestId("topic-submit").click()
      await toast(page, "Topic Product news created")
      await gone(drawer)
      const row = tableRow(page, "product-news")
      await visible(row)
      await visible(row.getByText("Hidden"))
      await visible(row.getByText("0", { exact: true }))
      // subscriber counts
      await visible(tableRow(page, "newsletter").locator("td").filter({ hasText: /^\d+$/ }))

      // edit it through the row action menu
      await row.getByRole("button").last().click()
      await page.getByRole("menuitem", { name: "Edit" }).click()
      await visible(drawer.getByText("Edit topic"))
      await drawer.locator("#topic-name").fill("Product updates")
      assert.equal(await drawer.locator("#topic-handle").inputValue(), "product-news", "editing keeps the handle")
      await drawer.getByTestId("topic-submit").click()
      await toast(page, "Topic Product updates updated")
      await visible(tableRow(page, "Product updates"))
      await shot("-list")

      // and delete it
      await tableRow(page, "product-news").getByRole("button").last().click()
      await page.getByRole("menuitem", { name: "Delete" }).click()
      await confirmPrompt(page, "Delete")
      await toast(page, "deleted")
      await gone(tableRow(page, "product-news"))
    },
  },

  {
    name: "suppressions: add, filter, remove",
    async run({ page, shot }) {
      await page.getByRole("link", { name: "Suppressions" }).first().click()
      await page.waitForURL("**/app/marketing/suppressions")
      await visible(page.getByRole("heading", { name: "Suppressions" }))
      await visible(tableRow(page, "bounced@example.net").getByText("Hard bounce"))

      await page.getByRole("button", { name: "Add suppression" }).click()
      const drawer = page.getByRole("dialog")
      await drawer.locator("#suppression-email").fill("no-thanks@example.com")
      await drawer.locator("#suppression-note").fill("Asked by phone never to be emailed")
      await drawer.getByTestId("suppression-submit").click()
      await toast(page, "no-thanks@example.com suppressed")
      await gone(drawer)
      const row = tableRow(page, "no-thanks@example.com")
      await visible(row.getByText("Manual"))
      await visible(row.getByText("Asked by phone"))

      // reason filter
      await pickFilter(page, {
        search: "Search email",
        filter: "Reason",
        option: "Manual",
        param: "reason",
        value: "manual",
      })
      await gone(tableRow(page, "bounced@example.net"))
      await visible(row)
      await shot("-filtered")

      // search
      await page.goto("/app/marketing/suppressions?q=bounced")
      await visible(tableRow(page, "bounced@example.net"))
      await gone(tableRow(page, "no-thanks@example.com"))

      // remove
      await page.goto("/app/marketing/suppressions")
      await tableRow(page, "no-thanks@example.com").getByRole("button").last().click()
      await page.getByRole("menuitem", { name: "Remove" }).click()
      await confirmPrompt(page, "Remove")
      await toast(page, "removed")
      await gone(tableRow(page, "no-thanks@example.com"))
    },
  },

  {
    name: "customer page widget",
    async run({ page, data, shot }) {
      await page.goto(`/app/customers/${data.customers.linked.id}`)
      const widget = page.getByTestId("customer-marketing-widget")
      await visible(widget, 30_000)
      await widget.evaluate((el) => el.scrollIntoView({ block: "end" }))
      await visible(widget.getByTestId("contact-status"))
      await visible(widget.getByTestId("customer-marketing-topics").getByText("Newsletter"))
      await shot("-linked")
      await widget.getByTestId("customer-marketing-contact-link").click()
      await page.waitForURL(`**/app/marketing/contacts/${data.contacts.linus.id}`)
      await visible(page.getByRole("heading", { name: "linus@example.com" }))
      const customer = page.getByTestId("contact-customer")
      await visible(customer.getByText("Linus Torvalds"))
      await visible(customer.getByText("Guest"))
      // and back through the contact's customer link
      await page.getByTestId("contact-customer-link").click()
      await page.waitForURL(`**/app/customers/${data.customers.linked.id}`)

      await page.goto(`/app/customers/${data.customers.unlinked.id}`)
      const empty = page.getByTestId("customer-marketing-empty")
      await visible(empty, 30_000)
      await empty.evaluate((el) => el.scrollIntoView({ block: "end" }))
      await visible(empty.getByText("No marketing contact"))
    },
  },

  {
    name: "GDPR erase with confirmation",
    async run({ page, baseUrl, data }) {
      await page.goto(`/app/marketing/contacts/${data.contacts.erase.id}`)
      await visible(page.getByRole("heading", { name: "forget.me@example.com" }))
      await page.getByRole("button", { name: "Erase", exact: true }).click()
      const dialog = page.getByRole("alertdialog")
      await visible(dialog)
      // the confirm button stays disabled until the address is typed
      assert.equal(await dialog.getByRole("button", { name: "Erase", exact: true }).isDisabled(), true)
      await confirmPrompt(page, "Erase", "forget.me@example.com")
      await toast(page, "Personal data erased")
      await page.waitForURL("**/app/marketing/contacts")
      const call = api(baseUrl, data.token)
      const { contacts } = await call("GET", "/admin/marketing/contacts?q=forget.me")
      assert.equal(contacts.length, 0, "the erased contact no longer shows")
      await page.goto("/app/marketing/suppressions?reason=" + encodeURIComponent('["erased"]'))
      await visible(page.locator("tbody tr").first())
    },
  },
  // last: it gives every customer a contact again, which earlier scenarios rely on not having
  {
    name: "sync customers",
    async run({ page, data }) {
      await page.goto("/app/marketing/contacts")
      await page.getByRole("button", { name: "Sync customers" }).click()
      await confirmPrompt(page, "Sync")
      await toast(page, "Synced")
      await page.goto(`/app/customers/${data.customers.unlinked.id}`)
      const widget = page.getByTestId("customer-marketing-widget")
      await visible(widget.getByTestId("contact-status"), 30_000)
      await widget.evaluate((el) => el.scrollIntoView({ block: "end" }))
    },
  },
]

async function streamToString(stream) {
  const chunks = []
  for await (const c of stream) chunks.push(Buffer.from(c))
  return Buffer.concat(chunks).toString("utf8")
}

module.exports = { scenarios }
