import { parse } from "csv-parse/sync"
import { isValidEmail, normalizeEmail } from "./email"

/** Contact fields a CSV column can be mapped to. */
export const IMPORTABLE_FIELDS = [
  "email",
  "first_name",
  "last_name",
  "phone",
  "locale",
  "timezone",
  "country_code",
  "topics",
] as const
export type ImportableField = (typeof IMPORTABLE_FIELDS)[number]
export type ColumnMapping = Partial<Record<ImportableField, string>>

export type ImportRow = {
  email: string
  first_name: string | null
  last_name: string | null
  phone: string | null
  locale: string | null
  timezone: string | null
  country_code: string | null
  topics: string[]
}

export type InvalidRow = { row: number; reason: string; value?: string }

export type ParsedImport = {
  headers: string[]
  mapping: ColumnMapping
  rows: ImportRow[]
  total_rows: number
  /** the first MAX_REPORTED_INVALID invalid rows, with reasons */
  invalid: InvalidRow[]
  /** every invalid row, listed or not */
  invalid_count: number
  duplicates: number
}

export class CsvImportError extends Error {}

export const MAX_IMPORT_ROWS = 500_000
/** invalid rows listed one by one in the report; the count is always exact */
export const MAX_REPORTED_INVALID = 1_000

const ALIASES: Record<ImportableField, string[]> = {
  email: ["email", "e-mail", "email address", "e-mail address", "mail", "email_address"],
  first_name: ["first_name", "first name", "firstname", "given name", "fname"],
  last_name: ["last_name", "last name", "lastname", "surname", "family name", "lname"],
  phone: ["phone", "phone number", "mobile", "telephone"],
  locale: ["locale", "language"],
  timezone: ["timezone", "time zone", "tz"],
  country_code: ["country_code", "country", "country code"],
  topics: ["topics", "lists", "tags"],
}

const key = (h: string) => h.trim().toLowerCase().replace(/[\s_-]+/g, " ")

/** Guess a mapping from header names; explicit mapping entries win. */
export function resolveMapping(headers: string[], explicit: ColumnMapping = {}): ColumnMapping {
  const mapping: ColumnMapping = {}
  const byKey = new Map(headers.map((h) => [key(h), h]))
  for (const field of IMPORTABLE_FIELDS) {
    const wanted = explicit[field]
    if (wanted !== undefined) {
      if (!headers.includes(wanted)) {
        throw new CsvImportError(
          `Column "${wanted}" mapped to ${field} is not in the file. Columns found: ${headers.join(", ")}`
        )
      }
      mapping[field] = wanted
      continue
    }
    const found = ALIASES[field].map((a) => byKey.get(key(a))).find(Boolean)
    if (found) {
      mapping[field] = found
    }
  }
  if (!mapping.email) {
    throw new CsvImportError(
      `No email column found. Map one of these columns to email: ${headers.join(", ") || "(the file has no header row)"}`
    )
  }
  return mapping
}

function decode(input: Buffer | string): string {
  if (typeof input === "string") {
    return input.replace(/^\uFEFF/, "")
  }
  if (input.length >= 2 && ((input[0] === 0xff && input[1] === 0xfe) || (input[0] === 0xfe && input[1] === 0xff))) {
    throw new CsvImportError("The file is UTF-16 encoded. Save it as CSV UTF-8 and upload it again.")
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(input).replace(/^\uFEFF/, "")
  } catch {
    throw new CsvImportError(
      "The file is not valid UTF-8 (perhaps Latin-1 or Windows-1252). Save it as CSV UTF-8 and upload it again."
    )
  }
}

const clean = (v: unknown, max = 200): string | null => {
  if (typeof v !== "string") {
    return null
  }
  const t = v.trim()
  return t ? t.slice(0, max) : null
}

/**
 * Parse a contacts CSV. Every data row ends up either in `rows` (valid,
 * first occurrence of its address), counted in `duplicates`, or in
 * `invalid` with a reason: nothing is dropped silently.
 */
export function parseContactsCsv(input: Buffer | string, explicit: ColumnMapping = {}): ParsedImport {
  const text = decode(input)
  if (!text.trim()) {
    throw new CsvImportError("The file is empty.")
  }
  let records: string[][]
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      delimiter: sniffDelimiter(text),
    })
  } catch (e: any) {
    throw new CsvImportError(`The file could not be read as CSV: ${e.message}`)
  }
  const [headerRow, ...data] = records
  const headers = (headerRow ?? []).map((h) => h.trim())
  if (data.length > MAX_IMPORT_ROWS) {
    throw new CsvImportError(
      `The file has ${data.length} rows; the limit is ${MAX_IMPORT_ROWS}. Split it into smaller files.`
    )
  }
  const mapping = resolveMapping(headers, explicit)
  const idx = Object.fromEntries(
    Object.entries(mapping).map(([field, col]) => [field, headers.indexOf(col as string)])
  ) as Partial<Record<ImportableField, number>>
  const get = (r: string[], f: ImportableField) => (idx[f] === undefined ? undefined : r[idx[f]!])

  const seen = new Set<string>()
  const rows: ImportRow[] = []
  const invalid: InvalidRow[] = []
  let invalidCount = 0
  let duplicates = 0
  data.forEach((r, i) => {
    const rowNumber = i + 2 // 1-based, after the header row
    const raw = get(r, "email")
    const email = typeof raw === "string" ? normalizeEmail(raw) : ""
    if (!email) {
      invalidCount++
      if (invalid.length < MAX_REPORTED_INVALID) invalid.push({ row: rowNumber, reason: "missing email" })
      return
    }
    if (!isValidEmail(email)) {
      invalidCount++
      if (invalid.length < MAX_REPORTED_INVALID)
        invalid.push({ row: rowNumber, reason: "invalid email", value: email.slice(0, 254) })
      return
    }
    if (seen.has(email)) {
      duplicates++
      return
    }
    seen.add(email)
    const country = clean(get(r, "country_code"), 2)
    rows.push({
      email,
      first_name: clean(get(r, "first_name")),
      last_name: clean(get(r, "last_name")),
      phone: clean(get(r, "phone"), 40),
      locale: clean(get(r, "locale"), 20),
      timezone: clean(get(r, "timezone"), 60),
      country_code: country ? country.toLowerCase() : null,
      topics: (clean(get(r, "topics"), 2000) ?? "")
        .split(/[;|,]/)
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    })
  })
  return {
    headers,
    mapping,
    rows,
    total_rows: data.length,
    invalid,
    invalid_count: invalidCount,
    duplicates,
  }
}

function sniffDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"))
  const counts = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length] as const)
  counts.sort((a, b) => b[1] - a[1])
  return counts[0][1] > 1 ? counts[0][0] : ","
}
