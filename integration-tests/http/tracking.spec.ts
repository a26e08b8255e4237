import { generateKeyPairSync, sign as cryptoSign } from "node:crypto"
import { readFileSync } from "node:fs"
import { createServer } from "node:http"
import type { AddressInfo } from "node:net"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { sinkHeader, startSmtpSink, SmtpSink } from "../helpers/smtp-sink"
import { createAdminHeaders } from "../helpers/admin"
import { countDailyFromMessages, readDailyRollup, setSentAt } from "../helpers/message-daily"
import { MARKETING_MODULE } from "../../src/modules/marketing"
import type MarketingModuleService from "../../src/modules/marketing/service"
import { signTrackingToken, verifyTrackingToken } from "../../src/lib/tracking"
import { PIXEL_GIF } from "../../src/lib/tracking/respond"
import { signGenericWebhook, snsCanonicalString, type SnsMessage } from "../../src/lib/webhooks"
import { attributeOrdersWorkflow } from "../../src/workflows/attribute-orders"
import { pickCampaignWinnerWorkflow } from "../../src/workflows/campaigns"

jest.setTimeout(240_000)

const SECRET = "tracking-test-secret-0123456789"
const WEBHOOK_SECRET = "whsec-test-0123456789"
const FIXTURES = path.join(__dirname, "../../src/lib/webhooks/__tests__/fixtures")
const sendgridKeys = generateKeyPairSync("ec", { namedCurve: "prime256v1" })
const BROWSER = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"

/*
 * Mail goes to an in-process SMTP sink; every webhook is configured (SNS
 * certificates come from the test fixtures folder, offline). The env must be
 * set before the runner loads medusa-config.ts.
 */
let sink: SmtpSink
let trackingPort = 0
beforeAll(async () => {
  sink = await startSmtpSink()
  // the dedicated tracking listener, on a port free right now; mails point their pixel and links at it
  trackingPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
  })
  process.env.MARKETING_TRACKING_PORT = String(trackingPort)
  process.env.MARKETING_TRACKING_HOST = "127.0.0.1"
  process.env.MARKETING_TRACKING_URL = `http://127.0.0.1:${trackingPort}/`
  delete process.env.SMTP_URL
  process.env.SMTP_HOST = "127.0.0.1"
  process.env.SMTP_PORT = String(sink.port)
  process.env.MARKETING_SECRET = SECRET
  process.env.MARKETING_FROM = "Shop <news@shop.test>"
  process.env.MARKETING_STORE_URL = "https://shop.example.com"
  process.env.MARKETING_TRACKING_FLUSH_MS = "50"
  process.env.MARKETING_WEBHOOK_SECRET = WEBHOOK_SECRET
  process.env.MARKETING_SENDGRID_PUBLIC_KEY = sendgridKeys.publicKey.export({ format: "der", type: "spki" }).toString("base64")
  process.env.MARKETING_POSTMARK_USER = "postmark"
  process.env.MARKETING_POSTMARK_PASSWORD = "pm-pass-123"
  process.env.MARKETING_SNS_CERT_DIR = FIXTURES
  process.env.MARKETING_COMPLAINT_MIN_SAMPLE = "2"
  process.env.MARKETING_SOFT_BOUNCE_LIMIT = "3"
})
afterAll(async () => {
  await sink?.close()
})

const BASE = "/admin/marketing"
const settle = (p: Promise<any>) => p.catch((e) => e.response ?? Promise.reject(e))
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const rcpt = (m: { envelope: { rcptTo: string[] } }) => m.envelope.rcptTo[0]
const noRedirect = { maxRedirects: 0, validateStatus: () => true }

