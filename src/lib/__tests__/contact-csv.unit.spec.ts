import { CsvImportError, MAX_REPORTED_INVALID, parseContactsCsv, resolveMapping } from "../contact-csv"

describe("resolveMapping", () => {
  it("guesses columns from common header names", () => {
    expect(resolveMapping(["Email Address", "First Name", "Surname", "Country", "Lists"])).toEqual({
      email: "Email Address",
      first_name: "First Name",
      last_name: "Surname",
      country_code: "Country",
      topics: "Lists",
    })
  })

  it("lets an explicit mapping win and checks it against the file", () => {
    expect(resolveMapping(["mail", "email"], { email: "mail" })).toEqual({ email: "mail" })
    expect(() => resolveMapping(["a"], { email: "b" })).toThrow(/Column "b" mapped to email is not in the file. Columns found: a/)
  })

  it("names the columns it found when there is no email column", () => {
    expect(() => resolveMapping(["name", "phone"])).toThrow(/No email column found.*name, phone/)
  })
})

describe("parseContactsCsv", () => {
  it("accounts for every row: valid, duplicate or invalid with a reason", () => {
    const out = parseContactsCsv(
      "email,first_name,topics\nA@x.com,Ann,news;promo\na@x.com,Dup,\nbad,,\n,,\nb@y.org,  ,\n"
    )
    expect(out.total_rows).toBe(5)
    expect(out.rows).toEqual([
      expect.objectContaining({ email: "a@x.com", first_name: "Ann", topics: ["news", "promo"] }),
      expect.objectContaining({ email: "b@y.org", first_name: null, topics: [] }),
    ])
    expect(out.duplicates).toBe(1)
    expect(out.invalid_count).toBe(2)
    expect(out.invalid).toEqual([
      { row: 4, reason: "invalid email", value: "bad" },
      { row: 5, reason: "missing email" },
    ])
    expect(out.rows.length + out.duplicates + out.invalid_count).toBe(out.total_rows)
  })

  it("reads semicolon and tab separated files, quotes and a UTF-8 BOM", () => {
    expect(parseContactsCsv("\uFEFFEmail;Name\nz@x.com;Zoë\n").rows[0]).toMatchObject({ email: "z@x.com" })
    expect(parseContactsCsv("email\tfirst name\nq@x.com\tQ\n").rows[0]).toMatchObject({ first_name: "Q" })
    expect(parseContactsCsv('email,first_name\n"c@x.com","Smith, Jo"\n').rows[0].first_name).toBe("Smith, Jo")
  })

  it("refuses encodings it cannot read, with what to do", () => {
    expect(() => parseContactsCsv(Buffer.from("email,name\nzoë@x.com,Zoë\n", "latin1"))).toThrow(/not valid UTF-8.*CSV UTF-8/)
    expect(() => parseContactsCsv(Buffer.from("\ufeffemail\n", "utf16le"))).toThrow(CsvImportError)
    expect(() => parseContactsCsv(Buffer.from([0xff, 0xfe, 0x65, 0x00]))).toThrow(/UTF-16/)
    expect(() => parseContactsCsv("   \n")).toThrow(/empty/)
  })

  it("reports a malformed file as a CSV error, not a crash", () => {
    expect(() => parseContactsCsv('email\n"unterminated@x.com\n')).toThrow(CsvImportError)
  })

  it("caps the listed invalid rows but always counts them all", () => {
    const lines = ["email", ...Array.from({ length: MAX_REPORTED_INVALID + 50 }, (_, i) => `bad${i}`)]
    const out = parseContactsCsv(lines.join("\n"))
    expect(out.invalid).toHaveLength(MAX_REPORTED_INVALID)
    expect(out.invalid_count).toBe(MAX_REPORTED_INVALID + 50)
  })

  it("parses 100,000 rows", () => {
    const lines = ["email,first_name", ...Array.from({ length: 100_000 }, (_, i) => `user${i}@example.com,U${i}`)]
    const out = parseContactsCsv(lines.join("\n"))
    expect(out.rows).toHaveLength(100_000)
  })
})
