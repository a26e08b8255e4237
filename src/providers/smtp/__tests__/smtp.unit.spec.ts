import { generateKeyPairSync } from "node:crypto"
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import path from "node:path"
import { simpleParser } from "mailparser"
import { MedusaError } from "@medusajs/framework/utils"
import { ProviderSendNotificationDTO } from "@medusajs/framework/types"
import { sinkHeader, SmtpSink, startSmtpSink } from "../../../../integration-tests/helpers/smtp-sink"
import { smtpFailureKind } from "../../../lib/smtp-errors"
import { SmtpDeliveryError, SmtpNotificationService } from "../service"
import { SmtpProviderOptions } from "../types"
import provider from "../index"

jest.setTimeout(20_000)

type Call = { level: string; message: string }

function testLogger() {
  const calls: Call[] = []
  const log = (level: string) => (message: string) => calls.push({ level, message })
  return {
    calls,
    logger: { info: log("info"), warn: log("warn"), error: log("error"), debug: log("debug") } as any,
  }
}

function email(over: Partial<ProviderSendNotificationDTO> = {}): ProviderSendNotificationDTO {
  return {
    to: "jane@customer.test",
    channel: "email",
    template: "campaign",
    content: {
      subject: "Spring sale",
      html: "<p>Hello <b>Jane</b></p>",
      text: "Hello Jane",
    },
    ...over,
  }
}

async function closedPort(): Promise<number> {
  const srv = createServer()
  await new Promise<void>((r) => srv.listen(0, "127.0.0.1", r))
  const port = (srv.address() as { port: number }).port
  await new Promise((r) => srv.close(r))
  return port
}

