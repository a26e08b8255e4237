import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import {
  createApiKeysWorkflow,
  createSalesChannelsWorkflow,
  linkSalesChannelsToApiKeyWorkflow,
} from "@medusajs/medusa/core-flows"
import { startSmtpSink, SmtpSink } from "../helpers/smtp-sink"
import { MARKETING_MODULE } from "../../src/modules/marketing"
import type MarketingModuleService from "../../src/modules/marketing/service"
import { hashEmail } from "../../src/lib/email"
import { buildContactLinks } from "../../src/lib/links"
import { signToken } from "../../src/lib/tokens"

jest.setTimeout(180_000)

/*
 * The sink must listen, and SMTP_HOST/SMTP_PORT be set, before the runner
 * loads medusa-config.ts (in its own beforeAll, which runs after this one).
 */
let sink: SmtpSink
beforeAll(async () => {
  sink = await startSmtpSink()
  delete process.env.SMTP_URL
  process.env.SMTP_HOST = "127.0.0.1"
  process.env.SMTP_PORT = String(sink.port)
})
afterAll(async () => {
  await sink?.close()
})

/** axios throws on 4xx: hand back the response either way */
const settle = (p: Promise<any>) => p.catch((e) => e.response ?? Promise.reject(e))

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** A fresh client IP per test, so per-IP sign-up limits never leak between tests. */
let ipSeq = 0
const nextIp = () => `10.1.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`

/** The path and query of the first confirmation link in an email's text. */
function confirmPath(text: string | undefined): string {
  const m = /https?:\/\/[^/\s]+(\/marketing\/confirm\?token=[A-Za-z0-9._%-]+)/.exec(text ?? "")
  if (!m) {
    throw new Error(`no confirmation link in: ${text}`)
  }
  return m[1]
}

function pathOf(url: string): string {
  const u = new URL(url)
  return u.pathname + u.search
}

