/**
 * The RFC 5322 Message-ID of a marketing message, derived from the message's
 * id so a resend after a crash carries the same Message-ID (receivers and
 * providers treat it as the same email) and bounces can be matched back.
 */
export function messageIdHeader(messageId: string, fromOrDomain: string): string {
  const domain = domainOf(fromOrDomain)
  const local = messageId.replace(/[^A-Za-z0-9._-]/g, "")
  if (!local) {
    throw new Error(`A message id is needed to derive a Message-ID, got ${JSON.stringify(messageId)}`)
  }
  return `${local}@${domain}`
}

/** The domain of an address ("Store <a@shop.com>" -> "shop.com"), or of a bare domain. */
export function domainOf(fromOrDomain: string): string {
  const m = /@([A-Za-z0-9.-]+)>?\s*$/.exec(fromOrDomain.trim())
  const domain = (m ? m[1] : fromOrDomain.trim()).toLowerCase().replace(/\.$/, "")
  return /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain) ? domain : "localhost"
}

/** "Name <email>" with the name quoted when it needs it. */
export function formatFrom(name: string | null | undefined, email: string): string {
  const n = (name ?? "").replace(/[\r\n"\\]+/g, " ").trim()
  return n ? `"${n}" <${email}>` : email
}
