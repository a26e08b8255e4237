import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { hashEmail, isValidEmail, normalizeEmail } from "../../lib/email"
import { encodeTopicClaim } from "../../lib/links"
import { signToken } from "../../lib/tokens"
import {
  BLOCKED_CONTACT_STATUSES,
  LIFTABLE_SUPPRESSION_REASON,
  marketingService,
  SubscriptionConsent,
} from "./subscription-shared"

export type PrepareSignupStepInput = {
  email: string
  first_name?: string | null
  last_name?: string | null
  /** topic handles; none means the `is_default` topics */
  topics?: string[] | null
  source?: string | null
  consent_wording_version?: string | null
  ip?: string | null
  user_agent?: string | null
}

/**
 * - `blocked`: suppressed (bounce, complaint, manual, erased) or a contact that
 *   bounced/complained: nothing is written and nothing is sent
 * - `noop`: already subscribed to every requested topic
 * - `confirm`: double opt-in: record the request and send a confirmation
 * - `subscribe`: single opt-in: subscribe now
 */
export type SignupAction = "blocked" | "noop" | "confirm" | "subscribe"

export type SignupPlan = {
  action: SignupAction
  email: string
  contact_id: string | null
  first_name: string | null
  topic_handles: string[]
  topic_names: string[]
  source: string
  consent: SubscriptionConsent
}

/** Longest confirmation token `verifyToken` accepts (see src/lib/tokens.ts). */
const MAX_TOKEN_LENGTH = 512
const SAMPLE_CONTACT_ID = "mcon_01JAAAAAAAAAAAAAAAAAAAAAAA"

export const prepareSignupStepId = "marketing-subscription-prepare-signup"

/**
 * Validates a sign-up (address, topic handles) and decides what it leads to,
 * from the module options, the existing contact and the suppression list.
 * Reads only.
 */
export const prepareSignupStep = createStep(
  prepareSignupStepId,
  async (input: PrepareSignupStepInput, { container }) => {
    const service = marketingService(container)
    const options = service.getOptions()

    const email = normalizeEmail(String(input.email ?? ""))
    if (!isValidEmail(email)) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "Enter a valid email address, like name@example.com")
    }

    const requested = [...new Set((input.topics ?? []).map((h) => h.trim()).filter(Boolean))]
    const topics = requested.length
      ? (await service.listTopics({ handle: requested }, { select: ["id", "handle", "name"] })).sort(
          (a, b) => requested.indexOf(a.handle) - requested.indexOf(b.handle)
        )
      : await service.listTopics({ is_default: true }, { select: ["id", "handle", "name"], order: { handle: "ASC" } })
    if (requested.length) {
      const known = new Set(topics.map((t) => t.handle))
      const unknown = requested.filter((h) => !known.has(h))
      if (unknown.length) {
        throw new MedusaError(
          MedusaError.Types.INVALID_DATA,
          `Unknown topic ${unknown.length === 1 ? "handle" : "handles"}: ${unknown.join(", ")}`
        )
      }
    }
    const claim = encodeTopicClaim(topics.map((t) => t.handle))
    if (
      claim &&
      signToken({ purpose: "confirm", subject: SAMPLE_CONTACT_ID, ttlSeconds: 1, extra: claim }, "x").length >
        MAX_TOKEN_LENGTH
    ) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "Too many topics in one sign-up; subscribe to fewer topics at a time"
      )
    }

    const version = input.consent_wording_version?.trim() || options.consent_wording_version
    const consent: SubscriptionConsent = {
      source: input.source?.trim() || "storefront",
      ip: input.ip ?? null,
      user_agent: input.user_agent ?? null,
      // the wording we know is the configured one; another version's text is the storefront's to keep
      wording: version === options.consent_wording_version ? options.consent_wording : null,
      wording_version: version,
    }

    const [contact] = await service.listContacts(
      { email },
      { select: ["id", "status", "first_name"], take: 1 }
    )
    const [suppression] = await service.listSuppressions(
      { email_hash: hashEmail(email) },
      { select: ["id", "reason"], take: 1 }
    )

    const plan: SignupPlan = {
      action: "confirm",
      email,
      contact_id: contact?.id ?? null,
      first_name: input.first_name?.trim() || contact?.first_name || null,
      topic_handles: topics.map((t) => t.handle),
      topic_names: topics.map((t) => t.name),
      source: consent.source,
      consent,
    }

    const blocked =
      (suppression && suppression.reason !== LIFTABLE_SUPPRESSION_REASON) ||
      (contact && (BLOCKED_CONTACT_STATUSES as readonly string[]).includes(contact.status))
    if (blocked) {
      return new StepResponse({ ...plan, action: "blocked" as const })
    }
    if (!options.double_opt_in) {
      return new StepResponse({ ...plan, action: "subscribe" as const })
    }
    if (contact?.status === "subscribed") {
      // topic changes need proof too: confirm only the topics not held yet
      const held = topics.length
        ? await service.listContactTopics(
            { contact_id: contact.id, topic_id: topics.map((t) => t.id), subscribed: true },
            { select: ["topic_id"] }
          )
        : []
      const heldIds = new Set(held.map((h: any) => h.topic_id))
      const missing = topics.filter((t) => !heldIds.has(t.id))
      if (!missing.length) {
        return new StepResponse({ ...plan, action: "noop" as const })
      }
      return new StepResponse({
        ...plan,
        topic_handles: missing.map((t) => t.handle),
        topic_names: missing.map((t) => t.name),
      })
    }
    return new StepResponse(plan)
  }
)
