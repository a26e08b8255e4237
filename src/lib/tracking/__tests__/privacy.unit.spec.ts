import { isIP } from "node:net"
import fc from "fast-check"
import { formatIp, parseIp, privacyIp } from "../privacy"

describe("privacyIp", () => {
  it.each([
    ["1.2.3.4", "1.2.3.0"],
    ["203.0.113.255", "203.0.113.0"],
    ["0.0.0.0", "0.0.0.0"],
    ["255.255.255.255", "255.255.255.0"],
    [" 10.1.2.3 ", "10.1.2.0"],
    ["2001:db8:85a3::8a2e:370:7334", "2001:db8:85a3::"],
    ["2001:0db8:85a3:0000:0000:8a2e:0370:7334", "2001:db8:85a3::"],
    ["2001:DB8:85A3:1:2:3:4:5", "2001:db8:85a3::"],
    ["2001:db8::1", "2001:db8::"],
    ["2001:db8:1::", "2001:db8:1::"],
    ["::1", "::"],
    ["::", "::"],
    ["fe80::1%eth0", "fe80::"],
    ["::ffff:1.2.3.4", "1.2.3.0"],
    ["::FFFF:1.2.3.4", "1.2.3.0"],
    ["::ffff:0102:0304", "1.2.3.0"],
    ["0:0:0:0:0:ffff:1.2.3.4", "1.2.3.0"],
  ])("truncates %s to %s", (ip, expected) => {
    expect(privacyIp(ip, "truncated")).toBe(expected)
  })

  it.each([
    ["1.2.3.4", "1.2.3.4"],
    ["2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::1"],
    ["2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"],
    ["2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"],
    ["::ffff:1.2.3.4", "1.2.3.4"],
    ["fe80::1%eth0", "fe80::1"],
  ])("keeps %s in full as %s (canonical)", (ip, expected) => {
    expect(privacyIp(ip, "full")).toBe(expected)
  })

  it.each(["1.2.3.4", "2001:db8::1", null, undefined, "garbage"])("keeps nothing of %p in mode none", (ip) => {
    expect(privacyIp(ip, "none")).toBeNull()
  })

  it.each([
    null,
    undefined,
    "",
    "   ",
    "garbage",
    "1.2.3",
    "1.2.3.4.5",
    "256.1.1.1",
    "01.2.3.4",
    "1.2.3.4/24",
    "1.2.3.4:8080",
    "[2001:db8::1]",
    "2001:db8::1::2",
    "2001:db8:85a3:0:0:8a2e:370:7334:1",
    "gggg::1",
    "unknown",
  ])("gives null for the invalid %p in every mode", (ip) => {
    expect(privacyIp(ip, "truncated")).toBeNull()
    expect(privacyIp(ip, "full")).toBeNull()
  })

  it("truncates any IPv4 to its /24 (property)", () => {
    fc.assert(
      fc.property(fc.ipV4(), (ip) => {
        const out = privacyIp(ip, "truncated")!
        expect(out.split(".").slice(0, 3)).toEqual(ip.split(".").slice(0, 3))
        expect(out.endsWith(".0")).toBe(true)
        expect(privacyIp(`::ffff:${ip}`, "truncated")).toBe(out)
      })
    )
  })

  it("keeps exactly the first 48 bits of any IPv6 (property)", () => {
    fc.assert(
      fc.property(fc.ipV6(), (ip) => {
        const bytes = parseIp(ip)!
        const out = privacyIp(ip, "truncated")!
        expect(isIP(out)).toBeGreaterThan(0)
        const kept = parseIp(out)!
        if (bytes.length === 4) {
          return // an IPv4-mapped address, covered above
        }
        expect(Array.from(kept.subarray(0, 6))).toEqual(Array.from(bytes.subarray(0, 6)))
        expect(Array.from(kept.subarray(6)).every((b) => b === 0)).toBe(true)
      })
    )
  })

  it("writes full addresses that parse back to the same bytes (property)", () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6()), (ip) => {
        const out = privacyIp(ip, "full")!
        expect(isIP(out)).toBeGreaterThan(0)
        expect(Array.from(parseIp(out)!)).toEqual(Array.from(parseIp(ip)!))
        expect(privacyIp(out, "full")).toBe(out)
      })
    )
  })
})

describe("formatIp", () => {
  it("compresses the longest zero run, the first of equal ones, and never a single group", () => {
    expect(formatIp(parseIp("1:0:0:2:0:0:0:3")!)).toBe("1:0:0:2::3")
    expect(formatIp(parseIp("1:0:0:2:0:0:3:4")!)).toBe("1::2:0:0:3:4")
    expect(formatIp(parseIp("1:0:2:3:4:5:6:7")!)).toBe("1:0:2:3:4:5:6:7")
  })
})
