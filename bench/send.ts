import type { ExecArgs } from "@medusajs/framework/types"
import fs from "node:fs"
import path from "node:path"
import { Client } from "pg"
import { MARKETING_MODULE } from "../src/modules/marketing"
import type MarketingModuleService from "../src/modules/marketing/service"
import { getStarterTemplate } from "../src/lib/templates"
import { createTemplatesWorkflow } from "../src/workflows/templates"
import { createCampaignWorkflow } from "../src/workflows/campaigns"

// eslint-disable-next-line @typescript-eslint/no-var-requires
const procs = require("./send/procs.js")

/**
 * Campaign send benchmark (`npm run bench:send`, database
 * medusa_marketing_bench_send).
 *
 * 1. Data, set-based: N subscribed contacts (one INSERT ... SELECT over
 *    generate_series), a static segment holding them (INSERT ... SELECT into
 *    mkt_segment_member), the "newsletter" starter template, a campaign.
 * 2. An SMTP sink in a process of its own (smtp-server, nothing parsed,
 *    deliveries counted per RCPT TO).
 * 3. Bare nodemailer in a process of its own, pooled like the smtp provider
 *    (same pool size, maxMessages 100, TCP_NODELAY, the same transfer
 *    encoding choice), N messages as fast as it goes: first ~2 KB messages
 *    (for reference); then, bracketing the pipeline's run, the campaign's
 *    own email (before: its test email for a bench contact; after: one the
 *    pipeline delivered; ~38 KB for the newsletter starter): the mean of
 *    those two is the baseline, the same bytes through the same library.
 *    BENCH_BARE_BYTES=n makes synthetic n-byte messages the baseline
 *    instead; BARE_DETECT=1 leaves the encoding choice to nodemailer.
 * 4. The real pipeline: `medusa start` (MEDUSA_WORKER_MODE=shared: HTTP,
 *    subscribers and the send job in one process, in-memory event bus unless
 *    BENCH_REDIS=1) sending through the smtp provider to the sink; the
 *    campaign is sent with POST /admin/marketing/campaigns/:id/send as an
 *    admin would (lint, freeze content, snapshot, send lanes), and the
 *    server's process group is sampled for RSS.
 * Pipeline msgs/s = deliveries / (last delivery - the send request
 * returning, i.e. once the snapshot is written and lanes are requested);
 * the end-to-end rate including the request (snapshot) is printed too.
 *
 * Env: BENCH_WORKERS (0: more processes in worker mode sharing the send,
 * with Redis), BENCH_RECIPIENTS (100000), BENCH_TEMPLATE (newsletter, the 38 KB
 * starter; small: a ~2 KB hand-written HTML email), BENCH_POOL_SIZE (SMTP_POOL_SIZE or 5),
 * BENCH_BARE_BYTES, BARE_DETECT=1, BENCH_REDIS=1, BENCH_SKIP_BARE=1,
 * BENCH_TIMEOUT_S (1800), BENCH_STALL_S (120), BENCH_SERVER_NODE_ARGS
 * (node flags for the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
 * the pipeline's own options pass through (MARKETING_SEND_BATCH_SIZE,
 * MARKETING_SEND_CONCURRENCY, ...). Besides rates it prints CPU time per
 * message (server, its Postgres backends, sink; bare nodemailer), which
 * machine noise disturbs less than wall time.
 * Server log: test-artifacts/bench-send/server.log. The last line printed is one JSON object.
 */

const int = (v: string | undefined, d: number) => (v === undefined || v === "" ? d : Math.round(Number(v)))
const out = (line: string) => process.stdout.write(line + "\n")
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d
const PREFIX = "bench-send-"
const ADMIN = { email: "bench-send@example.test", password: "bench-send-Passw0rd" }
const POSTAL = "Bench Store, 1 Bench Street, 1000 Benchville"
/**
 * BENCH_TEMPLATE=small: a short hand-written HTML email (about 2 KB on the
 * wire with its text part and headers), the size the issue's bare-nodemailer
 * figure is quoted for; personalised, linked and tracked like any campaign.
 */
const SMALL_DOC = {
  version: 1,
  mode: "html",
  html: `<!doctype html><html><body style="font-family:Arial,sans-serif;color:#222">
<h1 style="font-size:20px">Hi {{ contact.first_name | default: "there" }},</h1>
<p>Our spring collection is in. Take a look before your favourites sell out.</p>
<p><a href="{{ store.url }}/new" style="color:#0a58ca">See what is new</a></p>
<hr><p style="font-size:12px;color:#666">{{ store.name }}, {{ store.address }}<br>
<a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
</body></html>`,
}

