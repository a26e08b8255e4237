#!/usr/bin/env node
/**
 * `npm run dev`: from a fresh clone to a running store with the admin.
 * Creates the database if it is missing, migrates, seeds the demo store when
 * it is empty (idempotent), makes sure the admin user exists, prints the
 * login, then hands over to `medusa develop`.
 */
const { spawnSync, spawn } = require("node:child_process")
const path = require("node:path")
const { loadEnv } = require("@medusajs/framework/utils")
const { Client } = require("pg")

const root = path.resolve(__dirname, "..")
loadEnv("development", root)

const DATABASE_URL = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/medusa_marketing"
const ADMIN_EMAIL = process.env.ADMIN_EMAIL || "admin@medusa-test.com"
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD || "supersecret"
const PORT = process.env.PORT || "9000"
const medusa = path.join(root, "node_modules", ".bin", "medusa")
const env = { ...process.env, DATABASE_URL }

function log(msg) {
  process.stdout.write(`[dev] ${msg}\n`)
}

function run(args, { allowFail = false } = {}) {
  const r = spawnSync(medusa, args, { cwd: root, env, stdio: "inherit" })
  if (r.status !== 0 && !allowFail) {
    log(`"medusa ${args.join(" ")}" failed (exit ${r.status}); see the output above`)
    process.exit(r.status || 1)
  }
  return r.status
}

async function ensureDatabase() {
  const url = new URL(DATABASE_URL)
  const dbName = decodeURIComponent(url.pathname.slice(1))
  const adminUrl = new URL(DATABASE_URL)
  adminUrl.pathname = "/postgres"
  const client = new Client({ connectionString: adminUrl.toString() })
  try {
    await client.connect()
  } catch (e) {
    log(`cannot reach Postgres at ${url.host}: ${e.message}`)
    log("start Postgres (or `docker compose up -d`) and set DATABASE_URL, then run `npm run dev` again")
    process.exit(1)
  }
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [dbName])
  if (!rowCount) {
    log(`creating database ${dbName}`)
    await client.query(`CREATE DATABASE "${dbName.replace(/"/g, '""')}"`)
  }
  await client.end()
}

async function adminExists() {
  const client = new Client({ connectionString: DATABASE_URL })
  await client.connect()
  try {
    const { rowCount } = await client.query(
      `SELECT 1 FROM provider_identity WHERE provider = 'emailpass' AND entity_id = $1`,
      [ADMIN_EMAIL]
    )
    return rowCount > 0
  } finally {
    await client.end()
  }
}

async function main() {
  await ensureDatabase()
  log("applying migrations")
  run(["db:migrate"])
  log("seeding the demo store (skipped when already seeded)")
  run(["exec", "./src/scripts/seed.ts"])
  if (!(await adminExists())) {
    log(`creating admin user ${ADMIN_EMAIL}`)
    run(["user", "-e", ADMIN_EMAIL, "-p", ADMIN_PASSWORD])
  }
  log("")
  log(`Admin:    http://localhost:${PORT}/app`)
  log(`Login:    ${ADMIN_EMAIL} / ${ADMIN_PASSWORD}`)
  log(`Outbox:   ${process.env.SMTP_URL || process.env.SMTP_HOST ? "SMTP " + (process.env.SMTP_HOST || "(SMTP_URL)") : path.join(root, process.env.MAIL_OUTBOX_DIR || "outbox") + " (no SMTP configured)"}`)
  log("")
  // its own process group, so stopping `npm run dev` stops medusa develop's
  // server child too, not only the watcher
  const child = spawn(medusa, ["develop"], { cwd: root, env, stdio: "inherit", detached: true })
  const stop = (sig) => {
    try {
      process.kill(-child.pid, sig)
    } catch {
      // already gone
    }
  }
  process.on("SIGINT", stop)
  process.on("SIGTERM", stop)
  child.on("exit", (code) => process.exit(code ?? 0))
}

main().catch((e) => {
  log(e.stack || String(e))
  process.exit(1)
})
