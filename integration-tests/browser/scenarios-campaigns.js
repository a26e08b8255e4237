"use strict"
/**
 * Browser scenarios for campaigns: the create flow with its live estimate
 * and review, a send watched to 100 %, an A/B campaign scheduled and then
 * cancelled, pause/resume of a running send with a test send, and the list.
 *
 * They run after scenarios.js and scenarios-templates.js in the same
 * logged-in page, but need nothing from them: the template, the contacts and
 * the segment they send to are made here through the admin API (once, shared
 * by the scenarios below). The browser test app has no SMTP server: the
 * provider writes .eml files to test-artifacts/browser/outbox.
 */
const assert = require("node:assert/strict")
const { api } = require("./seed")

/* -------------------------------- helpers ------------------------------- */

const visible = (locator, timeout) => locator.first().waitFor({ state: "visible", timeout })
const gone = (locator, timeout) => locator.first().waitFor({ state: "hidden", timeout })
const toast = (page, t) => visible(page.locator("[data-sonner-toast]").filter({ hasText: t }))
const tableRow = (page, t) => page.locator("tbody tr").filter({ hasText: t })

async function confirmPrompt(page, confirmText) {
  const dialog = page.getByRole("alertdialog")
  await visible(dialog)
  await dialog.getByRole("button", { name: confirmText, exact: true }).click()
  await gone(dialog)
}

/** The filter (funnel) button in the DataTable toolbar next to a search box. */
const filterButton = (page, searchPlaceholder) =>
  page
    .locator(`input[placeholder="${searchPlaceholder}"]`)
    .locator("xpath=ancestor::div[contains(@class,'justify-between')][1]")
    .locator("button")
    .first()

