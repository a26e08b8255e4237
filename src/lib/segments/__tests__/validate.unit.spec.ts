import {
  assertValidSegmentRules,
  collectSegmentReferences,
  formatSegmentIssues,
  SEGMENT_LIMITS,
  SegmentRulesError,
  validateSegmentRules,
  validateSegmentRulesAsync,
  ValidateSegmentRulesOptions,
} from ".."

/** The issues for some rules, as [path, code, message]. */
function issues(rules: unknown, options?: ValidateSegmentRulesOptions) {
  const result = validateSegmentRules(rules, options)
  return result.success ? [] : result.issues.map((i) => [i.path, i.code, i.message])
}

const ok = { field: "orders_count", operator: "gte", value: 1 }

describe("validateSegmentRules: structure", () => {
  it("accepts valid trees and returns them", () => {
    const rules = { all: [ok, { any: [] }, { not: { field: "last_open_at", operator: "is_not_set" } }] }
    expect(validateSegmentRules(rules)).toEqual({ success: true, data: rules })
    expect(assertValidSegmentRules(rules)).toBe(rules)
    // null stands for "no value" on is_set / is_not_set
    expect(issues({ all: [{ field: "phone", operator: "is_set", value: null }] })).toEqual([])
  })

  it("wants a group at the top", () => {
    for (const bad of [null, 1, "x", [], ok]) {
      expect(issues(bad)).toEqual([
        [
          "rules",
          "invalid_structure",
          'the top level must be a group: { "all": [...] }, { "any": [...] } or { "not": {...} }',
        ],
      ])
    }
    expect(issues({ all: [] }, { rootPath: "body.rules" })).toEqual([])
    expect(issues(ok, { rootPath: "body.rules" })[0][0]).toBe("body.rules")
  })

  it("names malformed groups and nodes", () => {
    expect(issues({ all: [ok, { all: [], any: [] }, 7, { not: [ok] }, { any: "x" }, { nope: 1 }] })).toEqual([
      [
        "rules.all[1]",
        "invalid_structure",
        'a group takes exactly one of "all", "any" or "not", not "all" and "any"; nest groups instead',
      ],
      ["rules.all[2]", "invalid_structure", expect.stringContaining("must be a group")],
      ["rules.all[3].not", "invalid_structure", '"not" takes one group or condition (an object)'],
      ["rules.all[4].any", "invalid_structure", '"any" takes a list of groups and conditions'],
      ["rules.all[5]", "invalid_structure", expect.stringContaining("must be a group")],
    ])
  })

  it("rejects unknown keys on groups and conditions", () => {
    expect(
      issues({
        all: [{ ...ok, foo: 1 }, { ...ok, within: { amount: 1, unit: "days" } }],
        label: "x",
      })
    ).toEqual([
      ["rules.label", "unknown_key", 'unknown key "label" in a group'],
      ["rules.all[0].foo", "unknown_key", 'unknown key "foo" in a condition'],
      [
        "rules.all[1].within",
        "unknown_key",
        '"within" only applies to purchase fields (purchased_product, purchased_category, purchased_collection)',
      ],
    ])
  })
})

