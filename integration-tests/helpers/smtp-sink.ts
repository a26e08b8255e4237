/**
 * An in-process SMTP server for tests: it accepts mail on localhost, parses every message
 * with mailparser and keeps it in memory. Other test files import it, keep the API stable.
 *
 *   const sink = await startSmtpSink()                 // random port, no auth, no TLS
 *   // send through nodemailer / the smtp provider to 127.0.0.1:sink.port
 *   const [msg] = await sink.waitFor(1)                // resolves once >= 1 message arrived
 *   msg.subject; msg.html; msg.text; msg.envelope.rcptTo; sinkHeader(msg, "List-Unsubscribe")
 *   msg.from?.text; msg.messageId; msg.user (AUTH name); msg.connectionId (one per connection)
 *   sink.reset()                                       // forget messages (same array object)
 *   await sink.close()
 *
 * Options:
 * - `port`: 0 (default) picks a free port; read it back from `sink.port`.
 * - `auth`: true makes AUTH required (PLAIN/LOGIN, any user and password is accepted, the
 *   user name lands in `msg.user`); false (default) still accepts AUTH but does not need it.
 * - `failWith(rcpt, envelope)`: called for every RCPT TO; return `{ code: 451, message }` or
 *   `{ code: 550, message }` to reject that recipient, or null to accept it.
 *   `sink.setFailWith(fn)` swaps it at runtime (undefined = accept everything).
 * - `starttls`: advertise STARTTLS with smtp-server's built-in self-signed certificate
 *   (off by default, so clients that verify certificates can connect in plain text).
 * - `secure`: implicit TLS from the first byte (smtps://, port-465 style), same certificate.
 * - `parse`: false skips mailparser (raw + envelope only, for throughput benchmarks).
 *
 * `msg.headers` is mailparser's Map (lower-case keys, structured values; List-* headers are
 * folded into `headers.get("list")`). For the literal value of a header use `sinkHeader`.
 */
import { AddressInfo } from "node:net"
import { SMTPServer, SMTPServerAddress } from "smtp-server"
import { simpleParser, ParsedMail } from "mailparser"

export type SinkRejection = { code: number; message: string }

export type SinkFailWith = (
  rcpt: string,
  envelope: SinkEnvelope
) => SinkRejection | null | undefined

export type SinkEnvelope = {
  /** MAIL FROM address ("" for the null sender) */
  mailFrom: string
  /** accepted RCPT TO addresses */
  rcptTo: string[]
}

export type SinkMessage = Partial<ParsedMail> & {
  envelope: SinkEnvelope
  headers: ParsedMail["headers"]
  headerLines: ParsedMail["headerLines"]
  subject?: string
  html?: string | false
  text?: string
  /** the message exactly as received (CRLF line ends, dot-unstuffed) */
  raw: string
  /** AUTH user name, when the client authenticated */
  user?: string
  /** smtp-server session id: messages sharing it came over one connection */
  connectionId: string
}

export type SmtpSinkOptions = {
  port?: number
  auth?: boolean
  failWith?: SinkFailWith
  starttls?: boolean
  secure?: boolean
  parse?: boolean
}

export type SmtpSink = {
  port: number
  messages: SinkMessage[]
  /** resolves with `messages` once at least `n` arrived; rejects after `timeoutMs` (5000) */
  waitFor(n: number, timeoutMs?: number): Promise<SinkMessage[]>
  reset(): void
  setFailWith(fn?: SinkFailWith): void
  close(): Promise<void>
}

/** The unfolded, undecoded value of the first `name` header of a message (case-insensitive). */
export function sinkHeader(msg: SinkMessage, name: string): string | undefined {
  return sinkHeaders(msg, name)[0]
}

/** Every value of the `name` header, in message order. */
export function sinkHeaders(msg: SinkMessage, name: string): string[] {
  const key = name.toLowerCase()
  return (msg.headerLines ?? [])
    .filter((h) => h.key === key)
    .map((h) => {
      const line = h.line.replace(/\r?\n[ \t]+/g, " ")
      return line.slice(line.indexOf(":") + 1).trim()
    })
}

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = []
  let failWith = options.failWith
  let waiters: { n: number; resolve: () => void }[] = []

  const notify = () => {
    waiters = waiters.filter((w) => {
      if (messages.length >= w.n) {
        w.resolve()
        return false
      }
      return true
    })
  }

  const addr = (a: SMTPServerAddress | false) => (a ? a.address : "")

  const server = new SMTPServer({
    logger: false,
    secure: !!options.secure,
    disableReverseLookup: true,
    authOptional: !options.auth,
    allowInsecureAuth: true,
    authMethods: ["PLAIN", "LOGIN"],
    disabledCommands: options.starttls ? [] : ["STARTTLS"],
    closeTimeout: 200,
    onAuth(auth, _session, cb) {
      cb(null, { user: auth.username || "anonymous" })
    },
    onRcptTo(address, session, cb) {
      const rejection = failWith?.(address.address, {
        mailFrom: addr(session.envelope.mailFrom),
        rcptTo: session.envelope.rcptTo.map((r) => r.address),
      })
      if (rejection) {
        const err = new Error(rejection.message) as Error & { responseCode: number }
        err.responseCode = rejection.code
        return cb(err)
      }
      cb()
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = []
      stream.on("data", (c: Buffer) => chunks.push(c))
      stream.on("error", cb)
      stream.on("end", async () => {
        const raw = Buffer.concat(chunks).toString("utf8")
        const envelope: SinkEnvelope = {
          mailFrom: addr(session.envelope.mailFrom),
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
        }
        const user = session.user as string | undefined
        const connectionId = session.id
        try {
          if (options.parse === false) {
            messages.push({ envelope, raw, user, connectionId, headers: new Map(), headerLines: [] })
          } else {
            const parsed = await simpleParser(raw)
            messages.push({ ...parsed, envelope, raw, user, connectionId })
          }
        } catch (e) {
          return cb(e as Error)
        }
        notify()
        cb()
      })
    },
  })

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject)
      resolve()
    })
  })
  // a client dropping its connection must not crash the test process
  server.on("error", () => undefined)

  const port = (server.server.address() as AddressInfo).port

  return {
    port,
    messages,
    waitFor(n, timeoutMs = 5000) {
      if (messages.length >= n) {
        return Promise.resolve(messages)
      }
      return new Promise((resolve, reject) => {
        const waiter = {
          n,
          resolve: () => {
            clearTimeout(timer)
            resolve(messages)
          },
        }
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter)
          reject(
            new Error(
              `SMTP sink: expected ${n} message(s) within ${timeoutMs}ms, got ${messages.length}`
            )
          )
        }, timeoutMs)
        waiters.push(waiter)
      })
    },
    reset() {
      messages.length = 0
    },
    setFailWith(fn) {
      failWith = fn
    },
    close() {
      return new Promise((resolve) => server.close(() => resolve()))
    },
  }
}
