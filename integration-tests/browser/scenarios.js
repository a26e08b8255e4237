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


/* ------------------------------- segments ------------------------------- */

/** What the API counts for `rules` right now: the number the page must show. */
const apiPreviewCount = async (call, rules) =>
  (await call("POST", "/admin/marketing/segments/preview", { rules, limit: 0 })).count

/** Waits until the builder's live count shows exactly `n`. */
const previewShows = (page, n) =>
  visible(page.locator(`[data-testid="segment-preview-count"][data-count="${n}"]`), 15_000)

/** Picks an option of a select (field, operator, value, group match). */
async function choose(page, trigger, option) {
  await trigger.click()
  await page.getByRole("option", { name: option, exact: true }).click()
}

/** The root group's own "Add condition / Add group" buttons (not a nested group's). */
const rootActions = (modal) =>
  modal.getByTestId("segment-root-group").locator(":scope > [data-testid=group-actions]")

/** A segments list row by the segment's exact name ("Repeat buyers" is not "Loyal repeat buyers"). */
const segmentRow = (page, name) => page.locator("tbody tr").filter({ has: page.getByText(name, { exact: true }) })

const segmentIdFromUrl = (page) => new URL(page.url()).pathname.split("/").pop()

/** A segment by exact name through the API, or null. */
const findSegment = async (call, name) =>
  (await call("GET", `/admin/marketing/segments?q=${encodeURIComponent(name)}&limit=50`)).segments.find(
    (s) => s.name === name
  ) ?? null

