import type { ExecArgs } from "@medusajs/framework/types"
import { Client } from "pg"
import { MARKETING_MODULE } from "../src/modules/marketing"
import type MarketingModuleService from "../src/modules/marketing/service"
import { compileSegmentPredicate } from "../src/lib/segments"
import { BENCH_NOW, GENERATOR_VERSION, generateData, Step } from "./segments/generate"
import { benchCases, INNER_SEGMENT_RULES } from "./segments/cases"

/**
 * Segment benchmark: 1,000,000 contacts with 5,000,000 order facts (and their
 * line facts), generated set-based and deterministically; contact metrics
 * rebuilt from the facts by the product (recomputeAllContactMetrics, or
 * recomputeContactMetrics with every id where there is none; scoreRfm; and
 * recomputeContactMetrics on a 10% slice, the per-contact path);
 * then the median count time of a fixed set of segments through
 * marketing.countSegmentRules against the same audiences counted the naive
 * way (aggregating the raw orders at query time), which must agree.
 *
 * Run with `npm run bench:segments` (its own database). Env: BENCH_CONTACTS,
 * BENCH_ORDERS (default 1,000,000 / 5,000,000), BENCH_REGENERATE=1 (rebuild
 * the data even if the stored set matches), BENCH_RUNS (default 7),
 * BENCH_NAIVE_RUNS (default 3), BENCH_NAIVE_TIMEOUT_MS (default 120000),
 * BENCH_EXPLAIN=1 (print each segment query's EXPLAIN ANALYZE).
 * Data of the same sizes is reused (its rebuild timings are the ones measured
 * when it was generated: reused_data). The last line printed is one JSON object.
 */

const TARGET_MS = 500
const TARGET_SPEEDUP = 10

const int = (v: string | undefined, d: number) => (v === undefined || v === "" ? d : Math.round(Number(v)))
const out = (line: string) => process.stdout.write(line + "\n")
const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2
}
const round1 = (x: number) => Math.round(x * 10) / 10

type Meta = {
  version: number
  contacts: number
  orders: number
  lines: number
  facts_ms: number
  metrics_rebuild_ms: number
  metrics_rebuild_method?: string
  recompute_ids?: number
  recompute_ids_ms?: number
  rfm_ms: number
  rfm_scored: number
}

