/**
 * Value helpers shared by the schema and the compiler: absolute dates,
 * relative windows resolved against a given `now`, and money amounts kept
 * as exact decimal strings (never floats).
 */
import { RELATIVE_DATE_MAX, RelativeDateUnit } from "./fields"

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/
const DATETIME_RE =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z|[+-]\d{2}:\d{2})$/

const MS_MINUTE = 60_000
const MS_HOUR = 60 * MS_MINUTE
const MS_DAY = 24 * MS_HOUR

export type ParsedSegmentDate = {
  /** the instant the value names: midnight UTC for a date-only value */
  start: Date
  /** a bare date (2024-01-31) covers that whole UTC day */
  dateOnly: boolean
}

function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate()
}

function validYmd(y: number, m: number, d: number): boolean {
  return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m - 1)
}

function utc(y: number, m0: number, d: number, h = 0, mi = 0, s = 0, ms = 0): Date {
  const date = new Date(Date.UTC(2000, m0, d, h, mi, s, ms))
  date.setUTCFullYear(y)
  return date
}

/**
 * Parses `YYYY-MM-DD` (a UTC day) or an ISO 8601 date-time with an explicit
 * zone (`Z` or `+hh:mm`). Returns null for anything else, including dates
 * that do not exist (2023-02-29).
 */
export function parseSegmentDate(value: string): ParsedSegmentDate | null {
  let m = DATE_RE.exec(value)
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
    if (!validYmd(y, mo, d)) {
      return null
    }
    return { start: utc(y, mo - 1, d), dateOnly: true }
  }
  m = DATETIME_RE.exec(value)
  if (!m) {
    return null
  }
  const [y, mo, d, h, mi] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5])]
  const s = m[6] ? Number(m[6]) : 0
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, "0")) : 0
  if (!validYmd(y, mo, d) || h > 23 || mi > 59 || s > 59) {
    return null
  }
  let offsetMinutes = 0
  if (m[8] !== "Z") {
    const oh = Number(m[8].slice(1, 3))
    const om = Number(m[8].slice(4, 6))
    if (oh > 14 || om > 59) {
      return null
    }
    offsetMinutes = (m[8][0] === "-" ? -1 : 1) * (oh * 60 + om)
  }
  const start = new Date(utc(y, mo - 1, d, h, mi, s, ms).getTime() - offsetMinutes * MS_MINUTE)
  return { start, dateOnly: false }
}

/** The first instant after a date value: next midnight for a bare date. */
export function dateEndExclusive(parsed: ParsedSegmentDate): Date {
  return parsed.dateOnly ? new Date(parsed.start.getTime() + MS_DAY) : parsed.start
}

/** Whether [from, to] names a non-empty range (a bare `to` includes its whole day). */
export function isDateRangeOrdered(from: ParsedSegmentDate, to: ParsedSegmentDate): boolean {
  return to.dateOnly
    ? from.start.getTime() < dateEndExclusive(to).getTime()
    : from.start.getTime() <= to.start.getTime()
}

export function isRelativeAmountInRange(amount: number, unit: RelativeDateUnit): boolean {
  return Number.isInteger(amount) && amount >= 1 && amount <= RELATIVE_DATE_MAX[unit]
}

/**
 * `now` minus a window, in UTC. Months and years move the calendar and
 * clamp the day (31 March minus one month is 28/29 February).
 */
export function subtractRelative(now: Date, amount: number, unit: RelativeDateUnit): Date {
  const t = now.getTime()
  switch (unit) {
    case "minutes":
      return new Date(t - amount * MS_MINUTE)
    case "hours":
      return new Date(t - amount * MS_HOUR)
    case "days":
      return new Date(t - amount * MS_DAY)
    case "weeks":
      return new Date(t - amount * 7 * MS_DAY)
    case "months":
    case "years": {
      const months = unit === "years" ? amount * 12 : amount
      const total = now.getUTCFullYear() * 12 + now.getUTCMonth() - months
      const year = Math.floor(total / 12)
      const month0 = total - year * 12
      const day = Math.min(now.getUTCDate(), daysInMonth(year, month0))
      return utc(
        year,
        month0,
        day,
        now.getUTCHours(),
        now.getUTCMinutes(),
        now.getUTCSeconds(),
        now.getUTCMilliseconds()
      )
    }
  }
}

/** A money amount as text: up to 15 integer and 6 fraction digits, no sign. */
export const MONEY_STRING_RE = /^\d{1,15}(\.\d{1,6})?$/

/** The exact decimal text of a money amount (an integer or a decimal string). */
export function moneyToDecimalString(amount: number | string): string {
  return typeof amount === "number" ? String(amount) : amount
}

/** Compares two non-negative decimal strings exactly. */
export function compareDecimalStrings(a: string, b: string): number {
  const scale = (s: string): bigint => {
    const [int, frac = ""] = s.split(".")
    return BigInt(int + frac.padEnd(6, "0").slice(0, 6))
  }
  const x = scale(a)
  const y = scale(b)
  return x < y ? -1 : x > y ? 1 : 0
}
