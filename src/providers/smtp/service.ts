/**
 * Notification Module provider for the "email" channel: sends rendered content over
 * SMTP with nodemailer (one pooled transport per provider instance), or, with no SMTP
 * server configured, writes each message as an .eml file into `outbox_dir` (dev only).
 *
 * HOW A CALLER TELLS A TRANSIENT FAILURE FROM A PERMANENT ONE
 *
 * send() throws SmtpDeliveryError, message "SMTP transient: <reply or socket error>" or
 * "SMTP permanent: <reply>", e.g. "SMTP permanent: 550 5.1.1 No such user (RCPT TO a@b.c)",
 * with `.kind`, `.responseCode` (451, 550, ...; undefined for socket/DNS/TLS errors),
 * `.enhancedStatus` ("5.1.1") and `.smtpCode` (nodemailer's EENVELOPE, ESOCKET, ...).
 * The rules are in src/lib/smtp-errors.ts (4xx, connection, DNS, TLS, auth and anything
 * unknown: transient; 5xx on the envelope or message, unusable envelope: permanent).
 *
 * Nothing in a store calls send() itself; Notification Module's createNotifications
 * does, and in @medusajs/notification 2.21 (NotificationModuleService.createNotifications_):
 *  1. it inserts one notification row per entry (status "pending"), then calls the
 *     providers for all entries in parallel;
 *  2. when send() throws, that row gets status "failure" (external_id stays null, the
 *     error text is not stored) and the error is rewrapped as
 *     `Failed to send notification with id noti_…:\n<our message>`;
 *  3. the per-entry errors go through promiseAll({ aggregateErrors: true }), so
 *     createNotifications rejects with a plain Error whose message is those blocks
 *     joined by newlines. Rows are updated in a `finally` first: entries of the same
 *     batch that were sent are stored as "success" with external_id = our Message-ID.
 * So `.kind` and `.responseCode` do not survive the module; only the text does. Callers
 * read it with `smtpFailureKind(err)` or `parseSmtpFailures(err.message)` from
 * src/lib/smtp-errors.ts (per notification: id, kind, reply code). Inside a workflow,
 * sendNotificationsStep fails with that same Error. A send() that throws before any SMTP
 * traffic (no rendered content, a reserved or malformed header, a bad message_id) throws
 * MedusaError INVALID_DATA without the "SMTP ...:" prefix: smtpFailureKind() gives null,
 * it is a caller bug, retrying will not help.
 *
 * Retrying a transient failure: use a NEW idempotency_key per attempt (e.g.
 * `${messageId}:${attempt}`). Reading the 2.21 code, the module does re-send an entry
 * whose key already has a "failure" row, but then updates a freshly generated id that
 * has no row, so the call ends in NOT_FOUND after the mail went out and no row of that
 * batch is updated.
 *
 * Shutdown: Medusa 2.21 runs no shutdown hook for module providers, so the pool's idle
 * connections simply close with the process (or after the server's idle timeout).
 * close() is there for tests and scripts that construct the provider themselves.
 */
import { mkdir, writeFile } from "node:fs/promises"
import path from "node:path"
import nodemailer, { SendMailOptions, SentMessageInfo, Transporter } from "nodemailer"
import { AbstractNotificationProviderService, MedusaError } from "@medusajs/framework/utils"
import {
  Logger,
  ProviderSendNotificationDTO,
  ProviderSendNotificationResultsDTO,
} from "@medusajs/framework/types"
import {
  classifySmtpError,
  formatSmtpFailure,
  SmtpErrorClassification,
  SmtpErrorKind,
} from "../../lib/smtp-errors"
import { textTransferEncoding } from "./encoding"
import { resolveSmtpOptions } from "./options"
import { connectWithoutNagle } from "./socket"
import { ResolvedSmtpConfig, SmtpProviderOptions } from "./types"

type InjectedDependencies = {
  logger: Logger
}

/** What send() throws when the transport fails; see the top of this file. */
export class SmtpDeliveryError extends Error {
  readonly kind: SmtpErrorKind
  readonly responseCode?: number
  readonly enhancedStatus?: string
  readonly smtpCode?: string
  /** the nodemailer error */
  readonly cause: unknown

  constructor(c: SmtpErrorClassification, cause: unknown) {
    super(formatSmtpFailure(c))
    this.name = "SmtpDeliveryError"
    this.cause = cause
    this.kind = c.kind
    this.responseCode = c.code
    this.enhancedStatus = c.enhancedStatus
    const code = (cause as { code?: unknown } | null)?.code
    this.smtpCode = typeof code === "string" ? code : undefined
  }
}