const doc = {
  version: 1,
  blocks: [
    { id: "title", type: "heading", text: "Hello {{ contact.first_name }}" },
    { id: "body", type: "text", content: "<p>Our <a href=\"https://shop.example.com/new?ref=mail\">new arrivals</a> are in.</p>" },
    { id: "cta", type: "button", label: "Shop the sale", href: "https://shop.example.com/sale" },
    { id: "ext", type: "button", label: "Read the blog", href: "https://blog.example.org/post" },
    { id: "about", type: "text", content: "<p><a href=\"https://shop.example.com/about\">About {{ store.name }} and {{ contact.first_name }}</a></p>" },
    { id: "footer", type: "footer" },
  ],
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let auth: { headers: Record<string, string> }
    let marketing: MarketingModuleService
    let everyone: string
    let templateId: string

    const get = (p: string) => settle(api.get(`${BASE}${p}`, auth))
    const post = (p: string, body: unknown = {}) => settle(api.post(`${BASE}${p}`, body, auth))
    const hit = (url: string, headers: Record<string, string> = { "user-agent": BROWSER }, method = "get") =>
      settle((api as any)[method](new URL(url).pathname + new URL(url).search, { ...noRedirect, headers }))

    const waitFor = async (id: string, done: (c: any) => boolean, what: string, timeoutMs = 60_000) => {
      const until = Date.now() + timeoutMs
      let last: any
      while (Date.now() < until) {
        last = (await get(`/campaigns/${id}`)).data.campaign
        if (done(last)) {
          return last
        }
        await sleep(150)
      }
      throw new Error(`campaign ${id} never got ${what}: ${JSON.stringify({ status: last?.status })}`)
    }

    /** Send a campaign to the segment and return it with its messages and mails. */
    const sendCampaign = async (body: Record<string, unknown> = {}) => {
      const created = await post("/campaigns", {
        name: "Spring Sale",
        subject: "Hi {{ contact.first_name }}",
        template_id: templateId,
        include_segment_ids: [everyone],
        ...body,
      })
      expect(created.status).toBe(201)
      const id = created.data.campaign.id
      expect((await post(`/campaigns/${id}/send`, {})).status).toBe(200)
      if (!body.send_rate) {
        await waitFor(id, (c) => c.status === "sent", "sent")
      }
      const messages = await marketing.listMessages({ campaign_id: id }, { take: 100 })
      return { id, messages }
    }

    /** Pretend the messages went out an hour ago: hits right after a send look like scanners. */
    const backdate = async (campaignId: string) => {
      await setSentAt(getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION), campaignId, "now() - interval '1 hour'")
    }

    const mailTo = (email: string) => sink.messages.find((m) => rcpt(m) === email)!
    const linksIn = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, "&"))

    beforeEach(async () => {
      sink.reset()
      const container = getContainer()
      auth = { headers: (await createAdminHeaders(container)).headers }
      marketing = container.resolve(MARKETING_MODULE)
      const emails = ["ann", "bob", "cat"].map((n) => `${n}@example.com`)
      await marketing.upsertContactsByEmail(
        emails.map((email) => ({ email, first_name: email.split("@")[0] })),
        { source: "manual", subscribe: true, consent: { source: "test" } }
      )
      const [seg] = await marketing.createSegments([{ name: "Everyone", type: "static" }])
      everyone = seg.id
      await marketing.addStaticSegmentMembersByEmail(everyone, emails)
      const tpl = await post("/templates", { name: "Sale", subject: "Sale", document: doc })
      expect(tpl.status).toBe(201)
      templateId = tpl.data.template.id
    })

    it("tracks opens and clicks from the real email, flags machines, and only ever redirects to recorded links", async () => {
      const { id, messages } = await sendCampaign()
      const ann = messages.find((m: any) => m.email === "ann@example.com")!
      const html = String(mailTo("ann@example.com").html)

      // the email carries a pixel, tracked store links (with UTM) and an untouched unsubscribe link
      const pixel = /<img src="([^"]+\/marketing\/o\/[^"]+\.gif)"/.exec(html)![1]
      const links = linksIn(html)
      const tracked = links.filter((l) => l.includes("/marketing/c/"))
      expect(tracked).toHaveLength(4)
      expect(links.some((l) => l.includes("/marketing/unsubscribe?token="))).toBe(true)
      expect(links.some((l) => l.includes("/marketing/view?token="))).toBe(false) // no view link block in this template
      const recorded = await marketing.listTrackedLinks({ source_id: id }, { order: { position: "ASC" } })
      expect(recorded.map((l: any) => [l.position, l.url, l.label])).toEqual([
        [0, "https://shop.example.com/new?ref=mail&utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale", "new arrivals"],
        [1, "https://shop.example.com/sale?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale", "Shop the sale"],
        [2, "https://blog.example.org/post", "Read the blog"],
        // the link map's label: shared Liquid rendered, per-recipient parts dropped
        [3, "https://shop.example.com/about?utm_source=newsletter&utm_medium=email&utm_campaign=spring-sale", expect.stringMatching(/^About [^{}]+ and$/)],
      ])

      // right after delivery: a mail proxy prefetches the pixel, a scanner follows a link
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      await setSentAt(knex, id, "now()")
      const scannerOpen = await hit(pixel)
      expect(scannerOpen.status).toBe(200)
      expect(scannerOpen.headers["content-type"]).toBe("image/gif")
      expect(scannerOpen.headers["cache-control"]).toMatch(/no-store/)
      const scannerClick = await hit(tracked[1], { "user-agent": "Mozilla/5.0 (compatible; Barracuda Sentinel)" })
      expect(scannerClick.status).toBe(302)

      // (written before the clock moves: hits are judged against sent_at when their batch is written)
      await marketing.flushTrackingHits()

      // an hour later: a person opens and clicks the sale button
      await backdate(id)
      expect((await hit(pixel)).status).toBe(200)
      expect((await hit(pixel, { "user-agent": BROWSER }, "head")).status).toBe(200)
      const click = await hit(tracked[1])
      expect(click.status).toBe(302)
      expect(click.headers.location).toBe(recorded[1].url)
      expect(click.headers["referrer-policy"]).toBe("no-referrer")

      // whatever the query says, the redirect goes to the recorded URL
      for (const extra of ["?url=//evil.com", "?redirect=https%3A%2F%2Fevil.com", "?u=https:\\\\evil.com"]) {
        const r = await hit(tracked[1] + extra)
        expect(r.status).toBe(302)
        expect(r.headers.location).toBe(recorded[1].url)
      }

      // bad tokens: a page or a harmless pixel, never a redirect and never a 500
      const token = new URL(tracked[1]).pathname.split("/").pop()!
      const claims = verifyTrackingToken(token, SECRET)
      expect(claims).toMatchObject({ ok: true, claims: { kind: "click", message_id: ann.id, source_id: id, link: 1 } })
      const bad = [
        token.slice(0, -3), // truncated
        token.slice(0, 10) + (token[10] === "A" ? "B" : "A") + token.slice(11), // tampered
        signTrackingToken({ kind: "open", message_id: ann.id }, SECRET), // an open token as a click
        signTrackingToken({ kind: "click", message_id: ann.id, source_id: id, link: 1 }, "another-secret"),
        signTrackingToken({ kind: "click", message_id: ann.id, source_id: id, link: 99 }, SECRET), // no such link
        signTrackingToken({ kind: "click", message_id: ann.id, source_id: "mcmp_01JOTHERCAMPAIGN000000000", link: 1 }, SECRET),
        "%2F%2Fevil.com",
        "..%2F..%2Fadmin",
        "x".repeat(5000),
      ]
      for (const t of bad) {
        const r = await settle(api.get(`/marketing/c/${t}`, noRedirect))
        expect([400, 404, 414]).toContain(r.status)
        expect(r.headers.location).toBeUndefined()
      }
      const badPixel = await settle(api.get(`/marketing/o/${token}.gif`, noRedirect)) // a click token as a pixel
      expect(badPixel.status).toBe(404)
      expect(badPixel.headers["content-type"]).toBe("image/gif")

      // the batch lands: raw and human numbers, reasons for machines
      await marketing.flushTrackingHits()
      const [m] = await marketing.listMessages({ id: ann.id })
      expect(m).toMatchObject({ open_count: 3, human_open_count: 1, click_count: 5, human_click_count: 4 })
      expect(m.first_human_open_at).not.toBeNull()
      const events = await marketing.listMessageEvents({ message_id: ann.id }, { order: { occurred_at: "ASC" } })
      expect(events.map((e: any) => [e.type, e.is_bot, e.bot_reason])).toEqual([
        ["open", true, "prefetch"],
        ["click", true, "security_scanner"],
        ["open", false, null],
        ["open", true, "head_request"],
        ["click", false, null],
        ["click", false, null],
        ["click", false, null],
        ["click", false, null],
      ])
      expect(events[2].ip).toMatch(/\.0$|^::$|::$/) // truncated by default
      expect(events[2].user_agent).toBe(BROWSER)
      const [sale] = await marketing.listTrackedLinks({ source_id: id, position: 1 })
      expect(sale).toMatchObject({ clicks: 5, human_clicks: 4 })
      const [contact] = await marketing.listContacts({ email: "ann@example.com" })
      expect(contact.last_click_at).not.toBeNull()

      // the overview's daily rollup, kept by the flush: ann's message is engaged once and clicked
      // once (a second open and four clicks after the first add nothing; the scanner's open and
      // click right after the send and the HEAD request are machines'), the same as counting the messages
      const cells = await readDailyRollup(knex)
      expect(cells).toEqual(await countDailyFromMessages(knex))
      expect(cells.filter((c: any) => c.campaign_key === id)).toEqual([
        { campaign_key: id, day: new Date(m.sent_at!).toISOString().slice(0, 10), sent: 3, human_engaged: 1, human_clicked: 1 },
      ])

      // view in browser: the same email as a page, links tracked, no pixel, recorded as a view
      const viewToken = signTrackingToken({ kind: "view", message_id: ann.id }, SECRET)
      const view = await settle(api.get(`/marketing/view?token=${viewToken}`))
      expect(view.status).toBe(200)
      expect(view.data).toContain("Hello ann")
      expect(view.data).toContain("/marketing/c/")
      expect(view.data).not.toContain("/marketing/o/")
      expect(view.headers["content-security-policy"]).toMatch(/script-src 'none'/)
      expect((await settle(api.get(`/marketing/view?token=${token}`))).status).toBe(400)
      expect((await settle(api.get(`/marketing/view`))).status).toBe(400)
      await marketing.flushTrackingHits()
      expect(await marketing.listMessageEvents({ message_id: ann.id, type: "view" })).toHaveLength(1)

      // a one-click unsubscribe from the mail's header is recorded on the message that carried it
      const oneClick = sinkHeader(mailTo("ann@example.com"), "List-Unsubscribe")!.replace(/^<|>$/g, "")
      expect(oneClick).toMatch(/&m=/)
      const u = new URL(oneClick)
      const unsub = await settle(
        api.post(u.pathname + u.search, "List-Unsubscribe=One-Click", {
          headers: { "content-type": "application/x-www-form-urlencoded" },
        })
      )
      expect(unsub.status).toBe(200)
      await marketing.flushTrackingHits()
      expect(await marketing.listMessageEvents({ message_id: ann.id, type: "unsubscribe" })).toHaveLength(1)
      const [after] = await marketing.listMessages({ id: ann.id })
      expect(after.unsubscribed_at).not.toBeNull()
      const [annContact] = await marketing.listContacts({ email: "ann@example.com" })
      expect(annContact.status).toBe("unsubscribed")
    })

    it("answers the mail's own tracking URLs on the dedicated listener, the same as the API routes", async () => {
      const { id, messages } = await sendCampaign()
      await backdate(id)
      const bob = messages.find((m: any) => m.email === "bob@example.com")!
      const html = String(mailTo("bob@example.com").html)
      const pixel = /<img src="([^"]+\/marketing\/o\/[^"]+\.gif)"/.exec(html)![1]
      const tracked = linksIn(html).filter((l) => l.includes("/marketing/c/"))
      // pixel and links point at the tracking URL; the unsubscribe link stays on the public URL
      const tracking = `http://127.0.0.1:${trackingPort}/marketing/`
      expect(pixel.startsWith(`${tracking}o/`)).toBe(true)
      expect(tracked.length).toBeGreaterThan(0)
      expect(tracked.every((l) => l.startsWith(`${tracking}c/`))).toBe(true)
      expect(linksIn(html).find((l) => l.includes("/marketing/unsubscribe?token="))).not.toMatch(`:${trackingPort}/`)
      expect(marketing.trackingListenerPort()).toBe(trackingPort)
      // the plain-text part's links are tracked too, with the same tokens as the HTML's
      const text = String(mailTo("bob@example.com").text)
      const textLinks = [...text.matchAll(/\[(http[^\]\s]+)\]/g)].map((m) => m[1])
      expect(textLinks.filter((l) => l.startsWith(`${tracking}c/`)).sort()).toEqual([...tracked].sort())
      expect(text).not.toContain("https://shop.example.com/sale")

      const opened = await fetch(pixel, { headers: { "user-agent": BROWSER } })
      expect(opened.status).toBe(200)
      expect(opened.headers.get("content-type")).toBe("image/gif")
      expect(Buffer.from(await opened.arrayBuffer())).toEqual(PIXEL_GIF)
      const [recorded] = await marketing.listTrackedLinks({ source_id: id, position: 1 })
      const clicked = await fetch(`${tracked[1]}?url=//evil.com`, { redirect: "manual", headers: { "user-agent": BROWSER } })
      expect(clicked.status).toBe(302)
      expect(clicked.headers.get("location")).toBe(recorded.url)
      const forged = await fetch(`${tracking}c/${"A".repeat(40)}`, { redirect: "manual" })
      expect(forged.status).toBe(404)
      expect(forged.headers.get("location")).toBeNull()
      expect((await fetch(`http://127.0.0.1:${trackingPort}/admin/marketing/contacts`)).status).toBe(404)

      // the hits land through the same batched writer, counted as a person's
      await marketing.flushTrackingHits()
      const [m] = await marketing.listMessages({ id: bob.id })
      expect(m).toMatchObject({ open_count: 1, human_open_count: 1, click_count: 1, human_click_count: 1 })
      const events = await marketing.listMessageEvents({ message_id: bob.id }, { order: { occurred_at: "ASC" } })
      expect(events.map((e: any) => [e.type, e.is_bot, e.user_agent])).toEqual([
        ["open", false, BROWSER],
        ["click", false, BROWSER],
      ])
    })

    it("records delivery reports from every provider, suppresses bounces and complaints, ignores replays, and refuses bad webhooks", async () => {
      const { id, messages } = await sendCampaign()
      const byEmail = Object.fromEntries(messages.map((m: any) => [m.email, m]))
      const at = new Date().toISOString()

      // generic: signed JSON
      const generic = (events: unknown[], t?: number, secret = WEBHOOK_SECRET) => {
        const body = JSON.stringify({ events })
        return settle(
          api.post("/marketing/webhooks/generic", body, {
            headers: { "content-type": "application/json", "x-marketing-signature": signGenericWebhook(body, secret, t) },
          })
        )
      }
      const reports = [
        { id: "ev-1", type: "delivered", email: "ann@example.com", message_id: byEmail["ann@example.com"].id, occurred_at: at },
        { id: "ev-2", type: "bounce", bounce_kind: "hard", email: "bob@example.com", occurred_at: at, detail: "550 5.1.1 no such user" },
      ]
      const first = await generic(reports)
      expect(first.status).toBe(200)
      expect(first.data).toMatchObject({ received: 2, recorded: 2, duplicates: 0, suppressed: 1 })
      const replay = await generic(reports)
      expect(replay.data).toMatchObject({ received: 2, recorded: 0, duplicates: 2, suppressed: 0 })
      const [bobMsg] = await marketing.listMessages({ id: byEmail["bob@example.com"].id })
      expect(bobMsg).toMatchObject({ bounce_kind: "hard" }) // matched by address: the latest message sent to bob
      expect(bobMsg.bounced_at).not.toBeNull()
      const [bob] = await marketing.listContacts({ email: "bob@example.com" })
      expect(bob.status).toBe("bounced")
      expect((await marketing.findSuppressed(["bob@example.com"])).size).toBe(1)

      // bad generic webhooks
      expect((await generic(reports, Math.floor(Date.now() / 1000) - 3600)).status).toBe(401) // stale
      expect((await generic(reports, undefined, "wrong-secret")).status).toBe(401)
      const unsigned = await settle(api.post("/marketing/webhooks/generic", { events: [] }))
      expect(unsigned.status).toBe(401)
      expect(unsigned.data.message).toMatch(/signature/i)
      const xml = await settle(
        api.post("/marketing/webhooks/generic", "<x/>", { headers: { "content-type": "application/xml" } })
      )
      expect(xml.status).toBe(415)
      const huge = await settle(
        api.post("/marketing/webhooks/generic", "x".repeat(1_100_000), { headers: { "content-type": "application/json" } })
      )
      expect(huge.status).toBe(413)
      expect((await settle(api.post("/marketing/webhooks/mailchimp", {}))).status).toBe(404)

      // soft bounces: suppressed at the third in a row, whatever order they arrive in
      const soft = (n: number, minutesAgo: number) => ({
        id: `soft-${n}`,
        type: "bounce",
        bounce_kind: "soft",
        email: "cat@example.com",
        occurred_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      })
      expect((await generic([soft(3, 1), soft(1, 30)])).data.suppressed).toBe(0)
      expect((await generic([soft(2, 20)])).data.suppressed).toBe(1)
      const [cat] = await marketing.listContacts({ email: "cat@example.com" })
      expect(cat).toMatchObject({ status: "bounced", soft_bounce_count: 3 })

      // SendGrid: ECDSA-signed event webhook; a complaint suppresses and marks the contact
      const sgBody = JSON.stringify([
        { email: "Ann@Example.com", event: "spamreport", sg_event_id: "sg-1", timestamp: Math.floor(Date.now() / 1000), "smtp-id": `<${byEmail["ann@example.com"].id}@shop.test>` },
      ])
      const ts = String(Math.floor(Date.now() / 1000))
      const sgSig = cryptoSign("sha256", Buffer.from(ts + sgBody), sendgridKeys.privateKey).toString("base64")
      const sgHeaders = {
        "content-type": "application/json",
        "x-twilio-email-event-webhook-signature": sgSig,
        "x-twilio-email-event-webhook-timestamp": ts,
      }
      const sg = await settle(api.post("/marketing/webhooks/sendgrid", sgBody, { headers: sgHeaders }))
      expect(sg.status).toBe(200)
      expect(sg.data).toMatchObject({ recorded: 1, suppressed: 1 })
      const [ann] = await marketing.listContacts({ email: "ann@example.com" })
      expect(ann.status).toBe("complained")
      const [annMsg] = await marketing.listMessages({ id: byEmail["ann@example.com"].id })
      expect(annMsg.complained_at).not.toBeNull()
      expect(annMsg.delivered_at).not.toBeNull()
      const tampered = await settle(
        api.post("/marketing/webhooks/sendgrid", sgBody.replace("spamreport", "delivered"), { headers: sgHeaders })
      )
      expect([401, 403]).toContain(tampered.status)

      // Postmark: basic auth
      const pmBody = JSON.stringify({
        RecordType: "Delivery",
        MessageID: "pm-1",
        Recipient: "cat@example.com",
        DeliveredAt: at,
        Metadata: { marketing_message_id: byEmail["cat@example.com"].id },
      })
      const basic = (u: string, p: string) => "Basic " + Buffer.from(`${u}:${p}`).toString("base64")
      const pmBad = await settle(
        api.post("/marketing/webhooks/postmark", pmBody, {
          headers: { "content-type": "application/json", authorization: basic("postmark", "nope") },
        })
      )
      expect(pmBad.status).toBe(401)
      expect(pmBad.headers["www-authenticate"]).toMatch(/^Basic/)
      const pm = await settle(
        api.post("/marketing/webhooks/postmark", pmBody, {
          headers: { "content-type": "application/json", authorization: basic("postmark", "pm-pass-123") },
        })
      )
      expect(pm.status).toBe(200)
      expect(pm.data.recorded).toBe(1)

      // Amazon SES through SNS, signature checked against the (offline) certificate
      const key = readFileSync(path.join(FIXTURES, "sns-test-key.pem"), "utf8")
      const snsMessage = (over: Partial<SnsMessage> = {}) => {
        const msg: SnsMessage = {
          Type: "Notification",
          MessageId: "sns-1",
          TopicArn: "arn:aws:sns:us-east-1:123456789012:ses-events",
          Message: JSON.stringify({
            eventType: "Bounce",
            bounce: {
              bounceType: "Permanent",
              feedbackId: "fb-1",
              timestamp: at,
              bouncedRecipients: [{ emailAddress: "gone@example.com", diagnosticCode: "smtp; 550 user unknown" }],
            },
            mail: { timestamp: at, messageId: "ses-1", destination: ["gone@example.com"], commonHeaders: {} },
          }),
          Timestamp: at,
          SignatureVersion: "2",
          Signature: "",
          SigningCertURL: "https://sns.us-east-1.amazonaws.com/sns-test-cert.pem",
          ...over,
        }
        msg.Signature = cryptoSign("sha256", Buffer.from(snsCanonicalString(msg)), key).toString("base64")
        return msg
      }
      const sns = (msg: unknown) =>
        settle(api.post("/marketing/webhooks/ses", JSON.stringify(msg), { headers: { "content-type": "text/plain; charset=UTF-8" } }))
      const ses = await sns(snsMessage())
      expect(ses.status).toBe(200)
      expect(ses.data).toMatchObject({ recorded: 1, suppressed: 1 })
      expect((await marketing.findSuppressed(["gone@example.com"])).size).toBe(1)
      const forged = snsMessage()
      forged.Message = forged.Message.replace("gone@", "other@")
      expect((await sns(forged)).status).toBe(403)
      expect((await sns(snsMessage({ SigningCertURL: "https://sns.us-east-1.amazonaws.com.evil.com/sns-test-cert.pem" }))).status).toBe(403)
      expect((await sns({ Type: "Notification" })).status).toBe(400)

      // the campaign's complaint rate (1 of 3, min sample 2) crossed 0.3%, but it had finished: nothing to pause
      const [c] = await marketing.listMarketingCampaigns({ id })
      expect(c.status).toBe("sent")
    })

    it("pauses a sending campaign whose complaint rate crosses the limit", async () => {
      const more = ["dee", "eli", "fay", "gus", "hal", "ivy"].map((n) => `${n}@example.com`)
      await marketing.upsertContactsByEmail(more.map((email) => ({ email })), {
        source: "manual",
        subscribe: true,
        consent: { source: "test" },
      })
      await marketing.addStaticSegmentMembersByEmail(everyone, more)
      const { id } = await sendCampaign({ send_rate: 1 })
      const sentTwo = async () => {
        const until = Date.now() + 30_000
        while (Date.now() < until) {
          const ms = await marketing.listMessages({ campaign_id: id, status: "sent" })
          if (ms.length >= 2) {
            return ms
          }
          await sleep(200)
        }
        throw new Error("two messages were never sent")
      }
      const [m] = await sentTwo()
      const body = JSON.stringify({
        events: [{ id: "cmp-1", type: "complaint", email: m.email, message_id: m.id, occurred_at: new Date().toISOString() }],
      })
      const r = await settle(
        api.post("/marketing/webhooks/generic", body, {
          headers: { "content-type": "application/json", "x-marketing-signature": signGenericWebhook(body, WEBHOOK_SECRET) },
        })
      )
      expect(r.status).toBe(200)
      expect(r.data.paused_campaign_ids).toEqual([id])
      const paused = await waitFor(id, (c) => c.status === "paused", "paused")
      expect(paused.pause_reason).toMatch(/spam complaints/)
    })

    it("credits an order to the last human click within the window, once", async () => {
      const { id, messages } = await sendCampaign()
      await backdate(id)
      const ann = messages.find((m: any) => m.email === "ann@example.com")!
      const html = String(mailTo("ann@example.com").html)
      const sale = linksIn(html).filter((l) => l.includes("/marketing/c/"))[1]
      expect((await hit(sale)).status).toBe(302)
      await marketing.flushTrackingHits()

      const orders = getContainer().resolve(Modules.ORDER)
      const [order] = await orders.createOrders([
        {
          email: "ann@example.com",
          currency_code: "eur",
          items: [{ title: "Sale shoes", quantity: 2, unit_price: 40 }],
        } as any,
      ])
      const run = () => attributeOrdersWorkflow(getContainer()).run({ input: { order_ids: [order.id] } })
      expect((await run()).result.attributed).toBe(1)
      expect((await run()).result.attributed).toBe(0) // a replay credits nothing more
      const rows = await marketing.listAttributions({ order_id: order.id })
      expect(rows).toHaveLength(1)
      expect(rows[0]).toMatchObject({
        message_id: ann.id,
        campaign_id: id,
        touch: "click",
        attribution_model: "last_click",
        currency_code: "eur",
        window_days: 5,
      })
      expect(Number(rows[0].revenue)).toBe(80)

      // bob never engaged: his order earns no credit
      const [bobOrder] = await orders.createOrders([
        { email: "bob@example.com", currency_code: "eur", items: [{ title: "Socks", quantity: 1, unit_price: 5 }] } as any,
      ])
      expect((await attributeOrdersWorkflow(getContainer()).run({ input: { order_ids: [bobOrder.id] } })).result.attributed).toBe(0)

      // the attribution reaches its order through the module link
      const query = getContainer().resolve(ContainerRegistrationKeys.QUERY)
      const { data } = await query.graph({ entity: "attribution", fields: ["id", "order.email"], filters: { order_id: order.id } })
      expect(data[0].order?.email).toBe("ann@example.com")
    })
  
    it("picks the A/B winner from human opens: machine opens do not count", async () => {
      // the split hashes each contact on its own: 60 readers at 0.6 leave a remainder
      // to wait for the winner (at 0.9 of 29, one run in 21 put everyone in the test)
      const more = Array.from({ length: 58 }, (_, i) => `reader${i}@example.com`)
      await marketing.upsertContactsByEmail(more.map((email) => ({ email })), {
        source: "manual",
        subscribe: true,
        consent: { source: "test" },
      })
      await marketing.addStaticSegmentMembersByEmail(everyone, more)
      const created = await post("/campaigns", {
        name: "Subject test",
        subject: "Plain",
        template_id: templateId,
        include_segment_ids: [everyone],
        ab_test: { variants: [{ subject: "Subject A" }, { subject: "Subject B" }], test_fraction: 0.6, auto_pick: false },
      })
      const id = created.data.campaign.id
      await post(`/campaigns/${id}/send`, {})
      await waitFor(id, (c) => c.progress.queued === 0 && c.progress.sending === 0, "the test sent")
      await backdate(id)
      const messages = await marketing.listMessages({ campaign_id: id, status: "sent" }, { take: 100 })
      const a = messages.filter((m: any) => m.variant === 0)
      const b = messages.filter((m: any) => m.variant === 1)
      expect(a.length).toBeGreaterThanOrEqual(8)
      expect(b.length).toBeGreaterThanOrEqual(8)
      const at = new Date()
      // every A message is "opened" by Apple's privacy proxy; people open B
      for (const m of a) {
        marketing.trackHit({ kind: "open", message_id: m.id, at, user_agent: "Mozilla/5.0", ip: null, raw_ip: "17.58.1.2", method: "GET" })
      }
      for (const m of b) {
        marketing.trackHit({ kind: "open", message_id: m.id, at, user_agent: BROWSER, ip: null, raw_ip: "203.0.113.9", method: "GET" })
      }
      await marketing.flushTrackingHits()
      // machine opens are not engagement in the overview's daily rollup either
      const knex = getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
      const cells = await readDailyRollup(knex)
      expect(cells).toEqual(await countDailyFromMessages(knex))
      expect(cells.filter((c: any) => c.campaign_key === id).reduce((n: number, c: any) => n + c.human_engaged, 0)).toBe(b.length)
      const { result } = await pickCampaignWinnerWorkflow(getContainer()).run({ input: { id, lanes: 1 } })
      expect(result).toMatchObject({ winner: 1 })
      const [c] = await marketing.listMarketingCampaigns({ id })
      expect(c.winner_variant).toBe(1)
      expect(c.winner_decision).toMatchObject({ metric: "open_rate", decided: true, winner_id: "1", manual: false })
    })
  },
})
