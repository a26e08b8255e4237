import { generateIds } from "../ids"

describe("generateIds", () => {
  it("makes prefixed ULIDs that sort by time", () => {
    const [a] = generateIds("mcon", 1, Date.UTC(2024, 0, 1))
    const [b] = generateIds("mcon", 1, Date.UTC(2025, 0, 1))
    expect(a).toMatch(/^mcon_[0-9A-HJKMNP-TV-Z]{26}$/)
    expect(a < b).toBe(true)
    // the time part decodes like any ULID: 2024-01-01 is 01HK153X00
    expect(a.slice(5, 15)).toBe("01HK153X00")
  })

  it("never repeats within a large batch", () => {
    const ids = generateIds("mcev", 100_000)
    expect(new Set(ids).size).toBe(100_000)
  })
})
