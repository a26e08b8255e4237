import type { ExecArgs } from "@medusajs/framework/types"
import { fork } from "node:child_process"
import { randomBytes } from "node:crypto"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"
import { Client } from "pg"
import { signTrackingToken } from "../src/lib/tracking"
import { MESSAGE_ENGAGEMENT_AGGREGATES } from "../src/modules/marketing/tracking-sql"
import { rebuildMessageDaily } from "../src/modules/marketing/analytics-sql"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const procs = require("./send/procs.js")

/**
 * Tracking endpoints' throughput and analytics at scale
 * (`npm run bench:tracking`, database medusa_marketing_bench_tracking).
 *
 * 1. Data, set-based and deterministic (one INSERT ... SELECT per table over
 *    generate_series and two temporary tables): one sent A/B campaign,
 *    BENCH_MESSAGES contacts and messages (sent over 3 days ending a day
 *    before generation, 97% delivered, 3% bounced), 4 tracked links,
 *    BENCH_EVENTS events (~72% opens, ~20% clicks, the rest delivery reports,
 *    bounces, unsubscribes and complaints; machine opens and scanner clicks
 *    among them) and a few thousand attributed orders. Message counters,
 *    link rollups and contact engagement are aggregated from the very events
 *    written, so the ledger agrees with the events; the overview's daily
 *    rollup is counted from the messages. Reused when present; the events
 *    earlier runs' hits added are removed (and the counters and rollups they
 *    moved recomputed), so every run starts from the same data.
 * 2. `medusa start` (shared worker mode, in-memory event bus, per-IP tracking
 *    limit off: the load comes from one IP) with the dedicated tracking
 *    listener on a port of its own (MARKETING_TRACKING_PORT).
 * 3. autocannon (in a process of its own, bench/tracking/cannon.js),
 *    BENCH_CONNECTIONS connections, 2 s warm-up then BENCH_DURATION_S
 *    measured, one target after the other: Medusa's GET /health, the open
 *    pixel and the click redirect (302 is success; never followed) on the
 *    tracking listener (the JSON's pixel_* and click_* figures), then the
 *    same two through Medusa's own routes for comparison (medusa_routes_*;
 *    BENCH_EXPRESS_ROUTES=0 skips them). Pixel and click paths
 *    rotate over signed tokens of BENCH_TOKENS real messages, with a desktop
 *    browser User-Agent.
 * 4. Every counted hit persisted: open/click events counted before the pixel
 *    runs and after the click runs once the count stops growing (the server
 *    writes batches every 200 ms); the difference must equal the 200s and
 *    302s counted (warm-ups included: they are hits too).
 * 5. Analytics through the admin API (campaign report by day and by hour, its
 *    CSV export, the 30-day overview), 3 runs each; analytics_max_ms is the
 *    slowest warm (2nd or 3rd) run.
 *
 * Env: BENCH_MESSAGES (1000000), BENCH_EVENTS (3000000), BENCH_DURATION_S
 * (10), BENCH_CONNECTIONS (50), BENCH_TOKENS (5000), BENCH_WARMUP_S (2),
 * BENCH_REGENERATE=1, BENCH_SERVER_NODE_ARGS (node flags for the server, e.g.
 * "--cpu-prof --cpu-prof-dir=/tmp/prof"; summarize with
 * bench/send/profile-summary.js), BENCH_ROUTE_WAIT_MIN (30: how long to wait
 * for the analytics routes if they are not there yet).
 * Server log: test-artifacts/bench-tracking/server.log. The last line printed is one JSON object.
 */

const int = (v: string | undefined, d: number) => (v === undefined || v === "" ? d : Math.round(Number(v)))
const out = (line: string) => process.stdout.write(line + "\n")
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d
const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9

const GENERATOR_VERSION = 2
const CAMPAIGN_ID = "mcmp_01BENCHTRACKING00000000"
const ADMIN = { email: "bench-tracking@example.test", password: "bench-tracking-Passw0rd" }
const DESKTOP_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
const ANALYTICS_ROUTES = [
  "src/api/admin/marketing/campaigns/[id]/report/route.ts",
  "src/api/admin/marketing/campaigns/[id]/report/export/route.ts",
  "src/api/admin/marketing/analytics/overview/route.ts",
]

/** A uniform number in [0, 1) from an integer SQL expression and a seed: deterministic, set-based. */
const u = (expr: string, seed: number) =>
  `((hashint8extended((${expr})::bigint, ${seed}) & 9007199254740991)::float8 / 9007199254740992)`

type Meta = { version: number; messages: number; events: number; generated_at: string; generation_s: number }

type CannonResult = {
  responses: number
  requests_sent: number
  expected: number
  unexpected: number
  by_status: Record<string, number>
  errors: number
  timeouts: number
  resets: number
  elapsed_s: number
  rps: number
  latency: { mean: number; p50: number; p90: number; p99: number; max: number }
  cpu_s: number
  drained: boolean
}

/** One autocannon run in a child process (bench/tracking/cannon.js). */
function cannon(opts: {
  url: string
  paths: string[]
  connections: number
  duration: number
  expect: number
  headers?: Record<string, string>
}): Promise<CannonResult & { pid: number }> {
  return new Promise((resolve, reject) => {
    const child = fork(path.join(__dirname, "tracking", "cannon.js"), [], { stdio: ["ignore", "inherit", "inherit", "ipc"] })
    let done = false
    child.once("message", (m: any) => {
      done = true
      if (m.error) reject(new Error(`autocannon: ${m.error}`))
      else resolve({ ...m, pid: child.pid })
    })
    child.once("exit", (code) => {
      if (!done) reject(new Error(`the autocannon process exited (${code}) without a result`))
    })
    child.send(opts)
  })
}