/** Adds a multiselect DataTable filter through the toolbar's menu and picks one option. */
async function pickFilter(page, { search, filter, option, param, value }) {
  await filterButton(page, search).click()
  await page.getByRole("menuitem", { name: filter }).click()
  await page.waitForURL((u) => u.searchParams.has(param))
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

/** Picks segments by name in one of the audience step's pickers. */
async function pickSegments(page, testId, names) {
  const picker = page.getByTestId(testId)
  for (const name of names) {
    await picker.click()
    await page.getByTestId(`${testId}-search`).fill(name)
    await page.getByRole("option", { name: new RegExp(`^${escapeRegExp(name)}`) }).first().click()
    await page.keyboard.press("Escape")
    await visible(picker.getByText(name, { exact: true }))
  }
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** Waits until an element carrying data-value shows `value`. */
const showsValue = (page, testId, value, timeout = 20_000) =>
  visible(page.locator(`[data-testid="${testId}"][data-value="${value}"]`), timeout)

const campaignIdFromUrl = (page) => new URL(page.url()).pathname.split("/").pop()

const NAMES = {
  template: "Campaign test letter",
  segment: "Campaign test list",
  first: "Spring letter",
  ab: "Summer A/B teaser",
  slow: "Slow weekly digest",
}
const LIST_SIZE = 20

/**
 * What the campaign scenarios send and to whom, made once: a template from
 * the "newsletter" starter, LIST_SIZE subscribed contacts imported with
 * consent, plus one unsubscribed seed contact, in a static segment.
 */
async function campaignFixtures({ baseUrl, data }) {
  if (data.campaignFixtures) return data.campaignFixtures
  const call = api(baseUrl, data.token)

  const { starters } = await call("GET", "/admin/marketing/templates/starters")
  const starter = starters.find((s) => s.handle === "newsletter") ?? starters[0]
  assert.ok(starter, "GET /templates/starters returned no starters")
  const { template } = await call("POST", "/admin/marketing/templates", {
    name: NAMES.template,
    description: "Made by the campaign browser scenarios",
    subject: starter.subject,
    preheader: starter.preheader,
    document: starter.document,
    starter_handle: starter.handle,
  })

  // every marketing email must print the store's postal address: without one the review blocks every send
  const { preview } = await call("POST", "/admin/marketing/templates/preview", {
    document: template.document,
    subject: template.subject,
  })
  const noAddress = (preview.lint?.errors ?? []).find((e) => /postal_address/.test(e.code))
  assert.ok(
    !noAddress,
    "the test app has no postal address, so no campaign can be sent: set MARKETING_POSTAL_ADDRESS " +
      `in the environment run.js gives the app (${noAddress && noAddress.message})`
  )

  const csv = [
    "email,first_name",
    ...Array.from({ length: LIST_SIZE }, (_, i) => `reader${String(i + 1).padStart(2, "0")}@campaign.test,Reader${i + 1}`),
  ].join("\n")
  await call("POST", "/admin/marketing/contacts/import", {
    csv,
    filename: "readers.csv",
    subscribe: true,
    consent_source: "Campaign scenario sign-up sheet",
  })
  const { contacts: readers } = await call("GET", "/admin/marketing/contacts?q=campaign.test&limit=100")
  assert.equal(readers.length, LIST_SIZE, `expected ${LIST_SIZE} imported readers, got ${readers.length}`)

  const { segment } = await call("POST", "/admin/marketing/segments", {
    name: NAMES.segment,
    description: "Readers for the campaign scenarios",
    type: "static",
  })
  // alan unsubscribed in the seed: the estimate shows him taken off
  const extra = data.contacts?.alan ? [data.contacts.alan.id] : []
  await call("POST", `/admin/marketing/segments/${segment.id}/contacts`, {
    add: [...readers.map((c) => c.id), ...extra],
  })

  data.campaignFixtures = { template, segment, readers, call }
  return data.campaignFixtures
}

/** The estimate the API gives for the scenario audience (frequency cap off). */
const apiEstimate = (call, segmentId) =>
  call("POST", "/admin/marketing/campaigns/estimate", {
    include_segment_ids: [segmentId],
    exclude_segment_ids: [],
    frequency_cap_hours: 0,
  }).then((r) => r.estimate)

/** Fills the Details step. */
async function fillDetails(modal, { name, subject, preheader }) {
  await modal.locator("#campaign-name").fill(name)
  if (subject !== undefined) await modal.locator("#campaign-subject").fill(subject)
  if (preheader !== undefined) await modal.locator("#campaign-preheader").fill(preheader)
}

const continueTo = async (page, step) => {
  await page.getByTestId("campaign-continue").click()
  await visible(page.locator(`[data-testid="campaign-step-${step}"][data-state="active"]`))
}

/** Waits for a campaign's status badge on its page. */
const statusIs = (page, status, timeout = 20_000) =>
  visible(page.getByTestId("campaign-header").locator(`[data-testid="campaign-status"][data-status="${status}"]`), timeout)

/* ------------------------------- scenarios ------------------------------ */

const scenarios = [
  {
    name: "campaigns: create flow to review with a live estimate",
    async run({ page, baseUrl, data, shot }) {
      const { segment, template, call } = await campaignFixtures({ baseUrl, data })
      const expected = await apiEstimate(call, segment.id)
      assert.ok(expected.sendable >= LIST_SIZE, `the API estimates ${expected.sendable} sendable, expected ${LIST_SIZE}+`)

      await page.goto("/app/marketing/contacts")
      await page.getByRole("link", { name: "Campaigns" }).first().click()
      await page.waitForURL("**/app/marketing/campaigns")
      await visible(page.getByRole("heading", { name: "Campaigns" }))
      await page.getByRole("button", { name: "Create campaign" }).click()
      const modal = page.getByTestId("campaign-form")
      await visible(modal)

      // Details: the name is required before moving on
      await page.getByTestId("campaign-continue").click()
      await visible(modal.getByText("Give the campaign a name"))
      await fillDetails(modal, { name: NAMES.first, subject: "", preheader: "" })
      await modal.locator("#campaign-from-name").fill("Browser Test Shop")
      await modal.locator("#campaign-from-email").fill("news@browser.test")
      await modal.locator("#campaign-reply-to").fill("help@browser.test")
      await shot("-details")
      await continueTo(page, "audience")

      // Audience: the live estimate follows the picks
      await pickSegments(page, "campaign-include-segments", [NAMES.segment])
      await modal.locator("#campaign-frequency-cap").fill("0")
      await showsValue(page, "campaign-estimate-sendable", expected.sendable)
      await showsValue(page, "campaign-estimate-audience", expected.audience)
      await showsValue(page, "campaign-estimate-unsubscribed", expected.unsubscribed)
      await showsValue(page, "campaign-estimate-suppressed", expected.suppressed)
      await showsValue(page, "campaign-estimate-topic_opt_out", expected.topic_opt_out)
      await showsValue(page, "campaign-estimate-frequency_cap", expected.frequency_cap)
      await shot("-audience")
      await continueTo(page, "content")

      // Content: pick the template, its preview renders beside the list
      await modal.getByTestId("campaign-template-option").filter({ hasText: NAMES.template }).click()
      await visible(modal.getByTestId("campaign-template-preview-frame"), 30_000)
      await shot("-content")
      const editLink = modal.getByTestId("campaign-edit-template")
      assert.match((await editLink.getAttribute("href")) || "", new RegExp(`/marketing/templates/${template.id}$`))
      // the empty subject took the template's
      await continueTo(page, "ab")
      await continueTo(page, "schedule")
      await visible(modal.getByTestId("campaign-send-now"))
      await continueTo(page, "review")

      // Review: the saved draft passes, with the same numbers
      await visible(modal.locator('[data-testid="campaign-review"][data-ok="true"]'), 30_000)
      await showsValue(page, "campaign-review-estimate-sendable", expected.sendable)
      await visible(modal.getByRole("button", { name: "Send now" }))
      const { campaigns } = await call("GET", `/admin/marketing/campaigns?q=${encodeURIComponent(NAMES.first)}`)
      assert.equal(campaigns.length, 1, "the review saved exactly one draft")
      assert.equal(campaigns[0].status, "draft")
      assert.equal(campaigns[0].subject, template.subject, "the empty subject took the template's")
      assert.equal(campaigns[0].frequency_cap_hours, 0)
      assert.equal(campaigns[0].from_email, "news@browser.test")
      data.campaignFixtures.first = campaigns[0]
    },
  },

  {
    name: "campaigns: send now and watch the progress reach 100%",
    async run({ page, baseUrl, data, shot }) {
      const fx = await campaignFixtures({ baseUrl, data })
      const modal = page.getByTestId("campaign-form")
      if (!(await modal.isVisible())) {
        throw new Error("the create flow is not open: the previous scenario failed")
      }
      await modal.getByTestId("campaign-confirm-send").click()
      await confirmPrompt(page, "Send now")
      await page.waitForURL(/\/app\/marketing\/campaigns\/mcmp_/)
      const id = campaignIdFromUrl(page)
      assert.equal(id, fx.first.id)
      await visible(page.getByRole("heading", { name: NAMES.first }))
      await visible(page.getByTestId("campaign-progress"))
      await shot("-progress")

      await statusIs(page, "sent", 60_000)
      await showsValue(page, "campaign-progress-percent", 100, 30_000)
      const { campaign } = await fx.call("GET", `/admin/marketing/campaigns/${id}`)
      await showsValue(page, "campaign-progress-sent", campaign.progress.sent)
      assert.ok(campaign.progress.sent >= LIST_SIZE, `sent ${campaign.progress.sent}, expected ${LIST_SIZE}+`)
      await showsValue(page, "campaign-progress-skipped", campaign.progress.skipped)

      // the timeline has the start and the finish; the messages table has every recipient
      const timeline = page.getByTestId("campaign-timeline")
      await visible(timeline.locator('[data-action="start"]'))
      await visible(timeline.locator('[data-action="complete"]'))
      const messages = page.getByTestId("campaign-messages")
      // (ids are random, so which 20 of the 21 recipients the first page shows is too)
      await visible(messages.getByText(/reader\d+@campaign\.test/).first())
      if (campaign.progress.skipped > 0) {
        await pickFilter(page, {
          search: "Search email",
          filter: "Status",
          option: "Skipped",
          param: "status",
          value: "skipped",
        })
        await visible(messages.getByTestId("campaign-message-skip").first())
        await shot("-skipped")
      }
    },
  },

  {
    name: "campaigns: A/B test scheduled, then cancelled",
    async run({ page, baseUrl, data, shot }) {
      const fx = await campaignFixtures({ baseUrl, data })
      await page.goto("/app/marketing/campaigns")
      await page.getByRole("button", { name: "Create campaign" }).click()
      const modal = page.getByTestId("campaign-form")
      await visible(modal)
      await fillDetails(modal, { name: NAMES.ab, subject: "Summer is here", preheader: "A first look" })
      await continueTo(page, "audience")
      await pickSegments(page, "campaign-include-segments", [NAMES.segment])
      await modal.locator("#campaign-frequency-cap").fill("0")
      await visible(page.locator('[data-testid="campaign-estimate-sendable"]:not([data-value=""])'))
      await continueTo(page, "content")
      await modal.getByTestId("campaign-template-option").filter({ hasText: NAMES.template }).click()
      await continueTo(page, "ab")

      // A/B: two variants, the second with its own subject, 30 % in the test
      await modal.locator("#campaign-ab-enabled").click()
      await visible(modal.getByTestId("campaign-ab-variant"))
      assert.equal(await modal.getByTestId("campaign-ab-variant").count(), 2)
      // a variant that changes nothing is refused
      await page.getByTestId("campaign-continue").click()
      await visible(modal.getByText("Change at least one thing"))
      await modal.locator("#variant-1-subject").fill("Summer is here (and 20% off)")
      await modal.locator("#campaign-ab-fraction").fill("30")
      await visible(modal.getByText("Test group: 30% of the audience"))
      await shot("-ab")
      await continueTo(page, "schedule")

      // Schedule: later, at the default time (the next full hour after an hour from now)
      await modal.getByTestId("campaign-send-later").click()
      await visible(modal.getByTestId("campaign-schedule-hint"))
      const hint = await modal.getByTestId("campaign-schedule-hint").innerText()
      const iso = /(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z) UTC/.exec(hint)
      assert.ok(iso, `the hint shows the UTC time: ${hint}`)
      assert.ok(new Date(iso[1]).getTime() > Date.now() + 60 * 60 * 1000, "scheduled over an hour ahead")
      await shot("-schedule")
      await continueTo(page, "review")
      await visible(modal.locator('[data-testid="campaign-review"][data-ok="true"]'), 30_000)
      await visible(modal.getByTestId("campaign-review-send-time"))
      await modal.getByTestId("campaign-confirm-send").click()
      await toast(page, "is scheduled for")
      await page.waitForURL(/\/app\/marketing\/campaigns\/mcmp_/)
      const id = campaignIdFromUrl(page)
      await statusIs(page, "scheduled")
      const { campaign } = await fx.call("GET", `/admin/marketing/campaigns/${id}`)
      assert.equal(campaign.scheduled_at && new Date(campaign.scheduled_at).toISOString(), iso[1])
      assert.equal(campaign.ab_test.variants.length, 2)
      assert.equal(campaign.ab_test.variants[1].subject, "Summer is here (and 20% off)")
      assert.equal(campaign.ab_test.test_fraction, 0.3)
      await visible(page.getByTestId("campaign-ab").getByText("Summer is here (and 20% off)", { exact: false }))
      await shot("-scheduled")

      // Edit opens the flow with the campaign as saved, the time included; closing changes nothing
      await page.getByTestId("campaign-header").getByRole("button", { name: "Edit" }).click()
      const edit = page.getByTestId("campaign-form")
      await visible(edit)
      assert.equal(await edit.locator("#campaign-name").inputValue(), NAMES.ab)
      await edit.getByTestId("campaign-step-schedule").click()
      await visible(edit.locator('[data-testid="campaign-send-later"][data-state="checked"]'))
      await edit.getByTestId("campaign-step-details").click()
      await edit.getByRole("button", { name: "Cancel", exact: true }).click()
      await gone(edit)
      await statusIs(page, "scheduled")

      // Cancel asks first; keeping it changes nothing
      await page.getByTestId("campaign-header").getByRole("button", { name: "Cancel", exact: true }).click()
      await visible(page.getByRole("alertdialog"))
      await page.getByRole("alertdialog").getByRole("button", { name: "Keep it" }).click()
      await statusIs(page, "scheduled")
      await page.getByTestId("campaign-header").getByRole("button", { name: "Cancel", exact: true }).click()
      await confirmPrompt(page, "Cancel campaign")
      await toast(page, "is cancelled")
      await statusIs(page, "cancelled")
      await visible(page.getByTestId("campaign-timeline").locator('[data-action="cancel"]'))
      const after = (await fx.call("GET", `/admin/marketing/campaigns/${id}`)).campaign
      assert.equal(after.status, "cancelled")
    },
  },

  {
    name: "campaigns: pause and resume a running send, send a test",
    async run({ page, baseUrl, data, shot }) {
      const fx = await campaignFixtures({ baseUrl, data })
      // one message a second: the send runs long enough to pause it
      const { campaign } = await fx.call("POST", "/admin/marketing/campaigns", {
        name: NAMES.slow,
        subject: "This week at the shop",
        template_id: fx.template.id,
        include_segment_ids: [fx.segment.id],
        frequency_cap_hours: 0,
        send_rate: 1,
      })
      await page.goto(`/app/marketing/campaigns/${campaign.id}`)
      await statusIs(page, "draft")

      // a test send from the drawer
      await page.getByRole("button", { name: "Send test" }).click()
      const drawer = page.getByTestId("campaign-test-drawer")
      await visible(drawer)
      await drawer.locator("#campaign-test-emails").fill("qa@browser.test, not-an-address")
      await drawer.getByTestId("campaign-test-submit").click()
      await visible(drawer.getByText("Not an email address: not-an-address"))
      await drawer.locator("#campaign-test-emails").fill("qa@browser.test")
      await drawer.getByTestId("campaign-test-submit").click()
      await toast(page, "Test sent to 1 address")
      await gone(drawer)

      // "Send / Schedule" opens the flow at its review, which passes: send now
      await page.getByTestId("campaign-header").getByRole("button", { name: "Send / Schedule" }).click()
      const modal = page.getByTestId("campaign-form")
      await visible(modal.locator('[data-testid="campaign-review"][data-ok="true"]'), 30_000)
      await visible(modal.locator('[data-testid="campaign-step-review"][data-state="active"]'))
      await modal.getByTestId("campaign-confirm-send").click()
      await confirmPrompt(page, "Send now")
      await gone(modal)
      await statusIs(page, "sending", 20_000)
      await page.getByTestId("campaign-header").getByRole("button", { name: "Pause" }).click()
      await toast(page, "is paused")
      await statusIs(page, "paused")
      await visible(page.getByTestId("campaign-pause-reason"))
      await visible(page.getByTestId("campaign-progress-eta").getByText("Paused"))
      const paused = (await fx.call("GET", `/admin/marketing/campaigns/${campaign.id}`)).campaign
      assert.equal(paused.status, "paused")
      assert.ok(paused.progress.remaining > 0, "paused with messages still to send")
      await shot("-paused")

      await page.getByTestId("campaign-header").getByRole("button", { name: "Resume" }).click()
      await toast(page, "is sending again")
      await statusIs(page, "sending")
      await visible(page.getByTestId("campaign-progress-rate"))
      await shot("-resumed")
      await statusIs(page, "sent", 90_000)
      await showsValue(page, "campaign-progress-percent", 100)
      const timeline = page.getByTestId("campaign-timeline")
      await visible(timeline.locator('[data-action="pause"]'))
      await visible(timeline.locator('[data-action="resume"]'))
    },
  },

  {
    name: "campaigns: the list shows every campaign",
    async run({ page, baseUrl, data, shot }) {
      await campaignFixtures({ baseUrl, data })
      await page.goto("/app/marketing/campaigns")
      await visible(page.getByRole("heading", { name: "Campaigns" }))
      const first = tableRow(page, NAMES.first)
      await visible(first.locator('[data-testid="campaign-status"][data-status="sent"]'))
      await visible(first.getByTestId("campaign-sent"))
      await visible(tableRow(page, NAMES.ab).locator('[data-testid="campaign-status"][data-status="cancelled"]'))
      await visible(tableRow(page, NAMES.slow).locator('[data-testid="campaign-status"][data-status="sent"]'))
      await visible(first.getByTestId("campaign-audience"))
      await shot("-list")

      await pickFilter(page, {
        search: "Search campaigns",
        filter: "Status",
        option: "Cancelled",
        param: "status",
        value: "cancelled",
      })
      await visible(tableRow(page, NAMES.ab))
      await gone(tableRow(page, NAMES.first))
      await shot("-filtered")

      await page.goto("/app/marketing/campaigns")
      await page.locator('input[placeholder="Search campaigns"]').fill("weekly")
      await visible(tableRow(page, NAMES.slow))
      await gone(tableRow(page, NAMES.first))
      await page.locator('input[placeholder="Search campaigns"]').fill("")
      await visible(tableRow(page, NAMES.first))
      await tableRow(page, NAMES.first).click()
      await page.waitForURL(/\/app\/marketing\/campaigns\/mcmp_/)
      await visible(page.getByRole("heading", { name: NAMES.first }))
      await visible(page.getByTestId("campaign-summary").getByText(NAMES.template))
    },
  },
]

module.exports = { scenarios }
