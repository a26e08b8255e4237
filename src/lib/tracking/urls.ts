import { signTrackingToken } from "./tokens"

/** Paths of the public tracking routes, relative to the public URL. */
export const TRACKING_PATHS = {
  open: "/marketing/o",
  click: "/marketing/c",
  view: "/marketing/view",
} as const

export type MessageTrackingUrls = {
  /** the open pixel */
  open: string
  /** the redirect for link `position` of the message's source */
  click: (position: number) => string
  /** the message as a web page */
  view: string
}

/**
 * The tracking URLs of one message. Tokens are signed per message (and per
 * link for clicks); only links that are actually in the HTML get a click
 * token, so a message with no links signs nothing but its pixel and view.
 */
export function messageTrackingUrls(input: {
  publicUrl: string
  /** where the pixel and the redirect are answered (a tracking domain); default publicUrl. The view page stays on publicUrl. */
  trackingUrl?: string
  secret: string
  messageId: string
  sourceId: string
}): MessageTrackingUrls {
  const base = input.publicUrl.replace(/\/+$/, "")
  const hits = (input.trackingUrl || input.publicUrl).replace(/\/+$/, "")
  let open: string | undefined
  let view: string | undefined
  return {
    get open() {
      return (open ??= `${hits}${TRACKING_PATHS.open}/${signTrackingToken({ kind: "open", message_id: input.messageId }, input.secret)}.gif`)
    },
    get view() {
      return (view ??= `${base}${TRACKING_PATHS.view}?token=${signTrackingToken({ kind: "view", message_id: input.messageId }, input.secret)}`)
    },
    click: (position: number) =>
      `${hits}${TRACKING_PATHS.click}/${signTrackingToken(
        { kind: "click", message_id: input.messageId, source_id: input.sourceId, link: position },
        input.secret
      )}`,
  }
}
