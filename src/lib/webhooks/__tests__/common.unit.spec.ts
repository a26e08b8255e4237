import fc from "fast-check"
import {
  assertBodySize,
  assertEventCount,
  assertJsonContentType,
  clampDetail,
  findMessageId,
  getHeader,
  normalizeEventEmail,
  parseIsoTime,
  parseJsonBody,
  stableEventId,
  unixSecondsToIso,
  WebhookError,
} from ".."
import { expectWebhookError, MSG_ID } from "./fixtures/helpers"

describe("WebhookError", () => {
  it("is an Error and a WebhookError, with status, code and optional headers", () => {
    const err = new WebhookError(401, "unauthorized", "no", { "WWW-Authenticate": "Basic" })
    expect(err).toBeInstanceOf(Error)
    expect(err).toBeInstanceOf(WebhookError)
    expect(err.name).toBe("WebhookError")
    expect([err.status, err.code, err.message, err.headers]).toEqual([401, "unauthorized", "no", { "WWW-Authenticate": "Basic" }])
    expect(new WebhookError(400, "invalid_json", "x").headers).toBeUndefined()
  })
})

describe("assertBodySize / assertEventCount", () => {
  it("allows a body up to the limit and refuses one byte more with 413", () => {
    expect(() => assertBodySize("a".repeat(10), 10)).not.toThrow()
    expectWebhookError(() => assertBodySize("a".repeat(11), 10), 413, "payload_too_large")
    expectWebhookError(() => assertBodySize(Buffer.alloc(11), 10), 413, "payload_too_large")
  })

  it("counts bytes, not characters", () => {
    expectWebhookError(() => assertBodySize("é".repeat(6), 10), 413, "payload_too_large")
  })

  it("defaults to 1 MB", () => {
    expect(() => assertBodySize("a".repeat(1_000_000))).not.toThrow()
    expectWebhookError(() => assertBodySize("a".repeat(1_000_001)), 413, "payload_too_large")
  })

  it("caps events per request at 1000", () => {
    expect(() => assertEventCount(1000)).not.toThrow()
    expectWebhookError(() => assertEventCount(1001), 413, "too_many_events")
  })
})

describe("assertJsonContentType", () => {
  it("accepts application/json and text/plain (SNS), with parameters and in any case", () => {
    for (const ct of ["application/json", "Application/JSON; charset=utf-8", "text/plain; charset=UTF-8", ["application/json"]]) {
      expect(() => assertJsonContentType(ct)).not.toThrow()
    }
  })

  it("refuses anything else, or nothing, with 415", () => {
    for (const ct of [undefined, null, "", "application/x-www-form-urlencoded", "text/html", "multipart/form-data", "application/jsonx"]) {
      expectWebhookError(() => assertJsonContentType(ct), 415, "unsupported_media_type")
    }
  })
})

describe("parseJsonBody", () => {
  it("parses strings and buffers, ignoring a byte-order mark", () => {
    expect(parseJsonBody('{"a":1}')).toEqual({ a: 1 })
    expect(parseJsonBody(Buffer.from('\uFEFF[1,2]'))).toEqual([1, 2])
  })

  it("turns a syntax error into 400 without quoting the body", () => {
    const err = expectWebhookError(() => parseJsonBody('{"secret-ish": tru'), 400, "invalid_json")
    expect(err.message).not.toContain("secret-ish")
  })

  it("checks the size before parsing", () => {
    expectWebhookError(() => parseJsonBody(`"${"a".repeat(1_000_000)}"`), 413, "payload_too_large")
  })
})

describe("getHeader", () => {
  it("finds a header whatever its case and joins repeated values", () => {
    expect(getHeader({ "X-Thing": "a" }, "x-thing")).toBe("a")
    expect(getHeader({ "x-thing": ["a", "b"] }, "X-THING")).toBe("a, b")
    expect(getHeader({ "x-thing": undefined }, "x-thing")).toBeUndefined()
    expect(getHeader(undefined, "x-thing")).toBeUndefined()
  })
})