const CONNECTION_TIMEOUT_MS = 30_000

// set through their own fields, or owned by the MIME structure
const RESERVED_HEADERS = new Set([
  "from",
  "to",
  "cc",
  "bcc",
  "subject",
  "reply-to",
  "message-id",
  "date",
  "mime-version",
  "content-type",
  "content-transfer-encoding",
  "dkim-signature",
])
const HEADER_NAME = /^[!-9;-~]+$/

type ProviderData = {
  headers?: Record<string, string | string[]>
  message_id?: string
  reply_to?: string
  cc?: string | string[]
  bcc?: string | string[]
  attachments?: ProviderSendNotificationDTO["attachments"]
}

function invalid(message: string): never {
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `smtp notification provider: ${message}`)
}

function headersFrom(input: unknown): Record<string, string | string[]> | undefined {
  if (input === undefined || input === null) {
    return undefined
  }
  if (typeof input !== "object" || Array.isArray(input)) {
    invalid(`provider_data.headers must be an object of header name to value`)
  }
  const out: Record<string, string | string[]> = {}
  for (const [name, value] of Object.entries(input as Record<string, unknown>)) {
    if (value === undefined || value === null) {
      continue
    }
    if (!HEADER_NAME.test(name)) {
      invalid(`provider_data.headers has an invalid header name ${JSON.stringify(name)}`)
    }
    if (RESERVED_HEADERS.has(name.toLowerCase())) {
      invalid(
        `provider_data.headers cannot set "${name}"; use to/from/content, ` +
          `provider_data.message_id or provider_data.reply_to instead`
      )
    }
    // a CR or LF in a value would start a new header (header injection)
    const clean = (v: unknown) => String(v).replace(/[\r\n]+/g, " ")
    out[name] = Array.isArray(value) ? value.map(clean) : clean(value)
  }
  return out
}

function messageIdFrom(input: unknown): string | undefined {
  if (input === undefined || input === null || input === "") {
    return undefined
  }
  const id = String(input).trim().replace(/^<(.*)>$/, "$1")
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(id)) {
    invalid(
      `provider_data.message_id must look like "unique-part@your-domain" ` +
        `(angle brackets optional), got ${JSON.stringify(input)}`
    )
  }
  return `<${id}>`
}

function attachmentsFrom(list: ProviderSendNotificationDTO["attachments"][]) {
  const all = list.flatMap((l) => (Array.isArray(l) ? l : []))
  if (!all.length) {
    return undefined
  }
  return all.map((a, i) => {
    if (!a || typeof a.content !== "string" || !a.filename) {
      invalid(`attachment #${i + 1} needs a base64 "content" string and a "filename"`)
    }
    return {
      filename: a.filename,
      content: a.content,
      encoding: "base64",
      contentType: a.content_type || undefined,
      contentDisposition: (a.disposition === "inline" ? "inline" : "attachment") as
        | "inline"
        | "attachment",
      cid: a.id || undefined,
    }
  })
}

/**
 * A text or html part with the transfer encoding nodemailer would pick,
 * decided cheaply (see ./encoding). nodemailer reads `contentTransferEncoding`
 * on these parts; its types only leave it out.
 */
function textPart(value: string | null | undefined): SendMailOptions["html"] {
  if (!value) {
    return undefined
  }
  return { content: value, contentTransferEncoding: textTransferEncoding(value) } as SendMailOptions["html"]
}

