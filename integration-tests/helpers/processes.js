/**
 * Process and database plumbing shared by the runner scripts that boot a real
 * Medusa app outside Jest (integration-tests/crash/run.js and
 * integration-tests/browser/run.js):
 *
 * - `medusaEnv`: the environment of a self-contained app (port, database, no
 *   telemetry, no Redis, shared worker mode);
 * - `spawnMedusa` / `runMedusa`: a `medusa <args>` child in its own process
 *   group, output appended to a log file; `runMedusa` runs one to completion
 *   under a timeout. Every child is remembered, and `stopAll` stops the groups
 *   still alive (SIGTERM, then SIGKILL after 10 s): we stop by process group,
 *   never by name, and only what we started;
 * - `freePort`, `waitFor` / `waitForHealth` (poll a URL while watching that the
 *   server has not exited);
 * - `pgSettings` (PGHOST/PGPORT/PGUSER/PGPASSWORD), `databaseUrl`, `pgAdmin`
 *   (a statement on the `postgres` database) and `scratchDatabase` (a fresh,
 *   uniquely named database for one run);
 * - `logger`, `sleep`, `rel`;
 * - `runSuite`: runs a suite's main(), prints the closing line
 *   `<suite>: N passed, M failed` (scripts/test.js parses it), sets the exit
 *   code, and on SIGINT/SIGTERM stops everything and runs the suite's cleanup
 *   (dropping its scratch database).
 *
 * Plain CommonJS, no TypeScript: the runners are started with `node`.
 */
"use strict"

const { spawn } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")
const { Client } = require("pg")

const ROOT = path.resolve(__dirname, "..", "..")
const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const STOP_GRACE_MS = 10_000

const t0 = Date.now()
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
/** A path relative to the repository root, for messages. */
const rel = (p) => path.relative(ROOT, p)
/** Seconds since this run started (since this module was loaded). */
const elapsedSeconds = () => (Date.now() - t0) / 1000

/** `log(...)` printing `[<tag>   12.3s] ...` on stdout. */
function logger(tag) {
  return (...args) => console.log(`[${tag} ${elapsedSeconds().toFixed(1).padStart(5)}s]`, ...args)
}

/* ------------------------------ processes ------------------------------ */

const started = [] // every { name, child, exited, code, done } we spawned; stopped by process group

/**
 * The environment of a self-contained `medusa` run: the app on `port`,
 * reached at `baseUrl`, on `databaseUrl`; no telemetry or update checks, no
 * Redis (in-memory event bus), HTTP, subscribers and jobs in one process
 * (MEDUSA_WORKER_MODE=shared), no SMTP_URL. `extra` adds to or overrides it.
 */
function medusaEnv({ port, baseUrl, databaseUrl }, extra = {}) {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    MEDUSA_BACKEND_URL: baseUrl,
    MARKETING_PUBLIC_URL: baseUrl,
    MEDUSA_DISABLE_TELEMETRY: "true",
    DO_NOT_TRACK: "1",
    REDIS_URL: "",
    MEDUSA_WORKER_MODE: "shared",
    SMTP_URL: "",
    ...extra,
  }
}

/**
 * Starts `medusa <args>` detached (its own process group: we signal the
 * group, nothing else) with stdout and stderr appended to `logFile`.
 * The entry's `done` resolves with the exit code (or signal) once it exits.
 */
function spawnMedusa(name, args, { env, logFile }) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(MEDUSA, args, { cwd: ROOT, env, stdio: ["ignore", out, out], detached: true })
  fs.closeSync(out)
  const entry = { name, child, exited: false, code: null }
  entry.done = new Promise((resolve) => {
    const finish = (code) => {
      if (entry.exited) return
      entry.exited = true
      entry.code = code
      resolve(code)
    }
    child.on("exit", (code, signal) => finish(code ?? signal))
    child.on("error", (e) => finish(e.code || e.message)) // could not start
  })
  started.push(entry)
  return entry
}

/**
 * Runs `medusa <args>` to completion; throws if it exits non-zero or takes
 * longer than `timeoutMs` (its group is then SIGKILLed).
 */
async function runMedusa(name, args, { env, logFile, timeoutMs }) {
  const entry = spawnMedusa(name, args, { env, logFile })
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    killGroup(entry, "SIGKILL")
  }, timeoutMs)
  const code = await entry.done
  clearTimeout(timer)
  if (timedOut) throw new Error(`${name} took longer than ${timeoutMs / 1000} s (see ${rel(logFile)})`)
  if (code !== 0) throw new Error(`${name} exited with ${code} (see ${rel(logFile)})`)
}

function killGroup(entry, signal = "SIGTERM") {
  if (!entry.child.pid) return
  try {
    process.kill(-entry.child.pid, signal)
  } catch {
    // already gone
  }
}

function groupAlive(entry) {
  if (!entry.child.pid) return false
  try {
    process.kill(-entry.child.pid, 0)
    return true
  } catch {
    return false
  }
}

