/**
 * The compiler writes PostgreSQL's numbered placeholders ($1::int); knex.raw
 * takes `?` in order. This rewrites one into the other, repeating a value
 * wherever its number is used more than once. The compiled SQL never holds
 * string literals with `$` or `?`, so a plain scan is exact.
 */
export function toKnexRaw(sql: string, params: readonly unknown[]): { sql: string; bindings: unknown[] } {
  if (sql.includes("?")) {
    throw new Error("toKnexRaw: the SQL already contains '?'")
  }
  const bindings: unknown[] = []
  const out = sql.replace(/\$(\d+)/g, (_, n: string) => {
    const i = Number(n) - 1
    if (i < 0 || i >= params.length) {
      throw new Error(`toKnexRaw: $${n} has no parameter`)
    }
    bindings.push(params[i])
    return "?"
  })
  return { sql: out, bindings }
}
