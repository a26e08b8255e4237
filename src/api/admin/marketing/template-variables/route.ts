import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { TEMPLATE_VARIABLES } from "../../../../lib/templates"

/** Every variable a template may use, for the editor's "insert variable" menu. */
export const GET = async (_req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({ variables: TEMPLATE_VARIABLES })
}
