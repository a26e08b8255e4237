import { createPrivateKey } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import addressparser from "nodemailer/lib/addressparser"
import { ResolvedSmtpConfig, SmtpProviderOptions } from "./types"

const WHERE = "smtp notification provider"

function invalid(message: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `${WHERE}: ${message}`)
}

/** "" / null / undefined all mean "not set" (env vars arrive as empty strings). */
function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== ""
}

function str(name: string, v: unknown): string | undefined {
  if (!present(v)) {
    return undefined
  }
  if (typeof v !== "string") {
    invalid(`option "${name}" must be a string, got ${typeof v}`)
  }
  return v.trim() || undefined
}

function bool(name: string, v: unknown, fallback: boolean): boolean {
  if (!present(v)) {
    return fallback
  }
  if (typeof v === "boolean") {
    return v
  }
  if (v === "true" || v === "false") {
    return v === "true"
  }
  invalid(`option "${name}" must be true or false, got ${JSON.stringify(v)}`)
}

function num(
  name: string,
  v: unknown,
  { integer, min, max }: { integer: boolean; min: number; max?: number }
): number | undefined {
  if (!present(v)) {
    return undefined
  }
  const n = typeof v === "string" && v.trim() !== "" ? Number(v) : v
  const ok =
    typeof n === "number" &&
    Number.isFinite(n) &&
    (!integer || Number.isInteger(n)) &&
    n >= min &&
    (max === undefined || n <= max)
  if (!ok) {
    const range = max === undefined ? `${min} or more` : `between ${min} and ${max}`
    invalid(`option "${name}" must be ${integer ? "an integer" : "a number"} ${range}, got ${JSON.stringify(v)}`)
  }
  return n as number
}

function checkFrom(v: unknown): string {
  const from = str("from", v)
  if (!from) {
    invalid(
      `option "from" is required: the default sender, e.g. "Store <store@example.com>" ` +
        `(set it in medusa-config under the notification module's smtp provider options)`
    )
  }
  const parsed = addressparser(from, { flatten: true })
  if (parsed.length !== 1 || !/^[^\s@]+@[^\s@]+$/.test(parsed[0].address ?? "")) {
    invalid(`option "from" must be one address such as "Store <store@example.com>", got ${JSON.stringify(from)}`)
  }
  return from
}

function redactUrl(u: URL): string {
  const copy = new URL(u.href)
  if (copy.password) {
    copy.password = "***"
  }
  return copy.href
}

function parseUrl(raw: string) {
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    invalid(`option "url" is not a valid URL; expected smtp://user:pass@host:587 or smtps://user:pass@host:465`)
  }
  if (u.protocol !== "smtp:" && u.protocol !== "smtps:") {
    invalid(
      `option "url" must start with smtp:// (STARTTLS, usually port 587) or smtps:// ` +
        `(implicit TLS, usually port 465), got "${u.protocol}//"`
    )
  }
  if (!u.hostname) {
    invalid(`option "url" has no host: ${redactUrl(u)}`)
  }
  if ((u.username && !u.password) || (!u.username && u.password)) {
    invalid(`option "url" must carry both user and password or neither: ${redactUrl(u)}`)
  }
  const secure = u.protocol === "smtps:"
  return {
    host: u.hostname.replace(/^\[(.*)\]$/, "$1"),
    port: u.port ? Number(u.port) : secure ? 465 : 587,
    secure,
    user: u.username ? decodeURIComponent(u.username) : undefined,
    pass: u.password ? decodeURIComponent(u.password) : undefined,
  }
}