export default async function benchTracking(_: ExecArgs) {
  const started = process.hrtime.bigint()
  const N = int(process.env.BENCH_MESSAGES, 1_000_000)
  const E = int(process.env.BENCH_EVENTS, 3_000_000)
  const duration = int(process.env.BENCH_DURATION_S, 10)
  const connections = int(process.env.BENCH_CONNECTIONS, 50)
  const tokenCount = int(process.env.BENCH_TOKENS, 5000)
  const warmup = int(process.env.BENCH_WARMUP_S, 2)
  const routeWaitMin = int(process.env.BENCH_ROUTE_WAIT_MIN, 30)
  if (!(N >= 100) || !(E >= 0) || !(duration >= 1) || !(connections >= 1) || !(tokenCount >= 1)) {
    throw new Error(
      "BENCH_MESSAGES must be at least 100, BENCH_EVENTS 0 or more, BENCH_DURATION_S, BENCH_CONNECTIONS and BENCH_TOKENS at least 1"
    )
  }
  const artifacts = path.join(procs.ROOT, "test-artifacts", "bench-tracking")
  fs.mkdirSync(artifacts, { recursive: true })
  const serverLog = path.join(artifacts, "server.log")
  fs.writeFileSync(serverLog, "")

  const pg = new Client({ connectionString: process.env.DATABASE_URL })
  await pg.connect()
  let server: any = null
  try {
    const { rows: dbRows } = await pg.query(`SELECT current_database() AS db`)
    if (!/bench/.test(dbRows[0].db)) {
      throw new Error(
        `Refusing to run in database ${dbRows[0].db}: the tracking bench truncates contacts, messages and events. ` +
          "Run it with `npm run bench:tracking` (database medusa_marketing_bench_tracking)."
      )
    }
    out(
      `[bench] ${N.toLocaleString("en")} messages, ${E.toLocaleString("en")} events, ${connections} connections x ${duration} s ` +
        `(+${warmup} s warm-up), ${tokenCount} tokens; machine: ${os.cpus().length} cores, load ${os.loadavg().map((x) => x.toFixed(1)).join(" ")}`
    )

    // ------------------------------------------------------------ data
    const meta = await ensureData(pg, N, E)
    const { rows: sizes } = await pg.query(
      `SELECT (SELECT count(*) FROM mkt_message WHERE campaign_id = $1)::int AS messages,
              (SELECT count(*) FROM mkt_event)::int AS events,
              (SELECT count(*) FROM mkt_attribution)::int AS attributions`,
      [CAMPAIGN_ID]
    )
    out(
      `[bench] data: ${sizes[0].messages} messages, ${sizes[0].events} events, ${sizes[0].attributions} attributions ` +
        `(generated ${meta.generated_at} in ${meta.generation_s.toFixed(1)} s)`
    )

    // start the load with clean buffers (no checkpoint of the data's writes during the runs)
    await pg.query(`CHECKPOINT`)

    // tokens of delivered messages (sent 1 to 4 days ago: never "too soon")
    const { rows: picked } = await pg.query(
      `SELECT id FROM mkt_message WHERE campaign_id = $1 AND delivered_at IS NOT NULL AND deleted_at IS NULL ORDER BY id LIMIT $2`,
      [CAMPAIGN_ID, tokenCount]
    )
    const secret = randomBytes(24).toString("hex")
    const pixelPaths = picked.map((r: any) => `/marketing/o/${signTrackingToken({ kind: "open", message_id: r.id }, secret)}.gif`)
    const clickPaths = picked.map(
      (r: any, k: number) =>
        `/marketing/c/${signTrackingToken({ kind: "click", message_id: r.id, source_id: CAMPAIGN_ID, link: k % 4 }, secret)}`
    )

    // ------------------------------------------------------------ the app
    const port = await procs.freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    // the dedicated tracking listener of the same process (MARKETING_TRACKING_PORT)
    const trackingPort = await procs.freePort()
    const trackingUrl = `http://127.0.0.1:${trackingPort}`
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      MEDUSA_BACKEND_URL: baseUrl,
      MARKETING_PUBLIC_URL: baseUrl,
      MARKETING_SECRET: secret,
      MARKETING_TRACKING_RATE_LIMIT_PER_IP: "0",
      MARKETING_TRACKING_PORT: String(trackingPort),
      MARKETING_TRACKING_HOST: "127.0.0.1",
      MARKETING_TRACKING_URL: trackingUrl,
      MEDUSA_WORKER_MODE: "shared",
      DISABLE_ADMIN: "true",
      LOG_LEVEL: "warn",
      REDIS_URL: "",
      MEDUSA_DISABLE_TELEMETRY: "true",
      DO_NOT_TRACK: "1",
    }
    await pg.query(`DELETE FROM provider_identity WHERE entity_id = $1`, [ADMIN.email]).catch(() => undefined)
    await pg
      .query(`DELETE FROM auth_identity WHERE NOT EXISTS (SELECT 1 FROM provider_identity p WHERE p.auth_identity_id = auth_identity.id)`)
      .catch(() => undefined)
    await pg.query(`DELETE FROM "user" WHERE email = $1`, [ADMIN.email]).catch(() => undefined)
    // the admin user is created while the server boots
    const user = procs.startMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], { env, logFile: serverLog + ".user" })

    const routesAtBoot = missingRoutes().length === 0
    const startServer = async () => {
      const tBoot = process.hrtime.bigint()
      const s = procs.startMedusa(["start"], {
        env,
        logFile: serverLog,
        nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS || "").split(" ").filter(Boolean),
      })
      server = s
      await procs.waitForHealth(baseUrl, s, 300_000, serverLog)
      await procs.waitForHealth(trackingUrl, s, 30_000, serverLog)
      out(`[bench] medusa start (pid ${s.pid}, shared worker mode, in-memory event bus) healthy after ${secs(tBoot).toFixed(0)} s`)
    }
    await startServer()
    if ((await user.done) !== 0) throw new Error(`medusa user failed, see ${serverLog}.user`)

    // CPU of the server's process group and of this database's Postgres backends (ours excluded)
    const backends = async () =>
      (await pg.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map(
        (r: any) => r.pid as number
      )
    const cpuNow = async () => {
      const pids = await backends()
      return { server: procs.cpuSeconds({ pgid: server.pid }), pg: new Map<number, number>(pids.map((p) => [p, procs.cpuSeconds({ pids: [p] })])) }
    }
    const cpuSince = async (c0: { server: number; pg: Map<number, number> }) => {
      const pids = await backends()
      return {
        server: procs.cpuSeconds({ pgid: server.pid }) - c0.server,
        pg: pids.reduce((a: number, p: number) => a + procs.cpuSeconds({ pids: [p] }) - (c0.pg.get(p) ?? 0), 0),
      }
    }

    // ------------------------------------------------------------ load
    const headers = { "user-agent": DESKTOP_UA, accept: "*/*" }
    const load = async (label: string, paths: string[], expect: number, url = baseUrl) => {
      const w = await cannon({ url, paths, connections, duration: warmup, expect, headers })
      const c0 = await cpuNow()
      const r = await cannon({ url, paths, connections, duration, expect, headers })
      const cpu = await cpuSince(c0)
      const per = (x: number) => `${Math.round((x / Math.max(1, r.responses)) * 1e6)} µs`
      out(
        `[bench] ${label.padEnd(14)} ${r.rps.toFixed(0).padStart(6)} req/s  latency mean ${r.latency.mean.toFixed(2)} ms, ` +
          `p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms, max ${r.latency.max} ms; ${r.responses} responses in ${r.elapsed_s.toFixed(2)} s ` +
          `${JSON.stringify(r.by_status)}, errors ${r.errors} (timeouts ${r.timeouts})` +
          `; warm-up ${w.responses} responses (${w.rps.toFixed(0)} req/s, p99 ${w.latency.p99} ms` +
          (w.errors || w.unexpected ? `, ${w.unexpected} unexpected, ${w.errors} errors` : "") +
          ")" +
          (r.drained && w.drained ? "" : " [a run was cut by autocannon's safety stop, not drained: requests in flight were lost]")
      )
      out(
        `[bench]        CPU: server ${((cpu.server / r.elapsed_s) * 100).toFixed(0)}% of a core (${per(cpu.server)}/req), ` +
          `postgres ${((cpu.pg / r.elapsed_s) * 100).toFixed(0)}% (${per(cpu.pg)}/req), autocannon ${((r.cpu_s / r.elapsed_s) * 100).toFixed(0)}%`
      )
      if (server.exited) throw new Error(`the server exited (${server.code}); see ${serverLog}`)
      return { warm: w, run: r }
    }
    const countHits = async () =>
      (await pg.query(`SELECT count(*)::int AS n FROM mkt_event WHERE type IN ('open', 'click') AND deleted_at IS NULL`)).rows[0].n as number

    // Medusa's /health is the reference; the pixel and the click are measured
    // on the dedicated listener (how a store under load should run them) and,
    // for comparison, on Medusa's own routes (BENCH_EXPRESS_ROUTES=0 skips those)
    const health = await load("health", ["/health"], 200)
    const before = await countHits()
    const pixel = await load("pixel", pixelPaths, 200, trackingUrl)
    const click = await load("click", clickPaths, 302, trackingUrl)
    const viaExpress = process.env.BENCH_EXPRESS_ROUTES !== "0"
    const expressPixel = viaExpress ? await load("pixel (Medusa)", pixelPaths, 200) : null
    const expressClick = viaExpress ? await load("click (Medusa)", clickPaths, 302) : null
    const runs = [pixel, click, expressPixel, expressClick].filter((x): x is NonNullable<typeof x> => x !== null)
    const hitsSent = runs.reduce((a, x) => a + x.warm.expected + x.run.expected, 0)

    // every counted hit persisted: wait until the count stops growing
    const tWait = Date.now()
    let after = await countHits()
    let lastChange = Date.now()
    while (Date.now() - tWait < 120_000) {
      await procs.sleep(500)
      const n = await countHits()
      if (n !== after) {
        after = n
        lastChange = Date.now()
      } else if (Date.now() - lastChange >= 2_000) {
        break
      }
    }
    const hitsPersisted = after - before
    out(
      `[bench] hits sent (200 pixel + 302 click, warm-ups included) ${hitsSent}, persisted ${hitsPersisted} ` +
        `(settled ${((lastChange - tWait) / 1000).toFixed(1)} s after the last run)` +
        (hitsSent === hitsPersisted ? "" : `  MISMATCH: ${hitsPersisted - hitsSent}`)
    )
    const { rows: hitEvents } = await pg.query(
      `SELECT type, count(*) FILTER (WHERE NOT is_bot)::int AS human, count(*) FILTER (WHERE is_bot)::int AS bot,
              string_agg(DISTINCT bot_reason, ', ') AS reasons
       FROM mkt_event WHERE type IN ('open', 'click') AND occurred_at >= $1 AND deleted_at IS NULL GROUP BY type ORDER BY type`,
      [meta.generated_at]
    )
    out(`[bench] hit events: ${hitEvents.map((r: any) => `${r.type} ${r.human} human + ${r.bot} bot${r.reasons ? ` (${r.reasons})` : ""}`).join("; ")}`)
    const errors = runs.reduce((a, x) => a + x.warm.errors + x.warm.unexpected + x.run.errors + x.run.unexpected, 0)

    // ------------------------------------------------------------ analytics
    let missing = missingRoutes()
    if (missing.length) {
      out(`[bench] waiting for the analytics routes (${missing.join(", ")}), checking every minute for up to ${routeWaitMin} min`)
      const deadline = Date.now() + routeWaitMin * 60_000
      while (missing.length && Date.now() < deadline) {
        await procs.sleep(60_000)
        missing = missingRoutes()
      }
      if (missing.length) throw new Error(`the analytics routes are still missing after ${routeWaitMin} min: ${missing.join(", ")}`)
    }
    if (!routesAtBoot) {
      // routes are loaded at boot: a server started before they existed does not have them
      await procs.stopGroup(server)
      await startServer()
    }
    const login = await (
      await fetch(`${baseUrl}/auth/user/emailpass`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(ADMIN),
      })
    ).json()
    if (!login.token) throw new Error(`admin login failed: ${JSON.stringify(login)}`)
    const targets = [
      { label: "report ?interval=day", url: `/admin/marketing/campaigns/${CAMPAIGN_ID}/report?interval=day` },
      { label: "report ?interval=hour", url: `/admin/marketing/campaigns/${CAMPAIGN_ID}/report?interval=hour` },
      { label: "report/export (CSV)", url: `/admin/marketing/campaigns/${CAMPAIGN_ID}/report/export` },
      { label: "analytics/overview (30 days)", url: `/admin/marketing/analytics/overview` },
    ]
    let analyticsMax = 0
    for (const t of targets) {
      const times: number[] = []
      let note = ""
      for (let k = 0; k < 3; k++) {
        const t0 = process.hrtime.bigint()
        const res = await fetch(`${baseUrl}${t.url}`, { headers: { authorization: `Bearer ${login.token}` } })
        const body = await res.text()
        const ms = Number(process.hrtime.bigint() - t0) / 1e6
        if (res.status !== 200) throw new Error(`GET ${t.url} -> ${res.status}: ${body.slice(0, 400)}`)
        times.push(ms)
        if (k > 0) analyticsMax = Math.max(analyticsMax, ms)
        if (k === 2) note = summarize(t.url, body)
      }
      out(`[bench] ${t.label.padEnd(30)} ${times.map((x) => `${x.toFixed(0)} ms`).join(", ")}${note ? `  (${note})` : ""}`)
    }

    await procs.stopGroup(server)
    server = null
    out(`[bench] done in ${secs(started).toFixed(0)} s`)
    out(
      JSON.stringify({
        health_rps: Math.round(health.run.rps),
        pixel_rps: Math.round(pixel.run.rps),
        click_rps: Math.round(click.run.rps),
        pixel_ratio: round(pixel.run.rps / health.run.rps, 2),
        click_ratio: round(click.run.rps / health.run.rps, 2),
        pixel_p99_ms: pixel.run.latency.p99,
        click_p99_ms: click.run.latency.p99,
        errors,
        hits_sent: hitsSent,
        hits_persisted: hitsPersisted,
        analytics_max_ms: Math.round(analyticsMax),
        tracking: "dedicated listener",
        ...(expressPixel && expressClick
          ? {
              medusa_routes_pixel_rps: Math.round(expressPixel.run.rps),
              medusa_routes_click_rps: Math.round(expressClick.run.rps),
              medusa_routes_pixel_p99_ms: expressPixel.run.latency.p99,
              medusa_routes_click_p99_ms: expressClick.run.latency.p99,
            }
          : {}),
      })
    )
  } finally {
    if (server) await procs.stopGroup(server)
    await pg.end()
  }
}

