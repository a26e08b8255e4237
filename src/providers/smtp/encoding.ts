/**
 * The Content-Transfer-Encoding nodemailer 6 picks for a text part, decided
 * without building arrays.
 *
 * nodemailer decides it per part (MimeNode.getTransferEncoding): 7bit when
 * the text is plain (no control or non-ASCII character) with no line over
 * 76 characters; otherwise quoted-printable when the text has fewer
 * "non-Latin" characters than Latin letters, else base64. It counts both
 * with `value.match(/[a-z]/gi)` and `value.match(/[\x00-\x08...\u0080-\uFFFF]/g)`,
 * which builds an array with one string per letter: for a 30 KB campaign
 * email that was a quarter of the sending process's CPU (measured with
 * --cpu-prof in `npm run bench:send`). Passing the same answer as the part's
 * `contentTransferEncoding` skips that work; the bytes on the wire are the
 * same.
 *
 * Returns undefined where nodemailer sends the text as it is (7bit), so the
 * caller leaves the choice to it.
 */

// nodemailer's classes: "non-Latin" (controls but tab/LF/CR, and everything from U+0080) and Latin letters
const NON_LATIN = /[\x00-\x08\x0b\x0c\x0e-\x1f\u0080-\uFFFF]/g
const LATIN = /[a-z]/gi
const LONG_LINE = /^.{77,}/m
/** Past this many non-Latin characters a plain loop counts faster than regex matches. */
const MATCH_LIMIT = 256

/** Matches of a global regex in `value`, counting no further than `limit + 1`. */
function countMatches(re: RegExp, value: string, limit: number): number {
  re.lastIndex = 0
  let n = 0
  while (n <= limit && re.exec(value) !== null) {
    n++
  }
  re.lastIndex = 0
  return n
}

export function textTransferEncoding(value: string): "quoted-printable" | "base64" | undefined {
  const nonLatin = countMatches(NON_LATIN, value, MATCH_LIMIT)
  if (nonLatin > MATCH_LIMIT) {
    return countedEncoding(value)
  }
  // nodemailer does not look for long lines in texts over 128 KB: it assumes some
  if (nonLatin === 0 && value.length <= 128 * 1024 && !LONG_LINE.test(value)) {
    return undefined
  }
  // Latin letters only need counting until there are more of them
  return countMatches(LATIN, value, nonLatin) > nonLatin ? "quoted-printable" : "base64"
}

/** The same decision in one loop over the text (for texts with many non-Latin characters). */
function countedEncoding(value: string): "quoted-printable" | "base64" {
  let latin = 0
  let nonLatin = 0
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i)
    if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      latin++
    } else if (c >= 0x80 || (c <= 0x1f && c !== 0x09 && c !== 0x0a && c !== 0x0d)) {
      nonLatin++
    }
  }
  return nonLatin < latin ? "quoted-printable" : "base64"
}
