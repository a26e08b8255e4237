#!/usr/bin/env node
/**
 * Runs a bench script (a `medusa exec` script under bench/) against its own
 * database, created and migrated here: `node bench/run.js import-contacts`
 * (`send` uses medusa_marketing_bench_send, the others medusa_marketing_bench;
 * BENCH_DATABASE overrides).
 */
const { spawnSync } = require("node:child_process")
const path = require("node:path")
const { Client } = require("pg")

const root = path.resolve(__dirname, "..")
const name = process.argv[2]
// each bench may keep its data in a database of its own (the send bench must
// not share the segment bench's million contacts)
const DEFAULT_DATABASES = { send: "medusa_marketing_bench_send", tracking: "medusa_marketing_bench_tracking" }
const db = process.env.BENCH_DATABASE || DEFAULT_DATABASES[name] || "medusa_marketing_bench"
const base = process.env.BENCH_PG || "postgres://postgres@127.0.0.1:5432"
const env = { ...process.env, DATABASE_URL: `${base}/${db}`, LOG_LEVEL: process.env.LOG_LEVEL || "warn", DISABLE_ADMIN: "true" }
const medusa = path.join(root, "node_modules", ".bin", "medusa")

async function main() {
  const c = new Client({ connectionString: `${base}/postgres` })
  await c.connect()
  const { rowCount } = await c.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])
  if (!rowCount) await c.query(`CREATE DATABASE "${db}"`)
  await c.end()
  for (const args of [["db:migrate"], ["exec", `./bench/${name}.ts`]]) {
    const r = spawnSync(medusa, args, { cwd: root, env, stdio: ["ignore", args[0] === "exec" ? "inherit" : "ignore", "inherit"] })
    if (r.status !== 0) process.exit(r.status || 1)
  }
}
main().catch((e) => {
  process.stderr.write(String(e.stack || e) + "\n")
  process.exit(1)
})
