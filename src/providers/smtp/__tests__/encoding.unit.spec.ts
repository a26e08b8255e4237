import fc from "fast-check"
// nodemailer's own MIME node: the reference for the choice
import MimeNode from "nodemailer/lib/mime-node"
import { textTransferEncoding } from "../encoding"

/** What nodemailer picks for a text/html part with this content (nothing for an empty one: as sent). */
function nodemailerChoice(value: string): string {
  const node = new (MimeNode as any)("text/html; charset=utf-8")
  node.setContent(value)
  return node.getTransferEncoding() || "7bit"
}

const ours = (value: string) => textTransferEncoding(value) ?? "7bit"

describe("textTransferEncoding", () => {
  it("picks what nodemailer picks for typical parts", () => {
    const cases = [
      "Hello Jane",
      "<p>Hello <b>Jane</b></p>",
      "a".repeat(76),
      "a".repeat(77),
      `${"a".repeat(76)}\n${"b".repeat(76)}`,
      `${"a".repeat(76)}\r\n${"b".repeat(77)}`,
      "Grüße aus München",
      "こんにちは、世界。今月のニュースです。",
      "Hi 世界",
      "tab\tseparated\tvalues",
      "control \u0001 char",
      "emoji 🎉🎉🎉 party",
      `<html>${"<td style=\"padding:0\">x</td>".repeat(2000)}</html>`,
      "x".repeat(128 * 1024 + 1),
      "1234567890".repeat(10),
      "ü".repeat(300) + "a".repeat(299),
      "ü".repeat(300) + "a".repeat(301),
      "ü".repeat(256) + "a".repeat(257),
      "ü".repeat(257) + "a".repeat(257),
      "日本語のテキスト".repeat(200) + "<p>a</p>",
    ]
    for (const c of cases) {
      expect([c.slice(0, 30), ours(c)]).toEqual([c.slice(0, 30), nodemailerChoice(c)])
    }
  })

  it("agrees with nodemailer on arbitrary text", () => {
    const char = fc.oneof(
      fc.constantFrom("a", "Z", " ", "\n", "\r", "\t", "=", ".", "\u2028", "\u0000", "\u007f", "é", "ß", "中", "🎉"),
      fc.string({ unit: "grapheme", maxLength: 3 }),
      fc.string({ unit: "binary", maxLength: 2 })
    )
    const text = fc
      .tuple(fc.array(char, { maxLength: 300 }), fc.constantFrom(1, 1, 3))
      .map(([xs, times]) => xs.join("").repeat(times))
    const lines = fc.tuple(text, fc.integer({ min: 0, max: 120 }), text).map(([a, n, b]) => a + "x".repeat(n) + b)
    fc.assert(
      fc.property(fc.oneof(text, lines), (value) => {
        expect(ours(value)).toBe(nodemailerChoice(value))
      }),
      { numRuns: 2000 }
    )
  })
})
