import { parseIp } from "./privacy"

/**
 * Which opens and clicks a person made. Mail security gateways fetch every
 * link of an incoming message to scan it, and some mailbox providers fetch
 * the images at delivery; counted as people, they make every campaign look
 * opened and clicked by everyone behind a corporate gateway. Events are
 * still recorded, with the verdict, so the admin can show both numbers and
 * the reason (short snake_case strings below).
 *
 * Heuristics, not proof: each rule names what it catches and why.
 */

export type HitContext = {
  user_agent: string | null
  ip: string | null
  method: "GET" | "HEAD" | "POST"
  /** seconds between the message being sent and this hit (null if unknown) */
  seconds_since_sent: number | null
}

export type BotVerdict = { bot: boolean; reason: string | null }

export const BOT_RULES = {
  /** a person does not receive, open, read and click within 10 s; a gateway scanning at delivery does */
  scanner_click_seconds: 10,
  /** an image fetched within 2 s of sending was fetched by the receiving server, not a reader */
  prefetch_open_seconds: 2,
  /** the window (before and after a click) in which other clicks on the same message count as a burst */
  burst_window_s: 5,
  /** this many distinct links of one message in one window: a scanner following every link */
  burst_links: 3,
} as const

export type BotAgentPattern = {
  /** what the admin shows as the reason */
  reason: string
  pattern: RegExp
}

/**
 * User agents that are never a person reading or clicking, first match
 * wins (specific groups come before the generic words). Applied to opens
 * and clicks alike.
 *
 * Deliberately NOT here: Gmail's image proxy ("GoogleImageProxy", "via
 * ggpht.com"). Gmail fetches images through it when a person opens the
 * message (and caches them), so it is a human open unless another rule
 * (timing, HEAD) says otherwise.
 */
