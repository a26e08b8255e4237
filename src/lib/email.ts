import { createHash } from "node:crypto"

/** Lower-cased, trimmed address: the one key a contact has. */
export function normalizeEmail(input: string): string {
  return input.trim().toLowerCase()
}

// Practical RFC 5321/5322 subset: what real mailboxes use and MTAs accept.
const LOCAL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/i
const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/i

/** True when `input` (already normalised or not) is an address we can send to. */
export function isValidEmail(input: unknown): boolean {
  if (typeof input !== "string") {
    return false
  }
  const email = input.trim()
  if (email.length < 3 || email.length > 254) {
    return false
  }
  const at = email.lastIndexOf("@")
  if (at < 1 || at === email.length - 1) {
    return false
  }
  const local = email.slice(0, at)
  const domain = email.slice(at + 1)
  if (local.length > 64 || !LOCAL.test(local)) {
    return false
  }
  const labels = domain.split(".")
  if (labels.length < 2) {
    return false
  }
  if (!labels.every((l) => LABEL.test(l))) {
    return false
  }
  // top-level domain is never all digits
  return !/^\d+$/.test(labels[labels.length - 1])
}

/** SHA-256 of the normalised address: lets us suppress an address we no longer keep. */
export function hashEmail(email: string): string {
  return createHash("sha256").update(normalizeEmail(email)).digest("hex")
}

/** "j***@example.com": enough to recognise an address in logs without leaking it. */
export function maskEmail(email: string): string {
  const at = email.indexOf("@")
  if (at < 1) {
    return "***"
  }
  return `${email[0]}***${email.slice(at)}`
}