function missingRoutes(): string[] {
  return ANALYTICS_ROUTES.filter((p) => !fs.existsSync(path.join(procs.ROOT, p)))
}

/** What an analytics answer held, for the log (and to show it is not empty). */
function summarize(url: string, body: string): string {
  if (url.includes("/export")) {
    return `${body.split("\n").filter(Boolean).length} CSV lines`
  }
  try {
    const j = JSON.parse(body)
    if (j.report) {
      const t = j.report.totals ?? {}
      return `server ${j.report.computed_ms} ms; ${j.report.timeline?.length ?? 0} buckets, delivered ${t.delivered}, opens ${t.opens}, clicks ${t.clicks}, orders ${t.orders}`
    }
    if (j.overview) {
      const o = j.overview
      return `server ${o.computed_ms ?? "?"} ms; keys ${Object.keys(o).slice(0, 8).join(", ")}`
    }
  } catch {
    // not JSON: nothing to add
  }
  return ""
}

/**
 * The bench data, generated once and reused (BENCH_REGENERATE=1 forces a
 * rebuild). On reuse, events the previous runs' hits added (everything of the
 * campaign after generation time) are deleted and the counters they moved are
 * recomputed from the events left, so each run starts from the same data.
 */
async function ensureData(pg: Client, N: number, E: number): Promise<Meta> {
  const { rows } = await pg.query(
    `SELECT metadata->'bench_tracking' AS meta, (SELECT count(*) FROM mkt_message WHERE campaign_id = $1)::int AS messages
     FROM mkt_campaign WHERE id = $1 AND deleted_at IS NULL`,
    [CAMPAIGN_ID]
  )
  const have: Meta | undefined = rows[0]?.meta ?? undefined
  const fresh = have && Date.now() - new Date(have.generated_at).getTime() < 20 * 86_400_000
  if (
    process.env.BENCH_REGENERATE !== "1" &&
    have &&
    fresh &&
    have.version === GENERATOR_VERSION &&
    have.messages === N &&
    have.events === E &&
    rows[0].messages === N
  ) {
    await resetHits(pg, have)
    return have
  }
  return await generate(pg, N, E)
}