describe("validateSegmentRules: fields, operators, values", () => {
  it("names unknown fields and suggests the closest", () => {
    expect(
      issues({
        all: [
          { field: "frist_name", operator: "eq", value: "x" },
          { field: "xyzzy", operator: "eq", value: "x" },
          { field: 5, operator: "eq", value: "x" },
          { operator: "eq", value: "x" },
          { field: "__proto__", operator: "eq", value: "x" },
        ],
      })
    ).toEqual([
      ["rules.all[0].field", "unknown_field", 'unknown field "frist_name"; did you mean "first_name"?'],
      ["rules.all[1].field", "unknown_field", 'unknown field "xyzzy"'],
      ["rules.all[2].field", "unknown_field", "must be a field name (a string)"],
      ["rules.all[3].field", "invalid_structure", "a condition needs a field"],
      ["rules.all[4].field", "unknown_field", 'unknown field "__proto__"'],
    ])
  })

  it("names an operator the field's type does not take", () => {
    expect(
      issues({
        any: [
          { all: [{ field: "orders_count", operator: "contains", value: 1 }] },
          { field: "email", operator: "LIKE", value: "x" },
          { field: "status", operator: "is_set" },
          { field: "total_spent", value: 1 },
        ],
      })
    ).toEqual([
      [
        "rules.any[0].all[0].operator",
        "invalid_operator",
        'operator "contains" does not apply to number field "orders_count"; use one of: eq, neq, gt, gte, lt, lte, between',
      ],
      [
        "rules.any[1].operator",
        "invalid_operator",
        'unknown operator "LIKE"; use one of: eq, neq, in, not_in, contains, starts_with',
      ],
      [
        "rules.any[2].operator",
        "invalid_operator",
        'operator "is_set" does not apply to enum field "status"; use one of: eq, neq, in, not_in',
      ],
      [
        "rules.any[3].operator",
        "invalid_operator",
        "a condition needs an operator; use one of: eq, neq, gt, gte, lt, lte, between",
      ],
    ])
  })

  it.each([
    // [condition, path under the condition, message]
    [{ field: "email", operator: "eq", value: 42 }, "value", "must be a string"],
    [{ field: "email", operator: "eq", value: "" }, "value", "must not be empty (use is_not_set for missing values)"],
    [{ field: "email", operator: "eq", value: "a\u0000b" }, "value", "must not contain NUL characters"],
    [{ field: "email", operator: "eq", value: "x".repeat(501) }, "value", "must be at most 500 characters"],
    [{ field: "email", operator: "eq" }, "value", '"eq" needs a value'],
    [{ field: "email", operator: "in", value: null }, "value", '"in" needs a value'],
    [{ field: "email", operator: "in", value: "a@b.dk" }, "value", "must be a list of values"],
    [{ field: "email", operator: "in", value: [] }, "value", "must list at least one value"],
    [{ field: "email", operator: "in", value: ["ok", 7] }, "value[1]", "must be a string"],
    [{ field: "phone", operator: "is_set", value: "x" }, "value", '"is_set" takes no value'],
    [{ field: "status", operator: "eq", value: "gone" }, "value", "must be one of: pending, subscribed, unsubscribed, bounced, complained, cleaned"],
    [{ field: "status", operator: "not_in", value: ["subscribed", "x"] }, "value[1]", "must be one of: pending, subscribed, unsubscribed, bounced, complained, cleaned"],
    [{ field: "orders_count", operator: "gt", value: "5" }, "value", "must be a whole number"],
    [{ field: "orders_count", operator: "gt", value: 1.5 }, "value", "must be a whole number"],
    [{ field: "orders_count", operator: "gt", value: -1 }, "value", "must be at least 0"],
    [{ field: "rfm_recency", operator: "eq", value: 6 }, "value", "must be at most 5"],
    [{ field: "rfm_recency", operator: "between", value: [4, 2] }, "value", "min must not be greater than max"],
    [{ field: "rfm_recency", operator: "between", value: [4] }, "value[1]", "must be a whole number"],
    [{ field: "total_spent", operator: "gt", value: 19.99 }, "value", expect.stringContaining('must be a non-negative integer or a decimal string such as "19.99"')],
    [{ field: "total_spent", operator: "gt", value: "1e5" }, "value", expect.stringContaining("must be a non-negative integer or a decimal string")],
    [{ field: "total_spent", operator: "gt", value: "-3" }, "value", expect.stringContaining("must be a non-negative integer or a decimal string")],
    [{ field: "total_spent", operator: "gt", value: { amount: "1.5", currency_code: "dollars" } }, "value.currency_code", 'must be a 3-letter ISO 4217 currency code such as "eur"'],
    [{ field: "total_spent", operator: "gt", value: { amount: 1.25 } }, "value.amount", expect.stringContaining("must be a non-negative integer")],
    [{ field: "total_spent", operator: "between", value: ["10", "9.99"] }, "value", "min must not be greater than max"],
    [{ field: "total_spent", operator: "between", value: { min: 1, max: "x" } }, "value.max", expect.stringContaining("must be a non-negative integer")],
    [{ field: "created_at", operator: "before", value: "2023-02-29" }, "value", expect.stringContaining('must be a date "2024-01-31"')],
    [{ field: "created_at", operator: "before", value: "2024-01-01T10:00:00" }, "value", expect.stringContaining("with a time zone")],
    [{ field: "created_at", operator: "between", value: ["2024-02-01", "2024-01-31"] }, "value", "from must not be after to"],
    [{ field: "created_at", operator: "between", value: "2024-01-01" }, "value", expect.stringContaining("must be a [from, to] pair of dates")],
    [{ field: "created_at", operator: "within_last", value: 90 }, "value", 'must be a window such as { "amount": 90, "unit": "days" }'],
    [{ field: "created_at", operator: "within_last", value: { amount: 0, unit: "days" } }, "value.amount", "must be at least 1"],
    [{ field: "created_at", operator: "within_last", value: { amount: 101, unit: "years" } }, "value.amount", "must be at most 100 years"],
    [{ field: "created_at", operator: "within_last", value: { amount: 2, unit: "fortnights" } }, "value.unit", "must be one of: minutes, hours, days, weeks, months, years"],
    [{ field: "has_account", operator: "eq", value: "true" }, "value", "must be true or false"],
    [{ field: "customer_group", operator: "contains", value: ["cusgroup_1"] }, "value", "must be a string"],
    [{ field: "purchased_product", operator: "in", value: ["prod_1"], min_count: 0 }, "min_count", "must be at least 1"],
    [{ field: "purchased_product", operator: "in", value: ["prod_1"], min_count: 1001 }, "min_count", "must be at most 1000"],
    [{ field: "purchased_product", operator: "in", value: ["prod_1"], within: { amount: 3 } }, "within.unit", "must be one of: minutes, hours, days, weeks, months, years"],
  ])("%j -> %s", (cond, path, message) => {
    expect(issues({ all: [{ any: [cond] }] })).toEqual([[`rules.all[0].any[0].${path}`, "invalid_value", message]])
  })
})