export default async function benchSegments({ container }: ExecArgs) {
  const started = process.hrtime.bigint()
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const contacts = int(process.env.BENCH_CONTACTS, 1_000_000)
  const orders = int(process.env.BENCH_ORDERS, 5_000_000)
  const runs = Math.max(1, int(process.env.BENCH_RUNS, 7))
  const naiveRuns = Math.max(1, int(process.env.BENCH_NAIVE_RUNS, 3))
  const naiveTimeout = int(process.env.BENCH_NAIVE_TIMEOUT_MS, 120_000)

  const pg = new Client({ connectionString: process.env.DATABASE_URL })
  await pg.connect()
  try {
    const { rows: dbRows } = await pg.query(`SELECT current_database() AS db`)
    if (!/bench/.test(dbRows[0].db)) {
      throw new Error(
        `Refusing to run in database ${dbRows[0].db}: the segment bench truncates contacts and orders. ` +
          "Run it with `npm run bench:segments` (database medusa_marketing_bench)."
      )
    }
    const step: Step = async (label, run) => {
      const t0 = process.hrtime.bigint()
      await run()
      const t = ms(t0)
      out(`[bench] ${label.padEnd(44)} ${(t / 1000).toFixed(1).padStart(7)} s`)
      return t
    }

    // ------------------------------------------------------------ data
    await pg.query(`CREATE TABLE IF NOT EXISTS bench_segments_meta (id int PRIMARY KEY, meta jsonb NOT NULL)`)
    const { rows: metaRows } = await pg.query(`SELECT meta FROM bench_segments_meta WHERE id = 1`)
    let meta: Meta | undefined = metaRows[0]?.meta
    const { rows: counts } = await pg.query(
      `SELECT (SELECT count(*) FROM mkt_contact)::int AS contacts, (SELECT count(*) FROM mkt_order_fact)::int AS orders`
    )
    const reuse =
      process.env.BENCH_REGENERATE !== "1" &&
      !!meta &&
      meta.version === GENERATOR_VERSION &&
      meta.contacts === contacts &&
      meta.orders === orders &&
      counts[0].contacts === contacts &&
      counts[0].orders === orders
    if (reuse) {
      out(`[bench] reusing ${contacts.toLocaleString("en")} contacts and ${orders.toLocaleString("en")} orders ` +
        `(BENCH_REGENERATE=1 rebuilds them)`)
    } else {
      out(`[bench] generating ${contacts.toLocaleString("en")} contacts, ${orders.toLocaleString("en")} orders`)
      await pg.query(`DELETE FROM bench_segments_meta`)
      const t0 = process.hrtime.bigint()
      await generateData(pg, { contacts, orders }, step)
      const factsMs = ms(t0)
      const { rows: lineRows } = await pg.query(`SELECT count(*)::int AS n FROM mkt_order_line_fact`)

      // the product's own backfill: every contact's metrics from its order
      // facts (the one-pass full rebuild where the service has one, else
      // recomputeContactMetrics with every id)
      const { rows: ids } = await pg.query(`SELECT id FROM mkt_contact WHERE deleted_at IS NULL ORDER BY id`)
      const all = ids.map((r) => r.id as string)
      const fullRebuild = (marketing as any).recomputeAllContactMetrics?.bind(marketing)
      const metricsMs = fullRebuild
        ? await step("recomputeAllContactMetrics", () => fullRebuild())
        : await step(`recomputeContactMetrics (${all.length.toLocaleString("en")} ids)`, () =>
            marketing.recomputeContactMetrics(all)
          )
      let scored = 0
      const rfmMs = await step("scoreRfm", async () => {
        scored = (await marketing.scoreRfm()).scored
      })
      // the per-contact path (order events, batches of ids) on a slice, with
      // the metrics already right: what re-running it costs per contact
      const slice = all.filter((_, i) => i % 10 === 0)
      const perIdMs = fullRebuild
        ? await step(`recomputeContactMetrics (${slice.length.toLocaleString("en")} ids)`, () =>
            marketing.recomputeContactMetrics(slice)
          )
        : undefined
      await step("vacuum analyze", () =>
        pg.query(`VACUUM ANALYZE mkt_contact, mkt_contact_filter, mkt_contact_topic, mkt_order_fact, mkt_order_line_fact`)
      )
      meta = {
        version: GENERATOR_VERSION,
        contacts,
        orders,
        lines: lineRows[0].n,
        facts_ms: Math.round(factsMs),
        metrics_rebuild_ms: Math.round(metricsMs),
        metrics_rebuild_method: fullRebuild ? "recomputeAllContactMetrics" : "recomputeContactMetrics",
        ...(perIdMs !== undefined ? { recompute_ids: slice.length, recompute_ids_ms: Math.round(perIdMs) } : {}),
        rfm_ms: Math.round(rfmMs),
        rfm_scored: scored,
      }
      await pg.query(`INSERT INTO bench_segments_meta (id, meta) VALUES (1, $1)`, [meta])
    }
    const m = meta!
    // what autovacuum does soon after the bulk writes above (or the
    // migration's backfill of data reused from an older version): the narrow
    // contact copy's statistics and visibility map
    const { rows: fresh } = await pg.query(
      `SELECT 1 FROM pg_stat_user_tables WHERE relname = 'mkt_contact_filter' AND last_vacuum IS NULL AND last_autovacuum IS NULL`
    )
    if (fresh.length) {
      await step("vacuum analyze mkt_contact_filter", () => pg.query(`VACUUM ANALYZE mkt_contact_filter`))
    }
    const { rows: shape } = await pg.query(
      `SELECT count(*) FILTER (WHERE orders_count > 0)::int AS buyers,
         count(*) FILTER (WHERE orders_count = 1)::int AS one_order,
         max(orders_count)::int AS max_orders,
         (SELECT count(*) FROM mkt_contact_topic WHERE subscribed)::int AS newsletter
       FROM mkt_contact WHERE deleted_at IS NULL`
    )
    out(
      `[bench] data: ${m.contacts} contacts (${shape[0].buyers} buyers, ${shape[0].one_order} with 1 order, ` +
        `max ${shape[0].max_orders}), ${m.orders} orders, ${m.lines} lines, ${shape[0].newsletter} newsletter subscribers`
    )

    // ------------------------------------------------------------ segment-of-segment: the inner segment
    const { rows: old } = await pg.query(`SELECT id FROM mkt_segment WHERE name LIKE 'bench:%'`)
    if (old.length) {
      await marketing.purgeSegmentMembers(old.map((r) => r.id))
      await marketing.deleteSegments(old.map((r) => r.id))
    }
    // the same start every run: a member table as a fresh install has it
    // (never analyzed); the plans of a refresh depend on its statistics
    const { rows: members } = await pg.query(`SELECT EXISTS (SELECT 1 FROM mkt_segment_member) AS any`)
    if (!members[0].any) {
      await pg.query(`TRUNCATE mkt_segment_member`)
    }
    const inner: any = await marketing.createSegments({
      name: "bench: spent 300+ in the last year",
      type: "dynamic",
      rules: INNER_SEGMENT_RULES as any,
    } as any)
    const firstRefresh = await marketing.refreshSegmentMembers(inner.id, { now: BENCH_NOW })
    out(`[bench] inner segment first refresh: ${firstRefresh.duration_ms} ms (${firstRefresh.entered} entered)`)
    // a second refresh right away, before anything analyzed the new members
    let secondRefresh: { duration_ms: number; entered: number; left: number } | null = null
    let secondRefreshError: string | undefined
    const t2 = process.hrtime.bigint()
    try {
      secondRefresh = await marketing.refreshSegmentMembers(inner.id, { now: BENCH_NOW })
    } catch (e: any) {
      secondRefreshError = `${e?.message ?? e} (after ${Math.round(ms(t2))} ms)`
      out(`[bench] FAILED second refresh: ${secondRefreshError}`)
    }
    // what autovacuum would do sooner or later, so the plans see the members
    await pg.query(`ANALYZE mkt_segment_member`)
    const analyzedRefresh = await marketing.refreshSegmentMembers(inner.id, { now: BENCH_NOW })
    out(
      `[bench] inner segment no-change refresh: ${secondRefresh ? `${secondRefresh.duration_ms} ms` : "failed"} ` +
        `before ANALYZE, ${analyzedRefresh.duration_ms} ms after`
    )
    for (const r of [secondRefresh, analyzedRefresh]) {
      if (r && (r.entered || r.left)) {
        throw new Error(`A refresh without changes moved members: ${JSON.stringify(r)}`)
      }
    }

    // ------------------------------------------------------------ the cases
    await pg.query(`SET statement_timeout = ${naiveTimeout}`)
    const results: {
      name: string
      count: number | null
      median_ms: number
      naive_median_ms: number
      naive_timed_out: boolean
      speedup: number
      runs: number
      error?: string
    }[] = []
    const failures: string[] = secondRefreshError ? [`no-change refresh failed: ${secondRefreshError}`] : []
    for (const c of benchCases(inner.id)) {
      const countOnce = async () => {
        const t0 = process.hrtime.bigint()
        const n = await marketing.countSegmentRules(c.rules, { now: BENCH_NOW })
        return { n, t: ms(t0) }
      }
      // a count that fails (the product's statement timeout) is reported with
      // the time it took to fail, a lower bound, and its error
      let error: string | undefined
      let warm: { n: number | null; t: number }
      const t0 = process.hrtime.bigint()
      try {
        warm = await countOnce()
      } catch (e: any) {
        warm = { n: null, t: ms(t0) }
        error = String(e?.message ?? e)
        failures.push(`${c.name}: countSegmentRules failed after ${Math.round(warm.t)} ms: ${error}`)
        out(`[bench] ${c.name}: FAILED after ${Math.round(warm.t)} ms: ${error}`)
      }
      // a segment that takes seconds gets fewer runs, so the bench still ends
      const n = error ? 0 : warm.t > 5000 ? Math.min(runs, 3) : runs
      const times: number[] = error ? [warm.t] : []
      for (let i = 0; i < n; i++) {
        const r = await countOnce()
        if (r.n !== warm.n) {
          throw new Error(`${c.name}: count changed between runs (${warm.n} then ${r.n})`)
        }
        times.push(r.t)
      }
      if (process.env.BENCH_EXPLAIN === "1") {
        await explain(pg, c.rules, !error)
      }

      let naiveTimedOut = false
      const naiveOnce = async () => {
        const t0 = process.hrtime.bigint()
        try {
          const { rows } = await pg.query(c.naive.sql, c.naive.params)
          return { n: rows[0].n as number, t: ms(t0) }
        } catch (e: any) {
          if (e?.code === "57014") {
            naiveTimedOut = true
            return { n: null, t: naiveTimeout }
          }
          throw e
        }
      }
      const naiveWarm = await naiveOnce()
      const naiveTimes: number[] = []
      if (!naiveTimedOut) {
        if (!error && naiveWarm.n !== warm.n) {
          failures.push(`${c.name}: segment counts ${warm.n}, the naive query counts ${naiveWarm.n}`)
          process.stderr.write(`MISMATCH ${failures[failures.length - 1]}\n`)
        }
        for (let i = 0; i < naiveRuns; i++) {
          naiveTimes.push((await naiveOnce()).t)
        }
      } else {
        naiveTimes.push(naiveTimeout)
      }
      const med = median(times)
      const naiveMed = median(naiveTimes)
      const row = {
        name: c.name,
        count: warm.n,
        median_ms: round1(med),
        naive_median_ms: round1(naiveMed),
        naive_timed_out: naiveTimedOut,
        speedup: round1(naiveMed / med),
        runs: n,
        error,
      }
      results.push(row)
      out(
        `[bench] ${c.name.padEnd(40)} ${String(row.count).padStart(8)} contacts  ` +
          `${String(row.median_ms).padStart(8)} ms  naive ${naiveTimedOut ? ">" : " "}${String(row.naive_median_ms).padStart(9)} ms` +
          `  x${row.speedup}  (runs ${times.map((t) => Math.round(t)).join(" ")}; naive ${naiveTimes.map((t) => Math.round(t)).join(" ")})`
      )
    }

    // ------------------------------------------------------------ report
    out("")
    out(`segment                                      contacts   median ms   naive ms   speedup`)
    for (const r of results) {
      const flag = r.error ? "  << FAILED" : r.median_ms > TARGET_MS || r.speedup < TARGET_SPEEDUP ? "  << misses target" : ""
      out(
        `${r.name.padEnd(42)} ${String(r.count).padStart(10)} ${r.median_ms.toFixed(1).padStart(11)} ` +
          `${((r.naive_timed_out ? ">" : "") + r.naive_median_ms.toFixed(0)).padStart(10)} ${("x" + r.speedup).padStart(9)}${flag}`
      )
    }
    out(
      `facts ${(m.facts_ms / 1000).toFixed(1)} s, metrics rebuild ${(m.metrics_rebuild_ms / 1000).toFixed(1)} s, ` +
        `RFM ${(m.rfm_ms / 1000).toFixed(1)} s${reuse ? " (measured when the data was generated)" : ""}; ` +
        `refresh ${firstRefresh.duration_ms} ms, no-change ${secondRefresh?.duration_ms ?? "failed"} / ` +
        `${analyzedRefresh.duration_ms} ms (before / after ANALYZE)`
    )
    for (const f of failures) {
      out(`FAILED ${f}`)
    }
    const result = {
      contacts: m.contacts,
      orders: m.orders,
      segments: results.map((r) => ({
        name: r.name,
        median_ms: r.median_ms,
        naive_median_ms: r.naive_median_ms,
        count: r.count,
        speedup: r.speedup,
        runs: r.runs,
        ...(r.naive_timed_out ? { naive_timed_out: true } : {}),
        ...(r.error ? { error: r.error } : {}),
      })),
      max_median_ms: Math.max(...results.map((r) => r.median_ms)),
      min_speedup: Math.min(...results.map((r) => r.speedup)),
      lines: m.lines,
      generate_ms: m.facts_ms,
      metrics_rebuild_ms: m.metrics_rebuild_ms,
      metrics_rebuild_method: m.metrics_rebuild_method,
      ...(m.recompute_ids ? { recompute_ids: m.recompute_ids, recompute_ids_ms: m.recompute_ids_ms } : {}),
      rfm_ms: m.rfm_ms,
      refresh_ms: {
        first: firstRefresh.duration_ms,
        second: secondRefresh?.duration_ms ?? null,
        ...(secondRefreshError ? { second_error: secondRefreshError } : {}),
        second_after_analyze: analyzedRefresh.duration_ms,
        members: firstRefresh.count,
      },
      reused_data: reuse,
      runs,
      naive_runs: naiveRuns,
      failures,
      total_ms: Math.round(ms(started)),
    }
    out(JSON.stringify(result))
    if (failures.length) {
      process.exitCode = 1
    }
  } finally {
    await pg.end()
  }
}