export const BOT_AGENT_PATTERNS: readonly BotAgentPattern[] = [
  // Mail security gateways that fetch links/images to scan them.
  { reason: "security_scanner", pattern: /barracuda/i },
  { reason: "security_scanner", pattern: /mimecast/i },
  { reason: "security_scanner", pattern: /proofpoint/i },
  { reason: "security_scanner", pattern: /symantec|broadcom|messagelabs/i },
  { reason: "security_scanner", pattern: /trend\s?micro/i },
  { reason: "security_scanner", pattern: /ironport|cisco[\s_-]?(?:esa|secure\s?email)/i },
  { reason: "security_scanner", pattern: /fireeye|trellix/i },
  { reason: "security_scanner", pattern: /sophos/i },
  { reason: "security_scanner", pattern: /forcepoint|websense/i },

  // Microsoft: Defender/Safe Links' link preview, and the probe Office apps
  // send before handing a clicked link to the browser (the browser's own
  // request follows and is the human click).
  { reason: "link_preview", pattern: /bingpreview/i },
  { reason: "office_protocol_discovery", pattern: /microsoft office (?:protocol|existence) discovery/i },

  // Chat and social apps unfurling a link someone pasted: a preview, not a
  // click from the email.
  {
    reason: "link_preview",
    pattern: /facebookexternalhit|facebot|twitterbot|linkedinbot|slackbot|discordbot|telegrambot|whatsapp\/|skypeuripreview/i,
  },

  // Mailbox providers that fetch images when the message arrives rather
  // than when it is read. AOL Mail runs on Yahoo's mail platform and
  // fetches through the same proxy.
  { reason: "mail_prefetch", pattern: /yahoomailproxy|yahoocachesystem/i },

  // HTTP libraries and command-line tools: scripts, not mail clients.
  { reason: "http_library", pattern: /python-requests|python-urllib|aiohttp|\bcurl\/|\bwget\/|go-http-client/i },
  { reason: "http_library", pattern: /okhttp|apache-httpclient|libwww-perl|node-fetch|axios\/|^java\//i },

  // Browsers driven by automation.
  { reason: "headless_browser", pattern: /headlesschrome|phantomjs|puppeteer|playwright/i },

  // Generic self-descriptions. "bot" is matched case-sensitively at the end
  // of a word (Googlebot/2.1, AhrefsBot, "compatible; bot"), so the phone
  // brand "CUBOT"/"Cubot" in Android agents does not match.
  { reason: "bot_agent", pattern: /(?<![Cc][Uu])[bB]ot\b/ },
  { reason: "bot_agent", pattern: /crawler|spider|preview|scan/i },
]

/** Apple's network, from which Mail Privacy Protection fetches every image at delivery. */
function isAppleNetwork(ip: string | null): boolean {
  const bytes = parseIp(ip)
  return !!bytes && bytes.length === 4 && bytes[0] === 17
}

/** The user agent of Apple's MPP proxy: exactly "Mozilla/5.0", no platform or client tokens. */
function isMppAgent(ua: string): boolean {
  return ua.trim() === "Mozilla/5.0"
}

function agentReason(ua: string | null): string | null {
  if (!ua) {
    return null
  }
  for (const { reason, pattern } of BOT_AGENT_PATTERNS) {
    if (pattern.test(ua)) {
      return reason
    }
  }
  return null
}

function verdict(reason: string | null): BotVerdict {
  return { bot: reason !== null, reason }
}

/** Seconds since sending below `limit`; unknown timing never counts (negative = clock skew, counts). */
function within(seconds: number | null, limit: number): boolean {
  return typeof seconds === "number" && !Number.isNaN(seconds) && seconds < limit
}

/**
 * Was this pixel fetch a person opening the message? Bot rules in order:
 * HEAD (an image viewer GETs), a known machine agent, Apple Mail Privacy
 * Protection (Apple's 17.0.0.0/8 network or its bare agent; MPP fetches
 * every image whether or not the message is read), and a fetch within
 * `prefetch_open_seconds` of sending. A missing agent is not a rule here:
 * privacy proxies strip it on real opens.
 */
export function classifyOpen(hit: HitContext): BotVerdict {
  if (hit.method === "HEAD") {
    return verdict("head_request")
  }
  const agent = agentReason(hit.user_agent)
  if (agent) {
    return verdict(agent)
  }
  if (isAppleNetwork(hit.ip) || (hit.user_agent !== null && isMppAgent(hit.user_agent))) {
    return verdict("apple_mpp")
  }
  if (within(hit.seconds_since_sent, BOT_RULES.prefetch_open_seconds)) {
    return verdict("prefetch")
  }
  return verdict(null)
}

/**
 * Was this redirect a person clicking? Bot rules in order: HEAD, no user
 * agent (every browser sends one), a known machine agent, a click within
 * `scanner_click_seconds` of sending, and a burst of `burst_links` or more
 * distinct links of the message within `burst_window_s` (a scanner follows
 * every link at once; a person opens one). Apple's network is not a click
 * rule: MPP fetches images, never links.
 */
export function classifyClick(
  hit: HitContext & {
    /** other clicks on the same message (any link) within `burst_window_s` before/after this one */
    clicks_in_burst: number
    /** distinct links among this click and those other clicks (this click's link included) */
    distinct_links_in_burst: number
  }
): BotVerdict {
  if (hit.method === "HEAD") {
    return verdict("head_request")
  }
  if (!hit.user_agent || !hit.user_agent.trim()) {
    return verdict("no_user_agent")
  }
  const agent = agentReason(hit.user_agent)
  if (agent) {
    return verdict(agent)
  }
  if (within(hit.seconds_since_sent, BOT_RULES.scanner_click_seconds)) {
    return verdict("too_soon_after_send")
  }
  if (hit.clicks_in_burst > 0 && hit.distinct_links_in_burst >= BOT_RULES.burst_links) {
    return verdict("link_burst")
  }
  return verdict(null)
}