describe("findMessageId", () => {
  it("finds our id in a Message-ID, a bare header value or a longer text", () => {
    expect(findMessageId(`<${MSG_ID}@shop.example.com>`)).toBe(MSG_ID)
    expect(findMessageId(MSG_ID)).toBe(MSG_ID)
    expect(findMessageId(`bounce for ${MSG_ID}, sorry`)).toBe(MSG_ID)
  })

  it("lower-cases a hex id and keeps a ULID id (service-created messages) as it is", () => {
    expect(findMessageId(`<${MSG_ID.toUpperCase().replace("MMSG", "mmsg")}@x.com>`)).toBe(MSG_ID)
    expect(findMessageId("<mmsg_01JABCDEFGHJKMNPQRSTVWXYZ0@x.com>")).toBe("mmsg_01JABCDEFGHJKMNPQRSTVWXYZ0")
  })

  it("does not take a prefix or a longer token for our id", () => {
    expect(findMessageId(`${MSG_ID.slice(0, -1)}@x.com`)).toBeNull() // 31 hex
    expect(findMessageId(`${MSG_ID}0@x.com`)).toBeNull() // 33 hex
    expect(findMessageId(`x${MSG_ID}`)).toBeNull()
    expect(findMessageId("mmsg_")).toBeNull()
  })

  it("searches arrays and objects depth-first, arguments in order", () => {
    const other = "mmsg_ffffffffffffffffffffffffffffffff"
    expect(findMessageId(null, 42, { a: [{ b: `<${MSG_ID}@x>` }] }, other)).toBe(MSG_ID)
    expect(findMessageId(other, MSG_ID)).toBe(other)
    expect(findMessageId(undefined, {}, [])).toBeNull()
  })

  it("stops on cyclic or deep structures instead of running away", () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(findMessageId(cyclic)).toBeNull()
    let deep: unknown = MSG_ID
    for (let i = 0; i < 50; i++) {
      deep = [deep]
    }
    expect(findMessageId(deep)).toBeNull()
  })

  it("finds any id between non-alphanumeric neighbours (property)", () => {
    const edge = fc.string({ maxLength: 20 }).map((s) => s.replace(/[A-Za-z0-9]+$/, "").replace(/^[A-Za-z0-9]+/, ""))
    const hex = fc.stringMatching(/^[0-9a-f]{32}$/)
    fc.assert(
      fc.property(edge, hex, edge, (before, h, after) => {
        // the id is the first one in the text unless the surroundings contain one themselves
        fc.pre(!before.includes("mmsg_"))
        expect(findMessageId(`${before}mmsg_${h}${after}`)).toBe(`mmsg_${h}`)
      })
    )
  })
})

describe("normalizeEventEmail", () => {
  it("trims and lower-cases, and unwraps Name <addr>", () => {
    expect(normalizeEventEmail("  Jane@Example.COM ")).toBe("jane@example.com")
    expect(normalizeEventEmail('"Jane" <Jane@Example.com>')).toBe("jane@example.com")
  })

  it("returns null for anything we could not have sent to", () => {
    for (const bad of [undefined, null, 42, "", "jane", "jane@", "@example.com", "jane@localhost", "a b@example.com", "x".repeat(600)]) {
      expect(normalizeEventEmail(bad)).toBeNull()
    }
  })
})

describe("clampDetail", () => {
  it("collapses whitespace and control characters to one line", () => {
    expect(clampDetail("  550 5.1.1\r\n  user\tunknown\u0000 ")).toBe("550 5.1.1 user unknown")
  })

  it("caps at 500 characters without splitting a surrogate pair", () => {
    expect(clampDetail("a".repeat(600))).toHaveLength(500)
    const clamped = clampDetail(`${"a".repeat(499)}😀tail`) as string
    expect(clamped).toBe("a".repeat(499))
  })

  it("is null for nothing to say", () => {
    expect(clampDetail(undefined)).toBeNull()
    expect(clampDetail(42)).toBeNull()
    expect(clampDetail(" \n ")).toBeNull()
  })
})

describe("parseIsoTime / unixSecondsToIso", () => {
  it("normalizes zoned ISO timestamps to UTC, including 7-digit fractions (Postmark)", () => {
    expect(parseIsoTime("2019-11-05T16:33:54.9070259Z")).toBe("2019-11-05T16:33:54.907Z")
    expect(parseIsoTime("2014-08-01T13:28:10.2735393-04:00")).toBe("2014-08-01T17:28:10.273Z")
    expect(parseIsoTime("2026-01-01T12:00:00+0100")).toBe("2026-01-01T11:00:00.000Z")
    expect(parseIsoTime("2026-01-01")).toBe("2026-01-01T00:00:00.000Z")
  })

  it("refuses local times, junk and impossible dates", () => {
    for (const bad of ["2026-01-01T12:00:00", "yesterday", "2026-13-01T00:00:00Z", "", 1767268800, null, "1969-12-31T23:59:59Z"]) {
      expect(parseIsoTime(bad)).toBeNull()
    }
  })

  it("reads unix seconds as numbers or digit strings", () => {
    expect(unixSecondsToIso(1767268800)).toBe("2026-01-01T12:00:00.000Z")
    expect(unixSecondsToIso("1767268800")).toBe("2026-01-01T12:00:00.000Z")
    for (const bad of [-1, Number.NaN, Infinity, "12a", null, 1e15]) {
      expect(unixSecondsToIso(bad)).toBeNull()
    }
  })
})

describe("stableEventId", () => {
  it("depends on content and provider, not on key order", () => {
    const a = stableEventId("sendgrid", { email: "a@b.co", event: "bounce", nested: { x: 1, y: [1, 2] } })
    const b = stableEventId("sendgrid", { nested: { y: [1, 2], x: 1 }, event: "bounce", email: "a@b.co" })
    expect(a).toBe(b)
    expect(a).toMatch(/^sha256:[0-9a-f]{40}$/)
    expect(stableEventId("postmark", { email: "a@b.co", event: "bounce", nested: { x: 1, y: [1, 2] } })).not.toBe(a)
    expect(stableEventId("sendgrid", { email: "a@b.co", event: "bounce", nested: { x: 1, y: [2, 1] } })).not.toBe(a)
  })
})
