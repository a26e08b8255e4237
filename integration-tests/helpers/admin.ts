import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import jwt from "jsonwebtoken"

/**
 * An admin user and the bearer header for it, the way Medusa's own
 * integration tests authenticate (the test runner wipes rows after every
 * test, so call this in beforeEach).
 */
export async function createAdminHeaders(container: MedusaContainer, email = "admin@marketing.test") {
  const userModule = container.resolve(Modules.USER)
  const authModule = container.resolve(Modules.AUTH)
  const user = await userModule.createUsers({ email })
  const authIdentity = await authModule.createAuthIdentities({
    provider_identities: [{ provider: "emailpass", entity_id: email, provider_metadata: {} }],
    app_metadata: { user_id: user.id },
  })
  const token = jwt.sign(
    {
      actor_id: user.id,
      actor_type: "user",
      auth_identity_id: authIdentity.id,
      app_metadata: { user_id: user.id },
    },
    process.env.JWT_SECRET || "supersecret",
    { expiresIn: "1d" }
  )
  return { headers: { authorization: `Bearer ${token}` }, user }
}
