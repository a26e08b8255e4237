import type { MedusaContainer } from "@medusajs/framework/types"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { ConsentContext, MarketingModuleOptions } from "../../modules/marketing/types"

/** Contact statuses a sign-up, a confirmation or a preference change never turns into "subscribed". */
export const BLOCKED_CONTACT_STATUSES = ["bounced", "complained", "cleaned"] as const

/** The only suppression reason a confirmed sign-up may lift. */
export const LIFTABLE_SUPPRESSION_REASON = "unsubscribed"

export function marketingService(container: MedusaContainer): MarketingModuleService {
  return container.resolve<MarketingModuleService>(MARKETING_MODULE)
}

export function marketingOptions(container: MedusaContainer): MarketingModuleOptions {
  return marketingService(container).getOptions()
}

/**
 * Who changed consent, where and under what wording. `wording` left
 * undefined means "the sign-up wording configured on the module".
 */
export type SubscriptionConsent = ConsentContext

export type ConsentRowInput = {
  contact_id: string
  email: string | null
  action: "requested" | "granted" | "withdrawn"
  topic_handle: string | null
  consent: SubscriptionConsent
}

/** A consent ledger row, ready for `createConsentEvents`. */
export function consentRow(row: ConsentRowInput, options: MarketingModuleOptions, now: Date) {
  const wording = row.consent.wording === undefined ? options.consent_wording : row.consent.wording
  const version =
    row.consent.wording_version === undefined ? options.consent_wording_version : row.consent.wording_version
  return {
    contact_id: row.contact_id,
    action: row.action,
    channel: "email",
    email: row.email,
    topic_handle: row.topic_handle,
    source: row.consent.source,
    ip: row.consent.ip ?? null,
    user_agent: row.consent.user_agent ?? null,
    wording: wording ?? null,
    wording_version: version ?? null,
    occurred_at: now,
  }
}
