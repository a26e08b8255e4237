import { toKnexRaw } from "../positional"
import { compileSegmentCount } from "../compile"

describe("toKnexRaw", () => {
  it("rewrites numbered placeholders in order, repeating reused values", () => {
    expect(toKnexRaw("a = $1::int AND b < $2::timestamptz AND NOT c >= $2::timestamptz AND d = $3", [1, "t", "x"])).toEqual({
      sql: "a = ?::int AND b < ?::timestamptz AND NOT c >= ?::timestamptz AND d = ?",
      bindings: [1, "t", "t", "x"],
    })
  })

  it("keeps $10 apart from $1", () => {
    const params = Array.from({ length: 10 }, (_, i) => i + 1)
    expect(toKnexRaw("$10 $1", params).bindings).toEqual([10, 1])
  })

  it("refuses placeholders without a parameter and SQL that already uses ?", () => {
    expect(() => toKnexRaw("a = $2", [1])).toThrow("$2 has no parameter")
    expect(() => toKnexRaw("a ? b", [])).toThrow("already contains")
  })

  it("binds every value of a compiled date window", () => {
    const q = compileSegmentCount(
      { all: [{ field: "open_cart_updated_at", operator: "between", value: ["2024-01-01", "2024-02-01"] }] },
      { now: new Date("2024-03-01T00:00:00Z") }
    )
    const r = toKnexRaw(q.sql, q.params)
    expect(r.sql.split("?").length - 1).toBe(r.bindings.length)
    expect(r.bindings.length).toBeGreaterThan(q.params.length)
  })
})
