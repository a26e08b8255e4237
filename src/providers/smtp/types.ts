/**
 * Options of the smtp notification provider (medusa-config, notification module providers).
 * Give `url` OR `host` (+ port/secure/user/pass). With neither, mail is written as .eml
 * files into `outbox_dir` instead of being sent (development only).
 */
export type SmtpProviderOptions = {
  /** default sender, "Store <store@example.com>" or "store@example.com" */
  from: string
  /** smtp://user:pass@host:587 or smtps://user:pass@host:465 (user and pass URL-encoded) */
  url?: string
  host?: string
  /** default 465 when secure, else 587 */
  port?: number
  /** implicit TLS (port 465); default true on port 465, else STARTTLS when offered */
  secure?: boolean
  user?: string
  pass?: string
  /** keep connections open and reuse them (default true) */
  pool?: boolean
  /** pooled connections (default 5) */
  max_connections?: number
  /** messages per connection before it is recycled (default 100) */
  max_messages?: number
  /** messages per second across the pool (pool only; default unlimited) */
  rate_limit?: number
  /** verify the server certificate (default true) */
  tls_reject_unauthorized?: boolean
  /** sign every message; all three or none */
  dkim?: {
    domain_name: string
    key_selector: string
    /** PEM; "\n" escapes must already be real newlines */
    private_key: string
  }
  /** where .eml files go when no SMTP server is configured (default "./outbox") */
  outbox_dir?: string
  /** read by the Notification Module, not by this provider */
  channels?: string[]
}

/** Options after validation and defaults: exactly one of `smtp` / `outbox_dir`. */
export type ResolvedSmtpConfig = {
  from: string
  dkim?: { domainName: string; keySelector: string; privateKey: string }
} & (
  | {
      mode: "smtp"
      smtp: {
        host: string
        port: number
        secure: boolean
        auth?: { user: string; pass: string }
        pool: boolean
        maxConnections: number
        maxMessages: number
        rateLimit?: { messages: number; perMs: number }
        rejectUnauthorized: boolean
      }
    }
  | { mode: "outbox"; outboxDir: string }
)