describe("validateSegmentRules: unknown keys inside values", () => {
  it("names them", () => {
    expect(issues({ all: [{ field: "total_spent", operator: "gt", value: { amount: 1, fx: 2 } }] })).toEqual([
      ["rules.all[0].value.fx", "unknown_key", 'unknown key "fx"'],
    ])
  })
})

describe("validateSegmentRules: limits", () => {
  it(`nests groups at most ${SEGMENT_LIMITS.maxDepth} deep`, () => {
    const nest = (levels: number): unknown => (levels === 1 ? { all: [ok] } : { any: [nest(levels - 1)] })
    expect(issues(nest(5))).toEqual([])
    expect(issues(nest(6))).toEqual([
      ["rules.any[0].any[0].any[0].any[0].any[0]", "too_deep", "groups nest at most 5 levels deep"],
    ])
    // not counts as a level
    expect(issues({ not: { not: { not: { not: { not: ok } } } } })).toEqual([])
    expect(issues({ not: { not: { not: { not: { not: { not: ok } } } } } })[0]).toEqual([
      "rules.not.not.not.not.not",
      "too_deep",
      "groups nest at most 5 levels deep",
    ])
  })

  it("survives absurd nesting without recursing into it", () => {
    let deep: unknown = ok
    for (let i = 0; i < 100_000; i++) {
      deep = { not: deep }
    }
    expect(issues(deep)).toEqual([["rules.not.not.not.not.not", "too_deep", "groups nest at most 5 levels deep"]])
  })

  it(`takes at most ${SEGMENT_LIMITS.maxConditions} conditions`, () => {
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ ...ok, value: i }))
    expect(issues({ all: many(50) })).toEqual([])
    expect(issues({ all: [{ any: many(25) }, { any: many(26) }] })).toEqual([
      ["rules.all[1].any[25]", "too_many_conditions", "a segment has at most 50 conditions"],
    ])
    expect(issues({ all: many(1_000_000) })).toEqual([
      ["rules.all", "too_many_conditions", "has 1000000 entries; a segment has at most 50 conditions"],
    ])
  })

  it(`takes at most ${SEGMENT_LIMITS.maxGroups} groups`, () => {
    expect(issues({ all: Array.from({ length: 49 }, () => ({ any: [] })) })).toEqual([])
    expect(issues({ all: Array.from({ length: 50 }, () => ({ any: [] })) })).toEqual([
      ["rules.all[49]", "too_many_groups", "a segment has at most 50 groups"],
    ])
  })

  it(`takes lists of at most ${SEGMENT_LIMITS.maxListSize} values`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `prod_${i}`)
    expect(issues({ all: [{ field: "purchased_product", operator: "in", value: list(1000) }] })).toEqual([])
    expect(issues({ all: [{ field: "purchased_product", operator: "not_in", value: list(100_000) }] })).toEqual([
      ["rules.all[0].value", "list_too_long", 'lists 100000 values; "not_in" takes at most 1000'],
    ])
  })

  it("reports at most 50 issues", () => {
    const bad = Array.from({ length: 50 }, () => ({ field: "email", operator: "eq", value: 1, x: 1, y: 2 }))
    const result = validateSegmentRules({ all: bad })
    expect(result.success).toBe(false)
    expect(!result.success && result.issues.length).toBe(50)
  })
})

