import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { describeTokenFailure, TokenPurpose, verifyToken } from "../../lib/tokens"
import { marketingService } from "./subscription-shared"

export type VerifySubscriptionTokenStepInput = {
  token: string
  purpose: TokenPurpose
}

export type VerifiedSubscriptionToken = {
  contact_id: string
  /** the token's extra claim: topic handles (confirm) or one topic handle (unsubscribe) */
  claim: string | null
}

/** Verifies a link token; a bad one becomes INVALID_DATA with a message for the person who clicked it. */
export function readSubscriptionToken(token: unknown, secret: string, purpose: TokenPurpose): VerifiedSubscriptionToken {
  const result = verifyToken(token, secret, purpose)
  if (!result.ok) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, describeTokenFailure(result.reason))
  }
  return { contact_id: result.payload.s, claim: result.payload.x ?? null }
}

export const verifySubscriptionTokenStepId = "marketing-subscription-verify-token"

/**
 * Checks a link's signed token (signature, purpose, expiry) and that its
 * contact still exists (and was not erased). A bad link is INVALID_DATA with a message meant for
 * the person who clicked it.
 */
export const verifySubscriptionTokenStep = createStep(
  verifySubscriptionTokenStepId,
  async (input: VerifySubscriptionTokenStepInput, { container }) => {
    const service = marketingService(container)
    const verified = readSubscriptionToken(input.token, service.getOptions().secret, input.purpose)
    const [contact] = await service.listContacts({ id: verified.contact_id }, { select: ["id", "status"], take: 1 })
    if (!contact || contact.status === "cleaned") {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "This link is no longer valid: the subscription it belongs to does not exist any more."
      )
    }
    return new StepResponse(verified)
  }
)