/** Stops every group we started that is still alive: SIGTERM, then SIGKILL after 10 s. */
async function stopAll() {
  const entries = started.filter(groupAlive)
  for (const e of entries) killGroup(e, "SIGTERM")
  const deadline = Date.now() + STOP_GRACE_MS
  for (const e of entries) {
    while (Date.now() < deadline && groupAlive(e)) await sleep(100)
    if (groupAlive(e)) killGroup(e, "SIGKILL")
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on("error", reject)
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

/**
 * Polls `url` until `accept(response)` (default: a 2xx), for `timeoutMs`;
 * throws at once if `server` (a spawnMedusa entry) exits meanwhile.
 */
async function waitFor(url, { server, timeoutMs, logFile, accept = (r) => r.ok }) {
  const deadline = Date.now() + timeoutMs
  let last = ""
  while (Date.now() < deadline) {
    if (server && server.exited) {
      throw new Error(`the server exited (${server.code}) while starting (see ${rel(logFile)})`)
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      if (accept(res)) return res
      last = `HTTP ${res.status}`
    } catch (e) {
      last = (e.cause && e.cause.code) || e.message
    }
    await sleep(300)
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s (${last})`)
}

/** Waits for `<baseUrl>/health` to answer 2xx. */
function waitForHealth(baseUrl, server, timeoutMs, logFile) {
  return waitFor(`${baseUrl}/health`, { server, timeoutMs, logFile })
}

/* ------------------------------- Postgres ------------------------------- */

/** Connection settings from PGHOST/PGPORT/PGUSER/PGPASSWORD (local postgres by default). */
function pgSettings() {
  return {
    host: process.env.PGHOST || "127.0.0.1",
    port: Number(process.env.PGPORT || 5432),
    user: process.env.PGUSER || "postgres",
    password: process.env.PGPASSWORD || undefined,
  }
}

/** postgres:// URL of database `name` with pgSettings()' server and credentials. */
function databaseUrl(name) {
  const pg = pgSettings()
  const auth = encodeURIComponent(pg.user) + (pg.password ? ":" + encodeURIComponent(pg.password) : "")
  return `postgres://${auth}@${pg.host}:${pg.port}/${name}`
}

/** Runs one statement (CREATE/DROP DATABASE ...) on the `postgres` database. */
async function pgAdmin(sql) {
  const client = new Client({ ...pgSettings(), database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * A database for one run, `mkt_<kind>_<time>_<pid>`: `create()`, `drop()`,
 * `client()` (a pg Client on it, not yet connected), and
 * `dropUnlessKept(keep, log)` for the end of main (a failure is logged).
 */
function scratchDatabase(kind) {
  const name = `mkt_${kind}_${Date.now().toString(36)}_${process.pid}`
  const db = {
    name,
    url: databaseUrl(name),
    create: () => pgAdmin(`CREATE DATABASE "${name}"`),
    drop: () => pgAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
    client: () => new Client({ ...pgSettings(), database: name }),
    async dropUnlessKept(keep, log) {
      if (keep) return
      await db.drop().catch((e) => log(`could not drop ${name}: ${e.message}`))
    },
  }
  return db
}

/* --------------------------------- suite -------------------------------- */

/**
 * Runs `main()` (resolving to `[{ ok }]`, one per check) and ends the process
 * with the closing line `<name>: N passed, M failed`: exit 0 only if there
 * were results and all passed; 1 if main throws (after `stopAll`), counted as
 * one failure. On SIGINT/SIGTERM: stopAll, `cleanup()` (e.g. drop the scratch
 * database), one failure, exit 130.
 * `log`: the suite's logger; `artifacts`: said in the "done" line, e.g.
 * "logs in test-artifacts/crash"; `failure`: the prefix of a thrown error's line.
 */
function runSuite({ name, log, main, cleanup = async () => {}, artifacts, failure = "failed" }) {
  let finished = false
  const onSignal = async (sig) => {
    if (finished) return
    finished = true
    log(`${sig}: stopping`)
    await stopAll()
    await Promise.resolve()
      .then(cleanup)
      .catch(() => {})
    console.log(`${name}: 0 passed, 1 failed`)
    process.exit(130)
  }
  process.on("SIGINT", () => onSignal("SIGINT"))
  process.on("SIGTERM", () => onSignal("SIGTERM"))

  return main()
    .then((results) => {
      finished = true
      const passed = results.filter((r) => r.ok).length
      const failed = results.length - passed
      log(`done in ${elapsedSeconds().toFixed(0)} s; ${artifacts}`)
      console.log(`${name}: ${passed} passed, ${failed} failed`)
      process.exit(failed || !results.length ? 1 : 0)
    })
    .catch(async (e) => {
      finished = true
      log(`${failure}: ${(e && e.stack) || e}`)
      await stopAll()
      console.log(`${name}: 0 passed, 1 failed`)
      process.exit(1)
    })
}

module.exports = {
  ROOT,
  sleep,
  rel,
  logger,
  medusaEnv,
  spawnMedusa,
  runMedusa,
  killGroup,
  stopAll,
  freePort,
  waitFor,
  waitForHealth,
  pgSettings,
  databaseUrl,
  pgAdmin,
  scratchDatabase,
  runSuite,
}
