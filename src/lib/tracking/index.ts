/**
 * Open and click tracking, pure: signed tracking tokens, link
 * instrumentation at send time and placeholder filling per recipient,
 * redirect safety and UTM tagging, bot/scanner classification of hits, and
 * IP truncation. No Medusa imports, no database.
 *
 * Typical use:
 *   const { html, links } = instrumentHtml(compiled.html, { startPosition, resolveLiquid, utmHosts, utm }) // send start
 *   const body = fillTrackingPlaceholders(rendered.html, {                                               // per message
 *     open: `${base}/o/${signTrackingToken({ kind: "open", message_id }, secret)}`,
 *     click: (link) => `${base}/c/${signTrackingToken({ kind: "click", message_id, source_id, link }, secret)}`,
 *   })
 *   const result = verifyTrackingToken(req.params.token, secret)                                         // endpoint
 *   const verdict = classifyClick({ ...hit, clicks_in_burst, distinct_links_in_burst })
 *   const ip = privacyIp(req.ip, settings.ip_mode)
 */
export * from "./tokens"
export * from "./links"
export * from "./bots"
export * from "./privacy"
