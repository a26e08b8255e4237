import { z } from "@medusajs/framework/zod"
import { isValidEmail } from "../../../lib/email"
import { linkToken } from "../../marketing/validators"

const handle = z.string().trim().min(1).max(100)

/** POST /store/marketing/subscribe */
export const StoreSubscribe = z.object({
  email: z
    .string({ error: "Field 'email' is required" })
    .trim()
    .max(254, { error: "Field 'email' is too long" })
    .refine((v) => isValidEmail(v), { error: "Field 'email' must be a valid email address, like name@example.com" }),
  first_name: z.string().trim().max(100).nullish(),
  last_name: z.string().trim().max(100).nullish(),
  topics: z.array(handle).max(20, { error: "At most 20 topics per sign-up" }).optional(),
  source: z.string().trim().min(1).max(64).optional(),
  consent_wording_version: z.string().trim().min(1).max(64).optional(),
})
export type StoreSubscribeType = z.infer<typeof StoreSubscribe>

/** POST /store/marketing/confirm */
export const StoreConfirm = z.object({ token: linkToken })
export type StoreConfirmType = z.infer<typeof StoreConfirm>

/** GET /store/marketing/preferences */
export const StoreGetPreferences = z.object({ token: linkToken })
export type StoreGetPreferencesType = z.infer<typeof StoreGetPreferences>

/** POST /store/marketing/preferences */
export const StoreUpdatePreferences = z.object({
  token: linkToken,
  topics: z
    .record(handle, z.boolean())
    .refine((v) => Object.keys(v).length <= 100, { error: "At most 100 topics at once" })
    .optional(),
  unsubscribe_all: z.boolean().optional(),
})
export type StoreUpdatePreferencesType = z.infer<typeof StoreUpdatePreferences>

/** POST /store/marketing/unsubscribe */
export const StoreUnsubscribe = z.object({ token: linkToken })
export type StoreUnsubscribeType = z.infer<typeof StoreUnsubscribe>
