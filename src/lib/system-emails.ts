/**
 * The emails and small hosted pages the subscription flow shows a recipient:
 * the double-opt-in confirmation email, and the confirm / preference centre /
 * unsubscribe / done / error pages. Plain functions of their inputs, no
 * Medusa imports. Every interpolated value is HTML-escaped; pages use inline
 * CSS only (no scripts, no external assets) so they pass a strict CSP.
 */

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
}

/** Escape text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) {
    return ""
  }
  return String(value).replace(/[&<>"'`]/g, (c) => ESCAPES[c])
}

/** Wording shown next to each checkbox of the preference centre (stored with every grant made there). */
export const PREFERENCE_CENTRE_WORDING = "Email me about the topics I tick below. I can change this at any time."
export const PREFERENCE_CENTRE_WORDING_VERSION = "preference-centre-v1"

// ---------------------------------------------------------------------------
// Confirmation email
// ---------------------------------------------------------------------------

export type ConfirmationEmailInput = {
  storeName: string
  confirmUrl: string
  firstName?: string | null
  /** Names of the topics the click will grant. */
  topicNames?: string[]
  /** How long the link stays valid, to tell the reader. */
  ttlHours?: number
}

export type RenderedEmail = { subject: string; html: string; text: string }

/** The double-opt-in email: one clear button, the raw link as a fallback, and what happens if ignored. */
export function renderConfirmationEmail(input: ConfirmationEmailInput): RenderedEmail {
  const store = input.storeName.trim() || "our store"
  const greeting = input.firstName?.trim() ? `Hi ${input.firstName.trim()},` : "Hi,"
  const topics = (input.topicNames ?? []).filter(Boolean)
  const what = topics.length ? `${topics.join(", ")} from ${store}` : `email from ${store}`
  const validity = input.ttlHours
    ? `This link is valid for ${formatHours(input.ttlHours)}.`
    : ""
  const subject = `Confirm your subscription to ${store}`

  const text = [
    greeting,
    "",
    `Please confirm that you want to receive ${what}.`,
    "",
    `Confirm your subscription: ${input.confirmUrl}`,
    "",
    [validity, "If you did not ask for this, ignore this email and you will not be subscribed."]
      .filter(Boolean)
      .join(" "),
    "",
    `— ${store}`,
  ].join("\n")

  const url = escapeHtml(input.confirmUrl)
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f4f4f5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f4f5;padding:24px 0;">
<tr><td align="center">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:560px;background:#ffffff;border-radius:8px;padding:32px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b;line-height:1.5;">
<tr><td>
<h1 style="font-size:20px;margin:0 0 16px;">${escapeHtml(subject)}</h1>
<p style="margin:0 0 16px;">${escapeHtml(greeting)}</p>
<p style="margin:0 0 24px;">Please confirm that you want to receive ${escapeHtml(what)}.</p>
<p style="margin:0 0 24px;"><a href="${url}" style="display:inline-block;background:#18181b;color:#ffffff;text-decoration:none;padding:12px 20px;border-radius:6px;font-weight:600;">Confirm subscription</a></p>
<p style="margin:0 0 16px;font-size:14px;color:#52525b;">If the button does not work, copy this link into your browser:<br><a href="${url}" style="color:#2563eb;word-break:break-all;">${url}</a></p>
<p style="margin:0;font-size:14px;color:#52525b;">${escapeHtml(
    [validity, "If you did not ask for this, ignore this email and you will not be subscribed."]
      .filter(Boolean)
      .join(" ")
  )}</p>
</td></tr>
</table>
<p style="font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#71717a;margin:16px 0 0;">${escapeHtml(store)}</p>
</td></tr>
</table>
</body>
</html>`

  return { subject, html, text }
}

function formatHours(hours: number): string {
  if (hours % 24 === 0 && hours >= 24) {
    const days = hours / 24
    return days === 1 ? "1 day" : `${days} days`
  }
  return hours === 1 ? "1 hour" : `${hours} hours`
}

// ---------------------------------------------------------------------------
// Hosted pages
// ---------------------------------------------------------------------------

export type Page = { status: number; html: string }

/**
 * Pages carry tokens in their URL: never cache them, never leak them in a
 * Referer, never index them, never frame them; no scripts at all.
 */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  "Content-Type": "text/html; charset=utf-8",
  "Cache-Control": "no-store",
  "Referrer-Policy": "no-referrer",
  "X-Robots-Tag": "noindex, nofollow",
  "X-Content-Type-Options": "nosniff",
  "Content-Security-Policy":
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
}

type LayoutInput = {
  storeName: string
  title: string
  /** Already-safe HTML for the card body. */
  body: string
  tone?: "neutral" | "success" | "error"
}

const TONE_COLOUR = { neutral: "#18181b", success: "#15803d", error: "#b91c1c" }

function layout({ storeName, title, body, tone = "neutral" }: LayoutInput): string {
  const store = storeName.trim() || "Store"
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)} · ${escapeHtml(store)}</title>
</head>
<body style="margin:0;background:#f4f4f5;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;color:#18181b;line-height:1.5;">
<main style="max-width:560px;margin:48px auto;padding:0 16px;">
<p style="margin:0 0 12px;font-size:14px;color:#52525b;">${escapeHtml(store)}</p>
<div style="background:#ffffff;border-radius:8px;padding:32px;box-shadow:0 1px 2px rgba(0,0,0,0.06);">
<h1 style="font-size:22px;margin:0 0 16px;color:${TONE_COLOUR[tone]};">${escapeHtml(title)}</h1>
${body}
</div>
</main>
</body>
</html>`
}

