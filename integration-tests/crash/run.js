#!/usr/bin/env node
/**
 * Crash safety of the campaign send (`node integration-tests/crash/run.js`,
 * part of `npm test`): a real Medusa worker is killed with SIGKILL in the
 * middle of a campaign and restarted; the campaign must still reach every
 * recipient, and a recipient who gets it twice must get the same email
 * (same Message-ID).
 *
 * 1. creates a fresh Postgres database and migrates it;
 * 2. starts an SMTP sink in this process that records, per recipient, the
 *    Message-ID of every delivery;
 * 3. starts `medusa start` (MEDUSA_WORKER_MODE=shared: HTTP, subscribers and
 *    the send job in one process; in-memory event bus) with short leases
 *    (5 s), a 2 s send tick, batches of 50, 4 lanes and a campaign rate of
 *    150 msgs/s, so the send takes several seconds;
 * 4. 2,000 subscribed contacts (one INSERT ... SELECT), a static segment
 *    (through the admin API, members by INSERT ... SELECT), the newsletter
 *    starter as a template and a campaign (admin API), sent with
 *    POST /admin/marketing/campaigns/:id/send;
 * 5. once a quarter of the recipients (and half a batch) got it, SIGKILLs
 *    the server's whole process group mid-batch, then starts it again;
 * 6. waits for the campaign to be "sent" and checks: nobody lost, repeated
 *    deliveries carry one Message-ID, no more repeats than messages in flight
 *    at the kill (batch size x lanes), and the ledger says sent for all;
 * 7. stops what it started (by process group) and drops the database.
 *
 * Logs go to test-artifacts/crash/. The closing line is always
 * `crash: N passed, M failed`; the exit code is non-zero on any failure.
 * Env: PGHOST/PGPORT/PGUSER/PGPASSWORD, CRASH_RECIPIENTS (2000), CRASH_KEEP_DB=1.
 */
"use strict"

const fs = require("node:fs")
const path = require("node:path")
const { SMTPServer } = require("smtp-server")
const { ROOT, freePort, logger, medusaEnv, rel, runSuite, scratchDatabase, sleep } = require("../helpers/processes")
const { killGroup, runMedusa, spawnMedusa, stopAll, waitForHealth } = require("../helpers/processes")

const ARTIFACTS = path.join(ROOT, "test-artifacts", "crash")
const DB = scratchDatabase("crash")
const ADMIN = { email: "admin@crash.test", password: "crash-test-Passw0rd" }

const RECIPIENTS = Number(process.env.CRASH_RECIPIENTS || 2000)
const BATCH = 50
const LANES = 4
const RATE = 150
const LEASE_S = 5
// a quarter of the way, in the middle of a batch (part of it delivered, the rest still queued in the SMTP pool)
const KILL_AFTER = Math.round(RECIPIENTS / 4) + Math.round(BATCH / 2)
const SETUP_TIMEOUT_MS = 240_000
const BOOT_TIMEOUT_MS = 240_000
const FINISH_TIMEOUT_MS = 180_000

const log = logger("crash")

/* ------------------------------ admin API ------------------------------- */

function api(baseUrl, token) {
  return async (method, p, body, expect = [200, 201]) => {
    const res = await fetch(`${baseUrl}${p}`, {
      method,
      headers: {
        "content-type": "application/json",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(120_000),
    })
    const text = await res.text()
    if (!expect.includes(res.status)) throw new Error(`${method} ${p} -> ${res.status}: ${text.slice(0, 500)}`)
    return text ? JSON.parse(text) : {}
  }
}

/* --------------------------------- sink --------------------------------- */

/** Records every delivery: recipient -> Message-IDs (one per delivery). */
async function startSink() {
  const byRcpt = new Map()
  let delivered = 0
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    maxClients: 200,
    closeTimeout: 200,
    onData(stream, session, cb) {
      let head = ""
      let inHead = true
      stream.on("data", (c) => {
        if (!inHead) return
        head += c.toString("latin1")
        const end = head.indexOf("\r\n\r\n")
        if (end >= 0) {
          head = head.slice(0, end)
          inHead = false
        }
      })
      stream.on("error", cb)
      stream.on("end", () => {
        const unfolded = head.replace(/\r\n[ \t]+/g, " ")
        const m = /^message-id:\s*(\S+)/im.exec(unfolded)
        const id = m ? m[1] : "(none)"
        for (const r of session.envelope.rcptTo) {
          const a = r.address.toLowerCase()
          if (!byRcpt.has(a)) byRcpt.set(a, [])
          byRcpt.get(a).push(id)
        }
        delivered++
        cb()
      })
    },
  })
  server.on("error", () => undefined)
  await new Promise((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", resolve)
  })
  return {
    port: server.server.address().port,
    byRcpt,
    get delivered() {
      return delivered
    },
    close: () => new Promise((r) => server.close(() => r())),
  }
}

