#!/usr/bin/env node
/**
 * Admin UI tests in real Chromium (`npm run test:browser`).
 *
 * 1. creates a fresh Postgres database, migrates it, creates an admin user;
 * 2. starts the app with `medusa start` under NODE_ENV=development, which
 *    serves the admin (with this plugin's extensions from src/admin) through
 *    Vite at /app; no file watcher, so writing artifacts never restarts it;
 * 3. seeds data through the admin API;
 * 4. runs the scenarios in ./scenarios*.js (contacts and segments, templates,
 *    campaigns, in that order) against system Chromium
 *    (playwright-core, no downloaded browsers);
 * 5. stops what it started (by process group), drops the database.
 *
 * Screenshots and the server log go to test-artifacts/browser/. The closing
 * line is always `browser: N passed, M failed`; the exit code is non-zero on
 * any failure.
 *
 * Env: CHROMIUM_PATH (default /usr/bin/chromium), PGHOST/PGPORT/PGUSER/PGPASSWORD,
 * BROWSER_TEST_FILTER (substring of scenario names to run), BROWSER_KEEP_DB=1.
 */
"use strict"

const { spawn } = require("node:child_process")
const fs = require("node:fs")
const net = require("node:net")
const path = require("node:path")
const { Client } = require("pg")
const { chromium } = require("playwright-core")
const { seed } = require("./seed")
// the first file's first scenario logs in; the others continue in the same page
const scenarios = ["./scenarios", "./scenarios-templates", "./scenarios-campaigns", "./scenarios-analytics"]
  .filter((f) => fs.existsSync(path.join(__dirname, `${f}.js`)))
  .flatMap((f) => require(f).scenarios)

const ROOT = path.resolve(__dirname, "..", "..")
const ARTIFACTS = path.join(ROOT, "test-artifacts", "browser")
const MEDUSA = path.join(ROOT, "node_modules", ".bin", "medusa")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const PG = {
  host: process.env.PGHOST || "127.0.0.1",
  port: Number(process.env.PGPORT || 5432),
  user: process.env.PGUSER || "postgres",
  password: process.env.PGPASSWORD || undefined,
}
const DB_NAME = `mkt_browser_${Date.now().toString(36)}_${process.pid}`
const DATABASE_URL = `postgres://${encodeURIComponent(PG.user)}${
  PG.password ? ":" + encodeURIComponent(PG.password) : ""
}@${PG.host}:${PG.port}/${DB_NAME}`
const ADMIN = { email: "admin@browser.test", password: "browser-test-Passw0rd" }
const BOOT_TIMEOUT_MS = 240_000

const t0 = Date.now()
const log = (...args) =>
  console.log(`[browser ${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s]`, ...args)

/* ------------------------------ processes ------------------------------ */

const started = [] // { name, child } we own, killed by process group

function run(name, args, { env, logFile, timeoutMs = 180_000 } = {}) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, "a")
    const child = spawn(MEDUSA, args, {
      cwd: ROOT,
      env,
      stdio: ["ignore", out, out],
      detached: true,
    })
    const entry = { name, child }
    started.push(entry)
    const timer = setTimeout(() => {
      killGroup(entry)
      reject(new Error(`${name} took longer than ${timeoutMs / 1000} s (see ${rel(logFile)})`))
    }, timeoutMs)
    child.on("exit", (code, signal) => {
      clearTimeout(timer)
      fs.closeSync(out)
      started.splice(started.indexOf(entry), 1)
      if (code === 0) resolve()
      else reject(new Error(`${name} exited with ${code ?? signal} (see ${rel(logFile)})`))
    })
    child.on("error", reject)
  })
}

function startServer(env, logFile) {
  const out = fs.openSync(logFile, "a")
  const child = spawn(MEDUSA, ["start"], {
    cwd: ROOT,
    env,
    stdio: ["ignore", out, out],
    detached: true, // own process group: we kill the group, nothing else
  })
  fs.closeSync(out)
  const entry = { name: "medusa start", child, exited: false }
  child.on("exit", () => {
    entry.exited = true
  })
  started.push(entry)
  return entry
}

