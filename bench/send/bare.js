/**
 * The send bench's baseline: bare nodemailer, pooled the way the smtp
 * notification provider pools (same maxConnections, maxMessages 100, Nagle
 * off unless BARE_NAGLE=1), sending `n` messages of about `bytes` bytes to
 * `${prefix}${i}@example.test` through the sink (or, with BARE_SAMPLE_EML,
 * the html, text and subject of that message: the pipeline's own content),
 * a window of messages in
 * flight at a time (nodemailer's pool queues the rest). Run as its own
 * process (`fork`); it sends one IPC message and exits:
 *   { sent, failed, ms, msgs_per_s, cpu_s }
 *
 * Args (env): BARE_PORT, BARE_N, BARE_POOL, BARE_BYTES (default 2048),
 * BARE_PREFIX, BARE_WINDOW (default pool x 20), BARE_NAGLE, BARE_SAMPLE_EML,
 * BARE_DETECT.
 */
"use strict"

const net = require("node:net")
const nodemailer = require("nodemailer")

const port = Number(process.env.BARE_PORT)
const n = Number(process.env.BARE_N || 1000)
const pool = Number(process.env.BARE_POOL || 5)
const bytes = Number(process.env.BARE_BYTES || 2048)
const prefix = process.env.BARE_PREFIX || "bare-"
const windowSize = Number(process.env.BARE_WINDOW || pool * 20)
const nagle = process.env.BARE_NAGLE === "1"
const sample = process.env.BARE_SAMPLE_EML

// the provider's socket: TCP_NODELAY, so the final "." is not held back by Nagle
function getSocket(options, callback) {
  const socket = net.connect({ host: options.host, port: options.port })
  socket.once("error", (e) => callback(e))
  socket.once("connect", () => {
    socket.removeAllListeners("error")
    socket.setNoDelay(true)
    socket.setKeepAlive(true)
    callback(null, { connection: socket })
  })
}

const transport = nodemailer.createTransport({
  host: "127.0.0.1",
  port,
  secure: false,
  ignoreTLS: true,
  pool: true,
  maxConnections: pool,
  maxMessages: 100,
  disableFileAccess: true,
  disableUrlAccess: true,
  ...(nagle ? {} : { getSocket }),
})

// about `bytes` on the wire: headers ~600 B, the rest split 2:1 between html and text
const para =
  "Here is what has been happening at the store this month: a few things we are proud of, " +
  "some new favourites and a story from the workshop. "
function body(size) {
  let s = ""
  while (s.length < size) s += para
  return s.slice(0, Math.max(0, size))
}
const room = Math.max(200, bytes - 700)
let html = `<html><body><p>${body(Math.round((room * 2) / 3) - 30)}</p></body></html>`
let text = body(Math.round(room / 3))
let subject = "What's new at Medusa Store this month"

// the smtp provider passes nodemailer the transfer encoding nodemailer would
// pick (src/providers/smtp/encoding.ts, same rule; this is a copy for plain
// node): the baseline does the same, so both do the same nodemailer work.
// BARE_DETECT=1 leaves the choice to nodemailer (its slower detection).
const NON_LATIN = /[\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uFFFF]/g
const LATIN = /[a-z]/gi
const LONG_LINE = /^.{77,}/m
function countMatches(re, value, limit) {
  re.lastIndex = 0
  let n = 0
  while (n <= limit && re.exec(value) !== null) n++
  re.lastIndex = 0
  return n
}
function textTransferEncoding(value) {
  const nonLatin = countMatches(NON_LATIN, value, 256)
  if (nonLatin > 256) {
    let latin = 0
    let non = 0
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i)
      if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) latin++
      else if (c >= 0x80 || (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d)) non++
    }
    return non < latin ? "quoted-printable" : "base64"
  }
  if (nonLatin === 0 && value.length <= 128 * 1024 && !LONG_LINE.test(value)) return undefined
  return countMatches(LATIN, value, nonLatin) > nonLatin ? "quoted-printable" : "base64"
}
const part = (value) =>
  process.env.BARE_DETECT === "1" ? value : { content: value, contentTransferEncoding: textTransferEncoding(value) }

function mail(i) {
  const id = `bare${i}.${process.pid}`
  return {
    from: '"Medusa Store" <store@localhost>',
    to: `${prefix}${i}@example.test`,
    subject,
    html: part(html),
    text: part(text),
    messageId: `<${id}@localhost>`,
    headers: {
      "List-Unsubscribe": `<http://localhost:9000/marketing/unsubscribe/${id}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
      "X-Marketing-Message": id,
    },
  }
}

async function main() {
  if (sample) {
    // the very content the pipeline sent (one message it delivered), so both send the same bytes
    const { simpleParser } = require("mailparser")
    const parsed = await simpleParser(require("node:fs").readFileSync(sample))
    html = parsed.html || ""
    text = parsed.text || ""
    subject = parsed.subject || subject
  }
  let next = 1
  let sent = 0
  let failed = 0
  let firstError = null
  const started = process.hrtime.bigint()
  const cpu0 = process.cpuUsage()
  async function worker() {
    while (next <= n) {
      const i = next++
      try {
        await transport.sendMail(mail(i))
        sent++
      } catch (e) {
        failed++
        firstError = firstError || e.message
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(windowSize, n) }, worker))
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  const cpu = process.cpuUsage(cpu0)
  transport.close()
  process.send({ sent, failed, first_error: firstError, ms, msgs_per_s: (sent / ms) * 1000, nagle, cpu_s: (cpu.user + cpu.system) / 1e6 })
  setTimeout(() => process.exit(0), 100)
}

main().catch((e) => {
  process.send({ error: String(e.stack || e) })
  setTimeout(() => process.exit(1), 100)
})
