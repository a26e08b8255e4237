/**
 * Telling a delivery failure worth retrying from one that will fail again.
 *
 * transient: the server said "not now" (4xx), or we never got a verdict on the
 *   message: connection refused/reset/timed out, DNS, TLS, protocol trouble, missing
 *   or bad SMTP credentials (EAUTH, 530/534/535/538, although 5xx). Retrying later
 *   (with backoff, after fixing the config) can work.
 * permanent: the server rejected this message or recipient (5xx on MAIL FROM /
 *   RCPT TO / DATA), or the envelope itself is unusable (no or invalid recipient,
 *   message too large). Retrying the same message will fail the same way.
 *
 * Anything we cannot place is transient: a retry costs little, wrongly calling a
 * good address dead (and maybe suppressing it) costs a contact.
 *
 * Works on the errors nodemailer produces (`code`, `responseCode`, `response`,
 * `command`, `rejectedErrors`) and on plain Node socket errors.
 */

export type SmtpErrorKind = "transient" | "permanent"

export type SmtpErrorClassification = {
  kind: SmtpErrorKind
  /** SMTP reply code (451, 550, ...) when the server answered */
  code?: number
  /** RFC 3463 enhanced status ("5.1.1") when the reply carried one */
  enhancedStatus?: string
  /** one line, e.g. "550 5.1.1 No such user (RCPT TO bob@example.com)" */
  message: string
}

// never a verdict on the message: the connection or the session failed
const TRANSIENT_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "ECONNECTION",
  "ETIMEDOUT",
  "ESOCKET",
  "EDNS",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EPIPE",
  "EHOSTUNREACH",
  "EHOSTDOWN",
  "ENETUNREACH",
  "ENETDOWN",
  "ETLS",
  "EPROTOCOL",
  // a 535 is the server's verdict on our credentials, not on the recipient
  "EAUTH",
  "EMAXLIMIT",
])

// nodemailer refused the envelope or message before the server saw it
// ("No recipients defined", "Invalid recipient", "Message size larger than allowed")
const PERMANENT_WITHOUT_REPLY = new Set(["EENVELOPE", "EMESSAGE"])

type ErrorLike = {
  message?: unknown
  code?: unknown
  responseCode?: unknown
  response?: unknown
  command?: unknown
  recipient?: unknown
  rejectedErrors?: unknown
  errno?: unknown
  syscall?: unknown
}

function oneLine(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, " ").trim()
}

function replyCode(e: ErrorLike): number | undefined {
  if (typeof e.responseCode === "number" && e.responseCode >= 100 && e.responseCode < 600) {
    return e.responseCode
  }
  const m = typeof e.response === "string" ? /^([2-5]\d\d)\b/.exec(e.response) : null
  return m ? Number(m[1]) : undefined
}

function enhancedStatus(e: ErrorLike): string | undefined {
  const m =
    typeof e.response === "string" ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(e.response) : null
  return m ? m[1] : undefined
}

function describe(e: ErrorLike): string {
  const code = typeof e.code === "string" ? e.code : undefined
  const what =
    typeof e.command === "string"
      ? e.command + (typeof e.recipient === "string" ? ` ${e.recipient}` : "")
      : undefined
  if (typeof e.response === "string" && e.response.trim()) {
    return oneLine(e.response) + (what ? ` (${what})` : "")
  }
  const msg = oneLine(String(e.message ?? e ?? "unknown error")) || "unknown error"
  return code && !msg.includes(code) ? `${code} ${msg}` : msg
}

// RFC 4954 replies about our own authentication (required, too weak, bad
// credentials, needs TLS): fixing the sender's config makes the same mail go through
const AUTH_REPLIES = new Set([530, 534, 535, 538])

function kindOfCode(code: number, errCode?: unknown): SmtpErrorKind {
  if (code >= 500 && code < 600) {
    return errCode === "EAUTH" || AUTH_REPLIES.has(code) ? "transient" : "permanent"
  }
  return "transient"
}

/** Classifies anything thrown by nodemailer (or a socket) while sending one message. */
export function classifySmtpError(err: unknown): SmtpErrorClassification {
  const e: ErrorLike = err && typeof err === "object" ? (err as ErrorLike) : { message: err }

  // every recipient was refused: retry if any refusal was a "not now"
  if (Array.isArray(e.rejectedErrors) && e.rejectedErrors.length) {
    const each = (e.rejectedErrors as ErrorLike[]).map((r) => {
      const code = replyCode(r)
      return {
        kind: code ? kindOfCode(code) : ("permanent" as SmtpErrorKind),
        code,
        enhancedStatus: enhancedStatus(r),
        message: describe(r),
      }
    })
    const decisive = each.find((r) => r.kind === "transient") ?? each[0]
    return {
      kind: decisive.kind,
      code: decisive.code,
      enhancedStatus: decisive.enhancedStatus,
      message: each.map((r) => r.message).join("; "),
    }
  }

  const code = replyCode(e)
  const message = describe(e)
  if (code) {
    return { kind: kindOfCode(code, e.code), code, enhancedStatus: enhancedStatus(e), message }
  }
  if (typeof e.code === "string" && PERMANENT_WITHOUT_REPLY.has(e.code)) {
    return { kind: "permanent", message }
  }
  if (typeof e.code === "string" && TRANSIENT_CODES.has(e.code)) {
    return { kind: "transient", message }
  }
  return { kind: "transient", message }
}

/** The message a provider throws: "SMTP transient: 451 4.3.0 Try later (RCPT TO a@b.c)". */
export function formatSmtpFailure(c: SmtpErrorClassification): string {
  return `SMTP ${c.kind}: ${oneLine(c.message)}`
}

export type SmtpFailure = {
  /** the Notification Module's id ("noti_...") when the text came from createNotifications */
  notificationId: string | null
  kind: SmtpErrorKind
  code?: number
  message: string
}

const FAILURE_RE =
  /(?:Failed to send notification with id ([^\s:]+):\s*)?SMTP (transient|permanent): ([^\r\n]*)/g

/**
 * Reads the failures back out of an error message. The Notification Module
 * rethrows a provider error as text only ("Failed to send notification with id
 * noti_1:\nSMTP permanent: 550 ..." — one block per failed notification), so this
 * is how a caller of createNotifications learns which notification failed and how.
 */
export function parseSmtpFailures(message: string): SmtpFailure[] {
  const out: SmtpFailure[] = []
  for (const m of String(message ?? "").matchAll(FAILURE_RE)) {
    const code = /^([2-5]\d\d)\b/.exec(m[3])
    out.push({
      notificationId: m[1] ?? null,
      kind: m[2] as SmtpErrorKind,
      code: code ? Number(code[1]) : undefined,
      message: m[3].trim(),
    })
  }
  return out
}

/**
 * "transient" | "permanent" for an error thrown by the SMTP provider, directly
 * (it carries `.kind`) or wrapped by createNotifications (only the text survives);
 * null when the error did not come from an SMTP delivery. With several failed
 * notifications in one error, any transient one makes the whole "transient".
 */
export function smtpFailureKind(err: unknown): SmtpErrorKind | null {
  const kind = (err as { kind?: unknown } | null)?.kind
  if (kind === "transient" || kind === "permanent") {
    return kind
  }
  const text = err instanceof Error ? err.message : typeof err === "string" ? err : ""
  const failures = parseSmtpFailures(text)
  if (!failures.length) {
    return null
  }
  return failures.some((f) => f.kind === "transient") ? "transient" : "permanent"
}