async function resetHits(pg: Client, meta: Meta) {
  const t0 = process.hrtime.bigint()
  await pg.query(`DROP TABLE IF EXISTS bt_del`)
  await pg.query(`CREATE TEMP TABLE bt_del (message_id text, contact_id text, type text, link_position int, is_bot bool)`)
  const { rowCount } = await pg.query(
    `WITH d AS (
       DELETE FROM mkt_event
       WHERE type IN ('open', 'click', 'view', 'unsubscribe') AND occurred_at >= $2 AND campaign_id = $1
       RETURNING message_id, contact_id, type, link_position, is_bot
     )
     INSERT INTO bt_del SELECT * FROM d`,
    [CAMPAIGN_ID, meta.generated_at]
  )
  if (rowCount) {
    await pg.query(
      `UPDATE mkt_message m SET
         open_count = a.opens, human_open_count = a.human_opens, first_open_at = a.first_open,
         first_human_open_at = a.first_human_open, last_open_at = a.last_open,
         click_count = a.clicks, human_click_count = a.human_clicks, first_click_at = a.first_click,
         first_human_click_at = a.first_human_click, last_click_at = a.last_click
       FROM (SELECT DISTINCT message_id FROM bt_del) d
       CROSS JOIN LATERAL (
         SELECT ${MESSAGE_ENGAGEMENT_AGGREGATES}
         FROM mkt_event e
         WHERE e.message_id = d.message_id AND e.type IN ('open', 'click') AND e.deleted_at IS NULL
       ) a
       WHERE m.id = d.message_id`
    )
    await pg.query(
      `UPDATE mkt_contact c SET last_open_at = a.last_open, last_click_at = a.last_click
       FROM (SELECT DISTINCT contact_id FROM bt_del) d
       CROSS JOIN LATERAL (
         SELECT max(occurred_at) FILTER (WHERE type IN ('open', 'view') AND NOT is_bot) AS last_open,
           max(occurred_at) FILTER (WHERE type = 'click' AND NOT is_bot) AS last_click
         FROM mkt_event e WHERE e.contact_id = d.contact_id AND e.deleted_at IS NULL
       ) a
       WHERE c.id = d.contact_id`
    )
    await pg.query(
      `UPDATE mkt_link l SET clicks = l.clicks - d.clicks, human_clicks = l.human_clicks - d.human_clicks
       FROM (SELECT link_position, count(*)::int AS clicks, count(*) FILTER (WHERE NOT is_bot)::int AS human_clicks
             FROM bt_del WHERE type = 'click' GROUP BY 1) d
       WHERE l.source_id = $1 AND l.position = d.link_position AND l.deleted_at IS NULL`,
      [CAMPAIGN_ID]
    )
    // the rollups, recounted from the events that are left
    await pg.query(
      `UPDATE mkt_link l SET unique_human_clickers = coalesce((SELECT count(DISTINCT e.message_id) FROM mkt_event e
         WHERE e.campaign_id = $1 AND e.type = 'click' AND NOT e.is_bot AND e.link_position = l.position AND e.deleted_at IS NULL), 0)
       WHERE l.source_id = $1`,
      [CAMPAIGN_ID]
    )
    await pg.query(`DELETE FROM mkt_campaign_hourly WHERE campaign_id = $1`, [CAMPAIGN_ID])
    await pg.query(
      `INSERT INTO mkt_campaign_hourly (campaign_id, bucket, opens, human_opens, clicks, human_clicks)
       SELECT $1, date_trunc('hour', occurred_at AT TIME ZONE 'UTC'),
         count(*) FILTER (WHERE type = 'open'), count(*) FILTER (WHERE type = 'open' AND NOT is_bot),
         count(*) FILTER (WHERE type = 'click'), count(*) FILTER (WHERE type = 'click' AND NOT is_bot)
       FROM mkt_event WHERE campaign_id = $1 AND type IN ('open', 'click') AND deleted_at IS NULL GROUP BY 2`,
      [CAMPAIGN_ID]
    )
    await pg.query(`VACUUM ANALYZE mkt_event, mkt_message, mkt_contact, mkt_link, mkt_campaign_hourly`)
  }
  await pg.query(`DROP TABLE bt_del`)
  // the overview's daily rollup, recounted from the messages as they are now (always: it is
  // cheap, and it makes the data right whatever an interrupted run or an older schema left)
  const daily = await rebuildRollup(pg, [CAMPAIGN_ID])
  out(
    `[bench] reusing the data; removed ${rowCount} events earlier runs' hits added (counters recomputed, ` +
      `${daily.written} daily rollup cells corrected) in ${secs(t0).toFixed(1)} s`
  )
}

