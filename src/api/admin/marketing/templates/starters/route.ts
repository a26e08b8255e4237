import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { STARTER_TEMPLATES } from "../../../../../lib/templates"

/** The starter library to create a template from. */
export const GET = async (_req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  res.json({
    starters: STARTER_TEMPLATES.map((s) => ({
      handle: s.handle,
      name: s.name,
      description: s.description,
      subject: s.subject,
      preheader: s.preheader,
      document: s.doc,
    })),
  })
}