const needOrders = (data) =>
  assert.ok(data.catalog, `the seed's catalog and orders are missing: ${(data.warnings ?? []).join("; ")}`)

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
    name: "segments: built-in segments with their counts",
    async run({ page, baseUrl, data, shot }) {
      needOrders(data)
      const call = api(baseUrl, data.token)
      // Segments sits under Marketing in the sidebar, after Contacts
      await page.getByRole("link", { name: "Marketing" }).first().click()
      await page.waitForURL("**/app/marketing/contacts")
      await page.getByRole("link", { name: "Segments" }).first().click()
      await page.waitForURL("**/app/marketing/segments")
      await visible(page.getByRole("heading", { name: "Segments" }))
      const all = await call("GET", "/admin/marketing/segments?limit=1")
      await resultCount(page, all.count)
      const { segments: builtIns } = await call("GET", "/admin/marketing/segments?is_built_in=true&limit=100")
      assert.ok(builtIns.length >= 10, `expected the built-in segments, got ${builtIns.length}`)
      const shown = await page.locator("tbody tr").count()
      for (const s of builtIns.slice(0, shown)) {
        const row = segmentRow(page, s.name)
        await visible(row.getByTestId("segment-built-in"))
        // never counted (the hourly refresh has not run on this fresh store) says so, not "0"
        assert.equal(
          await row.getByTestId("segment-member-count").innerText(),
          s.count_computed_at ? s.member_count.toLocaleString("en-GB") : "Not counted yet",
          `member count of ${s.name}`
        )
      }
      // search
      const search = page.locator('input[placeholder="Search segments"]')
      await search.fill("RFM")
      await resultCount(page, (await call("GET", "/admin/marketing/segments?q=RFM&limit=1")).count)
      await visible(segmentRow(page, "RFM: Champions"))
      await search.fill("")
      await resultCount(page, all.count)

      // a built-in's page: read-only rules, a refresh that counts what the API counts
      const repeat = builtIns.find((s) => s.handle === "repeat-buyers")
      assert.ok(repeat, "the repeat-buyers built-in exists")
      await segmentRow(page, "Repeat buyers").click()
      await page.waitForURL(`**/app/marketing/segments/${repeat.id}`)
      await visible(page.getByRole("heading", { name: "Repeat buyers" }))
      await visible(page.getByTestId("segment-rules-summary").getByText("Number of orders"))
      assert.equal(await page.getByRole("button", { name: "Edit", exact: true }).count(), 0, "built-ins cannot be edited")
      await page.getByRole("button", { name: "Refresh", exact: true }).click()
      await toast(page, "entered")
      const expected = await apiPreviewCount(call, repeat.rules)
      assert.ok(expected >= 1, "edsger's two seeded orders make a repeat buyer")
      const { segment } = await call("GET", `/admin/marketing/segments/${repeat.id}`)
      assert.equal(segment.member_count, expected)
      await visible(page.getByTestId("segment-stat-members").getByText(expected.toLocaleString("en-GB"), { exact: true }))
      await resultCount(page, expected)
      await visible(tableRow(page, "edsger@example.com"))
      await shot("-built-in")
      // and the list shows the new count
      await page.getByRole("link", { name: "Segments" }).first().click()
      await page.waitForURL("**/app/marketing/segments")
      await visible(
        segmentRow(page, "Repeat buyers")
          .getByTestId("segment-member-count")
          .getByText(expected.toLocaleString("en-GB"), { exact: true })
      )
      await segmentRow(page, "Repeat buyers").click()
      await page.waitForURL(`**/app/marketing/segments/${repeat.id}`)

      // duplicate it into an editable copy
      await page.getByRole("button", { name: "Duplicate" }).first().click()
      const modal = page.getByRole("dialog")
      await visible(modal.getByRole("heading", { name: "Duplicate segment" }))
      assert.equal(await modal.locator("#segment-name").inputValue(), "Repeat buyers (copy)")
      await visible(modal.getByTestId("segment-condition").getByTestId("condition-field").getByText("Number of orders"))
      await previewShows(page, expected)
      await modal.locator("#segment-name").fill("Loyal repeat buyers")
      await modal.getByTestId("segment-submit").click()
      await toast(page, "Segment Loyal repeat buyers created")
      await page.waitForURL((u) => /\/segments\/mseg_/.test(u.pathname) && !u.pathname.endsWith(repeat.id))
      await visible(page.getByRole("heading", { name: "Loyal repeat buyers" }))
      await visible(page.getByRole("button", { name: "Edit", exact: true }))
      const copy = (await call("GET", `/admin/marketing/segments/${segmentIdFromUrl(page)}`)).segment
      assert.equal(copy.is_built_in, false)
      assert.deepEqual(copy.rules, repeat.rules)
      assert.equal(copy.member_count, expected)
    },
  },

  {
    name: "segments: build a dynamic segment with nested groups",
    async run({ page, baseUrl, data, shot }) {
      needOrders(data)
      const call = api(baseUrl, data.token)
      await page.goto("/app/marketing/segments")
      await page.getByRole("button", { name: "Create segment" }).click()
      const modal = page.getByRole("dialog")
      await visible(modal.getByRole("heading", { name: "Create segment" }))
      await modal.locator("#segment-name").fill("Subscribed runners")
      await modal.locator("#segment-description").fill("Subscribers who bought running shoes or live in the UK")

      // one condition
      const subscribed = { field: "status", operator: "eq", value: "subscribed" }
      const first = modal.getByTestId("segment-condition").first()
      await choose(page, first.getByTestId("condition-field"), "Subscription status")
      await choose(page, first.getByTestId("condition-value"), "Subscribed")
      const n1 = await apiPreviewCount(call, { all: [subscribed] })
      await previewShows(page, n1)
      await shot("-one-condition")

      // a nested "any of" group: bought from a category (picked by name)...
      await rootActions(modal).getByTestId("add-group").click()
      const group = modal.getByTestId("segment-group").first()
      const inGroup = group.getByTestId("segment-condition")
      await choose(page, inGroup.first().getByTestId("condition-field"), "Purchased from category")
      await choose(page, inGroup.first().getByTestId("condition-operator"), "has purchased from any of")
      await inGroup.first().getByTestId("condition-value").click()
      await page.getByTestId("condition-value-search").fill("Running")
      await page.getByRole("option", { name: /Running shoes/ }).click()
      await page.keyboard.press("Escape")
      await visible(inGroup.first().getByTestId("segment-chip").filter({ hasText: "Running shoes" }))
      const category = { field: "purchased_category", operator: "in", value: [data.catalog.categories.running.id] }
      const n2 = await apiPreviewCount(call, { all: [subscribed, { any: [category] }] })
      assert.notEqual(n2, n1, "the category condition changes the count")
      await previewShows(page, n2)
      await visible(modal.getByTestId("segment-preview-table").getByText("edsger@example.com"))

      // ...or lives in the UK
      await group.getByTestId("add-condition").click()
      await choose(page, inGroup.nth(1).getByTestId("condition-field"), "Country")
      await inGroup.nth(1).getByTestId("condition-value").fill("gb")
      const country = { field: "country_code", operator: "eq", value: "gb" }
      const rules = { all: [subscribed, { any: [category, country] }] }
      await previewShows(page, await apiPreviewCount(call, rules))

      // "none of" negates the group; back to "any of"
      await choose(page, group.getByTestId("group-match"), "none of")
      await previewShows(page, await apiPreviewCount(call, { all: [subscribed, { not: { any: [category, country] } }] }))
      await choose(page, group.getByTestId("group-match"), "any of")
      const expected = await apiPreviewCount(call, rules)
      await previewShows(page, expected)
      await visible(modal.getByTestId("segment-preview-timing"))
      await shot("-builder")

      await modal.getByTestId("segment-submit").click()
      await toast(page, "Segment Subscribed runners created")
      await page.waitForURL(/\/app\/marketing\/segments\/mseg_/)
      const { segment } = await call("GET", `/admin/marketing/segments/${segmentIdFromUrl(page)}`)
      assert.deepEqual(segment.rules, rules)
      assert.equal(segment.type, "dynamic")
      assert.equal(segment.member_count, expected)

      // the detail page: count, rules in words (names, not ids), members
      await visible(page.getByRole("heading", { name: "Subscribed runners" }))
      await visible(page.getByTestId("segment-stat-members").getByText(expected.toLocaleString("en-GB"), { exact: true }))
      const summary = page.getByTestId("segment-rules-summary")
      await visible(summary.getByText("Running shoes"))
      await visible(summary.getByText("Purchased from category"))
      await resultCount(page, expected)
      const members = await call("GET", `/admin/marketing/segments/${segment.id}/contacts?limit=20`)
      for (const c of members.contacts) {
        await visible(tableRow(page, c.email))
      }
      await shot("-detail")
      await tableRow(page, "edsger@example.com").click()
      await page.waitForURL(`**/app/marketing/contacts/${data.contacts.edsger.id}`)
      await visible(page.getByRole("heading", { name: "edsger@example.com" }))
    },
  },

  {
    name: "segments: an invalid value shows the API's message",
    async run({ page, baseUrl, data, shot }) {
      const call = api(baseUrl, data.token)
      await page.goto("/app/marketing/segments")
      await page.getByRole("button", { name: "Create segment" }).click()
      const modal = page.getByRole("dialog")
      await modal.locator("#segment-name").fill("Scores out of range")
      // an unfinished condition is flagged, not saved
      await modal.getByTestId("segment-submit").click()
      await visible(modal.getByTestId("condition-unfinished"))

      const cond = modal.getByTestId("segment-condition").first()
      await choose(page, cond.getByTestId("condition-field"), "RFM recency")
      await cond.getByTestId("condition-value").fill("7")
      const bad = { all: [{ field: "rfm_recency", operator: "eq", value: 7 }] }
      const { message } = await call(
        "POST",
        "/admin/marketing/segments/preview",
        { rules: bad, limit: 0 },
        { expect: [400] }
      )
      assert.match(message, /must be at most 5/)
      await visible(modal.getByTestId("segment-preview-error").getByText(message))
      await visible(cond.getByTestId("condition-error").getByText("must be at most 5"))
      await shot("-error")

      // saving is refused with the same message, and the form stays
      await modal.getByTestId("segment-submit").click()
      await toast(page, "must be at most 5")
      await visible(modal.getByRole("heading", { name: "Create segment" }))
      assert.equal(await findSegment(call, "Scores out of range"), null)

      // a valid value clears it and counts again
      await cond.getByTestId("condition-value").fill("3")
      await previewShows(page, await apiPreviewCount(call, { all: [{ field: "rfm_recency", operator: "eq", value: 3 }] }))
      await gone(modal.getByTestId("condition-error"))
      await gone(modal.getByTestId("segment-preview-error"))
      await modal.getByRole("button", { name: "Cancel" }).click()
      await gone(modal)
    },
  },

  {
    name: "segments: a static list — add, import, remove, export",
    async run({ page, baseUrl, data, shot }) {
      const call = api(baseUrl, data.token)
      await page.goto("/app/marketing/segments")
      await page.getByRole("button", { name: "Create segment" }).click()
      const form = page.getByRole("dialog")
      await form.locator("#segment-name").fill("Trade show VIPs")
      await form.getByTestId("segment-type-static").click()
      await gone(form.getByTestId("segment-rule-builder"))
      await form.getByTestId("segment-submit").click()
      await toast(page, "Segment Trade show VIPs created")
      await page.waitForURL(/\/app\/marketing\/segments\/mseg_/)
      const id = segmentIdFromUrl(page)
      await visible(page.getByTestId("segment-type").filter({ hasText: "Static" }))
      await visible(page.getByText("No members"))

      // add a contact found by search
      await page.getByRole("button", { name: "Add contacts" }).click()
      const drawer = page.getByRole("dialog")
      await drawer.getByTestId("segment-add-search").fill("grace")
      await drawer.getByTestId("segment-add-results").getByText("grace@example.com").click()
      await drawer.getByTestId("segment-add-submit").click()
      await toast(page, "1 contact added")
      await gone(drawer)
      await visible(tableRow(page, "grace@example.com").getByText("Added by hand"))
      assert.equal((await call("GET", `/admin/marketing/segments/${id}/contacts`)).count, 1)

      // import a CSV: a member already, a known contact, a new address, a bad row
      await page.getByRole("button", { name: "Import CSV" }).click()
      const modal = page.getByRole("dialog")
      await visible(modal.getByRole("heading", { name: "Import contacts into Trade show VIPs" }))
      const newcomer = `vip.${Date.now().toString(36)}@example.com`
      const csv = [
        "email,note",
        "grace@example.com,already in",
        "linus@example.com,customer",
        `${newcomer},met at the stand`,
        "not-an-email,typo",
      ].join("\n")
      await modal.getByTestId("segment-import-file-input").setInputFiles({
        name: "vips.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(csv, "utf8"),
      })
      await visible(modal.getByTestId("segment-import-file").getByText("vips.csv"))
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url().includes(`/segments/${id}/import`) && r.request().method() === "POST"),
        modal.getByTestId("segment-import-submit").click(),
      ])
      const { import: report } = await response.json()
      assert.deepEqual(
        [report.rows, report.added, report.already_members, report.created_contacts],
        [4, 2, 1, 1],
        "rows, added (linus and the newcomer), already a member (grace), created (the newcomer)"
      )
      const stats = modal.getByTestId("segment-import-report")
      await visible(stats, 30_000)
      const stat = async (tid) =>
        Number((await stats.getByTestId(tid).locator("p, span").last().innerText()).replace(/\D/g, ""))
      assert.equal(await stat("segment-import-rows"), report.rows)
      assert.equal(await stat("segment-import-added"), report.added)
      assert.equal(await stat("segment-import-already"), report.already_members)
      assert.equal(await stat("segment-import-created"), report.created_contacts)
      assert.equal(await stat("segment-import-invalid"), report.invalid_count ?? report.invalid.length)
      await visible(stats.getByTestId("segment-import-invalid-rows").getByText("not-an-email"))
      await shot("-import")
      await modal.getByTestId("segment-import-done").click()
      await gone(modal)

      const members = await call("GET", `/admin/marketing/segments/${id}/contacts?limit=50`)
      assert.equal(members.count, 3)
      await resultCount(page, members.count)
      await visible(tableRow(page, newcomer).getByText("CSV import"))
      await visible(page.getByTestId("segment-stat-members").getByText(String(members.count), { exact: true }))
      const created = await call("GET", `/admin/marketing/contacts?q=${encodeURIComponent(newcomer)}`)
      assert.equal(created.count, 1, "the unknown address became a contact")

      // remove a member through row selection
      await tableRow(page, "linus@example.com").getByRole("checkbox").click()
      await page.getByRole("button", { name: /Remove from segment/ }).click()
      await confirmPrompt(page, "Remove")
      await toast(page, "1 contact removed")
      await gone(tableRow(page, "linus@example.com"))
      const after = await call("GET", `/admin/marketing/segments/${id}/contacts?limit=50`)
      assert.equal(after.count, 2)
      await resultCount(page, after.count)

      // export what is left
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.getByRole("button", { name: "Export CSV" }).click(),
      ])
      const out = await streamToString(await download.createReadStream())
      assert.match(download.suggestedFilename(), /\.csv$/)
      const lines = out.trim().split(/\r?\n/)
      assert.equal(lines.length - 1, after.count, "one line per member under the header")
      for (const c of after.contacts) {
        assert.ok(out.includes(c.email), `${c.email} is in the export`)
      }
      assert.ok(!out.includes("linus@example.com"), "a removed member is not exported")
    },
  },

  {
    name: "segments: delete with confirmation",
    async run({ page, baseUrl, data, shot }) {
      const call = api(baseUrl, data.token)
      // from the detail page: the static list of the scenario before (or a new one)
      const list =
        (await findSegment(call, "Trade show VIPs")) ??
        (await call("POST", "/admin/marketing/segments", { name: "Trade show VIPs", type: "static" })).segment
      await page.goto(`/app/marketing/segments/${list.id}`)
      await visible(page.getByRole("heading", { name: "Trade show VIPs" }))
      await page.getByRole("button", { name: "More actions" }).click()
      await page.getByRole("menuitem", { name: "Delete segment" }).click()
      await confirmPrompt(page, "Delete")
      await toast(page, "Segment Trade show VIPs deleted")
      await page.waitForURL("**/app/marketing/segments")
      await call("GET", `/admin/marketing/segments/${list.id}`, undefined, { expect: [404] })
      await gone(segmentRow(page, "Trade show VIPs"))

      // from the list's row menu: the copy of a built-in (or a new one)
      const copy =
        (await findSegment(call, "Loyal repeat buyers")) ??
        (
          await call("POST", "/admin/marketing/segments", {
            name: "Loyal repeat buyers",
            type: "dynamic",
            rules: { all: [{ field: "orders_count", operator: "gte", value: 2 }] },
          })
        ).segment
      await page.goto("/app/marketing/segments?q=repeat")
      const row = segmentRow(page, "Loyal repeat buyers")
      await visible(row)
      await row.getByRole("button").last().click()
      await page.getByRole("menuitem", { name: "Delete" }).click()
      await confirmPrompt(page, "Delete")
      await toast(page, "Segment Loyal repeat buyers deleted")
      await gone(row)
      assert.equal(await findSegment(call, "Loyal repeat buyers"), null)
      await call("GET", `/admin/marketing/segments/${copy.id}`, undefined, { expect: [404] })

      // a built-in offers a copy, never a delete
      await segmentRow(page, "Repeat buyers").getByRole("button").last().click()
      await visible(page.getByRole("menuitem", { name: "Duplicate" }))
      assert.equal(await page.getByRole("menuitem", { name: "Delete" }).count(), 0)
      await page.keyboard.press("Escape")
      await shot("-list")
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