function checkDkim(v: unknown): ResolvedSmtpConfig["dkim"] {
  if (!present(v)) {
    return undefined
  }
  if (typeof v !== "object" || Array.isArray(v)) {
    invalid(`option "dkim" must be an object { domain_name, key_selector, private_key }`)
  }
  const d = v as Record<string, unknown>
  const fields = ["domain_name", "key_selector", "private_key"] as const
  const values = fields.map((f) => str(`dkim.${f}`, d[f]))
  const missing = fields.filter((_, i) => !values[i])
  if (missing.length === fields.length) {
    return undefined
  }
  if (missing.length) {
    invalid(
      `option "dkim" needs domain_name, key_selector and private_key together (or none of them); ` +
        `missing: ${missing.join(", ")}`
    )
  }
  const [domainName, keySelector, privateKey] = values as string[]
  try {
    createPrivateKey(privateKey)
  } catch (e) {
    invalid(
      `option "dkim.private_key" is not a usable PEM private key (${(e as Error).message}); ` +
        `pass the whole "-----BEGIN PRIVATE KEY-----" block with real newlines`
    )
  }
  return { domainName, keySelector, privateKey }
}

/**
 * Validates the provider options and applies the defaults. Throws a MedusaError
 * (INVALID_DATA) naming the option and what to put there.
 */
export function resolveSmtpOptions(input: unknown): ResolvedSmtpConfig {
  if (present(input) && (typeof input !== "object" || Array.isArray(input))) {
    invalid("options must be an object")
  }
  const o = (input ?? {}) as Record<keyof SmtpProviderOptions, unknown>

  const from = checkFrom(o.from)
  const dkim = checkDkim(o.dkim)
  const url = str("url", o.url)
  const host = str("host", o.host)
  const port = num("port", o.port, { integer: true, min: 1, max: 65535 })
  const user = str("user", o.user)
  const pass = typeof o.pass === "string" && o.pass !== "" ? o.pass : str("pass", o.pass)
  const pool = bool("pool", o.pool, true)
  const maxConnections = num("max_connections", o.max_connections, { integer: true, min: 1 }) ?? 5
  const maxMessages = num("max_messages", o.max_messages, { integer: true, min: 1 }) ?? 100
  const rate = num("rate_limit", o.rate_limit, { integer: false, min: Number.MIN_VALUE })
  const rejectUnauthorized = bool("tls_reject_unauthorized", o.tls_reject_unauthorized, true)
  const outboxDir = str("outbox_dir", o.outbox_dir) ?? "./outbox"

  if (url && host) {
    invalid(`give either "url" or "host" (with port/secure/user/pass), not both`)
  }
  if ((user && !pass) || (!user && pass)) {
    invalid(`options "user" and "pass" go together: set both for SMTP AUTH, or neither`)
  }
  if (rate !== undefined && !pool) {
    invalid(`option "rate_limit" only works with "pool": true (the default); remove one of them`)
  }

  if (!url && !host) {
    const stray = (["port", "user", "pass"] as const).filter((k) => present(o[k]))
    if (stray.length) {
      invalid(
        `option(s) ${stray.map((s) => `"${s}"`).join(", ")} given without "host" or "url": ` +
          `set "host" (or "url") to send through SMTP, or remove them to write mail to the outbox`
      )
    }
    return { from, dkim, mode: "outbox", outboxDir }
  }

  let server: { host: string; port: number; secure: boolean; user?: string; pass?: string }
  if (url) {
    const parsed = parseUrl(url)
    if (parsed.user && user) {
      invalid(`credentials are given twice: in "url" and in "user"/"pass"; keep one`)
    }
    if (present(o.port) && port !== parsed.port) {
      invalid(`port is given twice: ${parsed.port} in "url" and ${port} in "port"; keep one`)
    }
    server = { ...parsed, user: parsed.user ?? user, pass: parsed.pass ?? pass }
  } else {
    const secure = bool("secure", o.secure, port === 465)
    server = { host: host!, port: port ?? (secure ? 465 : 587), secure, user, pass }
  }

  // nodemailer counts `rateLimit` messages per `rateDelta` ms, both whole numbers
  const rateLimit =
    rate === undefined
      ? undefined
      : rate >= 1
        ? { messages: Math.round(rate), perMs: 1000 }
        : { messages: 1, perMs: Math.round(1000 / rate) }

  return {
    from,
    dkim,
    mode: "smtp",
    smtp: {
      host: server.host,
      port: server.port,
      secure: server.secure,
      auth: server.user ? { user: server.user, pass: server.pass! } : undefined,
      pool,
      maxConnections,
      maxMessages,
      rateLimit,
      rejectUnauthorized,
    },
  }
}
