/**
 * The send bench's SMTP sink, run as its own process (`fork`) so accepting
 * mail does not share the event loop of whoever sends it. It parses nothing:
 * each message's bytes are counted and dropped, each delivery is counted per
 * envelope recipient (RCPT TO). The parent talks to it over IPC:
 *
 *   { cmd: "stats" }                 -> { delivered, bytes, first_ms, last_ms, recipients, connections }
 *   { cmd: "verify", prefix, n }     -> { delivered, lost, duplicates, unexpected, distinct }
 *                                       for the addresses `${prefix}${1..n}@example.test`
 *   { cmd: "reset" }                 -> forget everything (between phases)
 *   { cmd: "save-next", file }       -> write the next message received to `file` (as received)
 *   { cmd: "close" }                 -> stop listening and exit
 *
 * On start it sends { ready: true, port }. Env: SINK_PORT (default 0 = any).
 */
"use strict"

const { SMTPServer } = require("smtp-server")

let counts = new Map()
let delivered = 0
let bytes = 0
let first = 0
let last = 0
let connections = 0
// { cmd: "save-next", file }: the next message received is written to `file`
let saveTo = null

const server = new SMTPServer({
  logger: false,
  disableReverseLookup: true,
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  // a generous limit on parallel connections: the senders' pools decide
  maxClients: 1000,
  closeTimeout: 200,
  onConnect(_session, cb) {
    connections++
    cb()
  },
  onData(stream, session, cb) {
    let n = 0
    const file = saveTo
    saveTo = null
    const keep = file ? [] : null
    stream.on("data", (c) => {
      n += c.length
      if (keep) keep.push(c)
    })
    stream.on("error", cb)
    stream.on("end", () => {
      for (const r of session.envelope.rcptTo) {
        const a = r.address.toLowerCase()
        counts.set(a, (counts.get(a) || 0) + 1)
      }
      if (keep) require("node:fs").writeFileSync(file, Buffer.concat(keep))
      delivered++
      bytes += n
      last = Date.now()
      if (!first) first = last
      cb()
    })
  },
})
server.on("error", () => undefined)

function verify(prefix, n) {
  let lost = 0
  let duplicates = 0
  let seen = 0
  for (let i = 1; i <= n; i++) {
    const c = counts.get(`${prefix}${i}@example.test`) || 0
    if (c === 0) lost++
    else {
      seen++
      duplicates += c - 1
    }
  }
  let expectedDeliveries = 0
  for (const [a, c] of counts) if (a.startsWith(prefix)) expectedDeliveries += c
  return { delivered, lost, duplicates, distinct: seen, unexpected: delivered - expectedDeliveries }
}

process.on("message", (m) => {
  switch (m && m.cmd) {
    case "stats":
      process.send({ id: m.id, delivered, bytes, first_ms: first, last_ms: last, recipients: counts.size, connections })
      break
    case "verify":
      process.send({ id: m.id, ...verify(String(m.prefix), Number(m.n)) })
      break
    case "reset":
      counts = new Map()
      delivered = bytes = first = last = connections = 0
      process.send({ id: m.id, ok: true })
      break
    case "save-next":
      saveTo = String(m.file)
      process.send({ id: m.id, ok: true })
      break
    case "close":
      server.close(() => process.exit(0))
      setTimeout(() => process.exit(0), 2000).unref()
      break
  }
})
process.on("disconnect", () => process.exit(0))

server.listen(Number(process.env.SINK_PORT || 0), "127.0.0.1", () => {
  process.send({ ready: true, port: server.server.address().port })
})
