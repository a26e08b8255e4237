import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import { isValidEmail } from "../../lib/email"

export type CustomerForContact = {
  id: string
  email: string | null
  first_name?: string | null
  last_name?: string | null
  phone?: string | null
  has_account?: boolean
  groups?: { id: string }[] | null
}

/**
 * Keep one contact per customer address, linked to the customer. Running it
 * twice for the same customer changes nothing the second time.
 */
export const syncCustomerContactsStep = createStep(
  "sync-customer-contacts",
  async (customers: CustomerForContact[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const usable = customers.filter((c) => c.email && isValidEmail(c.email))
    const unlinked = await marketing.unlinkStaleCustomerContacts(
      usable.map((c) => ({ customer_id: c.id, email: c.email! }))
    )
    const result = await marketing.upsertContactsByEmail(
      usable.map((c) => ({
        email: c.email!,
        first_name: c.first_name,
        last_name: c.last_name,
        phone: c.phone,
        customer_id: c.id,
      })),
      { source: "customer" }
    )
    await marketing.setCustomerAttributes(
      usable.map((c) => ({
        customer_id: c.id,
        has_account: !!c.has_account,
        customer_group_ids: (c.groups ?? []).map((g) => g.id),
      }))
    )
    return new StepResponse(
      { created: result.created, updated: result.updated, unlinked: unlinked.length },
      { created: result.created_ids, unlinked }
    )
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    if (undo.created.length) {
      await marketing.purgeContacts(undo.created)
    }
    if (undo.unlinked.length) {
      await marketing.updateContacts(undo.unlinked)
    }
  }
)