function killGroup(entry, signal = "SIGTERM") {
  if (!entry.child.pid) return
  try {
    process.kill(-entry.child.pid, signal)
  } catch {
    // already gone
  }
}

async function stopAll() {
  const entries = [...started]
  for (const e of entries) killGroup(e, "SIGTERM")
  const deadline = Date.now() + 10_000
  for (const e of entries) {
    while (Date.now() < deadline && isGroupAlive(e.child.pid)) {
      await sleep(200)
    }
    if (isGroupAlive(e.child.pid)) killGroup(e, "SIGKILL")
  }
}

function isGroupAlive(pid) {
  if (!pid) return false
  try {
    process.kill(-pid, 0)
    return true
  } catch {
    return false
  }
}

/* -------------------------------- helpers ------------------------------- */

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const rel = (p) => path.relative(ROOT, p)

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

async function pgAdmin(sql) {
  const client = new Client({ ...PG, database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

async function waitFor(url, { server, timeoutMs, accept = (r) => r.ok }) {
  const deadline = Date.now() + timeoutMs
  let last = ""
  while (Date.now() < deadline) {
    if (server?.exited) {
      throw new Error(`the server exited while starting (see ${rel(path.join(ARTIFACTS, "server.log"))})`)
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000) })
      if (accept(res)) return res
      last = `HTTP ${res.status}`
    } catch (e) {
      last = e.cause?.code || e.message
    }
    await sleep(500)
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000} s (${last})`)
}

/**
 * Admin extensions must share the dashboard's react-router-dom: with a second
 * copy every Link, useParams and useNavigate in src/admin runs outside the
 * dashboard's router and the pages crash. Fail fast with the fix.
 */
function checkSingleRouter() {
  const dashboard = path.join(ROOT, "node_modules", "@medusajs", "dashboard")
  const nested = path.join(dashboard, "node_modules", "react-router-dom", "package.json")
  if (!fs.existsSync(nested)) return
  const want = require(nested).version
  let have = "none"
  try {
    have = require(path.join(ROOT, "node_modules", "react-router-dom", "package.json")).version
  } catch {}
  throw new Error(
    `@medusajs/dashboard uses react-router-dom ${want} but the project resolves ${have}: ` +
      `admin extensions would get a second router and crash. ` +
      `Set "react-router-dom": "${want}" in package.json devDependencies and run npm install.`
  )
}

/* --------------------------------- main --------------------------------- */

async function main() {
  fs.rmSync(ARTIFACTS, { recursive: true, force: true })
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const serverLog = path.join(ARTIFACTS, "server.log")
  const setupLog = path.join(ARTIFACTS, "setup.log")

  checkSingleRouter()
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`)
  }

  const port = await freePort()
  const baseUrl = `http://localhost:${port}`
  const outbox = path.join(ARTIFACTS, "outbox")
  const env = {
    ...process.env,
    DATABASE_URL,
    PORT: String(port),
    MEDUSA_BACKEND_URL: baseUrl,
    MARKETING_PUBLIC_URL: baseUrl,
    MAIL_OUTBOX_DIR: outbox,
    // campaigns refuse to send without the store's postal address in the footer
    MARKETING_POSTAL_ADDRESS: process.env.MARKETING_POSTAL_ADDRESS || "Browser Test Store, 1 Test Street, London",
    NODE_ENV: "development",
    LOG_LEVEL: process.env.LOG_LEVEL || "http", // request lines in server.log help a failing scenario
    // no telemetry, no update checks, no Redis: a self-contained run
    MEDUSA_DISABLE_TELEMETRY: "true",
    DO_NOT_TRACK: "1",
    REDIS_URL: "",
    DISABLE_ADMIN: "false",
    MEDUSA_WORKER_MODE: "shared",
    SMTP_URL: "",
    SMTP_HOST: "",
  }

  log(`database ${DB_NAME}`)
  await pgAdmin(`CREATE DATABASE "${DB_NAME}"`)
  const dbCreated = true

  try {
    log("migrating")
    await run("db:migrate", ["db:migrate"], { env, logFile: setupLog })
    // the admin user is created while the app boots: both only need the schema
    log(`starting the app on port ${port}, creating the admin user`)
    const server = startServer(env, serverLog)
    await Promise.all([
      run("user", ["user", "-e", ADMIN.email, "-p", ADMIN.password], { env, logFile: setupLog }),
      waitFor(`${baseUrl}/health`, { server, timeoutMs: BOOT_TIMEOUT_MS }),
    ])
    log("backend healthy")
    // the first /app request makes Vite pre-bundle the dashboard's dependencies
    await waitFor(`${baseUrl}/app/login`, {
      server,
      timeoutMs: BOOT_TIMEOUT_MS,
      accept: (r) => r.ok && (r.headers.get("content-type") || "").includes("html"),
    })
    log("admin served at /app")

    log("seeding through the admin API")
    const data = await seed({ baseUrl, admin: ADMIN, log })
    log(`seeded ${Object.keys(data.contacts).length} named contacts, ${data.bulkCount} bulk contacts`)

    const results = await runScenarios({ baseUrl, data, server })
    return results
  } finally {
    await stopAll()
    if (dbCreated && process.env.BROWSER_KEEP_DB !== "1") {
      await pgAdmin(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`).catch((e) =>
        log(`could not drop ${DB_NAME}: ${e.message}`)
      )
    }
  }
}

async function runScenarios({ baseUrl, data, server }) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-dev-shm-usage",
    ],
  })
  const results = []
  try {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width: 1440, height: 900 },
      acceptDownloads: true,
      locale: "en-GB",
      timezoneId: "Europe/London",
    })
    context.setDefaultTimeout(20_000)
    const page = await context.newPage()
    const consoleErrors = []
    page.on("pageerror", (e) => consoleErrors.push(String(e)))
    page.on("console", (m) => {
      if (m.type() === "error") consoleErrors.push(m.text())
    })

    const filter = process.env.BROWSER_TEST_FILTER
    let n = 0
    for (const s of scenarios) {
      if (filter && !s.name.includes(filter) && !s.always) continue
      n++
      const id = String(n).padStart(2, "0")
      const slug = s.name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()
      const started = Date.now()
      const shot = async (suffix = "") =>
        page.screenshot({ path: path.join(ARTIFACTS, `${id}-${slug}${suffix}.png`) })
      try {
        if (server.exited) throw new Error("the server is not running")
        await s.run({ page, context, baseUrl, data, shot, admin: ADMIN })
        await shot()
        results.push({ name: s.name, ok: true })
        log(`ok   ${s.name} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
      } catch (e) {
        results.push({ name: s.name, ok: false, error: e })
        log(`FAIL ${s.name}: ${(e && e.message) || e}`.split("\n").slice(0, 8).join("\n"))
        await shot("-failed").catch(() => {})
        if (consoleErrors.length) {
          log(`  browser errors: ${consoleErrors.slice(-5).join(" | ").slice(0, 1500)}`)
        }
      }
      consoleErrors.length = 0
    }
    await context.close()
  } finally {
    await browser.close().catch(() => {})
  }
  return results
}

let finished = false
async function onSignal(sig) {
  if (finished) return
  finished = true
  log(`${sig}: stopping`)
  await stopAll()
  await pgAdmin(`DROP DATABASE IF EXISTS "${DB_NAME}" WITH (FORCE)`).catch(() => {})
  console.log("browser: 0 passed, 1 failed")
  process.exit(130)
}
process.on("SIGINT", () => onSignal("SIGINT"))
process.on("SIGTERM", () => onSignal("SIGTERM"))

main()
  .then((results) => {
    finished = true
    const passed = results.filter((r) => r.ok).length
    const failed = results.length - passed
    log(`done in ${((Date.now() - t0) / 1000).toFixed(0)} s; screenshots in ${rel(ARTIFACTS)}`)
    console.log(`browser: ${passed} passed, ${failed} failed`)
    process.exit(failed || !results.length ? 1 : 0)
  })
  .catch(async (e) => {
    finished = true
    log(`setup failed: ${(e && e.stack) || e}`)
    await stopAll()
    console.log("browser: 0 passed, 1 failed")
    process.exit(1)
  })