const P = 'style="margin:0 0 16px;"'
const BUTTON =
  'style="background:#18181b;color:#ffffff;border:0;border-radius:6px;padding:12px 20px;font-size:16px;font-weight:600;cursor:pointer;"'
const LINK = 'style="color:#2563eb;"'

/** Result of a confirmation click. */
export function renderConfirmResultPage(input: {
  storeName: string
  outcome: "confirmed" | "already_confirmed" | "blocked"
  preferencesUrl?: string | null
}): Page {
  const prefs = input.preferencesUrl
    ? `<p style="margin:0;"><a href="${escapeHtml(input.preferencesUrl)}" ${LINK}>Choose what you hear about</a></p>`
    : ""
  if (input.outcome === "blocked") {
    return {
      status: 200,
      html: layout({
        storeName: input.storeName,
        title: "We could not subscribe this address",
        body: `<p ${P}>This address cannot receive our marketing email. If you think this is a mistake, contact ${escapeHtml(
          input.storeName
        )}.</p>`,
      }),
    }
  }
  const first = input.outcome === "confirmed"
  return {
    status: 200,
    html: layout({
      storeName: input.storeName,
      title: first ? "You're subscribed" : "You're already subscribed",
      tone: "success",
      body: `<p ${P}>${
        first
          ? "Thanks for confirming. You will now receive our emails."
          : "Your subscription was already confirmed. Nothing else to do."
      } Every email has a link to unsubscribe.</p>${prefs}`,
    }),
  }
}

export type PreferenceTopic = {
  handle: string
  name: string
  description?: string | null
  subscribed: boolean
}