describe("smtp notification provider", () => {
  const providers: SmtpNotificationService[] = []
  const sinks: SmtpSink[] = []

  async function sink(opts: Parameters<typeof startSmtpSink>[0] = {}) {
    const s = await startSmtpSink(opts)
    sinks.push(s)
    return s
  }

  function make(options: Partial<SmtpProviderOptions>) {
    const { logger, calls } = testLogger()
    const service = new SmtpNotificationService({ logger }, {
      from: "Acme Store <store@acme.test>",
      ...options,
    } as SmtpProviderOptions)
    providers.push(service)
    return { service, calls }
  }

  afterEach(async () => {
    await Promise.all(providers.splice(0).map((p) => p.close()))
    await Promise.all(sinks.splice(0).map((s) => s.close()))
  })

  it("is a notification module provider with identifier smtp", () => {
    expect(SmtpNotificationService.identifier).toBe("smtp")
    expect(provider.module).toBe("notification")
    expect(provider.services).toEqual([SmtpNotificationService])
  })

  describe("over SMTP", () => {
    it("delivers subject, html, text, from, to, list headers and the given Message-ID", async () => {
      const s = await sink()
      const { service, calls } = make({ host: "127.0.0.1", port: s.port })

      const res = await service.send(
        email({
          provider_data: {
            message_id: "msg_01ABC@mail.acme.test",
            reply_to: "help@acme.test",
            headers: {
              "List-Unsubscribe":
                "<https://acme.test/marketing/unsubscribe?t=abc>, <mailto:unsubscribe@acme.test?subject=msg_01ABC>",
              "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
              "Feedback-ID": "cmp_1:acme:campaign",
            },
          },
        })
      )

      const [msg] = await s.waitFor(1)
      expect(s.messages).toHaveLength(1)
      expect(res).toEqual({ id: "<msg_01ABC@mail.acme.test>" })
      expect(msg.messageId).toBe(res.id)
      expect(msg.subject).toBe("Spring sale")
      expect(msg.html).toContain("<p>Hello <b>Jane</b></p>")
      expect(msg.text?.trim()).toBe("Hello Jane")
      expect(msg.from?.value).toEqual([{ name: "Acme Store", address: "store@acme.test" }])
      expect((msg.to as any).value).toEqual([{ name: "", address: "jane@customer.test" }])
      expect((msg.replyTo as any).value[0].address).toBe("help@acme.test")
      expect(msg.envelope).toEqual({ mailFrom: "store@acme.test", rcptTo: ["jane@customer.test"] })
      expect(sinkHeader(msg, "List-Unsubscribe")).toBe(
        "<https://acme.test/marketing/unsubscribe?t=abc>, <mailto:unsubscribe@acme.test?subject=msg_01ABC>"
      )
      expect(sinkHeader(msg, "List-Unsubscribe-Post")).toBe("List-Unsubscribe=One-Click")
      expect(sinkHeader(msg, "Feedback-ID")).toBe("cmp_1:acme:campaign")
      expect(calls.filter((c) => c.level === "warn" || c.level === "error")).toEqual([])
    })

    it("uses notification.from over the default and returns the generated Message-ID", async () => {
      const s = await sink()
      const { service } = make({ url: `smtp://127.0.0.1:${s.port}` })

      const res = await service.send(email({ from: "News <news@acme.test>" }))

      const [msg] = await s.waitFor(1)
      expect(msg.from?.text).toBe('"News" <news@acme.test>')
      expect(res.id).toMatch(/^<.+@acme\.test>$/)
      expect(msg.messageId).toBe(res.id)
    })

    it("accepts a message id without angle brackets or with them", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port })
      const a = await service.send(email({ provider_data: { message_id: "<a1@acme.test>" } }))
      const b = await service.send(email({ provider_data: { message_id: "b2@acme.test" } }))
      expect([a.id, b.id]).toEqual(["<a1@acme.test>", "<b2@acme.test>"])
      expect(s.messages.map((m) => m.messageId)).toEqual(["<a1@acme.test>", "<b2@acme.test>"])
    })

    it("sends attachments from the notification and from provider_data", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port })
      await service.send(
        email({
          attachments: [
            { filename: "invoice.txt", content: Buffer.from("total 42").toString("base64"), content_type: "text/plain" },
          ],
          provider_data: {
            attachments: [{ filename: "logo.png", content: Buffer.from("png").toString("base64"), disposition: "inline", id: "logo" }],
          },
        })
      )
      const [msg] = await s.waitFor(1)
      const files = (msg.attachments ?? []).map((a) => [a.filename, a.content.toString()]).sort()
      expect(files).toEqual([
        ["invoice.txt", "total 42"],
        ["logo.png", "png"],
      ])
    })

    it("signs with DKIM when dkim options are set", async () => {
      const { privateKey } = generateKeyPairSync("rsa", {
        modulusLength: 2048,
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
        publicKeyEncoding: { type: "spki", format: "pem" },
      })
      const s = await sink()
      const { service } = make({
        host: "127.0.0.1",
        port: s.port,
        dkim: { domain_name: "acme.test", key_selector: "mkt2025", private_key: privateKey },
      })

      await service.send(email({ provider_data: { headers: { "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" } } }))

      const [msg] = await s.waitFor(1)
      const sig = sinkHeader(msg, "DKIM-Signature")
      expect(sig).toBeDefined()
      expect(sig).toMatch(/\ba=rsa-sha256;/)
      expect(sig).toMatch(/\bd=acme\.test;/)
      expect(sig).toMatch(/\bs=mkt2025;/)
      expect(sig).toMatch(/\bbh=[A-Za-z0-9+/=]+;/)
      // the DKIM-Signature comes first, over the headers it signs
      expect(msg.headerLines[0].key).toBe("dkim-signature")
    })

    it("authenticates with user and pass, or with credentials in the url", async () => {
      const s = await sink({ auth: true })
      const a = make({ host: "127.0.0.1", port: s.port, user: "mailer", pass: "s3cret" })
      await a.service.send(email())
      const b = make({ url: `smtp://url%40user:p%40ss@127.0.0.1:${s.port}` })
      await b.service.send(email())
      await s.waitFor(2)
      expect(s.messages.map((m) => m.user)).toEqual(["mailer", "url@user"])
    })

    it("missing credentials against a server that needs them: transient (fix the config, then retry)", async () => {
      const s = await sink({ auth: true })
      const { service } = make({ host: "127.0.0.1", port: s.port })
      const err = await service.send(email()).catch((e) => e)
      expect(err).toBeInstanceOf(SmtpDeliveryError)
      expect(err.kind).toBe("transient")
      expect(err.responseCode).toBe(530)
      expect(s.messages).toHaveLength(0)
    })

    it("a 451 from the server comes back as a transient failure", async () => {
      const s = await sink({
        failWith: (rcpt) => (rcpt === "busy@customer.test" ? { code: 451, message: "4.3.0 Mailbox busy, try later" } : null),
      })
      const { service, calls } = make({ host: "127.0.0.1", port: s.port })

      const err = await service.send(email({ to: "busy@customer.test" })).catch((e) => e)

      expect(err).toBeInstanceOf(SmtpDeliveryError)
      expect(err.message).toMatch(/^SMTP transient: 451 4\.3\.0 Mailbox busy, try later/)
      expect(err.kind).toBe("transient")
      expect(err.responseCode).toBe(451)
      expect(err.enhancedStatus).toBe("4.3.0")
      expect(err.smtpCode).toBe("EENVELOPE")
      expect(s.messages).toHaveLength(0)
      expect(calls.some((c) => c.level === "warn" && c.message.includes("b***@customer.test"))).toBe(true)
      // what a createNotifications caller gets: only the text, wrapped by the module
      expect(smtpFailureKind(new Error(`Failed to send notification with id noti_1:\n${err.message}`))).toBe(
        "transient"
      )
    })

    it("a 550 from the server comes back as a permanent failure", async () => {
      const s = await sink({ failWith: () => ({ code: 550, message: "5.1.1 No such user" }) })
      const { service } = make({ host: "127.0.0.1", port: s.port })

      const err = await service.send(email({ to: "ghost@customer.test" })).catch((e) => e)

      expect(err).toBeInstanceOf(SmtpDeliveryError)
      expect(err.message).toMatch(/^SMTP permanent: 550 5\.1\.1 No such user/)
      expect(err.kind).toBe("permanent")
      expect(err.responseCode).toBe(550)
      expect(smtpFailureKind(new Error(`Failed to send notification with id noti_1:\n${err.message}`))).toBe(
        "permanent"
      )
    })

    it("delivers to the accepted recipients when only some are refused, and says so", async () => {
      const s = await sink({ failWith: (rcpt) => (rcpt.startsWith("ghost") ? { code: 550, message: "No such user" } : null) })
      const { service, calls } = make({ host: "127.0.0.1", port: s.port })
      const res = await service.send(email({ to: "jane@customer.test, ghost@customer.test" }))
      const [msg] = await s.waitFor(1)
      expect(msg.messageId).toBe(res.id)
      expect(msg.envelope.rcptTo).toEqual(["jane@customer.test"])
      expect(calls.some((c) => c.level === "warn" && /rejected for g\*\*\*@customer\.test/.test(c.message))).toBe(true)
    })

    it("a server that is not there is a transient failure", async () => {
      const { service } = make({ host: "127.0.0.1", port: await closedPort() })
      const err = await service.send(email()).catch((e) => e)
      expect(err).toBeInstanceOf(SmtpDeliveryError)
      expect(err.kind).toBe("transient")
      expect(err.responseCode).toBeUndefined()
      expect(err.message).toMatch(/^SMTP transient: .*ECONNREFUSED/)
    })

    it("verifies the server certificate unless tls_reject_unauthorized is false", async () => {
      const s = await sink({ starttls: true })
      const strict = make({ host: "127.0.0.1", port: s.port })
      const err = await strict.service.send(email()).catch((e) => e)
      expect(err).toBeInstanceOf(SmtpDeliveryError)
      expect(err.kind).toBe("transient")
      expect(s.messages).toHaveLength(0)

      const lax = make({ host: "127.0.0.1", port: s.port, tls_reject_unauthorized: false })
      await lax.service.send(email())
      expect(s.messages).toHaveLength(1)
    })

    it("speaks implicit TLS for smtps:// urls", async () => {
      const s = await sink({ secure: true })
      const { service } = make({ url: `smtps://127.0.0.1:${s.port}`, tls_reject_unauthorized: false })
      await service.send(email())
      expect(s.messages).toHaveLength(1)
    })

    it("pooled: 50 concurrent sends all arrive exactly once over at most max_connections connections", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port, max_connections: 3 })

      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          service.send(email({ to: `c${i}@customer.test`, content: { subject: `n${i}`, html: `<p>${i}</p>` } }))
        )
      )

      await s.waitFor(50)
      await new Promise((r) => setTimeout(r, 100))
      expect(s.messages).toHaveLength(50)
      expect(new Set(s.messages.map((m) => m.subject)).size).toBe(50)
      expect(new Set(s.messages.map((m) => m.envelope.rcptTo[0])).size).toBe(50)
      expect(s.messages.map((m) => m.messageId).sort()).toEqual(results.map((r) => r.id).sort())
      expect(new Set(s.messages.map((m) => m.connectionId)).size).toBeLessThanOrEqual(3)
    })

    it("recycles a pooled connection after max_messages", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port, max_connections: 1, max_messages: 2 })
      for (let i = 0; i < 5; i++) {
        await service.send(email())
      }
      expect(new Set(s.messages.map((m) => m.connectionId)).size).toBe(3)
    })

    it("rate_limit spaces messages out", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port, rate_limit: 4 })
      const started = Date.now()
      await Promise.all(Array.from({ length: 6 }, () => service.send(email())))
      expect(s.messages).toHaveLength(6)
      // 4 go in the first second, the other 2 wait for the next window
      expect(Date.now() - started).toBeGreaterThanOrEqual(900)
    })

    it("works unpooled too", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port, pool: false })
      await Promise.all([service.send(email()), service.send(email())])
      expect(s.messages).toHaveLength(2)
    })
  })

  describe("what it refuses to send", () => {
    it("a template without rendered content", async () => {
      const { service } = make({ outbox_dir: path.join(tmpdir(), "never-written") })
      const err = await service.send(email({ content: null, data: { name: "Jane" } })).catch((e) => e)
      expect(err).toBeInstanceOf(MedusaError)
      expect(err.type).toBe(MedusaError.Types.INVALID_DATA)
      expect(err.message).toMatch(/sends rendered content only/)
      expect(err.message).toMatch(/template "campaign"/)
      await expect(service.send(email({ content: { subject: "no body" } }))).rejects.toThrow(/content\.html/)
    })

    it("headers that would break the message, and a malformed message id", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port })
      await expect(service.send(email({ provider_data: { headers: { Subject: "x" } } }))).rejects.toThrow(
        /cannot set "Subject"/
      )
      await expect(service.send(email({ provider_data: { headers: { "Bad Name": "x" } } }))).rejects.toThrow(
        /invalid header name/
      )
      await expect(service.send(email({ provider_data: { message_id: "no-at-sign" } }))).rejects.toThrow(
        /message_id must look like/
      )
      await expect(service.send(email({ to: " " }))).rejects.toThrow(/no recipient/)
      expect(s.messages).toHaveLength(0)
    })

    it("CR/LF in a header value cannot inject headers", async () => {
      const s = await sink()
      const { service } = make({ host: "127.0.0.1", port: s.port })
      await service.send(email({ provider_data: { headers: { "X-Campaign": "cmp_1\r\nBcc: spy@evil.test" } } }))
      const [msg] = await s.waitFor(1)
      expect(sinkHeader(msg, "Bcc")).toBeUndefined()
      expect(sinkHeader(msg, "X-Campaign")).toBe("cmp_1 Bcc: spy@evil.test")
      expect(msg.envelope.rcptTo).toEqual(["jane@customer.test"])
    })
  })

  describe("outbox mode (no SMTP configured)", () => {
    let dir: string
    beforeEach(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "smtp-outbox-"))
    })
    afterEach(async () => {
      await rm(dir, { recursive: true, force: true })
    })

    it("warns once at construction and writes a parseable .eml per message", async () => {
      const outbox = path.join(dir, "nested", "outbox")
      const { service, calls } = make({ outbox_dir: outbox })
      expect(calls.filter((c) => c.level === "warn")).toHaveLength(1)
      expect(calls[0].message).toMatch(/no SMTP server configured.*written to .*outbox.*development only/)

      const res = await service.send(
        email({
          provider_data: {
            message_id: "out1@acme.test",
            headers: { "List-Unsubscribe": "<https://acme.test/u/1>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
          },
        })
      )
      await service.send(email({ content: { subject: "Second", text: "plain only" } }))

      const files = (await readdir(outbox)).sort()
      expect(files).toHaveLength(2)
      expect(files.every((f) => f.endsWith(".eml"))).toBe(true)
      const raw = await readFile(path.join(outbox, files.find((f) => f.includes("out1@acme.test"))!), "utf8")
      expect(raw).toContain("\r\n")
      expect(raw.replace(/\r\n/g, "")).not.toMatch(/\n/)
      const parsed = await simpleParser(raw)
      expect(res.id).toBe("<out1@acme.test>")
      expect(parsed.messageId).toBe(res.id)
      expect(parsed.subject).toBe("Spring sale")
      expect(parsed.html).toContain("<b>Jane</b>")
      expect(parsed.from?.text).toBe('"Acme Store" <store@acme.test>')
      expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click\r$/m)
      expect(calls.filter((c) => c.level === "warn")).toHaveLength(1)
      const written = calls.filter((c) => c.level === "info" && c.message.includes(outbox))
      expect(written).toHaveLength(2)
    })

    it("defaults to ./outbox", () => {
      const { calls } = make({})
      expect(calls[0].message).toContain(path.resolve("./outbox"))
    })
  })

  describe("validateOptions", () => {
    const validate = (o: unknown) => () => SmtpNotificationService.validateOptions(o as any)
    const key = generateKeyPairSync("rsa", {
      modulusLength: 1024,
      privateKeyEncoding: { type: "pkcs8", format: "pem" },
      publicKeyEncoding: { type: "spki", format: "pem" },
    }).privateKey

    it("accepts outbox, url and host setups, with medusa-config's undefined and empty values", () => {
      expect(validate({ from: "a@b.test" })).not.toThrow()
      expect(validate({ from: "Store <a@b.test>", url: "smtps://u:p@mail.b.test", channels: ["email"] })).not.toThrow()
      expect(
        validate({
          from: "a@b.test",
          url: "",
          host: "mail.b.test",
          port: 2525,
          secure: false,
          user: "u",
          pass: "p",
          max_connections: 10,
          max_messages: 500,
          rate_limit: 0.5,
          tls_reject_unauthorized: false,
          dkim: { domain_name: "b.test", key_selector: "s1", private_key: key },
          outbox_dir: undefined,
        })
      ).not.toThrow()
      expect(validate({ from: "a@b.test", dkim: undefined, url: undefined, host: undefined, secure: false })).not.toThrow()
    })

    it("requires from, as one address", () => {
      expect(validate({})).toThrow(/option "from" is required.*Store <store@example\.com>/)
      expect(validate(undefined)).toThrow(/"from" is required/)
      expect(validate({ from: "not an address" })).toThrow(/"from" must be one address/)
      expect(validate({ from: "a@b.test, c@d.test" })).toThrow(/"from" must be one address/)
    })

    it("throws MedusaError INVALID_DATA", () => {
      try {
        SmtpNotificationService.validateOptions({})
        fail("should throw")
      } catch (e) {
        expect(e).toBeInstanceOf(MedusaError)
        expect((e as MedusaError).type).toBe(MedusaError.Types.INVALID_DATA)
        expect((e as Error).message).toMatch(/^smtp notification provider: /)
      }
    })

    it("rejects a partial dkim config, naming what is missing", () => {
      expect(validate({ from: "a@b.test", dkim: { domain_name: "b.test", private_key: key } })).toThrow(
        /needs domain_name, key_selector and private_key together.*missing: key_selector/
      )
      expect(validate({ from: "a@b.test", dkim: { domain_name: "b.test", key_selector: "s", private_key: "nope" } })).toThrow(
        /dkim\.private_key" is not a usable PEM private key/
      )
    })

    it("rejects bad urls without echoing the password", () => {
      expect(validate({ from: "a@b.test", url: "ftp://mail.b.test" })).toThrow(/must start with smtp:\/\/.*got "ftp:\/\/"/)
      expect(validate({ from: "a@b.test", url: "mail.b.test:587" })).toThrow(/"url"/)
      expect(validate({ from: "a@b.test", url: "not a url" })).toThrow(/"url" is not a valid URL/)
      let message = ""
      try {
        SmtpNotificationService.validateOptions({ from: "a@b.test", url: "smtp://:topsecret@/" })
      } catch (e) {
        message = (e as Error).message
      }
      expect(message).toMatch(/"url"/)
      expect(message).not.toContain("topsecret")
    })

    it("rejects conflicting or half-given connection settings", () => {
      expect(validate({ from: "a@b.test", url: "smtp://mail.b.test", host: "x" })).toThrow(/either "url" or "host"/)
      expect(validate({ from: "a@b.test", host: "x", user: "u" })).toThrow(/"user" and "pass" go together/)
      expect(validate({ from: "a@b.test", url: "smtp://u:p@mail.b.test", user: "v", pass: "q" })).toThrow(
        /credentials are given twice/
      )
      expect(validate({ from: "a@b.test", user: "u", pass: "p" })).toThrow(/without "host" or "url"/)
      expect(validate({ from: "a@b.test", host: "x", port: 70000 })).toThrow(/"port" must be an integer between 1 and 65535/)
      expect(validate({ from: "a@b.test", host: "x", max_connections: 0 })).toThrow(/"max_connections"/)
      expect(validate({ from: "a@b.test", host: "x", pool: false, rate_limit: 5 })).toThrow(/"rate_limit" only works with "pool"/)
      expect(validate({ from: "a@b.test", host: "x", tls_reject_unauthorized: "yes" })).toThrow(
        /"tls_reject_unauthorized" must be true or false/
      )
    })

    it("the constructor applies the same validation", () => {
      const { logger } = testLogger()
      expect(() => new SmtpNotificationService({ logger }, { from: "" } as any)).toThrow(/"from" is required/)
    })
  })
})
