import { transform, WorkflowData } from "@medusajs/framework/workflows-sdk"
import { acquireLockStep } from "@medusajs/medusa/core-flows"
import type { TokenPurpose } from "../../lib/tokens"
import { verifySubscriptionTokenStep } from "../steps/subscription-verify-token"

/** The lock every change to one contact's subscription takes, whoever makes it. */
export const contactLockKey = (contactId: string) => `mkt:contact:${contactId}`

/**
 * Composition shared by the recipient workflows (confirm, preferences,
 * unsubscribe): verify the link's token for its purpose, then hold the
 * contact's lock until the workflow releases `lockKey`.
 */
export function verifyTokenAndLockContact(input: WorkflowData<{ token: string }>, purpose: TokenPurpose) {
  const verified = verifySubscriptionTokenStep(transform({ input }, ({ input }) => ({ token: input.token, purpose })))
  const lockKey = transform({ verified }, ({ verified }) => contactLockKey(verified.contact_id))
  acquireLockStep({ key: lockKey, timeout: 15, ttl: 60 })
  return { verified, lockKey }
}