/** The preference centre: one checkbox per public topic plus "unsubscribe from all". */
export function renderPreferencesPage(input: {
  storeName: string
  /** relative or absolute URL the form posts to (the token travels in it) */
  action: string
  token: string
  email?: string | null
  status: string
  topics: PreferenceTopic[]
  /** show a "saved" notice */
  saved?: boolean
}): Page {
  const unsubscribed = input.status === "unsubscribed"
  const notice = input.saved
    ? `<p role="status" style="margin:0 0 16px;padding:12px;border-radius:6px;background:#f0fdf4;color:#15803d;">Your preferences are saved.</p>`
    : ""
  const state = unsubscribed
    ? `<p ${P}>You are unsubscribed from all our marketing email. Tick a topic and save to subscribe again.</p>`
    : ""
  const who = input.email ? `<p ${P}>Email preferences for <strong>${escapeHtml(input.email)}</strong>.</p>` : ""
  const items = input.topics.length
    ? input.topics
        .map((t, i) => {
          const id = `topic-${i}`
          const desc = t.description
            ? `<br><span id="${id}-desc" style="font-size:14px;color:#52525b;">${escapeHtml(t.description)}</span>`
            : ""
          return `<li style="margin:0 0 12px;list-style:none;"><input type="checkbox" id="${id}" name="topics" value="${escapeHtml(
            t.handle
          )}"${t.subscribed && !unsubscribed ? " checked" : ""}${
            t.description ? ` aria-describedby="${id}-desc"` : ""
          } style="width:18px;height:18px;vertical-align:middle;margin-right:8px;"><label for="${id}" style="font-weight:600;">${escapeHtml(
            t.name
          )}</label>${desc}</li>`
        })
        .join("\n")
    : `<li style="list-style:none;">There are no topics to choose from.</li>`
  const body = `${notice}${who}${state}
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="token" value="${escapeHtml(input.token)}">
<fieldset style="border:0;padding:0;margin:0 0 16px;">
<legend style="font-weight:600;margin:0 0 8px;">${escapeHtml(PREFERENCE_CENTRE_WORDING)}</legend>
<ul style="padding:0;margin:0;">
${items}
</ul>
</fieldset>
<p style="margin:0 0 24px;padding-top:16px;border-top:1px solid #e4e4e7;"><input type="checkbox" id="unsubscribe_all" name="unsubscribe_all" value="1" style="width:18px;height:18px;vertical-align:middle;margin-right:8px;"><label for="unsubscribe_all">Unsubscribe from all marketing email</label></p>
<button type="submit" ${BUTTON}>Save preferences</button>
</form>`
  return {
    status: 200,
    html: layout({ storeName: input.storeName, title: "Email preferences", body }),
  }
}

/** Shown on GET of an unsubscribe link: a button, so link scanners never unsubscribe anyone. */
export function renderUnsubscribeConfirmPage(input: {
  storeName: string
  action: string
  token: string
  email?: string | null
  topicName?: string | null
  preferencesUrl?: string | null
}): Page {
  const from = input.topicName ? `“${escapeHtml(input.topicName)}” emails` : "all our marketing email"
  const who = input.email ? ` for <strong>${escapeHtml(input.email)}</strong>` : ""
  const prefs = input.preferencesUrl
    ? `<p style="margin:24px 0 0;font-size:14px;">Rather choose what you get? <a href="${escapeHtml(
        input.preferencesUrl
      )}" ${LINK}>Manage your preferences</a></p>`
    : ""
  const body = `<p ${P}>Unsubscribe${who} from ${from}?</p>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="token" value="${escapeHtml(input.token)}">
<input type="hidden" name="confirm" value="1">
<button type="submit" ${BUTTON}>Unsubscribe</button>
</form>${prefs}`
  return { status: 200, html: layout({ storeName: input.storeName, title: "Unsubscribe", body }) }
}

/** A finished action: unsubscribed, preferences saved, and so on. */
export function renderDonePage(input: {
  storeName: string
  title: string
  message: string
  link?: { href: string; label: string } | null
}): Page {
  const link = input.link
    ? `<p style="margin:0;"><a href="${escapeHtml(input.link.href)}" ${LINK}>${escapeHtml(input.link.label)}</a></p>`
    : ""
  return {
    status: 200,
    html: layout({
      storeName: input.storeName,
      title: input.title,
      tone: "success",
      body: `<p ${P}>${escapeHtml(input.message)}</p>${link}`,
    }),
  }
}

/** What a person sees when something is wrong with their request. Never a stack trace. */
export function renderErrorPage(input: { storeName: string; status: number; message: string; title?: string }): Page {
  const status = input.status >= 400 && input.status < 600 ? input.status : 400
  const title =
    input.title ??
    (status === 404
      ? "Not found"
      : status === 413
        ? "Request too large"
        : status === 429
          ? "Too many requests"
          : status >= 500
            ? "Something went wrong"
            : "This link does not work")
  return {
    status,
    html: layout({
      storeName: input.storeName,
      title,
      tone: "error",
      body: `<p role="alert" ${P}>${escapeHtml(input.message)}</p>`,
    }),
  }
}