export default async function benchSend({ container }: ExecArgs) {
  const N = int(process.env.BENCH_RECIPIENTS, 100_000)
  const pool = int(process.env.BENCH_POOL_SIZE ?? process.env.SMTP_POOL_SIZE, 5)
  const timeoutMs = int(process.env.BENCH_TIMEOUT_S, 1800) * 1000
  const stallMs = int(process.env.BENCH_STALL_S, 120) * 1000
  const artifacts = path.join(procs.ROOT, "test-artifacts", "bench-send")
  fs.mkdirSync(artifacts, { recursive: true })
  const serverLog = path.join(artifacts, "server.log")
  fs.writeFileSync(serverLog, "")

  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const pg = new Client({ connectionString: process.env.DATABASE_URL })
  await pg.connect()
  let sink: any
  let server: any
  const workers: any[] = []
  let rss: any
  try {
    const { rows: dbRows } = await pg.query(`SELECT current_database() AS db`)
    if (!/bench/.test(dbRows[0].db)) {
      throw new Error(`Refusing to run in database ${dbRows[0].db}: the send bench truncates campaigns and contacts.`)
    }
    out(`[bench] ${N.toLocaleString("en")} recipients, SMTP pool ${pool}, machine: ${require("node:os").cpus().length} cores, load ${require("node:os").loadavg().map((x: number) => x.toFixed(1)).join(" ")}`)

    // ------------------------------------------------------------ data
    const t = process.hrtime.bigint()
    const secs = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e9
    await pg.query(`TRUNCATE mkt_message, mkt_message_daily, mkt_campaign_transition, mkt_campaign, notification`)
    const { rows: have } = await pg.query(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE id LIKE 'mcon_bsend_%' AND status = 'subscribed')::int AS ours FROM mkt_contact`
    )
    if (have[0].n !== N || have[0].ours !== N) {
      const t0 = process.hrtime.bigint()
      await pg.query(`TRUNCATE mkt_segment_member, mkt_contact CASCADE`)
      await pg.query(
        `INSERT INTO mkt_contact (id, email, first_name, last_name, locale, country_code, status, source, subscribed_at, created_at, updated_at)
         SELECT 'mcon_bsend_' || lpad(n::text, 8, '0'), '${PREFIX}' || n || '@example.test', 'First' || n, 'Last' || n,
                'en-US', 'us', 'subscribed', 'import', now(), now(), now()
         FROM generate_series(1, $1::int) n`,
        [N]
      )
      out(`[bench] contacts inserted (one INSERT ... SELECT)         ${secs(t0).toFixed(1).padStart(6)} s`)
    } else {
      out(`[bench] reusing ${N.toLocaleString("en")} contacts`)
    }
    // a previous run's sends must not frequency-cap this one
    await pg.query(`UPDATE mkt_contact SET last_sent_at = NULL WHERE last_sent_at IS NOT NULL`)

    await pg.query(`DELETE FROM mkt_segment_member WHERE segment_id IN (SELECT id FROM mkt_segment WHERE name LIKE 'bench-send:%')`)
    await pg.query(`DELETE FROM mkt_segment WHERE name LIKE 'bench-send:%'`)
    const [segment] = (await marketing.createSegments([{ name: "bench-send: everyone", type: "static" } as any])) as any[]
    const t1 = process.hrtime.bigint()
    await pg.query(
      `INSERT INTO mkt_segment_member (id, segment_id, contact_id, source, created_at, updated_at)
       SELECT 'msm_' || replace(gen_random_uuid()::text, '-', ''), $1, c.id, 'import', now(), now()
       FROM mkt_contact c WHERE c.deleted_at IS NULL`,
      [segment.id]
    )
    await pg.query(`UPDATE mkt_segment SET member_count = $2, count_computed_at = now() WHERE id = $1`, [segment.id, N])
    out(`[bench] static segment (one INSERT ... SELECT)              ${secs(t1).toFixed(1).padStart(6)} s`)
    await pg.query(`VACUUM ANALYZE mkt_contact, mkt_segment_member, mkt_message, notification`)

    const starter = getStarterTemplate("newsletter")!
    const smallTemplate = process.env.BENCH_TEMPLATE === "small"
    await pg.query(`DELETE FROM mkt_template WHERE name LIKE 'bench-send: %'`)
    const { result: templates } = await createTemplatesWorkflow(container).run({
      input: {
        templates: [
          smallTemplate
            ? { name: "bench-send: small", subject: "News from {{ store.name }}", document: SMALL_DOC }
            : { name: "bench-send: newsletter", subject: starter.subject, preheader: starter.preheader, document: starter.doc, starter_handle: starter.handle },
        ],
      },
    })
    const { result: campaign } = await createCampaignWorkflow(container).run({
      input: {
        name: `bench-send ${new Date().toISOString()}`,
        subject: smallTemplate ? "News from {{ store.name }}" : starter.subject,
        template_id: (templates as any[])[0].id,
        include_segment_ids: [segment.id],
      },
    })
    out(`[bench] data ready                                          ${secs(t).toFixed(1).padStart(6)} s`)

    // ------------------------------------------------------------ sink + baseline
    sink = await procs.startSink()
    out(`[bench] SMTP sink (own process, pid ${sink.pid}) on 127.0.0.1:${sink.port}`)
    const sample = path.join(artifacts, "pipeline-message.eml")
    fs.rmSync(sample, { force: true })
    const bare = async (label: string, extra: Record<string, string>) => {
      await sink.reset()
      const sinkCpu0 = procs.cpuSeconds({ pids: [sink.pid] })
      const r = await procs.runBare({
        BARE_PORT: String(sink.port),
        BARE_N: String(N),
        BARE_POOL: String(pool),
        BARE_PREFIX: "bare-",
        ...extra,
      })
      const s = await sink.stats()
      const v = await sink.verify("bare-", N)
      const bytes = s.delivered ? s.bytes / s.delivered : 0
      out(
        `[bench] bare nodemailer, ${label}: ${r.sent} sent in ${(r.ms / 1000).toFixed(1)} s = ${r.msgs_per_s.toFixed(0)} msgs/s, ` +
          `${Math.round(bytes)} B/msg; sink got ${v.delivered}, lost ${v.lost}, dup ${v.duplicates}; ` +
          `CPU per message: nodemailer ${Math.round((r.cpu_s / N) * 1e6)} µs, sink ${Math.round(((procs.cpuSeconds({ pids: [sink.pid] }) - sinkCpu0) / N) * 1e6)} µs`
      )
      if (r.failed) throw new Error(`bare nodemailer: ${r.failed} failed (${r.first_error})`)
      return { ...r, bytes_per_msg: bytes }
    }
    const fixedBytes = process.env.BENCH_BARE_BYTES
    const skipBare = process.env.BENCH_SKIP_BARE === "1"
    // ~2 KB messages (or BENCH_BARE_BYTES): for reference, or the baseline when BENCH_BARE_BYTES is set
    const small = skipBare ? null : await bare(`${fixedBytes || 2048} B messages`, { BARE_BYTES: fixedBytes || "2048" })

    // ------------------------------------------------------------ the app
    // BENCH_WORKERS=n: n more processes in worker mode share the send (Redis event bus and workflow engine)
    const extraWorkers = int(process.env.BENCH_WORKERS, 0)
    const port = await procs.freePort()
    const baseUrl = `http://127.0.0.1:${port}`
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(port),
      MEDUSA_BACKEND_URL: baseUrl,
      MARKETING_PUBLIC_URL: baseUrl,
      MEDUSA_WORKER_MODE: "shared",
      DISABLE_ADMIN: "true",
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || "info",
      SMTP_URL: "",
      SMTP_HOST: "127.0.0.1",
      SMTP_PORT: String(sink.port),
      SMTP_POOL_SIZE: String(pool),
      MARKETING_POSTAL_ADDRESS: process.env.MARKETING_POSTAL_ADDRESS || POSTAL,
      REDIS_URL: process.env.BENCH_REDIS === "1" || extraWorkers ? process.env.REDIS_URL || "redis://127.0.0.1:6379" : "",
      MEDUSA_DISABLE_TELEMETRY: "true",
      DO_NOT_TRACK: "1",
    }
    await pg.query(`DELETE FROM provider_identity WHERE entity_id = $1`, [ADMIN.email]).catch(() => undefined)
    await pg.query(`DELETE FROM auth_identity WHERE NOT EXISTS (SELECT 1 FROM provider_identity p WHERE p.auth_identity_id = auth_identity.id)`).catch(() => undefined)
    await pg.query(`DELETE FROM "user" WHERE email = $1`, [ADMIN.email]).catch(() => undefined)
    const tBoot = process.hrtime.bigint()
    server = procs.startMedusa(["start"], {
      env,
      logFile: serverLog,
      nodeArgs: (process.env.BENCH_SERVER_NODE_ARGS || "").split(" ").filter(Boolean),
    })
    const user = procs.startMedusa(["user", "-e", ADMIN.email, "-p", ADMIN.password], { env, logFile: serverLog + ".user" })
    await procs.waitForHealth(baseUrl, server, 300_000, serverLog)
    if ((await user.done) !== 0) throw new Error(`medusa user failed, see ${serverLog}.user`)
    out(`[bench] medusa start (pid ${server.pid}, shared worker mode${env.REDIS_URL ? ", Redis" : ", in-memory event bus"}) healthy after ${secs(tBoot).toFixed(0)} s`)
    for (let i = 0; i < extraWorkers; i++) {
      const wPort = await procs.freePort()
      const w = procs.startMedusa(["start"], {
        env: { ...env, PORT: String(wPort), MEDUSA_WORKER_MODE: "worker" },
        logFile: `${serverLog}.worker${i + 1}`,
      })
      workers.push(w)
      await procs.waitForHealth(`http://127.0.0.1:${wPort}`, w, 300_000, `${serverLog}.worker${i + 1}`)
      out(`[bench] worker ${i + 1} (pid ${w.pid}, worker mode, Redis) healthy`)
    }
    const login = await (await fetch(`${baseUrl}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(ADMIN),
    })).json()
    if (!login.token) throw new Error(`login failed: ${JSON.stringify(login)}`)

    // the baseline's message before the send: the campaign's test email for a
    // bench contact (same template, same render; "[Test]" in the subject)
    const same: any[] = []
    if (!skipBare && !fixedBytes) {
      const before = path.join(artifacts, "test-message.eml")
      fs.rmSync(before, { force: true })
      await sink.reset()
      await sink.saveNext(before)
      const t = await fetch(`${baseUrl}/admin/marketing/campaigns/${(campaign as any).id}/test`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${login.token}` },
        body: JSON.stringify({ emails: ["bench-send-test@example.test"], contact_id: "mcon_bsend_00000001" }),
      })
      if (!t.ok) throw new Error(`POST test -> ${t.status}: ${(await t.text()).slice(0, 400)}`)
      for (let i = 0; i < 100 && !fs.existsSync(before); i++) await procs.sleep(100)
      same.push(await bare("the campaign's test email, before the send", { BARE_SAMPLE_EML: before }))
    }

    // ------------------------------------------------------------ the send
    await sink.reset()
    await sink.saveNext(sample)
    await pg.query(`CHECKPOINT`)
    rss = procs.sampleRss(server.pid)
    // CPU of the server, the sink and this database's Postgres backends (but ours), for "where does time go"
    const backends = async () =>
      (await pg.query(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`)).rows.map((r: any) => r.pid)
    const cpu0 = {
      server: [server, ...workers].reduce((a: number, p: any) => a + procs.cpuSeconds({ pgid: p.pid }), 0),
      sink: procs.cpuSeconds({ pids: [sink.pid] }),
      pgByPid: new Map<number, number>((await backends()).map((pid: number) => [pid, procs.cpuSeconds({ pids: [pid] })])),
    }
    const tPost = Date.now()
    const res = await fetch(`${baseUrl}/admin/marketing/campaigns/${(campaign as any).id}/send`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${login.token}` },
      body: "{}",
    })
    const tStarted = Date.now()
    if (!res.ok) throw new Error(`POST send -> ${res.status}: ${(await res.text()).slice(0, 600)}`)
    const { rows: snap } = await pg.query(`SELECT snapshot_ms, recipients_count FROM mkt_campaign WHERE id = $1`, [(campaign as any).id])
    out(
      `[bench] send requested: ${snap[0].recipients_count} in the ledger, snapshot ${(snap[0].snapshot_ms / 1000).toFixed(2)} s, ` +
        `request (checks, freeze, snapshot, lanes) ${((tStarted - tPost) / 1000).toFixed(2)} s`
    )
    let status = ""
    let lastDelivered = 0
    let lastChange = Date.now()
    let lastPrint = Date.now()
    for (;;) {
      await procs.sleep(250)
      const s = await sink.stats()
      const { rows } = await pg.query(`SELECT status FROM mkt_campaign WHERE id = $1`, [(campaign as any).id])
      status = rows[0].status
      if (s.delivered !== lastDelivered) {
        lastDelivered = s.delivered
        lastChange = Date.now()
      }
      if (Date.now() - lastPrint >= 5000) {
        lastPrint = Date.now()
        const el = (Date.now() - tStarted) / 1000
        out(`[bench]   ${el.toFixed(0).padStart(4)} s: ${s.delivered} delivered (${(s.delivered / el).toFixed(0)} msgs/s), campaign ${status}`)
      }
      if (status !== "sending") break
      if (Date.now() - lastChange > stallMs) throw new Error(`no delivery for ${stallMs / 1000} s (campaign ${status}); see ${serverLog}`)
      if (Date.now() - tPost > timeoutMs) throw new Error(`the send took longer than ${timeoutMs / 1000} s; see ${serverLog}`)
      if (server.exited) throw new Error(`the server exited (${server.code}); see ${serverLog}`)
    }
    await procs.sleep(300)
    const cpu = {
      server: [server, ...workers].reduce((a: number, p: any) => a + procs.cpuSeconds({ pgid: p.pid }), 0) - cpu0.server,
      sink: procs.cpuSeconds({ pids: [sink.pid] }) - cpu0.sink,
      pg: (await backends()).reduce((a: number, pid: number) => a + procs.cpuSeconds({ pids: [pid] }) - (cpu0.pgByPid.get(pid) ?? 0), 0),
    }
    const peak = rss.stop()
    rss = null
    const s = await sink.stats()
    const v = await sink.verify(PREFIX, N)
    const { rows: ledger } = await pg.query(
      `SELECT status, count(*)::int AS n FROM mkt_message WHERE campaign_id = $1 GROUP BY 1 ORDER BY 1`,
      [(campaign as any).id]
    )
    const sendS = (s.last_ms - tStarted) / 1000
    const e2eS = (s.last_ms - tPost) / 1000
    out(`[bench] campaign ${status}; ledger ${ledger.map((r: any) => `${r.status} ${r.n}`).join(", ")}`)
    out(
      `[bench] pipeline: ${s.delivered} delivered (${Math.round(s.bytes / Math.max(1, s.delivered))} B/msg) in ${sendS.toFixed(1)} s after the request ` +
        `= ${(s.delivered / sendS).toFixed(0)} msgs/s; end to end incl. snapshot ${e2eS.toFixed(1)} s = ${(s.delivered / e2eS).toFixed(0)} msgs/s; ` +
        `peak RSS ${peak.max.toFixed(0)} MB (process group ${peak.total.toFixed(0)} MB)`
    )
    const per = (x: number) => `${Math.round((x / Math.max(1, s.delivered)) * 1e6)} µs`
    out(
      `[bench] CPU per message: server ${per(cpu.server)} (${(cpu.server / sendS * 100).toFixed(0)}% of a core), ` +
        `postgres ${per(cpu.pg)}, sink ${per(cpu.sink)}`
    )
    for (const w of workers.splice(0)) await procs.stopGroup(w)
    await procs.stopGroup(server)
    server = null

    // and after it, with the very content the pipeline sent (html, text, subject of one of its messages)
    if (!skipBare && !fixedBytes) {
      same.push(await bare("the pipeline's own message, after the send", { BARE_SAMPLE_EML: sample }))
    }
    // the baseline: the mean of the runs before and after the pipeline's (the machine's speed drifts)
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length
    const baseline = fixedBytes
      ? small
      : same.length
        ? { msgs_per_s: mean(same.map((r) => r.msgs_per_s)), bytes_per_msg: mean(same.map((r) => r.bytes_per_msg)) }
        : null
    const bareRate = baseline ? baseline.msgs_per_s : 0
    const pipeline = s.delivered / sendS
    await sink.close()
    sink = null
    if (small && baseline !== small) {
      out(`[bench] ratio against ${Math.round(small.bytes_per_msg)} B bare messages: ${(pipeline / small.msgs_per_s).toFixed(3)} (not the same bytes: for reference)`)
    }
    if (baseline) {
      out(
        `[bench] ratio against bare nodemailer sending ${Math.round(baseline.bytes_per_msg)} B messages` +
          (same.length > 1 ? ` (mean of ${same.map((r) => r.msgs_per_s.toFixed(0)).join(" and ")} msgs/s)` : "") +
          `: ${(pipeline / bareRate).toFixed(3)}`
      )
    }
    out(
      JSON.stringify({
        recipients: N,
        pipeline_msgs_per_s: round(pipeline),
        bare_msgs_per_s: round(bareRate),
        ratio: bareRate ? round(pipeline / bareRate, 3) : null,
        snapshot_s: round(snap[0].snapshot_ms / 1000, 2),
        delivered: s.delivered,
        lost: v.lost,
        duplicates: v.duplicates,
        peak_rss_mb: Math.round(peak.max),
      })
    )
  } finally {
    rss?.stop()
    for (const w of workers) await procs.stopGroup(w)
    if (server) await procs.stopGroup(server)
    if (sink) await sink.close()
    await pg.end()
  }
}