/** The overview's daily rollup recounted from the messages (rebuildMessageDaily, in a transaction on this client). */
async function rebuildRollup(pg: Client, campaignIds?: string[]) {
  // the function speaks knex (? placeholders); its SQL has no other question mark
  const asKnex = {
    raw: (sql: string, bindings: unknown[] = []) => {
      let n = 0
      return pg.query(sql.replace(/\?/g, () => `$${++n}`), bindings)
    },
  }
  await pg.query("BEGIN")
  try {
    const r = await rebuildMessageDaily(asKnex, campaignIds)
    await pg.query("COMMIT")
    return r
  } catch (e) {
    await pg.query("ROLLBACK")
    throw e
  }
}

async function generate(pg: Client, N: number, E: number): Promise<Meta> {
  const tAll = process.hrtime.bigint()
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t0 = process.hrtime.bigint()
    const r = await pg.query(sql, params)
    out(`[bench]   ${label.padEnd(52)} ${secs(t0).toFixed(1).padStart(7)} s${r.rowCount != null && r.command !== "CREATE" ? `  (${r.rowCount} rows)` : ""}`)
    return r
  }
  out(`[bench] generating the data (set-based, deterministic)`)
  await pg.query(`SET work_mem = '256MB'`)
  await pg.query(`SET maintenance_work_mem = '1GB'`)
  await pg.query(`SET synchronous_commit = off`)
  await pg.query(`DROP TABLE IF EXISTS bt_msg, bt_ev, bt_agg`)
  await step(
    "truncate",
    `TRUNCATE mkt_event, mkt_attribution, mkt_link, mkt_message, mkt_campaign_transition, mkt_campaign, mkt_contact,
       mkt_campaign_hourly, mkt_message_daily CASCADE`
  )
  // anchor: every generated event happens before this instant, every hit after it
  const { rows: nowRows } = await pg.query(`SELECT date_trunc('second', now()) AS t0`)
  const T0: Date = nowRows[0].t0
  const D = 0.97 * N
  const p = (share: number) => Math.min(1, (share * E) / D).toFixed(6)

  // one row per message (and contact): when it was sent, what became of it
  await step(
    `messages' facts (temp, ${N.toLocaleString("en")})`,
    `CREATE TEMP TABLE bt_msg AS
     SELECT x.*,
       CASE WHEN opener THEN count(*) FILTER (WHERE opener) OVER (ORDER BY i) END::int AS o,
       CASE WHEN clicker THEN count(*) FILTER (WHERE clicker) OVER (ORDER BY i) END::int AS c
     FROM (
       SELECT i, 'mmsg_' || md5(i::text) AS mid, 'mcon_bt_' || lpad(i::text, 8, '0') AS cid, i % 2 AS variant,
         sent_at, bounced,
         CASE WHEN bounced THEN CASE WHEN ${u("i", 2)} < 0.6 THEN 'hard' ELSE 'soft' END END AS bounce_kind,
         CASE WHEN bounced THEN sent_at + (2 + 60 * ${u("i", 3)}) * interval '1 second' END AS bounced_at,
         CASE WHEN NOT bounced THEN sent_at + (1 + 29 * ${u("i", 4)}) * interval '1 second' END AS delivered_at,
         NOT bounced AND ${u("i", 5)} < ${p(0.05)} AS delivered_report,
         CASE WHEN NOT bounced AND ${u("i", 6)} < ${p(0.01)} THEN sent_at + (120 + 72000 * ${u("i", 7)}) * interval '1 second' END AS unsubscribed_at,
         CASE WHEN NOT bounced AND ${u("i", 8)} < ${p(0.003)} THEN sent_at + (300 + 72000 * ${u("i", 9)}) * interval '1 second' END AS complained_at,
         NOT bounced AND ${u("i", 10)} < 0.45 AS opener,
         NOT bounced AND ${u("i", 10)} < 0.45 AND ${u("i", 11)} < 0.35 AS clicker,
         $1::timestamptz - interval '90 days' + ${u("i", 12)} * interval '85 days' AS subscribed_at
       FROM (
         SELECT i, $1::timestamptz - interval '4 days' + (i - 1) * (interval '3 days' / ${N}) AS sent_at, ${u("i", 1)} < 0.03 AS bounced
         FROM generate_series(1, ${N}) i
       ) s
     ) x`,
    [T0]
  )
  const { rows: pop } = await pg.query(
    `SELECT count(*) FILTER (WHERE opener)::int AS openers, count(*) FILTER (WHERE clicker)::int AS clickers,
       (count(*) FILTER (WHERE bounced) + count(*) FILTER (WHERE delivered_report) + count(unsubscribed_at) + count(complained_at))::int AS singles
     FROM bt_msg`
  )
  const { openers, clickers, singles } = pop[0]
  const hitsTotal = Math.max(0, E - singles)
  const opens = openers ? Math.round(hitsTotal * 0.78) : 0
  const clicks = clickers ? hitsTotal - opens : 0
  await pg.query(`CREATE INDEX ON bt_msg (o) WHERE o IS NOT NULL`)
  await pg.query(`CREATE INDEX ON bt_msg (c) WHERE c IS NOT NULL`)
  await pg.query(`ANALYZE bt_msg`)

  // every event: opens spread over the openers, clicks over the clickers
  // (uniformly), one delivery report / bounce / unsubscribe / complaint per
  // message that has one; machine opens (Apple MPP, within a minute of the
  // send) and scanner clicks (within 10 s) are marked as bots the way the
  // tracking flush would classify them
  const uaHuman = `(ARRAY['${DESKTOP_UA}',
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148'])`
  const ip = (seed: number) => `(ARRAY['203.0.113.0', '198.51.100.0', '192.0.2.0', '100.64.12.0'])[1 + floor(${u("j", seed)} * 4)::int]`
  await step(
    `events (temp, ${E.toLocaleString("en")})`,
    `CREATE TEMP TABLE bt_ev AS
     SELECT 'mevt_' || md5('bt-open-' || j) AS id, 'open' AS type, m.i, m.mid, m.cid, m.variant, NULL::int AS link,
       CASE WHEN bot THEN m.sent_at + (1 + 59 * r) * interval '1 second'
            ELSE m.sent_at + (30 + 72000 * r * r * r) * interval '1 second' END AS at,
       CASE WHEN bot THEN 'Mozilla/5.0' ELSE ${uaHuman}[1 + floor(${u("j", 24)} * 3)::int] END AS ua,
       CASE WHEN bot THEN '17.58.0.0' ELSE ${ip(25)} END AS ip,
       bot, CASE WHEN bot THEN 'apple_mpp' END AS reason, NULL AS provider, NULL AS provider_event_id, NULL AS bounce_kind
     FROM (SELECT j, 1 + floor(${u("j", 20)} * ${Math.max(1, openers)})::int AS o, ${u("j", 21)} < 0.1 AS bot, ${u("j", 22)} AS r
           FROM generate_series(1, ${opens}) j) x
     JOIN bt_msg m ON m.o = x.o
     UNION ALL
     SELECT 'mevt_' || md5('bt-click-' || j), 'click', m.i, m.mid, m.cid, m.variant,
       (ARRAY[0, 0, 0, 0, 1, 1, 1, 2, 2, 3])[1 + floor(${u("j", 33)} * 10)::int],
       CASE WHEN bot THEN m.sent_at + (1 + 8 * r) * interval '1 second'
            ELSE m.sent_at + (60 + 72000 * r * r) * interval '1 second' END,
       CASE WHEN bot THEN 'Barracuda Sentinel (EE)' ELSE ${uaHuman}[1 + floor(${u("j", 34)} * 3)::int] END,
       ${ip(35)}, bot, CASE WHEN bot THEN 'security_scanner' END, NULL, NULL, NULL
     FROM (SELECT j, 1 + floor(${u("j", 30)} * ${Math.max(1, clickers)})::int AS c, ${u("j", 31)} < 0.08 AS bot, ${u("j", 32)} AS r
           FROM generate_series(1, ${clicks}) j) x
     JOIN bt_msg m ON m.c = x.c
     UNION ALL
     SELECT 'mevt_' || md5('bt-' || k.type || '-' || m.i), k.type, m.i, m.mid, m.cid, m.variant, NULL, k.at, NULL, NULL, false, NULL,
       CASE WHEN k.type <> 'unsubscribe' THEN 'bench' END,
       CASE WHEN k.type <> 'unsubscribe' THEN 'bt-' || k.type || '-' || m.i END,
       CASE WHEN k.type = 'bounce' THEN m.bounce_kind END
     FROM bt_msg m
     CROSS JOIN LATERAL (VALUES
       ('delivered', CASE WHEN m.delivered_report THEN m.delivered_at END),
       ('bounce', m.bounced_at),
       ('unsubscribe', m.unsubscribed_at),
       ('complaint', m.complained_at)
     ) AS k(type, at)
     WHERE k.at IS NOT NULL`
  )
  await step(
    "per-message open/click rollup (temp)",
    `CREATE TEMP TABLE bt_agg AS
     SELECT i,
       count(*) FILTER (WHERE type = 'open')::int AS opens,
       count(*) FILTER (WHERE type = 'open' AND NOT bot)::int AS human_opens,
       min(at) FILTER (WHERE type = 'open') AS first_open,
       min(at) FILTER (WHERE type = 'open' AND NOT bot) AS first_human_open,
       max(at) FILTER (WHERE type = 'open') AS last_open,
       max(at) FILTER (WHERE type = 'open' AND NOT bot) AS last_human_open,
       count(*) FILTER (WHERE type = 'click')::int AS clicks,
       count(*) FILTER (WHERE type = 'click' AND NOT bot)::int AS human_clicks,
       min(at) FILTER (WHERE type = 'click') AS first_click,
       min(at) FILTER (WHERE type = 'click' AND NOT bot) AS first_human_click,
       max(at) FILTER (WHERE type = 'click') AS last_click,
       max(at) FILTER (WHERE type = 'click' AND NOT bot) AS last_human_click
     FROM bt_ev WHERE type IN ('open', 'click') GROUP BY i`
  )
  await pg.query(`CREATE UNIQUE INDEX ON bt_agg (i)`)
  await pg.query(`ANALYZE bt_agg`)

  const sentFrom = new Date(T0.getTime() - 4 * 86_400_000)
  const sentTo = new Date(T0.getTime() - 86_400_000)
  await step(
    "campaign",
    `INSERT INTO mkt_campaign (id, name, status, subject, ab_test, include_segment_ids, started_at, completed_at,
       recipients_count, snapshot_ms, created_at, updated_at)
     VALUES ($1, 'Bench tracking', 'sent', 'Bench tracking: the spring edit', $2::jsonb, '{}', $3, $4, $5, 0, $3, $4)`,
    [
      CAMPAIGN_ID,
      JSON.stringify({
        variants: [{ subject: "Bench tracking: the spring edit" }, { subject: "Bench tracking: new in this week" }],
        test_fraction: 1,
        metric: "open_rate",
        wait_hours: 4,
        auto_pick: false,
      }),
      sentFrom,
      sentTo,
      N,
    ]
  )
  await step(
    `contacts (${N.toLocaleString("en")})`,
    `INSERT INTO mkt_contact (id, email, first_name, last_name, locale, country_code, status, source, subscribed_at,
       unsubscribed_at, last_sent_at, last_open_at, last_click_at, created_at, updated_at)
     SELECT m.cid, 'bench-tracking-' || m.i || '@example.test', 'First' || m.i, 'Last' || m.i, 'en-US', 'us',
       CASE WHEN m.complained_at IS NOT NULL THEN 'complained' WHEN m.unsubscribed_at IS NOT NULL THEN 'unsubscribed'
            WHEN m.bounce_kind = 'hard' THEN 'bounced' ELSE 'subscribed' END,
       'import', m.subscribed_at,
       CASE WHEN m.complained_at IS NULL THEN m.unsubscribed_at END,
       m.sent_at, a.last_human_open, a.last_human_click, m.subscribed_at, m.sent_at
     FROM bt_msg m LEFT JOIN bt_agg a USING (i)`
  )
  await step(
    `messages (${N.toLocaleString("en")})`,
    `INSERT INTO mkt_message (id, campaign_id, contact_id, email, variant, status, attempts, sent_at, delivered_at,
       open_count, human_open_count, first_open_at, first_human_open_at, last_open_at,
       click_count, human_click_count, first_click_at, first_human_click_at, last_click_at,
       bounced_at, bounce_kind, complained_at, unsubscribed_at, created_at, updated_at)
     SELECT m.mid, $1, m.cid, 'bench-tracking-' || m.i || '@example.test', m.variant, 'sent', 1, m.sent_at, m.delivered_at,
       coalesce(a.opens, 0), coalesce(a.human_opens, 0), a.first_open, a.first_human_open, a.last_open,
       coalesce(a.clicks, 0), coalesce(a.human_clicks, 0), a.first_click, a.first_human_click, a.last_click,
       m.bounced_at, m.bounce_kind, m.complained_at, m.unsubscribed_at, $2::timestamptz - interval '4 days', m.sent_at
     FROM bt_msg m LEFT JOIN bt_agg a USING (i)`,
    [CAMPAIGN_ID, T0]
  )
  // in time order, as an append-only table fills in production
  await step(
    `events (${E.toLocaleString("en")}, in time order)`,
    `INSERT INTO mkt_event (id, type, message_id, contact_id, campaign_id, variant, link_position, occurred_at, user_agent, ip,
       is_bot, bot_reason, provider, provider_event_id, bounce_kind, created_at, updated_at)
     SELECT id, type, mid, cid, $1, variant, link, at, ua, ip, bot, reason, provider, provider_event_id, bounce_kind, at, at
     FROM bt_ev ORDER BY at`,
    [CAMPAIGN_ID]
  )
  // the report timeline's rollup, as the tracking flush keeps it
  await step(
    "hourly open/click rollup",
    `INSERT INTO mkt_campaign_hourly (campaign_id, bucket, opens, human_opens, clicks, human_clicks)
     SELECT $1, date_trunc('hour', at AT TIME ZONE 'UTC'),
       count(*) FILTER (WHERE type = 'open'), count(*) FILTER (WHERE type = 'open' AND NOT bot),
       count(*) FILTER (WHERE type = 'click'), count(*) FILTER (WHERE type = 'click' AND NOT bot)
     FROM bt_ev WHERE type IN ('open', 'click') GROUP BY 2`,
    [CAMPAIGN_ID]
  )
  // the overview's daily rollup, as the send and the tracking flush keep it
  {
    const t0 = process.hrtime.bigint()
    const daily = await rebuildRollup(pg)
    out(`[bench]   ${"daily message rollup".padEnd(52)} ${secs(t0).toFixed(1).padStart(7)} s  (${daily.cells} rows)`)
  }
  await step(
    "links (4)",
    `INSERT INTO mkt_link (id, source_id, campaign_id, variant, position, url, label, clicks, human_clicks,
       unique_human_clickers, created_at, updated_at)
     SELECT 'mlnk_bt_' || p, $1, $1, 0, p,
       (ARRAY['https://shop.example.com/collections/spring', 'https://shop.example.com/products/linen-shirt',
              'https://shop.example.com/products/canvas-tote', 'https://shop.example.com/pages/stores'])[p + 1],
       (ARRAY['Shop the edit', 'Linen shirt', 'Canvas tote', 'Find a store'])[p + 1],
       coalesce(e.clicks, 0), coalesce(e.human_clicks, 0), coalesce(e.uniq, 0),
       $2::timestamptz - interval '4 days', $2::timestamptz - interval '4 days'
     FROM generate_series(0, 3) p
     LEFT JOIN (SELECT link, count(*)::int AS clicks, count(*) FILTER (WHERE NOT bot)::int AS human_clicks,
                  count(DISTINCT i) FILTER (WHERE NOT bot)::int AS uniq
                FROM bt_ev WHERE type = 'click' GROUP BY link) e ON e.link = p`,
    [CAMPAIGN_ID, T0]
  )
  // a few thousand orders credited to a human click (the last one of the message)
  await step(
    "attributions",
    `INSERT INTO mkt_attribution (id, order_id, contact_id, message_id, campaign_id, variant, event_id, touch, attribution_model,
       window_days, revenue, raw_revenue, currency_code, touched_at, order_placed_at, created_at, updated_at)
     SELECT 'matt_bt_' || i, 'order_bt_' || i, cid, mid, $1, variant, id, 'click', 'last_click', 5,
       revenue, jsonb_build_object('value', revenue::text, 'precision', 20), 'usd', at, placed, placed, placed
     FROM (
       SELECT DISTINCT ON (e.i) e.i, e.cid, e.mid, e.variant, e.id, e.at,
         round((15 + 185 * ${u("e.i", 40)})::numeric, 2) AS revenue,
         e.at + ($2::timestamptz - e.at) * (0.05 + 0.9 * ${u("e.i", 41)}) AS placed
       FROM bt_ev e
       WHERE e.type = 'click' AND NOT e.bot AND ${u("e.i", 42)} < ${Math.min(1, 3000 / Math.max(1, clickers)).toFixed(6)}
       ORDER BY e.i, e.at DESC
     ) x`,
    [CAMPAIGN_ID, T0]
  )
  await pg.query(`DROP TABLE bt_msg, bt_ev, bt_agg`)
  await step(
    "VACUUM ANALYZE",
    `VACUUM ANALYZE mkt_contact, mkt_message, mkt_event, mkt_link, mkt_attribution, mkt_campaign, mkt_campaign_hourly,
       mkt_message_daily`
  )
  const meta: Meta = {
    version: GENERATOR_VERSION,
    messages: N,
    events: E,
    generated_at: T0.toISOString(),
    generation_s: round(secs(tAll), 1),
  }
  await pg.query(`UPDATE mkt_campaign SET metadata = jsonb_build_object('bench_tracking', $2::jsonb) WHERE id = $1`, [
    CAMPAIGN_ID,
    JSON.stringify(meta),
  ])
  out(`[bench] data generated in ${meta.generation_s.toFixed(1)} s (${openers} openers, ${clickers} clickers; ${opens} opens, ${clicks} clicks, ${singles} delivery reports/bounces/unsubscribes/complaints)`)
  return meta
}
