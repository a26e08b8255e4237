import { hashEmail, isValidEmail, maskEmail, normalizeEmail } from "../email"

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Jane.Doe@Example.COM \n")).toBe("jane.doe@example.com")
  })
})

describe("isValidEmail", () => {
  it.each([
    "jane@example.com",
    "Jane.Doe@Example.com",
    "jane+news@example.co.uk",
    "o'brien@example.ie",
    "a_b-c@sub-domain.example.org",
    "x@a.io",
    "  padded@example.com  ",
    "1234@example.com",
  ])("accepts %s", (email) => {
    expect(isValidEmail(email)).toBe(true)
  })

  it.each([
    ["not a string", 42],
    ["null", null],
    ["undefined", undefined],
    ["empty", ""],
    ["no @", "jane.example.com"],
    ["no local part", "@example.com"],
    ["no domain", "jane@"],
    ["single-label domain", "jane@localhost"],
    ["two @", "jane@doe@example.com"],
    ["leading dot", ".jane@example.com"],
    ["trailing dot in local part", "jane.@example.com"],
    ["double dot", "ja..ne@example.com"],
    ["space inside", "ja ne@example.com"],
    ["domain label starting with a hyphen", "jane@-example.com"],
    ["domain label ending with a hyphen", "jane@example-.com"],
    ["empty domain label", "jane@example..com"],
    ["numeric top-level domain", "jane@127.0.0.1"],
    ["IP literal", "jane@[127.0.0.1]"],
    ["angle brackets", "<jane@example.com>"],
    ["display name", "Jane <jane@example.com>"],
    ["HTML", "<script>@example.com"],
    ["local part over 64 characters", `${"a".repeat(65)}@example.com`],
    ["domain label over 63 characters", `jane@${"a".repeat(64)}.com`],
    ["address over 254 characters", `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(63)}.com`],
  ])("refuses %s", (_label, email) => {
    expect(isValidEmail(email)).toBe(false)
  })

  it("accepts exactly 64 characters of local part", () => {
    expect(isValidEmail(`${"a".repeat(64)}@example.com`)).toBe(true)
  })
})

describe("hashEmail", () => {
  it("is the SHA-256 hex of the normalised address", () => {
    expect(hashEmail("jane@example.com")).toMatch(/^[0-9a-f]{64}$/)
    const { createHash } = require("node:crypto")
    expect(hashEmail("jane@example.com")).toBe(createHash("sha256").update("jane@example.com").digest("hex"))
  })

  it("hashes every spelling of one address the same", () => {
    expect(hashEmail(" JANE@Example.com ")).toBe(hashEmail("jane@example.com"))
  })

  it("hashes different addresses differently", () => {
    expect(hashEmail("jane@example.com")).not.toBe(hashEmail("john@example.com"))
  })
})

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("jane@example.com")).toBe("j***@example.com")
  })

  it("gives nothing away for something that is not an address", () => {
    expect(maskEmail("nonsense")).toBe("***")
    expect(maskEmail("@example.com")).toBe("***")
  })
})