/* --------------------------------- main --------------------------------- */

async function ledger(pg, campaignId) {
  const { rows } = await pg.query(
    `SELECT status, count(*)::int AS n FROM mkt_message WHERE campaign_id = $1 AND deleted_at IS NULL GROUP BY 1`,
    [campaignId]
  )
  return Object.fromEntries(rows.map((r) => [r.status, r.n]))
}

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true })
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const setupLog = path.join(ARTIFACTS, "setup.log")
  const log1 = path.join(ARTIFACTS, "server-1.log")
  const log2 = path.join(ARTIFACTS, "server-2.log")
  const results = []
  const check = (name, ok, detail) => {
    results.push({ name, ok, detail })
    log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? ` (${detail})` : ""}`)
  }

  const sink = await startSink()
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const env = medusaEnv(
    { port, baseUrl, databaseUrl: DB.url },
    {
      LOG_LEVEL: "info",
      DISABLE_ADMIN: "true",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(sink.port),
      SMTP_POOL_SIZE: "5",
      MARKETING_POSTAL_ADDRESS: "Crash Test Store, 1 Test Street, 1000 Testville",
      MARKETING_SEND_LEASE_SECONDS: String(LEASE_S),
      MARKETING_SEND_TICK_SECONDS: "2",
      MARKETING_SEND_BATCH_SIZE: String(BATCH),
      MARKETING_SEND_CONCURRENCY: String(LANES),
      MARKETING_SEND_RATE: String(RATE),
      MARKETING_FREQUENCY_CAP_HOURS: "0",
    }
  )
  const setup = { env, logFile: setupLog, timeoutMs: SETUP_TIMEOUT_MS } // db:migrate, user

  log(`database ${DB.name}, SMTP sink on 127.0.0.1:${sink.port}`)
  await DB.create()
  const pg = DB.client()
  try {
    log("migrating")
    await runMedusa("db:migrate", ["db:migrate"], setup)
    await pg.connect()

    log(`starting the worker (medusa start, shared mode) on port ${port}, creating the admin user`)
    let server = spawnMedusa("medusa start #1", ["start"], { env, logFile: log1 })
    await Promise.all([
      runMedusa("user", ["user", "-e", ADMIN.email, "-p", ADMIN.password], setup),
      waitForHealth(baseUrl, server, BOOT_TIMEOUT_MS, log1),
    ])
    const { token } = await api(baseUrl)("POST", "/auth/user/emailpass", ADMIN)
    const call = api(baseUrl, token)

    // audience: N subscribed contacts in a static segment, both set-based
    await pg.query(
      `INSERT INTO mkt_contact (id, email, first_name, status, source, subscribed_at)
       SELECT 'mcon_crash_' || lpad(n::text, 6, '0'), 'crash-' || n || '@example.test', 'Crash' || n,
              'subscribed', 'import', now()
       FROM generate_series(1, $1::int) n`,
      [RECIPIENTS]
    )
    const { segment } = await call("POST", "/admin/marketing/segments", { name: "Crash test audience", type: "static" })
    await pg.query(
      `INSERT INTO mkt_segment_member (id, segment_id, contact_id, source)
       SELECT 'msm_' || replace(gen_random_uuid()::text, '-', ''), $1, id, 'import' FROM mkt_contact`,
      [segment.id]
    )
    const { starters } = await call("GET", "/admin/marketing/templates/starters")
    const starter = starters.find((s) => s.handle === "newsletter")
    const { template } = await call("POST", "/admin/marketing/templates", {
      name: "Crash test newsletter",
      subject: starter.subject,
      preheader: starter.preheader,
      document: starter.document,
    })
    const { campaign } = await call("POST", "/admin/marketing/campaigns", {
      name: "Crash test campaign",
      subject: starter.subject,
      template_id: template.id,
      include_segment_ids: [segment.id],
    })

    log(`sending campaign ${campaign.id} to ${RECIPIENTS} (batches of ${BATCH}, ${LANES} lanes, ${RATE} msgs/s, lease ${LEASE_S} s)`)
    const sendStarted = Date.now()
    await call("POST", `/admin/marketing/campaigns/${campaign.id}/send`, {})

    // kill once a quarter (and half a batch) went out
    const killBy = Date.now() + 120_000
    while (sink.delivered < KILL_AFTER) {
      if (Date.now() > killBy) throw new Error(`only ${sink.delivered} deliveries after 120 s (see ${rel(log1)})`)
      if (server.exited) throw new Error(`the server exited (${server.code}) (see ${rel(log1)})`)
      await sleep(20)
    }
    killGroup(server, "SIGKILL")
    await server.done
    const atKill = { delivered: sink.delivered, ledger: await ledger(pg, campaign.id) }
    log(
      `SIGKILL after ${((Date.now() - sendStarted) / 1000).toFixed(1)} s: ${atKill.delivered} delivered, ` +
        `ledger ${JSON.stringify(atKill.ledger)}`
    )
    const { rows: st } = await pg.query(`SELECT status FROM mkt_campaign WHERE id = $1`, [campaign.id])
    check(
      "the worker was killed mid-campaign",
      st[0].status === "sending" && atKill.delivered < RECIPIENTS && (atKill.ledger.sent || 0) < RECIPIENTS,
      `campaign ${st[0].status}, ${atKill.delivered}/${RECIPIENTS} delivered`
    )

    await sleep(500)
    const afterKill = sink.delivered
    log("restarting the worker")
    server = spawnMedusa("medusa start #2", ["start"], { env, logFile: log2 })
    await waitForHealth(baseUrl, server, BOOT_TIMEOUT_MS, log2)
    log(`worker up again (${afterKill - atKill.delivered} deliveries landed after the kill)`)

    const finishBy = Date.now() + FINISH_TIMEOUT_MS
    let status = "sending"
    while (status === "sending") {
      if (Date.now() > finishBy) break
      if (server.exited) throw new Error(`the restarted server exited (${server.code}) (see ${rel(log2)})`)
      await sleep(250)
      const { rows } = await pg.query(`SELECT status FROM mkt_campaign WHERE id = $1`, [campaign.id])
      status = rows[0].status
    }
    await sleep(500) // the last SMTP transactions are acknowledged before the ledger is written; be generous
    const final = await ledger(pg, campaign.id)
    log(`campaign ${status} after ${((Date.now() - sendStarted) / 1000).toFixed(1)} s; ledger ${JSON.stringify(final)}`)
    check("the campaign reached sent", status === "sent", `status ${status}`)

    // the sink's view
    let lost = 0
    let duplicated = 0
    let extra = 0
    const mixed = []
    for (let i = 1; i <= RECIPIENTS; i++) {
      const ids = sink.byRcpt.get(`crash-${i}@example.test`) || []
      if (!ids.length) lost++
      if (ids.length > 1) {
        duplicated++
        extra += ids.length - 1
        if (new Set(ids).size > 1) mixed.push(`crash-${i}: ${ids.join(", ")}`)
      }
    }
    const unexpected = [...sink.byRcpt.keys()].filter((a) => !/^crash-\d+@example\.test$/.test(a))
    // one Message-ID per message: a resend repeats its own, never another recipient's
    const idOwners = new Map()
    for (const [rcpt, ids] of sink.byRcpt) for (const id of new Set(ids)) idOwners.set(id, (idOwners.get(id) || 0) + 1)
    const shared = [...idOwners].filter(([id, n]) => n > 1 || id === "(none)")
    log(
      `sink: ${sink.delivered} deliveries to ${sink.byRcpt.size} recipients; ${lost} lost, ` +
        `${duplicated} recipients got it more than once (${extra} extra deliveries)`
    )
    check("every recipient got the campaign", lost === 0 && unexpected.length === 0, `${lost} lost, ${unexpected.length} unexpected`)
    check(
      "a recipient who got it twice got the same Message-ID",
      mixed.length === 0,
      mixed.length ? mixed.slice(0, 3).join("; ") : `${duplicated} repeated`
    )
    check(
      "every recipient's Message-ID is their own",
      shared.length === 0 && idOwners.size === sink.byRcpt.size,
      shared.length ? `shared: ${shared.slice(0, 3).map(([id]) => id).join(", ")}` : `${idOwners.size} distinct`
    )
    check(
      "repeats are bounded by the messages in flight at the kill",
      duplicated <= BATCH * LANES && extra <= BATCH * LANES,
      `${duplicated} <= ${BATCH} x ${LANES}`
    )
    check(
      "the ledger says sent for every recipient",
      (final.sent || 0) === RECIPIENTS && Object.keys(final).length === 1,
      JSON.stringify(final)
    )
    const { rows: notes } = await pg.query(
      `SELECT count(*)::int AS n, count(DISTINCT resource_id)::int AS messages FROM notification WHERE status = 'success'`
    )
    log(`notification module: ${notes[0].n} successful notifications for ${notes[0].messages} messages`)
    return results
  } finally {
    await stopAll()
    await pg.end().catch(() => {})
    await sink.close()
    await DB.dropUnlessKept(process.env.CRASH_KEEP_DB === "1", log)
  }
}

runSuite({ name: "crash", log, main, cleanup: DB.drop, artifacts: `logs in ${rel(ARTIFACTS)}` })