describe("validateSegmentRules: segment references", () => {
  const stored: Record<string, unknown> = {
    mseg_a: { all: [{ field: "segment", operator: "eq", value: "mseg_b" }] },
    mseg_b: { any: [{ not: { field: "segment", operator: "in", value: ["mseg_c"] } }] },
    mseg_c: { all: [] },
    mseg_static: { all: [] },
    mseg_loop1: { all: [{ field: "segment", operator: "eq", value: "mseg_loop2" }] },
    mseg_loop2: { all: [{ field: "segment", operator: "eq", value: "mseg_loop1" }] },
  }
  const resolveSegment = (id: string) => stored[id] ?? null

  it("accepts references to existing segments, following their references", () => {
    expect(issues({ all: [{ field: "segment", operator: "in", value: ["mseg_a", "mseg_static"] }] }, { resolveSegment })).toEqual([])
    expect(collectSegmentReferences(stored.mseg_b)).toEqual(["mseg_c"])
  })

  it("names missing segments", () => {
    expect(issues({ all: [{ field: "segment", operator: "in", value: ["mseg_a", "mseg_gone"] }] }, { resolveSegment })).toEqual([
      ["rules.all[0].value[1]", "unknown_segment", 'segment "mseg_gone" does not exist'],
    ])
  })

  it("rejects a segment that includes itself, directly or through others", () => {
    expect(
      issues({ all: [{ field: "segment", operator: "eq", value: "mseg_self" }] }, { segmentId: "mseg_self" })
    ).toEqual([["rules.all[0].value", "segment_cycle", 'a segment cannot include itself ("mseg_self")']])
    // editing mseg_c so that it includes mseg_a: mseg_c -> mseg_a -> mseg_b -> mseg_c
    expect(
      issues({ any: [{ not: { field: "segment", operator: "eq", value: "mseg_a" } }] }, { resolveSegment, segmentId: "mseg_c" })
    ).toEqual([
      [
        "rules.any[0].not.value",
        "segment_cycle",
        'including segment "mseg_a" creates a cycle: mseg_c -> mseg_a -> mseg_b -> mseg_c',
      ],
    ])
  })

  it("rejects a reference into an existing cycle", () => {
    expect(issues({ all: [{ field: "segment", operator: "neq", value: "mseg_loop1" }] }, { resolveSegment })).toEqual([
      [
        "rules.all[0].value",
        "segment_cycle",
        'including segment "mseg_loop1" creates a cycle: mseg_loop1 -> mseg_loop2 -> mseg_loop1',
      ],
    ])
  })

  it("resolves asynchronously too", async () => {
    const calls: string[] = []
    const resolveAsync = async (id: string) => {
      calls.push(id)
      return stored[id] ?? null
    }
    const good = await validateSegmentRulesAsync(
      { all: [{ field: "segment", operator: "eq", value: "mseg_a" }] },
      { resolveSegment: resolveAsync }
    )
    expect(good.success).toBe(true)
    expect(calls).toEqual(["mseg_a", "mseg_b", "mseg_c"])
    const cyclic = await validateSegmentRulesAsync(
      { all: [{ field: "segment", operator: "eq", value: "mseg_a" }] },
      { resolveSegment: resolveAsync, segmentId: "mseg_b" }
    )
    expect(!cyclic.success && cyclic.issues.map((i) => [i.path, i.code])).toEqual([["rules.all[0].value", "segment_cycle"]])
  })
})

describe("SegmentRulesError", () => {
  it("carries the issues and a message that names the paths", () => {
    const bad = {
      all: Array.from({ length: 7 }, (_, i) => ({ field: "orders_count", operator: "gte", value: `n${i}` })),
    }
    let error: unknown
    try {
      assertValidSegmentRules(bad)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(SegmentRulesError)
    const e = error as SegmentRulesError
    expect(e.name).toBe("SegmentRulesError")
    expect(e.issues).toHaveLength(7)
    expect(e.message).toBe(formatSegmentIssues(e.issues))
    expect(e.message).toBe(
      "Invalid segment rules: rules.all[0].value: must be a whole number; rules.all[1].value: must be a whole number; " +
        "rules.all[2].value: must be a whole number; rules.all[3].value: must be a whole number; " +
        "rules.all[4].value: must be a whole number; and 2 more"
    )
  })
})
