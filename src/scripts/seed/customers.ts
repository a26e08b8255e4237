/**
 * Customers (registered and guest-checkout rows, as Medusa keeps them) with a
 * default address, and an emailpass login for every registered one.
 */
import { Modules } from "@medusajs/framework/utils"
import { chunk, listIn, SeedContext } from "./context"
import type { CustomerPlan } from "./plan"

const BATCH = 250
/** Every demo account signs in with its email and this password. */
export const DEMO_PASSWORD = "supersecret"

export type CustomerRefs = {
  /** lower-case email -> customer id */
  ids: Map<string, string>
  accounts: number
  guests: number
  logins: number
}

export async function seedCustomers(ctx: SeedContext): Promise<CustomerRefs> {
  const { container, logger, plan } = ctx
  const customerModule = container.resolve(Modules.CUSTOMER)
  const emails = plan.customers.map((c) => c.email)

  const existing = await listIn(emails, (slice) =>
    customerModule.listCustomers({ email: slice }, { select: ["id", "email", "has_account"] })
  )
  const ids = new Map<string, string>()
  const key = (email: string, account: boolean) => `${account ? "a" : "g"}:${email}`
  const have = new Map(existing.map((c) => [key(c.email!, c.has_account), c.id]))
  const missing = plan.customers.filter((c) => !have.has(key(c.email, c.has_account)))

  let done = plan.customers.length - missing.length
  for (const batch of chunk(missing, BATCH)) {
    const created = await customerModule.createCustomers(batch.map(toCustomer) as any)
    for (const c of created) {
      have.set(key(c.email!, c.has_account), c.id)
    }
    done += batch.length
    logger.info(`Customers: ${done}/${plan.customers.length}`)
  }
  for (const c of plan.customers) {
    ids.set(c.email, have.get(key(c.email, c.has_account))!)
  }

  const logins = await ensureLogins(ctx, plan.customers.filter((c) => c.has_account), ids)
  const accounts = plan.customers.filter((c) => c.has_account).length
  return { ids, accounts, guests: plan.customers.length - accounts, logins }
}

function toCustomer(c: CustomerPlan) {
  return {
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    phone: c.phone,
    has_account: c.has_account,
    created_at: c.created_at,
    updated_at: c.created_at,
    metadata: { seed: "demo" },
    addresses: [
      {
        address_name: "Home",
        first_name: c.address.first_name,
        last_name: c.address.last_name,
        address_1: c.address.address_1,
        city: c.address.city,
        postal_code: c.address.postal_code,
        province: c.address.province,
        country_code: c.address.country_code,
        phone: c.address.phone,
        is_default_shipping: true,
        is_default_billing: true,
      },
    ],
  }
}

/**
 * Hashing a password takes ~100 ms, so it happens once: the first login is
 * registered through the emailpass provider and its hash reused for the rest.
 */
async function ensureLogins(ctx: SeedContext, accounts: CustomerPlan[], ids: Map<string, string>): Promise<number> {
  const { container, logger } = ctx
  const auth = container.resolve(Modules.AUTH)
  const emails = accounts.map((c) => c.email)
  const existing = await listIn(emails, (slice) =>
    // the generated filter type says string, the service takes a list (IN) like every MedusaService filter
    auth.listProviderIdentities(
      { provider: "emailpass", entity_id: slice as unknown as string },
      { select: ["id", "entity_id", "provider_metadata"] }
    )
  )
  const have = new Set(existing.map((p) => p.entity_id))
  let hash = existing.find((p) => p.provider_metadata?.password)?.provider_metadata?.password as string | undefined
  const missing = accounts.filter((c) => !have.has(c.email))

  if (missing.length && !hash) {
    const first = missing.shift()!
    const { success, authIdentity, error } = await auth.register("emailpass", {
      body: { email: first.email, password: DEMO_PASSWORD },
    })
    if (!success || !authIdentity) {
      throw new Error(`Could not register a demo login for ${first.email}: ${error}`)
    }
    await auth.updateAuthIdentities({ id: authIdentity.id, app_metadata: { customer_id: ids.get(first.email) } })
    const [identity] = await auth.listProviderIdentities(
      { provider: "emailpass", entity_id: first.email },
      { select: ["provider_metadata"] }
    )
    hash = identity.provider_metadata!.password as string
  }

  for (const batch of chunk(missing, 500)) {
    await auth.createAuthIdentities(
      batch.map((c) => ({
        provider_identities: [
          { provider: "emailpass", entity_id: c.email, provider_metadata: { password: hash } },
        ],
        app_metadata: { customer_id: ids.get(c.email) },
      }))
    )
  }
  if (accounts.length) {
    logger.info(`Customer logins: ${accounts.length} (password "${DEMO_PASSWORD}")`)
  }
  return accounts.length
}
