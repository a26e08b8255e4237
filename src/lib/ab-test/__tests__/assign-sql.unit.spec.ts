/**
 * Runs `abAssignmentSql` on a real PostgreSQL (no tables: one SELECT over
 * unnest() on the `postgres` database) and checks that it assigns exactly
 * like `assignVariant` for thousands of random ids. Skips (with a message)
 * when Postgres is unreachable.
 *
 * Connection: DB_HOST (default 127.0.0.1), DB_PORT (5432), DB_USERNAME
 * (postgres), DB_PASSWORD.
 */
import { execFileSync } from "node:child_process"
import fc from "fast-check"
import { Client, ClientConfig } from "pg"
import { abAssignmentSql, abBucket, assignVariant } from ".."
import { assignBucket } from "../assign"

const connection: ClientConfig = {
  host: process.env.DB_HOST || "127.0.0.1",
  port: Number(process.env.DB_PORT || 5432),
  user: process.env.DB_USERNAME || "postgres",
  password: process.env.DB_PASSWORD || undefined,
  database: "postgres",
  connectionTimeoutMillis: 3000,
}

function postgresReachable(): boolean {
  const probe = `
    const { Client } = require("pg")
    const c = new Client(JSON.parse(process.argv[1]))
    c.connect().then(() => c.end()).then(() => process.exit(0), () => process.exit(1))
  `
  try {
    execFileSync(process.execPath, ["-e", probe, JSON.stringify(connection)], { timeout: 8000, stdio: "ignore" })
    return true
  } catch {
    return false
  }
}

const reachable = postgresReachable()
if (!reachable) {
  // eslint-disable-next-line no-console
  console.warn(
    `assign-sql.unit.spec: SKIPPED, no PostgreSQL at ${connection.host}:${connection.port} as ${connection.user}. ` +
      "Start Postgres (or set DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD) to check the SQL assignment for real."
  )
}
const describeWithPostgres = reachable ? describe : describe.skip

describeWithPostgres("abAssignmentSql on PostgreSQL", () => {
  let client: Client

  beforeAll(async () => {
    client = new Client(connection)
    await client.connect()
    const { rows } = await client.query("SHOW server_encoding")
    expect(rows[0].server_encoding).toBe("UTF8")
  })

  afterAll(async () => {
    await client?.end()
  })

  /** Runs the expressions over (campaign, contact) pairs; the campaign id is bound as $1. */
  async function runSql(
    campaignId: string,
    contactIds: string[],
    testFraction: number,
    variantCount: number
  ): Promise<{ bucket: number; variant: number | null }[]> {
    const sql = abAssignmentSql({ contactIdColumn: "t.contact_id", campaignIdParam: "$1", testFraction, variantCount })
    const { rows } = await client.query(
      `SELECT ${sql.bucket} AS bucket, ${sql.variant} AS variant
         FROM unnest($2::text[]) WITH ORDINALITY AS t(contact_id, ord) ORDER BY t.ord`,
      [campaignId, contactIds]
    )
    return rows.map((r) => ({ bucket: Number(r.bucket), variant: r.variant }))
  }

  function expectSame(
    campaignId: string,
    contactIds: string[],
    testFraction: number,
    variantCount: number,
    rows: { bucket: number; variant: number | null }[]
  ) {
    expect(rows).toHaveLength(contactIds.length)
    contactIds.forEach((id, i) => {
      const ts = assignVariant(id, { campaignId, testFraction, variantCount })
      const expected = { bucket: abBucket(campaignId, id), variant: ts.group === "test" ? ts.variant : null }
      if (rows[i].bucket !== expected.bucket || rows[i].variant !== expected.variant) {
        throw new Error(`SQL and TS disagree for ${JSON.stringify(id)}: ${JSON.stringify(rows[i])} vs ${JSON.stringify(expected)}`)
      }
    })
  }

  it("agrees with assignVariant on 5,000 prefixed ids across configurations", async () => {
    const contactIds = Array.from({ length: 5000 }, (_, i) => `mcon_01J${(i * 7919).toString(36).toUpperCase()}`)
    for (const [fraction, k] of [[0.2, 2], [0.2, 8], [0.37, 3], [1, 5], [0.999999, 7], [0.05, 2]] as const) {
      const campaignId = `cmp_sql_${fraction}_${k}`
      expectSame(campaignId, contactIds, fraction, k, await runSql(campaignId, contactIds, fraction, k))
    }
  })

  it("agrees with assignVariant on random unicode ids and configurations (property)", async () => {
    const id = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((s) => !s.includes("\u0000"))
    await fc.assert(
      fc.asyncProperty(
        id,
        fc.array(id, { minLength: 1, maxLength: 200 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        fc.integer({ min: 2, max: 8 }),
        async (campaignId, contactIds, fraction, k) => {
          expectSame(campaignId, contactIds, fraction, k, await runSql(campaignId, contactIds, fraction, k))
        }
      ),
      { numRuns: 30 }
    )
  })

  it("reads the bucket as unsigned 32 bits and splits edge buckets exactly like assignBucket", async () => {
    const { rows } = await client.query(
      `SELECT CAST(CAST('x' || 'ffffffff' AS bit(32)) AS bigint) AS max, CAST(CAST('x' || '00000000' AS bit(32)) AS bigint) AS min`
    )
    expect(Number(rows[0].max)).toBe(2 ** 32 - 1)
    expect(Number(rows[0].min)).toBe(0)
    // Swap the md5 bucket for chosen literals to test the arithmetic at the boundaries.
    for (const [fraction, k] of [[0.2, 3], [0.2, 8], [1, 7], [0.5, 2]] as const) {
      const T = Math.round(fraction * 2 ** 32)
      const sql = abAssignmentSql({ contactIdColumn: "c.id", campaignIdParam: "$1", testFraction: fraction, variantCount: k })
      const buckets = [0, 1, T - 1, T, T + 1, 2 ** 32 - 1].filter((b) => b >= 0 && b < 2 ** 32)
      for (let v = 1; v < k; v++) buckets.push(Math.ceil((v * T) / k) - 1, Math.ceil((v * T) / k))
      const expr = sql.variant.split(sql.bucket).join("CAST(b AS bigint)")
      const res = await client.query(`SELECT ${expr} AS variant FROM unnest($1::bigint[]) WITH ORDINALITY AS t(b, ord) ORDER BY ord`, [
        buckets.map(String),
      ])
      buckets.forEach((b, i) => {
        const ts = assignBucket(b, { testFraction: fraction, variantCount: k })
        expect([b, res.rows[i].variant]).toEqual([b, ts.group === "test" ? ts.variant : null])
      })
    }
  })
})
