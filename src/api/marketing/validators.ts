import { z } from "@medusajs/framework/zod"

const LINK_HINT = "Copy the whole link from the email and try again."

/** A signed link token as it arrives from an email client. */
export const linkToken = z
  .string({ error: `This link is incomplete: its token is missing. ${LINK_HINT}` })
  .trim()
  .min(1, { error: `This link is incomplete: its token is missing. ${LINK_HINT}` })
  .max(512, { error: `This link is not valid. ${LINK_HINT}` })

/** One form value or several (checkboxes), always as a list. */
const formList = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))

const formFlag = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => {
    const last = Array.isArray(v) ? v[v.length - 1] : v
    return last !== undefined && ["1", "true", "on", "yes"].includes(last.toLowerCase())
  })

export const PageTokenQuery = z.object({ token: linkToken }).passthrough()
export type PageTokenQueryType = z.infer<typeof PageTokenQuery>

/** POST /marketing/preferences (HTML form). */
export const PreferencesForm = z
  .object({
    token: linkToken,
    topics: formList.pipe(z.array(z.string().max(100)).max(100, { error: "Too many topics in one form." })),
    unsubscribe_all: formFlag,
  })
  .passthrough()
export type PreferencesFormType = z.infer<typeof PreferencesForm>

/**
 * POST /marketing/unsubscribe: the page's button (`confirm=1`) or an RFC 8058
 * one-click POST (`List-Unsubscribe=One-Click`). Nothing but the token is needed.
 */
export const UnsubscribeForm = z
  .object({
    token: linkToken,
    "List-Unsubscribe": z.union([z.string(), z.array(z.string())]).optional(),
  })
  .passthrough()
export type UnsubscribeFormType = z.infer<typeof UnsubscribeForm>
