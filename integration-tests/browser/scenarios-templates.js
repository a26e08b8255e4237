"use strict"
/**
 * Browser scenarios for the template editor (Marketing > Templates). They run
 * after ./scenarios.js in the same logged-in page and in this order: the
 * first creates a template from the newsletter starter, the next ones edit
 * it. Each gets { page, baseUrl, data, shot } and throws on failure.
 */
const assert = require("node:assert/strict")
const { api } = require("./seed")

/* -------------------------------- helpers ------------------------------- */

const visible = (locator, timeout) => locator.first().waitFor({ state: "visible", timeout })
const gone = (locator, timeout) => locator.first().waitFor({ state: "hidden", timeout })
const toast = (page, t) => visible(page.locator("[data-sonner-toast]").filter({ hasText: t }))

/** Polls `fn` until it returns something truthy. */
async function until(fn, { timeoutMs = 20_000, what }) {
  const deadline = Date.now() + timeoutMs
  let lastError
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      lastError = e
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${lastError ? ` (${lastError.message})` : ""}`)
    }
    await new Promise((r) => setTimeout(r, 200))
  }
}

/** The text the preview frame shows right now ("" while it has no document). */
const previewText = (page) =>
  page
    .getByTestId("preview-frame")
    .evaluate((el) => el.contentDocument?.body?.innerText ?? "")
    .catch(() => "")

/** Waits until the preview shows every string of `texts` (and none of `not`). */
const previewShows = (page, texts, { not = [], timeoutMs = 20_000 } = {}) =>
  until(
    async () => {
      const t = await previewText(page)
      return texts.every((s) => t.includes(s)) && not.every((s) => !t.includes(s)) ? t : null
    },
    { timeoutMs, what: `the preview to show ${JSON.stringify(texts)}${not.length ? ` without ${JSON.stringify(not)}` : ""}` }
  )

/** The preview lists `a` above `b`. */
const previewOrder = async (page, a, b) => {
  const t = await previewText(page)
  const i = t.indexOf(a)
  const j = t.indexOf(b)
  return i !== -1 && j !== -1 && i < j
}

/** The ids of the blocks in the editor's list, top to bottom. */
const blockIds = (page) =>
  page.getByTestId("block-item").evaluateAll((els) => els.map((el) => el.getAttribute("data-block-id")))

const block = (page, id) => page.locator(`[data-testid="block-item"][data-block-id="${id}"]`)

/** A check in the issues panel by code (and optionally path). */
const issue = (page, code, path) =>
  page.locator(`[data-testid="template-issue"][data-code="${code}"]${path ? `[data-path="${path}"]` : ""}`)

/** Drags a block by its handle onto another block's place, with real pointer moves. */
async function dragBlock(page, fromId, toId) {
  const handle = block(page, fromId).getByTestId("block-drag-handle")
  const target = block(page, toId)
  await target.scrollIntoViewIfNeeded()
  await handle.scrollIntoViewIfNeeded()
  const from = await handle.boundingBox()
  const to = await target.boundingBox()
  assert.ok(from && to, "both blocks are on screen")
  const x = from.x + from.width / 2
  const y = from.y + from.height / 2
  await page.mouse.move(x, y)
  await page.mouse.down()
  // past the sensor's 4 px activation distance, then onto the upper part of the target
  await page.mouse.move(x, y - 8, { steps: 4 })
  await page.mouse.move(x, to.y + Math.min(12, to.height / 3), { steps: 20 })
  await page.waitForTimeout(150)
  await page.mouse.up()
}

/** Picks an option of one of the editor's selects. */
async function choose(page, trigger, option) {
  await trigger.click()
  await page.getByRole("option", { name: option, exact: true }).click()
}

async function confirmPrompt(page, confirmText) {
  const dialog = page.getByRole("alertdialog")
  await visible(dialog)
  await dialog.getByRole("button", { name: confirmText, exact: true }).click()
  await gone(dialog)
}

/**
 * Saves the editor with its Save button and waits for the next version. Each
 * editing scenario saves what it changed, so a later one never depends on
 * unsaved state (the dev server reloads the page when source files change).
 */
async function saveTemplate(page, baseUrl, data) {
  const call = api(baseUrl, data.token)
  const before = (await call("GET", `/admin/marketing/templates/${state.id}`)).template.version
  await visible(page.getByTestId("template-dirty"))
  await page.getByTestId("template-save").click()
  await toast(page, `Template saved (version ${before + 1})`)
  await visible(page.getByTestId("template-saved"))
  await visible(page.getByTestId("template-version-badge").getByText(`v${before + 1}`, { exact: true }))
  const { template } = await call("GET", `/admin/marketing/templates/${state.id}`)
  assert.equal(template.version, before + 1, "a saved change is a new version")
  return template
}

/** Shared between the scenarios: the template the first one creates. */
const state = { id: null, name: "Spring newsletter" }

/** Opens the template the first scenario created (unless it is already open). */
async function openTemplate(page) {
  assert.ok(state.id, "the template from the first template scenario exists")
  if (!page.url().endsWith(`/app/marketing/templates/${state.id}`)) {
    await page.goto(`/app/marketing/templates/${state.id}`)
  }
  await visible(page.getByTestId("template-editor"), 30_000)
  await visible(page.getByTestId("preview-frame"), 30_000)
}

/* ------------------------------- scenarios ------------------------------ */

const scenarios = [
  {
    name: "templates: create from a starter",
    async run({ page, shot }) {
      // Templates sits under Marketing in the sidebar
      await page.getByRole("link", { name: "Marketing" }).first().click()
      await page.waitForURL("**/app/marketing/contacts")
      await page.getByRole("link", { name: "Templates" }).first().click()
      await page.waitForURL("**/app/marketing/templates")
      await visible(page.getByRole("heading", { name: "Templates" }))

      await page.getByTestId("template-create").click()
      const gallery = page.getByTestId("template-starter-gallery")
      await visible(gallery.getByRole("heading", { name: "Create template" }))
      // six starters and a blank page
      for (const handle of ["newsletter", "sale", "new-arrivals", "abandoned-cart", "thank-you", "win-back", "blank"]) {
        await visible(gallery.locator(`[data-testid="template-starter"][data-handle="${handle}"]`))
      }
      await gallery.locator('[data-testid="template-starter"][data-handle="sale"]').click()
      await visible(gallery.getByTestId("starter-preview-frame"))
      assert.equal(await gallery.getByTestId("template-name-input").inputValue(), "Sale")
      await gallery.locator('[data-testid="template-starter"][data-handle="newsletter"]').click()
      const name = gallery.getByTestId("template-name-input")
      await until(async () => (await name.inputValue()) === "Newsletter", { what: "the name to follow the starter" })
      await name.fill(state.name)
      await until(
        async () =>
          (await gallery
            .getByTestId("starter-preview-frame")
            .evaluate((el) => el.contentDocument?.body?.innerText ?? "")
            .catch(() => "")).includes("From the workshop"),
        { what: "the newsletter starter's preview" }
      )
      await shot("-gallery")
      await gallery.getByTestId("template-create-submit").click()

      await page.waitForURL(/\/app\/marketing\/templates\/[^/]+$/)
      state.id = new URL(page.url()).pathname.split("/").pop()
      await toast(page, `Template ${state.name} created`)
      await visible(page.getByTestId("template-title").getByText(state.name, { exact: true }))
      await visible(page.getByTestId("template-saved"))
      assert.equal((await blockIds(page)).length, 12, "the newsletter starter's twelve blocks")
      await previewShows(page, ["From the workshop", "This month's picks", "Unsubscribe"])
      // the subject is rendered for the sample contact and the real store
      await visible(page.getByTestId("preview-subject").getByText(/What's new at .+ this month/))
    },
  },

  {
    name: "templates: reorder blocks by drag",
    async run({ page, baseUrl, data, shot }) {
      await openTemplate(page)
      await previewShows(page, ["From the workshop", "This month's picks"])
      assert.ok(await previewOrder(page, "From the workshop", "This month's picks"), "the starter's order first")
      const before = await blockIds(page)
      assert.ok(before.indexOf("story-title") < before.indexOf("picks-title"))

      await dragBlock(page, "picks-title", "story-title")

      const after = await until(
        async () => {
          const ids = await blockIds(page)
          return ids.indexOf("picks-title") < ids.indexOf("story-title") ? ids : null
        },
        { what: "the picks heading to move above the story heading", timeoutMs: 5_000 }
      )
      assert.equal(after.length, before.length, "no block lost or added by the drag")
      await visible(page.getByTestId("template-dirty"))
      // the preview follows
      await until(() => previewOrder(page, "This month's picks", "From the workshop"), {
        what: "the preview to show the picks above the story",
      })
      await shot("-dragged")
      const saved = await saveTemplate(page, baseUrl, data)
      const ids = saved.document.blocks.map((b) => b.id)
      assert.ok(ids.indexOf("picks-title") < ids.indexOf("story-title"), "the dragged order is saved")
    },
  },

  {
    name: "templates: edit a text block and a subject variable, preview updates",
    async run({ page, baseUrl, data, shot }) {
      await openTemplate(page)
      await block(page, "intro").getByTestId("block-toggle").click()
      const content = block(page, "intro").getByTestId("block-field-content")
      await visible(content)
      await content.fill("<p>Fresh sourdough every <strong>Tuesday</strong> at the spring fair.</p>")
      await previewShows(page, ["Fresh sourdough every Tuesday at the spring fair."], {
        not: ["Here's what has been happening"],
      })
      await visible(block(page, "intro").getByText("Fresh sourdough every Tuesday at the spring fair."))

      // a variable from the picker goes in at the caret
      const subject = page.getByTestId("template-subject")
      await subject.fill("Fresh this week, ")
      await page.getByTestId("template-subject-variables").click()
      const picker = page.getByTestId("variable-picker")
      await picker.getByPlaceholder("Search variables").fill("first name")
      await picker.getByRole("option", { name: /First name/ }).first().click()
      await until(async () => (await subject.inputValue()).startsWith("Fresh this week, {{ contact.first_name"), {
        what: "the variable in the subject",
      })
      // the sample contact is Ada
      await visible(page.getByTestId("preview-subject").getByText("Fresh this week, Ada"))

      // preview as a real contact
      await page.getByTestId("preview-as-contact").click()
      await page.getByTestId("preview-contact-search").fill("grace")
      await page.getByTestId("preview-contact-option").filter({ hasText: "grace@example.com" }).click()
      await visible(page.getByTestId("preview-subject").getByText("Fresh this week, Grace"))
      await shot("-as-contact")
      await page.getByTestId("preview-contact-clear").click()
      await visible(page.getByTestId("preview-subject").getByText("Fresh this week, Ada"))

      // document settings: the button colour reaches the email
      await page.getByTestId("template-tab-style").click()
      const buttonColor = page.getByTestId("settings-button_color")
      await visible(buttonColor)
      await buttonColor.fill("#c2410c")
      await until(() => page.getByTestId("preview-frame").evaluate((el) => el.srcdoc.includes("#c2410c")), {
        what: "the new button colour in the preview",
      })
      await shot("-style")
      await page.getByTestId("template-tab-blocks").click()
      await visible(block(page, "intro"))

      // leaving with unsaved changes asks first
      await page.getByRole("link", { name: "Templates" }).first().click()
      const dialog = page.getByRole("alertdialog")
      await visible(dialog.getByText("Leave without saving?"))
      await dialog.getByRole("button", { name: "Stay", exact: true }).click()
      await gone(dialog)
      assert.ok(page.url().endsWith(`/app/marketing/templates/${state.id}`), "still in the editor")
      const saved = await saveTemplate(page, baseUrl, data)
      assert.match(saved.subject, /^Fresh this week, \{\{ contact\.first_name/)
      assert.match(saved.document.blocks.find((b) => b.id === "intro").content, /Fresh sourdough/)
      assert.equal(saved.document.settings.button_color, "#c2410c")
    },
  },

  {
    name: "templates: mobile preview",
    async run({ page, shot }) {
      await openTemplate(page)
      await page.getByTestId("preview-mobile").click()
      await visible(page.locator('[data-testid="preview-device"][data-device="mobile"]'))
      const frame = page.getByTestId("preview-frame")
      await until(async () => Math.round((await frame.boundingBox())?.width ?? 0) === 375, {
        what: "the preview frame at 375 px",
      })
      // the email itself lays out for a phone: nothing wider than the screen
      const widths = await frame.evaluate((el) => ({
        inner: el.contentWindow.innerWidth,
        scroll: el.contentDocument.documentElement.scrollWidth,
      }))
      assert.equal(widths.inner, 375)
      assert.ok(widths.scroll <= 375, `the email scrolls sideways on a phone (${widths.scroll} px)`)
      await previewShows(page, ["Fresh sourdough every Tuesday"])
      await shot("-mobile")
      await page.getByTestId("preview-desktop").click()
      await until(async () => Math.round((await frame.boundingBox())?.width ?? 0) >= 600, {
        what: "the preview frame back at desktop width",
      })
    },
  },

  {
    name: "templates: lint errors when the footer is removed",
    async run({ page, baseUrl, data, shot }) {
      await openTemplate(page)
      await visible(page.getByTestId("template-issues-summary"))
      await gone(issue(page, "missing_unsubscribe"))
      const footer = page.locator('[data-testid="block-item"][data-block-type="footer"]')
      await footer.getByRole("button", { name: "Remove block" }).click()
      await gone(footer)

      // no footer: no unsubscribe link and no postal address
      await visible(issue(page, "missing_unsubscribe", "blocks"))
      assert.equal(await issue(page, "missing_unsubscribe").first().getAttribute("data-severity"), "error")
      await visible(issue(page, "missing_postal_address", "blocks"))
      await previewShows(page, ["From the workshop"], { not: ["Unsubscribe"] })
      await page.getByTestId("template-checks").scrollIntoViewIfNeeded()
      await shot("-issues")

      // an issue with a block path selects that block
      const placeholder = issue(page, "placeholder_product").first()
      await visible(placeholder)
      const path = await placeholder.getAttribute("data-path")
      const index = Number(/^blocks\[(\d+)\]/.exec(path)[1])
      await placeholder.click()
      const selected = page.locator('[data-testid="block-item"][data-selected="true"]')
      await visible(selected)
      assert.equal(await selected.getAttribute("data-block-type"), "product")
      assert.equal((await blockIds(page))[index], await selected.getAttribute("data-block-id"))
      // its settings name the problem too: the example product is to be replaced
      await visible(selected.getByText("Replace with one of yours"))

      // a footer again: the compliance errors go
      await selected.getByTestId("block-toggle").click()
      await gone(page.locator('[data-testid="block-item"][data-selected="true"]'))
      await page.getByTestId("add-block").click()
      await page.getByTestId("add-block-footer").click()
      await visible(page.locator('[data-testid="block-item"][data-block-type="footer"]'))
      assert.equal((await blockIds(page)).length, 12)
      await gone(issue(page, "missing_unsubscribe"))
      await gone(issue(page, "missing_postal_address", "blocks"))
      await previewShows(page, ["Unsubscribe"])
      const saved = await saveTemplate(page, baseUrl, data)
      assert.equal(saved.document.blocks.filter((b) => b.type === "footer").length, 1)
    },
  },

  {
    name: "templates: pick a store product for the product block",
    async run({ page, baseUrl, data }) {
      assert.ok(data.catalog, `the seed's catalog is missing: ${(data.warnings ?? []).join("; ")}`)
      await openTemplate(page)
      await block(page, "picks").getByTestId("block-toggle").click()
      const picker = block(page, "picks").getByTestId("product-picker")
      await visible(picker)
      assert.equal(await picker.getByTestId("product-picker-item").count(), 2)
      await picker.getByTestId("product-picker-search").fill("Trail")
      await picker.getByTestId("product-picker-option").filter({ hasText: "Trail Runner" }).click()
      // the first example product makes way for the real one
      await visible(picker.getByTestId("product-picker-item").filter({ hasText: "Trail Runner" }))
      assert.equal(await picker.getByTestId("product-picker-item").count(), 2)
      await previewShows(page, ["Trail Runner"])
      await block(page, "picks").getByTestId("block-toggle").click()
      const saved = await saveTemplate(page, baseUrl, data)
      assert.ok(
        saved.document.blocks.find((b) => b.id === "picks").product_ids.includes(data.catalog.products.runner.id),
        "the picked product is saved"
      )
    },
  },

  {
    name: "templates: save and reload",
    async run({ page, baseUrl, data, shot }) {
      await openTemplate(page)
      await visible(page.getByTestId("template-saved"))
      assert.ok(await page.getByTestId("template-save").isDisabled(), "nothing to save yet")
      const preheader = page.getByTestId("template-preheader")
      await preheader.fill("Sourdough, the spring fair and new picks.")
      await visible(page.getByTestId("template-dirty"))
      const template = await saveTemplate(page, baseUrl, data)

      // everything the editing scenarios changed is in the saved template
      assert.equal(template.preheader, "Sourdough, the spring fair and new picks.")
      assert.match(template.subject, /^Fresh this week, \{\{ contact\.first_name/)
      const ids = template.document.blocks.map((b) => b.id)
      assert.ok(ids.indexOf("picks-title") < ids.indexOf("story-title"), "the dragged order")
      assert.match(template.document.blocks.find((b) => b.id === "intro").content, /Fresh sourdough/)
      assert.equal(template.document.blocks.filter((b) => b.type === "footer").length, 1)
      assert.equal(template.document.settings.button_color, "#c2410c")
      if (data.catalog) {
        assert.ok(
          template.document.blocks.find((b) => b.id === "picks").product_ids.includes(data.catalog.products.runner.id),
          "the picked product"
        )
      }

      // a reload shows the saved template, nothing pending
      await page.reload()
      await visible(page.getByTestId("template-editor"), 30_000)
      await visible(page.getByTestId("template-saved"))
      assert.equal(await page.getByTestId("template-preheader").inputValue(), template.preheader)
      const after = await blockIds(page)
      assert.deepEqual(after, ids)
      await previewShows(page, ["Fresh sourdough every Tuesday", ...(data.catalog ? ["Trail Runner"] : [])])
      await shot("-reloaded")

      // the list shows the new version
      await page.goto("/app/marketing/templates")
      const row = page.locator("tbody tr").filter({ hasText: state.name })
      await visible(row.getByTestId("template-version").getByText(`v${template.version}`, { exact: true }))
      await shot("-list")
    },
  },

  {
    name: "templates: duplicate and delete from the list",
    async run({ page }) {
      await page.goto("/app/marketing/templates")
      const row = (name) => page.locator("tbody tr").filter({ has: page.getByText(name, { exact: true }) })
      await visible(row(state.name))
      await row(state.name).getByRole("button").last().click()
      await page.getByRole("menuitem", { name: "Duplicate" }).click()
      const copy = `Copy of ${state.name}`
      await toast(page, `${copy} created`)
      await visible(row(copy))

      await row(copy).getByRole("button").last().click()
      await page.getByRole("menuitem", { name: "Delete" }).click()
      await confirmPrompt(page, "Delete")
      await toast(page, `Template ${copy} deleted`)
      await gone(row(copy))
      await visible(row(state.name))

      // search by name
      await page.locator('input[placeholder="Search templates"]').fill("spring")
      await visible(row(state.name))
      await page.locator('input[placeholder="Search templates"]').fill("no such template")
      await visible(page.getByText("No templates match"))
    },
  },

  {
    name: "templates: raw HTML mode",
    async run({ page, baseUrl, data, shot }) {
      await openTemplate(page)
      await choose(page, page.getByTestId("template-mode"), "HTML code")
      await confirmPrompt(page, "Switch")
      const code = page.getByTestId("template-code")
      await visible(code)
      assert.match(await code.inputValue(), /\{\{ unsubscribe_url \}\}/, "the HTML starts compliant")
      await gone(page.getByTestId("block-list"))

      await code.fill(
        [
          "<!doctype html><html><head><title>x</title></head><body>",
          '<h1>Hand-written HTML for {{ contact.first_name | default: "friend" }}</h1>',
          "<p>Our spring fair opens on Saturday.</p>",
          '<p>{{ store.address }} · <a href="{{ unsubscribe_url }}">Unsubscribe</a></p>',
          "</body></html>",
        ].join("\n")
      )
      await previewShows(page, ["Hand-written HTML for Ada", "Our spring fair opens on Saturday."])
      await gone(issue(page, "missing_unsubscribe"))

      // a Liquid mistake is reported with its line
      await code.fill(
        "<html><body>\n<p>{{ contact.first_name </p>\n<a href=\"{{ unsubscribe_url }}\">Unsubscribe</a> {{ store.address }}\n</body></html>"
      )
      await visible(page.locator('[data-testid="template-issue"][data-path="html"]'))
      await shot("-liquid-error")
      await code.fill(
        '<html><body><p>Hand-written HTML for {{ contact.first_name | default: "friend" }}</p>\n' +
          '<p>{{ store.address }} · <a href="{{ unsubscribe_url }}">Unsubscribe</a></p></body></html>'
      )
      await previewShows(page, ["Hand-written HTML for Ada"])

      // Ctrl+S saves too
      await page.getByTestId("template-name").click()
      await page.keyboard.press("Control+s")
      await toast(page, "Template saved")
      await visible(page.getByTestId("template-saved"))
      const { template } = await api(baseUrl, data.token)("GET", `/admin/marketing/templates/${state.id}`)
      assert.equal(template.document.mode, "html")
      assert.match(template.document.html, /Hand-written HTML/)

      // back to blocks from a saved HTML template starts from a blank layout
      await choose(page, page.getByTestId("template-mode"), "Blocks")
      await confirmPrompt(page, "Switch")
      await visible(page.getByTestId("block-list"))
      assert.equal((await blockIds(page)).length, 4)
      await visible(page.getByTestId("template-dirty"))
      // ... until saved: switch back to the code without keeping the blank layout
      await choose(page, page.getByTestId("template-mode"), "HTML code")
      await confirmPrompt(page, "Switch")
      await visible(page.getByTestId("template-code"))
    },
  },

  {
    name: "templates: send a test",
    async run({ page }) {
      await openTemplate(page)
      // the previous scenario left a starting HTML page unsaved: the drawer saves it first
      await page.getByTestId("template-send-test").click()
      const drawer = page.getByTestId("template-test-drawer")
      await visible(drawer.getByText("Send a test email"))
      await drawer.getByTestId("template-test-send").click()
      await visible(drawer.getByText("Enter at least one email address"))
      await drawer.getByTestId("template-test-emails").fill("me@example.com, not-an-address")
      await drawer.getByTestId("template-test-send").click()
      await visible(drawer.getByText("Not an email address: not-an-address"))
      await drawer.getByTestId("template-test-emails").fill("me@example.com")
      await drawer.getByTestId("template-test-send").click()
      // run.js gives the store a postal address, so the test goes out
      const result = page.locator("[data-sonner-toast]").filter({ hasText: /Test email sent|address|failed/i })
      await visible(result)
      assert.match(await result.first().innerText(), /Test email sent to 1 address/)
    },
  },
]

module.exports = { scenarios }