/** EXPLAIN ANALYZE of the statement countSegmentRules runs, for finding a slow plan. */
async function explain(pg: Client, rules: unknown, analyze: boolean) {
  const { rows: segs } = await pg.query(`SELECT id, type, rules FROM mkt_segment WHERE deleted_at IS NULL`)
  const byId = new Map<string, unknown>(segs.map((s) => [s.id, s.type === "static" ? { all: [] } : s.rules]))
  const { sql, params, from, alternatives } = compileSegmentPredicate(rules, {
    now: BENCH_NOW,
    resolveSegment: (id) => byId.get(id) ?? null,
  })
  // every table the service may pick from (by these plans' costs), in the segment session's settings
  await pg.query(`BEGIN`)
  try {
    await pg.query(`SET LOCAL jit = off; SET LOCAL work_mem = '64MB'; SET LOCAL random_page_cost = 1.1`)
    for (const source of [from, ...alternatives]) {
      const { rows } = await pg.query(
        `EXPLAIN ${analyze ? "(ANALYZE, BUFFERS)" : ""} SELECT count(*)::int AS n ${source} AND (${sql})`,
        params
      )
      out(`    -- ${source}`)
      for (const r of rows) {
        out(`    ${r["QUERY PLAN"]}`)
      }
    }
  } finally {
    await pg.query(`ROLLBACK`)
  }
}
