import type { ExecArgs } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { importContactsWorkflow } from "../src/workflows/import-contacts"
import { MARKETING_MODULE } from "../src/modules/marketing"
import type MarketingModuleService from "../src/modules/marketing/service"

/**
 * Import N generated contacts (default 100,000) through the real import
 * workflow, twice: into an empty list, then the same file again (all updates).
 * Prints one JSON line. Run with `npm run bench:import` (uses its own database).
 */
export default async function benchImport({ container }: ExecArgs) {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const n = Number(process.env.BENCH_ROWS || 100_000)
  const lines = ["email,first_name,last_name,country"]
  for (let i = 0; i < n; i++) {
    // ~1% invalid and ~1% duplicate rows, like a real list
    const email = i % 100 === 7 ? `broken-${i}` : i % 100 === 42 ? `bench${i - 1}@example.com` : `bench${i}@example.com`
    lines.push(`${email},First${i},Last${i},${i % 2 ? "DE" : "US"}`)
  }
  const csv = lines.join("\n")
  const existing = await marketing.listContacts({ email: { $like: "bench%@example.com" } } as any, { select: ["id"] })
  await marketing.purgeContacts(existing.map((c) => c.id))
  const rss0 = process.memoryUsage().rss
  const runOnce = async () => {
    const t0 = process.hrtime.bigint()
    const { result } = await importContactsWorkflow(container).run({
      input: { csv, filename: "bench.csv", subscribe: true, consent_source: "bench", topics: [] },
    })
    return { ms: Number(process.hrtime.bigint() - t0) / 1e6, result }
  }
  const first = await runOnce()
  logger.info(`[bench] first import: ${first.ms.toFixed(0)} ms`)
  const second = await runOnce()
  logger.info(`[bench] re-import: ${second.ms.toFixed(0)} ms`)
  const out = {
    rows: n,
    csv_mb: +(Buffer.byteLength(csv) / 1024 / 1024).toFixed(1),
    first_import_ms: Math.round(first.ms),
    first_rows_per_s: Math.round(n / (first.ms / 1000)),
    created: first.result.created_count,
    invalid: first.result.invalid_count,
    duplicates: first.result.duplicate_count,
    reimport_ms: Math.round(second.ms),
    updated: second.result.updated_count,
    rss_growth_mb: Math.round((process.memoryUsage().rss - rss0) / 1024 / 1024),
  }
  process.stdout.write(JSON.stringify(out) + "\n")
}