const SIGNUP_BODY = {
  status: "accepted",
  double_opt_in: true,
  message: "Thanks! Check your inbox: we have sent you a link to confirm your subscription.",
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let marketing: MarketingModuleService
    let pk: string
    let secret: string
    let ip: string

    const store = (extra: Record<string, string> = {}) => ({
      headers: { "x-publishable-api-key": pk, "x-forwarded-for": ip, "user-agent": "jest-agent/1.0", ...extra },
    })
    const subscribe = (body: Record<string, unknown>, extra: Record<string, string> = {}) =>
      settle(api.post("/store/marketing/subscribe", body, store(extra)))
    const page = (path: string) => settle(api.get(path, { headers: { "x-forwarded-for": ip, "user-agent": "clicker/2.0" } }))
    const form = (path: string, body: string, contentType = "application/x-www-form-urlencoded") =>
      settle(api.post(path, body, { headers: { "content-type": contentType, "x-forwarded-for": ip } }))

    const contactByEmail = async (email: string) => (await marketing.listContacts({ email }))[0]
    const consentOf = (contactId: string) =>
      marketing.listConsentEvents({ contact_id: contactId }, { order: { occurred_at: "ASC", created_at: "ASC" } })
    const topicsOf = async (contactId: string) => {
      const rows = await marketing.listContactTopics({ contact_id: contactId }, { relations: ["topic"] })
      return Object.fromEntries(rows.map((r: any) => [r.topic.handle, r.subscribed]))
    }
    const suppressionsOf = (email: string) => marketing.listSuppressions({ email_hash: hashEmail(email) })

    /** A contact who is subscribed to the given topics, as after a confirmed sign-up. */
    const subscribedContact = async (email: string, topics: string[] = ["newsletter"]) => {
      const contact = await marketing.createContacts({
        email,
        status: "subscribed",
        source: "test",
        subscribed_at: new Date(),
      })
      await marketing.setContactTopics(contact.id, Object.fromEntries(topics.map((t) => [t, true])))
      return contact
    }

    beforeEach(async () => {
      const container = getContainer()
      marketing = container.resolve(MARKETING_MODULE)
      secret = marketing.getOptions().secret
      ip = nextIp()
      sink.reset()

      const {
        result: [salesChannel],
      } = await createSalesChannelsWorkflow(container).run({ input: { salesChannelsData: [{ name: "Webshop" }] } })
      const {
        result: [apiKey],
      } = await createApiKeysWorkflow(container).run({
        input: { api_keys: [{ title: "Webshop", type: "publishable", created_by: "" }] },
      })
      await linkSalesChannelsToApiKeyWorkflow(container).run({ input: { id: apiKey.id, add: [salesChannel.id] } })
      pk = apiKey.token

      // "newsletter" (default, public) is seeded by the module's migration
      await marketing.createTopics([
        { handle: "promotions", name: "Promotions" },
        { handle: "vip", name: "VIP previews", is_public: false },
      ])
    })

    describe("double opt-in sign-up", () => {
      it("emails a signed link; the click subscribes with a full consent trail", async () => {
        const res = await subscribe({ email: "  Ada@Example.COM ", first_name: "Ada" })
        expect(res.status).toBe(202)
        expect(res.data).toEqual(SIGNUP_BODY)

        const contact = await contactByEmail("ada@example.com")
        expect(contact).toMatchObject({ status: "pending", source: "storefront", first_name: "Ada" })
        expect(contact.confirmation_sent_at).toBeTruthy()

        const requested = await consentOf(contact.id)
        expect(requested.map((c) => [c.action, c.topic_handle])).toEqual([
          ["requested", null],
          ["requested", "newsletter"],
        ])
        const options = marketing.getOptions()
        for (const c of requested) {
          expect(c).toMatchObject({
            source: "storefront",
            ip: ip,
            user_agent: "jest-agent/1.0",
            wording: options.consent_wording,
            wording_version: options.consent_wording_version,
            email: "ada@example.com",
          })
        }

        const [mail] = await sink.waitFor(1, 10_000)
        expect(mail.envelope.rcptTo).toEqual(["ada@example.com"])
        expect(mail.subject).toBe(`Confirm your subscription to ${options.store_name}`)
        expect(mail.text).toContain("Hi Ada,")
        expect(mail.text).toContain("Newsletter")
        const link = confirmPath(mail.text)
        expect(mail.html).toContain(link.replace(/&/g, "&amp;"))

        // nothing is granted before the click
        expect(await topicsOf(contact.id)).toEqual({})

        const click = await page(link)
        expect(click.status).toBe(200)
        expect(click.headers["content-type"]).toMatch(/text\/html/)
        expect(click.headers["cache-control"]).toBe("no-store")
        expect(click.headers["referrer-policy"]).toBe("no-referrer")
        expect(click.data).toContain("You&#39;re subscribed")

        const confirmed = await contactByEmail("ada@example.com")
        expect(confirmed.status).toBe("subscribed")
        expect(confirmed.subscribed_at).toBeTruthy()
        expect(await topicsOf(contact.id)).toEqual({ newsletter: true })

        const trail = await consentOf(contact.id)
        expect(trail.map((c) => [c.action, c.topic_handle])).toEqual([
          ["requested", null],
          ["requested", "newsletter"],
          ["granted", null],
          ["granted", "newsletter"],
        ])
        expect(trail[2]).toMatchObject({
          source: "double_opt_in",
          ip,
          user_agent: "clicker/2.0",
          wording: options.consent_wording,
          wording_version: options.consent_wording_version,
        })

        // a second click: same friendly page, nothing new in the ledger
        const again = await page(link)
        expect(again.status).toBe(200)
        expect(again.data).toContain("already subscribed")
        expect(await consentOf(contact.id)).toHaveLength(4)

        // the JSON variant for headless storefronts agrees
        const token = decodeURIComponent(link.split("token=")[1])
        const json = await settle(api.post("/store/marketing/confirm", { token }, store()))
        expect(json.status).toBe(200)
        expect(json.data).toEqual({ subscription: { status: "already_confirmed" } })
        expect(await consentOf(contact.id)).toHaveLength(4)
      })

      it("grants the named topics (and only those); the JSON confirm works too", async () => {
        await subscribe({ email: "topics@example.com", topics: ["promotions", "vip"], source: "footer" })
        const [mail] = await sink.waitFor(1, 10_000)
        expect(mail.text).toContain("Promotions")
        const contact = await contactByEmail("topics@example.com")
        const requested = await consentOf(contact.id)
        expect(requested.map((c) => c.topic_handle)).toEqual([null, "promotions", "vip"])
        expect(requested.every((c) => c.source === "footer")).toBe(true)

        const token = decodeURIComponent(confirmPath(mail.text).split("token=")[1])
        const res = await settle(api.post("/store/marketing/confirm", { token }, store()))
        expect(res.status).toBe(200)
        expect(res.data).toEqual({ subscription: { status: "confirmed" } })
        expect(await topicsOf(contact.id)).toEqual({ promotions: true, vip: true })
      })

      it("answers the same for new, pending, subscribed and suppressed addresses", async () => {
        await subscribedContact("member@example.com")
        await marketing.suppress([{ email: "bounced@example.com", reason: "hard_bounce" }])
        const bodies: unknown[] = []
        for (const email of ["new@example.com", "new@example.com", "member@example.com", "bounced@example.com"]) {
          const res = await subscribe({ email })
          expect(res.status).toBe(202)
          bodies.push(res.data)
        }
        expect(bodies.every((b) => JSON.stringify(b) === JSON.stringify(SIGNUP_BODY))).toBe(true)
        // one email: the new address's first sign-up (the member holds every default topic already)
        await sleep(1_000)
        expect(sink.messages.map((m) => m.envelope.rcptTo[0])).toEqual(["new@example.com"])
      })

      it("a subscribed contact asking for a new topic must confirm it by email first", async () => {
        const member = await subscribedContact("member2@example.com", ["newsletter"])
        await subscribe({ email: "member2@example.com", topics: ["newsletter", "promotions"] })
        const [mail] = await sink.waitFor(1, 10_000)
        expect(mail.text).toContain("Promotions")
        expect(mail.text).not.toContain("Newsletter")
        expect(await topicsOf(member.id)).toEqual({ newsletter: true })
        expect((await contactByEmail("member2@example.com")).status).toBe("subscribed")

        await page(confirmPath(mail.text))
        expect(await topicsOf(member.id)).toEqual({ newsletter: true, promotions: true })
        const granted = (await consentOf(member.id)).filter((c) => c.action === "granted")
        expect(granted.map((c) => c.topic_handle)).toEqual(["promotions"])
      })

      it("re-sends a confirmation at most once per resend window", async () => {
        expect((await subscribe({ email: "twice@example.com" })).status).toBe(202)
        await sink.waitFor(1, 10_000)
        expect((await subscribe({ email: "twice@example.com" })).status).toBe(202)
        expect((await subscribe({ email: "TWICE@example.com" })).status).toBe(202)
        await sleep(1_000)
        expect(sink.messages).toHaveLength(1)

        // once the window has passed, a new sign-up sends a fresh link
        const contact = await contactByEmail("twice@example.com")
        const minutes = marketing.getOptions().confirmation_resend_minutes
        await marketing.updateContacts({
          id: contact.id,
          confirmation_sent_at: new Date(Date.now() - (minutes + 1) * 60_000),
        })
        expect((await subscribe({ email: "twice@example.com" })).status).toBe(202)
        await sink.waitFor(2, 10_000)
        expect(sink.messages).toHaveLength(2)
        // still one contact
        expect(await marketing.listContacts({ email: "twice@example.com" })).toHaveLength(1)
      })

      it("a failed delivery still answers 202, and the next sign-up sends again", async () => {
        sink.setFailWith((rcpt) => (rcpt === "flaky@example.com" ? { code: 451, message: "try later" } : null))
        try {
          const res = await subscribe({ email: "flaky@example.com" })
          expect(res.status).toBe(202)
          expect(res.data).toEqual(SIGNUP_BODY)
          const contact = await contactByEmail("flaky@example.com")
          expect(contact.status).toBe("pending")
          // no send is on record, so the resend window does not hold the retry back
          expect(contact.confirmation_sent_at).toBeNull()
        } finally {
          sink.setFailWith(undefined)
        }
        expect((await subscribe({ email: "flaky@example.com" })).status).toBe(202)
        const [mail] = await sink.waitFor(1, 10_000)
        expect(mail.envelope.rcptTo).toEqual(["flaky@example.com"])
      })

      it("without double opt-in, subscribes at once with granted consent", async () => {
        // the options object is the module's own: flip it for this test only
        const options = marketing.getOptions()
        options.double_opt_in = false
        try {
          const res = await subscribe({ email: "single@example.com", topics: ["promotions"] })
          expect(res.status).toBe(202)
          expect(res.data).toEqual({ status: "accepted", double_opt_in: false, message: "Thanks for subscribing!" })
          const contact = await contactByEmail("single@example.com")
          expect(contact.status).toBe("subscribed")
          expect(await topicsOf(contact.id)).toEqual({ promotions: true })
          const ledger = await consentOf(contact.id)
          expect(ledger.map((c) => [c.action, c.topic_handle])).toEqual([
            ["granted", null],
            ["granted", "promotions"],
          ])
          expect(ledger[0]).toMatchObject({ source: "storefront", ip, user_agent: "jest-agent/1.0" })

          // a complaint still wins
          await marketing.suppress([{ email: "angry2@example.com", reason: "complaint" }])
          expect((await subscribe({ email: "angry2@example.com" })).status).toBe(202)
          expect(await contactByEmail("angry2@example.com")).toBeUndefined()
        } finally {
          options.double_opt_in = true
        }
        await sleep(500)
        expect(sink.messages).toHaveLength(0)
      })

      it("never emails an address suppressed for a complaint, and writes nothing", async () => {
        await marketing.suppress([{ email: "angry@example.com", reason: "complaint" }])
        const res = await subscribe({ email: "angry@example.com" })
        expect(res.status).toBe(202)
        expect(res.data).toEqual(SIGNUP_BODY)
        await sleep(1_500)
        expect(sink.messages).toHaveLength(0)
        expect(await contactByEmail("angry@example.com")).toBeUndefined()
        expect(await suppressionsOf("angry@example.com")).toMatchObject([{ reason: "complaint" }])
      })

      it("a confirmation link cannot lift a complaint that arrived after the sign-up", async () => {
        await subscribe({ email: "later@example.com" })
        const [mail] = await sink.waitFor(1, 10_000)
        await marketing.suppress([{ email: "later@example.com", reason: "complaint" }])
        const res = await page(confirmPath(mail.text))
        expect(res.status).toBe(200)
        expect(res.data).toContain("could not subscribe")
        expect((await contactByEmail("later@example.com")).status).toBe("pending")
        expect(await suppressionsOf("later@example.com")).toMatchObject([{ reason: "complaint" }])
      })
    })

    describe("bad input", () => {
      it("refuses invalid addresses, unknown topics, unknown fields and oversized bodies with 4xx", async () => {
        const bad = await subscribe({ email: "not-an-email" })
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/email/)
        expect(JSON.stringify(bad.data)).not.toMatch(/at .*\.(js|ts):\d+/)

        const missing = await subscribe({})
        expect(missing.status).toBe(400)
        expect(missing.data.message).toMatch(/email/)

        const unknown = await subscribe({ email: "u@example.com", topics: ["newsletter", "nope", "nada"] })
        expect(unknown.status).toBe(400)
        expect(unknown.data.message).toBe("Unknown topic handles: nope, nada")

        const extra = await subscribe({ email: "u@example.com", is_admin: true })
        expect(extra.status).toBe(400)
        expect(extra.data.message).toMatch(/is_admin/)

        const huge = await subscribe({ email: "u@example.com", first_name: "x".repeat(20_000) })
        expect(huge.status).toBe(413)

        const noKey = await settle(api.post("/store/marketing/subscribe", { email: "u@example.com" }))
        expect(noKey.status).toBe(400)
        expect(noKey.data.message).toMatch(/[Pp]ublishable/)

        await sleep(500)
        expect(sink.messages).toHaveLength(0)
        expect(await marketing.listContacts({})).toHaveLength(0)
      })

      it("rate-limits sign-ups per IP and per address with 429 and Retry-After", async () => {
        const { rate_limit_per_ip, rate_limit_per_email } = marketing.getOptions()
        // per IP: every attempt counts, valid or not
        for (let i = 0; i < rate_limit_per_ip; i++) {
          expect((await subscribe({ email: "bad" })).status).toBe(400)
        }
        const limited = await subscribe({ email: "ok@example.com" })
        expect(limited.status).toBe(429)
        expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0)
        expect(limited.data.message).toMatch(/Too many sign-up attempts from your network\. Try again in \d+ seconds?\./)

        // per address: from many IPs
        for (let i = 0; i < rate_limit_per_email; i++) {
          ip = nextIp()
          expect((await subscribe({ email: "Popular@example.com" })).status).toBe(202)
        }
        ip = nextIp()
        const perEmail = await subscribe({ email: "popular@EXAMPLE.com" })
        expect(perEmail.status).toBe(429)
        expect(perEmail.headers["retry-after"]).toBeDefined()
        expect(perEmail.data.message).toMatch(/for this email address/)
        // another address from that IP is fine
        expect((await subscribe({ email: "other@example.com" })).status).toBe(202)
      })

      it("answers tampered, expired and wrong-purpose links with a 4xx page and changes nothing", async () => {
        await subscribe({ email: "links@example.com" })
        const [mail] = await sink.waitFor(1, 10_000)
        const contact = await contactByEmail("links@example.com")
        const before = await consentOf(contact.id)

        const good = decodeURIComponent(confirmPath(mail.text).split("token=")[1])
        const [body, sig] = good.split(".")
        const payload = JSON.parse(Buffer.from(body, "base64url").toString())
        const forged = Buffer.from(JSON.stringify({ ...payload, x: "newsletter,promotions" })).toString("base64url")
        const tampered = await page(`/marketing/confirm?token=${forged}.${sig}`)
        expect(tampered.status).toBe(400)
        expect(tampered.headers["content-type"]).toMatch(/text\/html/)
        expect(tampered.data).toContain("This link is not valid")
        expect(tampered.data).not.toMatch(/Error|at .*\.(js|ts):\d+/)

        const expired = signToken(
          { purpose: "confirm", subject: contact.id, ttlSeconds: 60 },
          secret,
          Date.now() - 2 * 3600_000
        )
        const exp = await page(`/marketing/confirm?token=${expired}`)
        expect(exp.status).toBe(400)
        expect(exp.data).toContain("expired")

        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id })
        const wrong = await page(`/marketing/confirm?token=${new URL(links.unsubscribe_url).searchParams.get("token")}`)
        expect(wrong.status).toBe(400)
        expect(wrong.data).toContain("different action")

        const prefsAsUnsub = await form(
          `/marketing/unsubscribe?token=${new URL(links.preferences_url).searchParams.get("token")}`,
          "List-Unsubscribe=One-Click"
        )
        expect(prefsAsUnsub.status).toBe(400)

        const none = await page("/marketing/confirm")
        expect(none.status).toBe(400)
        expect(none.data).toContain("token is missing")

        const junk = await page("/marketing/preferences?token=%3Cscript%3E")
        expect(junk.status).toBe(400)
        expect(junk.data).not.toContain("<script>")

        const json = await settle(api.post("/store/marketing/confirm", { token: `${forged}.${sig}` }, store()))
        expect(json.status).toBe(400)
        expect(json.data.message).toContain("This link is not valid")

        const jsonExpired = await settle(api.post("/store/marketing/confirm", { token: expired }, store()))
        expect(jsonExpired.status).toBe(400)
        expect(jsonExpired.data.message).toMatch(/expired/)

        const after = await contactByEmail("links@example.com")
        expect(after.status).toBe("pending")
        expect(await topicsOf(contact.id)).toEqual({})
        expect(await consentOf(contact.id)).toHaveLength(before.length)
        expect(await suppressionsOf("links@example.com")).toHaveLength(0)
      })
    })

    describe("preference centre", () => {
      it("HTML: lists public topics with checkboxes and saves the form to the ledger", async () => {
        const contact = await subscribedContact("prefs@example.com", ["newsletter"])
        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id })

        const get = await page(pathOf(links.preferences_url))
        expect(get.status).toBe(200)
        expect(get.data).toMatch(/name="topics" value="newsletter" checked/)
        expect(get.data).toMatch(/name="topics" value="promotions"(?! checked)/)
        expect(get.data).not.toContain('value="vip"')
        expect(get.data).toContain("p***@example.com")
        expect(get.data).not.toContain("prefs@example.com")
        expect(get.data).toContain('name="unsubscribe_all"')

        const token = new URL(links.preferences_url).searchParams.get("token")!
        const post = await form(
          `/marketing/preferences?token=${encodeURIComponent(token)}`,
          new URLSearchParams({ token, topics: "promotions" }).toString()
        )
        expect(post.status).toBe(200)
        expect(post.data).toContain("Your preferences are saved")
        expect(post.data).toMatch(/name="topics" value="promotions" checked/)
        expect(await topicsOf(contact.id)).toEqual({ newsletter: false, promotions: true })

        const ledger = await consentOf(contact.id)
        expect(ledger.map((c) => [c.action, c.topic_handle, c.source])).toEqual(
          expect.arrayContaining([
            ["withdrawn", "newsletter", "preference_center"],
            ["granted", "promotions", "preference_center"],
          ])
        )
        expect(ledger).toHaveLength(2)
        expect(ledger.find((c) => c.action === "granted")).toMatchObject({ ip, wording: expect.stringContaining("topics") })

        // saving the same again writes nothing
        await form(
          `/marketing/preferences?token=${encodeURIComponent(token)}`,
          new URLSearchParams({ token, topics: "promotions" }).toString()
        )
        expect(await consentOf(contact.id)).toHaveLength(2)

        // "unsubscribe from all" from the form
        const all = await form(
          `/marketing/preferences?token=${encodeURIComponent(token)}`,
          new URLSearchParams({ token, unsubscribe_all: "1" }).toString()
        )
        expect(all.status).toBe(200)
        expect(all.data).toContain("You&#39;re unsubscribed")
        expect((await contactByEmail("prefs@example.com")).status).toBe("unsubscribed")
        expect(await suppressionsOf("prefs@example.com")).toMatchObject([{ reason: "unsubscribed" }])
      })

      it("JSON: reads and updates by token, refuses unknown topics, records every change", async () => {
        const contact = await subscribedContact("json@example.com", ["newsletter", "promotions"])
        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id })
        const token = new URL(links.preferences_url).searchParams.get("token")!

        const get = await settle(
          api.get(`/store/marketing/preferences?token=${encodeURIComponent(token)}`, store())
        )
        expect(get.status).toBe(200)
        expect(get.data.preferences).toEqual({
          email: "j***@example.com",
          status: "subscribed",
          topics: [
            { handle: "newsletter", name: "Newsletter", description: "News, launches and offers from the store", subscribed: true },
            { handle: "promotions", name: "Promotions", description: null, subscribed: true },
          ],
        })

        const post = await settle(
          api.post("/store/marketing/preferences", { token, topics: { promotions: false } }, store())
        )
        expect(post.status).toBe(200)
        expect(post.data.changes).toEqual({ granted: [], withdrawn: ["promotions"], unsubscribed: false, blocked: false })
        expect(post.data.preferences.topics.map((t: any) => [t.handle, t.subscribed])).toEqual([
          ["newsletter", true],
          ["promotions", false],
        ])
        const ledger = await consentOf(contact.id)
        expect(ledger).toHaveLength(1)
        expect(ledger[0]).toMatchObject({
          action: "withdrawn",
          topic_handle: "promotions",
          source: "preference_center",
          ip,
          user_agent: "jest-agent/1.0",
        })

        const unknown = await settle(
          api.post("/store/marketing/preferences", { token, topics: { vip: true, nope: false } }, store())
        )
        expect(unknown.status).toBe(400)
        expect(unknown.data.message).toBe("Unknown topic handles: vip, nope")

        const wrong = await settle(
          api.post(
            "/store/marketing/preferences",
            { token: new URL(links.unsubscribe_url).searchParams.get("token"), topics: { newsletter: false } },
            store()
          )
        )
        expect(wrong.status).toBe(400)
        expect(wrong.data.message).toContain("different action")

        const badType = await settle(api.post("/store/marketing/preferences", { token, topics: { newsletter: "yes" } }, store()))
        expect(badType.status).toBe(400)

        const all = await settle(api.post("/store/marketing/preferences", { token, unsubscribe_all: true }, store()))
        expect(all.status).toBe(200)
        expect(all.data.changes).toMatchObject({ unsubscribed: true, withdrawn: ["newsletter"] })
        expect(all.data.preferences.status).toBe("unsubscribed")
        expect(await suppressionsOf("json@example.com")).toMatchObject([{ reason: "unsubscribed" }])

        // ticking a topic again re-subscribes (the link proves the mailbox) and lifts the "unsubscribed" suppression
        const back = await settle(api.post("/store/marketing/preferences", { token, topics: { promotions: true } }, store()))
        expect(back.status).toBe(200)
        expect(back.data.preferences.status).toBe("subscribed")
        expect(await suppressionsOf("json@example.com")).toHaveLength(0)
        expect((await consentOf(contact.id)).map((c) => [c.action, c.topic_handle])).toEqual(
          expect.arrayContaining([
            ["withdrawn", null],
            ["withdrawn", "newsletter"],
            ["granted", null],
            ["granted", "promotions"],
          ])
        )
      })
    })

    describe("unsubscribe", () => {
      it("GET shows a confirm page and does not unsubscribe", async () => {
        const contact = await subscribedContact("scanner@example.com")
        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id })
        const res = await page(pathOf(links.unsubscribe_url))
        expect(res.status).toBe(200)
        expect(res.data).toContain('<form method="post" action="unsubscribe?token=')
        expect(res.data).toContain('<button type="submit"')
        expect(res.data).toContain("all our marketing email")
        expect(res.headers["x-robots-tag"]).toMatch(/noindex/)
        // HEAD as well (link scanners)
        await settle(api.head(pathOf(links.unsubscribe_url)))

        expect((await contactByEmail("scanner@example.com")).status).toBe("subscribed")
        expect(await consentOf(contact.id)).toHaveLength(0)
        expect(await suppressionsOf("scanner@example.com")).toHaveLength(0)
      })

      it("RFC 8058 one-click POST unsubscribes without cookie or key, idempotently, and suppresses", async () => {
        const contact = await subscribedContact("oneclick@example.com", ["newsletter", "promotions"])
        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id })
        const path = pathOf(links.one_click_url)

        const first = await form(path, "List-Unsubscribe=One-Click")
        expect(first.status).toBe(200)
        expect(first.data).toContain("You&#39;re unsubscribed")

        const after = await contactByEmail("oneclick@example.com")
        expect(after.status).toBe("unsubscribed")
        expect(after.unsubscribed_at).toBeTruthy()
        expect(await topicsOf(contact.id)).toEqual({ newsletter: false, promotions: false })
        const ledger = await consentOf(contact.id)
        expect(ledger.map((c) => [c.action, c.topic_handle])).toEqual(
          expect.arrayContaining([
            ["withdrawn", null],
            ["withdrawn", "newsletter"],
            ["withdrawn", "promotions"],
          ])
        )
        expect(ledger).toHaveLength(3)
        expect(ledger[0]).toMatchObject({ source: "one_click", ip })
        expect(await suppressionsOf("oneclick@example.com")).toMatchObject([{ reason: "unsubscribed" }])
        expect(await marketing.findSuppressed(["oneclick@example.com"])).toEqual(new Set([hashEmail("oneclick@example.com")]))

        const second = await form(path, "List-Unsubscribe=One-Click")
        expect(second.status).toBe(200)
        expect(await consentOf(contact.id)).toHaveLength(3)
        expect(await suppressionsOf("oneclick@example.com")).toHaveLength(1)
      })

      it("accepts the one-click POST as multipart, and the page's own button", async () => {
        const a = await subscribedContact("multipart@example.com")
        const boundary = "----jestboundary42"
        const multipart =
          `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`
        const res = await form(
          pathOf(buildContactLinks({ publicUrl: "http://x", secret, contactId: a.id }).one_click_url),
          multipart,
          `multipart/form-data; boundary=${boundary}`
        )
        expect(res.status).toBe(200)
        expect((await contactByEmail("multipart@example.com")).status).toBe("unsubscribed")
        expect((await consentOf(a.id))[0]).toMatchObject({ source: "one_click" })

        const b = await subscribedContact("button@example.com")
        const token = new URL(buildContactLinks({ publicUrl: "http://x", secret, contactId: b.id }).unsubscribe_url)
          .searchParams.get("token")!
        const viaButton = await form(
          `/marketing/unsubscribe?token=${encodeURIComponent(token)}`,
          new URLSearchParams({ token, confirm: "1" }).toString()
        )
        expect(viaButton.status).toBe(200)
        expect((await contactByEmail("button@example.com")).status).toBe("unsubscribed")
        expect((await consentOf(b.id))[0]).toMatchObject({ source: "unsubscribe_page" })
      })

      it("refuses an oversized body with 413 and a page", async () => {
        const c = await subscribedContact("big@example.com")
        const res = await form(
          pathOf(buildContactLinks({ publicUrl: "http://x", secret, contactId: c.id }).one_click_url),
          `List-Unsubscribe=One-Click&pad=${"x".repeat(40_000)}`
        )
        expect(res.status).toBe(413)
        expect(String(res.data)).toContain("too large")
        expect((await contactByEmail("big@example.com")).status).toBe("subscribed")
      })

      it("a topic link leaves only that topic", async () => {
        const contact = await subscribedContact("topic@example.com", ["newsletter", "promotions"])
        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id, topicHandle: "promotions" })

        const get = await page(pathOf(links.unsubscribe_url))
        expect(get.data).toContain("“Promotions” emails")

        const res = await form(pathOf(links.one_click_url), "List-Unsubscribe=One-Click")
        expect(res.status).toBe(200)
        expect(res.data).toContain("“Promotions” emails")
        expect(await topicsOf(contact.id)).toEqual({ newsletter: true, promotions: false })
        expect((await contactByEmail("topic@example.com")).status).toBe("subscribed")
        expect(await suppressionsOf("topic@example.com")).toHaveLength(0)
        const ledger = await consentOf(contact.id)
        expect(ledger.map((c) => [c.action, c.topic_handle])).toEqual([["withdrawn", "promotions"]])

        // JSON variant, idempotent too
        const token = new URL(links.unsubscribe_url).searchParams.get("token")
        const json = await settle(api.post("/store/marketing/unsubscribe", { token }, store()))
        expect(json.data).toEqual({ unsubscribed: true, topic_handle: "promotions" })
        expect(await consentOf(contact.id)).toHaveLength(1)
      })

      it("re-subscribing after an unsubscribe lifts the suppression only once confirmed", async () => {
        const contact = await subscribedContact("again@example.com")
        const links = buildContactLinks({ publicUrl: "http://x", secret, contactId: contact.id })
        await form(pathOf(links.one_click_url), "List-Unsubscribe=One-Click")
        expect(await suppressionsOf("again@example.com")).toMatchObject([{ reason: "unsubscribed" }])

        expect((await subscribe({ email: "again@example.com" })).status).toBe(202)
        const [mail] = await sink.waitFor(1, 10_000)
        // not yet: still unsubscribed and suppressed
        expect((await contactByEmail("again@example.com")).status).toBe("unsubscribed")
        expect(await suppressionsOf("again@example.com")).toHaveLength(1)

        const click = await page(confirmPath(mail.text))
        expect(click.status).toBe(200)
        const after = await contactByEmail("again@example.com")
        expect(after.status).toBe("subscribed")
        expect(after.unsubscribed_at).toBeNull()
        expect(await suppressionsOf("again@example.com")).toHaveLength(0)
        expect(await topicsOf(contact.id)).toEqual({ newsletter: true })
      })
    })
  },
})
