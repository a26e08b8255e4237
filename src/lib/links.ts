import { signToken } from "./tokens"

/**
 * Signed links a recipient follows from an email. Preference and unsubscribe
 * links never expire (they sit in old emails) but are signed and bound to
 * their purpose; confirmation links expire.
 */

/** Path of the public recipient routes, relative to the public URL. */
export const PUBLIC_PATHS = {
  confirm: "/marketing/confirm",
  preferences: "/marketing/preferences",
  unsubscribe: "/marketing/unsubscribe",
} as const

export type ContactLinks = {
  /** GET: a page asking to confirm; the page's button POSTs back. */
  unsubscribe_url: string
  /** GET: the preference centre form. */
  preferences_url: string
  /**
   * RFC 8058 target for `List-Unsubscribe` with
   * `List-Unsubscribe-Post: List-Unsubscribe=One-Click`: a POST here
   * unsubscribes at once, without a cookie or a login.
   */
  one_click_url: string
}

function base(publicUrl: string): string {
  return publicUrl.replace(/\/+$/, "")
}

function withToken(publicUrl: string, path: string, token: string): string {
  return `${base(publicUrl)}${path}?token=${encodeURIComponent(token)}`
}

/**
 * Links for one contact, for the footer and headers of a marketing email.
 * With `topicHandle` the unsubscribe links leave only that topic.
 */
export function buildContactLinks(input: {
  publicUrl: string
  secret: string
  contactId: string
  topicHandle?: string | null
  /**
   * A tracking token naming the message that carries the links (kind
   * "view"): the unsubscribe is then recorded as an event of that message.
   */
  messageToken?: string | null
}): ContactLinks {
  const unsubscribe = signToken(
    { purpose: "unsubscribe", subject: input.contactId, extra: input.topicHandle || undefined },
    input.secret
  )
  const preferences = signToken({ purpose: "preferences", subject: input.contactId }, input.secret)
  const unsubscribeUrl =
    withToken(input.publicUrl, PUBLIC_PATHS.unsubscribe, unsubscribe) +
    (input.messageToken ? `&m=${encodeURIComponent(input.messageToken)}` : "")
  return {
    unsubscribe_url: unsubscribeUrl,
    preferences_url: withToken(input.publicUrl, PUBLIC_PATHS.preferences, preferences),
    one_click_url: unsubscribeUrl,
  }
}

/** Headers that give mailbox providers a one-click unsubscribe button (RFC 2369 + RFC 8058). */
export function listUnsubscribeHeaders(links: ContactLinks): Record<string, string> {
  return {
    "List-Unsubscribe": `<${links.one_click_url}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  }
}

/** Separator of topic handles in a confirmation token's extra claim. */
const TOPIC_SEPARATOR = ","

export function encodeTopicClaim(handles: string[]): string | undefined {
  const unique = [...new Set(handles.filter(Boolean))]
  return unique.length ? unique.join(TOPIC_SEPARATOR) : undefined
}

export function decodeTopicClaim(claim: string | undefined | null): string[] {
  if (!claim) {
    return []
  }
  return [...new Set(claim.split(TOPIC_SEPARATOR).map((h) => h.trim()).filter(Boolean))]
}

/** The double-opt-in link: expires, and names the topics the click grants. */
export function buildConfirmUrl(input: {
  publicUrl: string
  secret: string
  contactId: string
  topicHandles?: string[]
  ttlHours: number
  now?: number
}): { url: string; token: string } {
  const token = signToken(
    {
      purpose: "confirm",
      subject: input.contactId,
      ttlSeconds: Math.max(1, Math.round(input.ttlHours * 3600)),
      extra: encodeTopicClaim(input.topicHandles ?? []),
    },
    input.secret,
    input.now
  )
  return { url: withToken(input.publicUrl, PUBLIC_PATHS.confirm, token), token }
}