function mask(address: string): string {
  return address.replace(/([^\s<,"]?)[^\s<,"@]*@/g, "$1***@")
}

export class SmtpNotificationService extends AbstractNotificationProviderService {
  static identifier = "smtp"

  protected readonly logger_: Logger
  protected readonly config_: ResolvedSmtpConfig
  protected readonly transporter_: Transporter<SentMessageInfo>
  private outboxReady_?: Promise<unknown>

  static validateOptions(options: Record<any, any>): void {
    resolveSmtpOptions(options)
  }

  constructor({ logger }: InjectedDependencies, options: SmtpProviderOptions) {
    super()
    this.logger_ = logger
    this.config_ = resolveSmtpOptions(options)

    const common = {
      // content comes from templates and callers: never let it read files or URLs
      disableFileAccess: true,
      disableUrlAccess: true,
      dkim: this.config_.dkim,
    }

    if (this.config_.mode === "outbox") {
      this.transporter_ = nodemailer.createTransport({
        ...common,
        streamTransport: true,
        buffer: true,
        newline: "windows",
      })
      this.logger_.warn(
        `smtp notification provider: no SMTP server configured (set "url" or "host"); ` +
          `emails are NOT sent but written to ${path.resolve(this.config_.outboxDir)} ` +
          `as .eml files. Use this in development only.`
      )
      return
    }

    const s = this.config_.smtp
    this.transporter_ = nodemailer.createTransport({
      ...common,
      host: s.host,
      port: s.port,
      secure: s.secure,
      auth: s.auth,
      tls: { rejectUnauthorized: s.rejectUnauthorized },
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      getSocket: connectWithoutNagle(CONNECTION_TIMEOUT_MS),
      ...(s.pool
        ? {
            pool: true as const,
            maxConnections: s.maxConnections,
            maxMessages: s.maxMessages,
            ...(s.rateLimit ? { rateLimit: s.rateLimit.messages, rateDelta: s.rateLimit.perMs } : {}),
          }
        : {}),
    })
    this.transporter_.on("error", (e: Error) => {
      this.logger_.error(`smtp notification provider: transport error: ${e.message}`)
    })
    this.logger_.info(
      `smtp notification provider: sending through ${s.host}:${s.port}` +
        (s.secure ? " (TLS)" : "") +
        (s.pool ? `, pool of ${s.maxConnections}` : "")
    )
  }

  async send(
    notification: ProviderSendNotificationDTO
  ): Promise<ProviderSendNotificationResultsDTO> {
    if (!notification) {
      invalid("no notification information provided")
    }
    const to = notification.to?.trim()
    if (!to) {
      invalid(`notification has no recipient ("to")`)
    }
    const content = notification.content
    if (!content?.subject || (!content.html && !content.text)) {
      invalid(
        `this provider sends rendered content only: pass content.subject and content.html ` +
          `(or content.text) to createNotifications` +
          (notification.template
            ? `; template "${notification.template}" was given without rendered content, render it first`
            : "")
      )
    }

    const pd = (notification.provider_data ?? {}) as ProviderData
    const mail: SendMailOptions = {
      from: notification.from?.trim() || this.config_.from,
      to,
      cc: pd.cc || undefined,
      bcc: pd.bcc || undefined,
      replyTo: pd.reply_to || undefined,
      subject: content.subject,
      html: textPart(content.html),
      text: textPart(content.text),
      headers: headersFrom(pd.headers),
      messageId: messageIdFrom(pd.message_id),
      attachments: attachmentsFrom([notification.attachments, pd.attachments]),
    }

    let info: SentMessageInfo
    try {
      info = await this.transporter_.sendMail(mail)
    } catch (e) {
      const c = classifySmtpError(e)
      this.logger_.warn(`smtp notification provider: mail to ${mask(to)} failed, ${c.kind}: ${c.message}`)
      throw new SmtpDeliveryError(c, e)
    }

    if (this.config_.mode === "outbox") {
      const file = await this.writeOutbox_(info.messageId, info.message as Buffer)
      this.logger_.info(`smtp notification provider: wrote "${content.subject}" for ${mask(to)} to ${file}`)
      return { id: info.messageId }
    }

    const rejected: string[] = info.rejected ?? []
    if (rejected.length) {
      this.logger_.warn(
        `smtp notification provider: ${info.messageId} was accepted for ` +
          `${(info.accepted ?? []).length} recipient(s) but rejected for ${rejected.map(mask).join(", ")}`
      )
    }
    return { id: info.messageId }
  }

  /** Closes the pooled connections. */
  async close(): Promise<void> {
    this.transporter_.close()
  }

  private async writeOutbox_(messageId: string, eml: Buffer): Promise<string> {
    const dir = path.resolve((this.config_ as { outboxDir: string }).outboxDir)
    this.outboxReady_ ??= mkdir(dir, { recursive: true }).catch((e) => {
      this.outboxReady_ = undefined
      throw e
    })
    await this.outboxReady_
    const stamp = new Date().toISOString().replace(/[:.]/g, "-")
    const slug = messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9._@-]/g, "_").slice(0, 120)
    const file = path.join(dir, `${stamp}-${slug}.eml`)
    await writeFile(file, eml, { flag: "wx" })
    return file
  }
}

export default SmtpNotificationService
