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

const fs = require("node:fs")
const path = require("node:path")
const { chromium } = require("playwright-core")
const { ROOT, freePort, logger, medusaEnv, rel, runSuite, scratchDatabase } = require("../helpers/processes")
const { runMedusa, spawnMedusa, stopAll, waitFor, waitForHealth } = require("../helpers/processes")
const { seed } = require("./seed")
// the first file's first scenario logs in; the others continue in the same page
const scenarios = ["./scenarios", "./scenarios-templates", "./scenarios-campaigns", "./scenarios-analytics"]
  .filter((f) => fs.existsSync(path.join(__dirname, `${f}.js`)))
  .flatMap((f) => require(f).scenarios)

const ARTIFACTS = path.join(ROOT, "test-artifacts", "browser")
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium"
const DB = scratchDatabase("browser")
const ADMIN = { email: "admin@browser.test", password: "browser-test-Passw0rd" }
const SETUP_TIMEOUT_MS = 180_000
const BOOT_TIMEOUT_MS = 240_000

const log = logger("browser")

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
  const env = medusaEnv(
    { port, baseUrl, databaseUrl: DB.url },
    {
      MAIL_OUTBOX_DIR: outbox,
      // campaigns refuse to send without the store's postal address in the footer
      MARKETING_POSTAL_ADDRESS: process.env.MARKETING_POSTAL_ADDRESS || "Browser Test Store, 1 Test Street, London",
      NODE_ENV: "development",
      LOG_LEVEL: process.env.LOG_LEVEL || "http", // request lines in server.log help a failing scenario
      DISABLE_ADMIN: "false",
      SMTP_HOST: "",
    }
  )
  const setup = { env, logFile: setupLog, timeoutMs: SETUP_TIMEOUT_MS } // db:migrate, user

  log(`database ${DB.name}`)
  await DB.create()

  try {
    log("migrating")
    await runMedusa("db:migrate", ["db:migrate"], setup)
    // the admin user is created while the app boots: both only need the schema
    log(`starting the app on port ${port}, creating the admin user`)
    const server = spawnMedusa("medusa start", ["start"], { env, logFile: serverLog })
    await Promise.all([
      runMedusa("user", ["user", "-e", ADMIN.email, "-p", ADMIN.password], setup),
      waitForHealth(baseUrl, server, BOOT_TIMEOUT_MS, serverLog),
    ])
    log("backend healthy")
    // the first /app request makes Vite pre-bundle the dashboard's dependencies
    await waitFor(`${baseUrl}/app/login`, {
      server,
      timeoutMs: BOOT_TIMEOUT_MS,
      logFile: serverLog,
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
    await DB.dropUnlessKept(process.env.BROWSER_KEEP_DB === "1", log)
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

runSuite({
  name: "browser",
  log,
  main,
  cleanup: DB.drop,
  artifacts: `screenshots in ${rel(ARTIFACTS)}`,
  failure: "setup failed",
})
