import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { z } from "zod"
import {
  compileSegment,
  describeSegmentFields,
  operatorsForField,
  SEGMENT_FIELD_KEYS,
  segmentConditionSchema,
  segmentRulesSchema,
  validateSegmentRules,
} from ".."

const now = new Date("2025-06-15T12:00:00.000Z")

describe("describeSegmentFields", () => {
  const d = describeSegmentFields()

  it("describes every field with exactly the operators validation accepts", () => {
    expect(d.fields.map((f) => f.key)).toEqual(SEGMENT_FIELD_KEYS)
    for (const f of d.fields) {
      expect(f.operators.map((o) => o.operator)).toEqual(operatorsForField(f.key))
      expect(f.label.length).toBeGreaterThan(0)
      expect(f.description.length).toBeGreaterThan(0)
      expect(d.groups.map((g) => g.key)).toContain(f.group)
    }
  })

  it("gives examples that validate and compile", () => {
    for (const f of d.fields) {
      for (const o of f.operators) {
        const cond: Record<string, unknown> = { field: f.key, operator: o.operator }
        if (o.value === "none") {
          expect(o.example).toBeUndefined()
        } else {
          cond.value = o.example
        }
        const result = validateSegmentRules({ all: [cond] })
        if (!result.success) {
          throw new Error(`${f.key} ${o.operator}: ${JSON.stringify(result.issues)}`)
        }
        expect(() => compileSegment({ all: [cond] }, { now })).not.toThrow()
      }
      for (const m of f.modifiers ?? []) {
        const cond = { field: f.key, operator: "in", value: ["x"], [m.key]: m.example }
        expect(validateSegmentRules({ all: [cond] }).success).toBe(true)
      }
    }
  })

  it("is plain, stable JSON", () => {
    expect(JSON.parse(JSON.stringify(d))).toEqual(d)
    expect(describeSegmentFields()).toEqual(d)
    expect(d.limits).toEqual({
      max_depth: 5,
      max_conditions: 50,
      max_groups: 50,
      max_list_size: 1000,
      max_string_length: 500,
    })
    expect(d.relative_date_units).toEqual(["minutes", "hours", "days", "weeks", "months", "years"])
  })

  it("describes a field fully", () => {
    expect(d.fields.find((f) => f.key === "purchased_product")).toEqual({
      key: "purchased_product",
      label: "Purchased product",
      group: "purchases",
      group_label: "Purchases",
      type: "product",
      description: expect.any(String),
      nullable: false,
      operators: [
        { operator: "eq", label: "has purchased", value: "id", example: "prod_01SHIRT" },
        { operator: "neq", label: "has not purchased", value: "id", example: "prod_01SHIRT" },
        { operator: "in", label: "has purchased any of", value: "id_list", example: ["prod_01SHIRT"] },
        { operator: "not_in", label: "has purchased none of", value: "id_list", example: ["prod_01SHIRT"] },
      ],
      modifiers: [
        { key: "min_count", label: "at least this many orders", value: "integer", example: 2 },
        { key: "within", label: "within the last", value: "relative_date", example: { amount: 90, unit: "days" } },
      ],
    })
    const rfm = d.fields.find((f) => f.key === "rfm_group")!
    expect(rfm.options?.map((o) => o.value)).toEqual([
      "champions",
      "loyal",
      "potential_loyalist",
      "new",
      "at_risk",
      "cant_lose",
      "hibernating",
      "lost",
    ])
    expect(rfm.operators.map((o) => o.operator)).toEqual(["eq", "neq", "in", "not_in", "is_set", "is_not_set"])
    const score = d.fields.find((f) => f.key === "rfm_recency")!
    expect([score.min, score.max, score.type]).toEqual([1, 5, "number"])
  })
})

describe("the zod schema", () => {
  it("accepts valid trees and rejects wrong ones", () => {
    const rules = {
      all: [
        { field: "total_spent", operator: "gt", value: { amount: "10", currency_code: "eur" } },
        { not: { any: [{ field: "last_open_at", operator: "is_not_set" }] } },
      ],
    }
    expect(segmentRulesSchema.parse(rules)).toEqual(rules)
    expect(segmentRulesSchema.safeParse({ all: [{ field: "nope", operator: "eq", value: 1 }] }).success).toBe(false)
    expect(segmentConditionSchema.safeParse({ field: "orders_count", operator: "contains", value: 1 }).success).toBe(false)
    expect(segmentConditionSchema.safeParse({ field: "orders_count", operator: "gt", value: "1" }).success).toBe(false)
    expect(segmentRulesSchema.safeParse({ all: [], any: [] }).success).toBe(false)
  })

  it("exports to JSON Schema (for the AI's structured output)", () => {
    const json = z.toJSONSchema(segmentRulesSchema, { reused: "ref" }) as Record<string, unknown>
    const text = JSON.stringify(json)
    for (const key of SEGMENT_FIELD_KEYS) {
      expect(text).toContain(`"const":"${key}"`)
    }
  })
})

describe("src/lib/segments is plain TypeScript", () => {
  it("imports nothing but zod and its own files", () => {
    const dir = join(__dirname, "..")
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
      const source = readFileSync(join(dir, file), "utf8")
      const imports = [...source.matchAll(/from\s+"([^"]+)"/g)].map((m) => m[1])
      for (const spec of imports) {
        expect([file, spec]).toEqual([file, expect.stringMatching(/^(zod|\.\/[a-z-]+)$/)])
      }
    }
  })
})
