import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importContactsWorkflow } from "../../../../../workflows/import-contacts"
import type { AdminImportContactsType } from "../../validators"

/** Import contacts from CSV text; answers with the import's full row report. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminImportContactsType>, res: MedusaResponse) => {
  const body = req.validatedBody
  const { result } = await importContactsWorkflow(req.scope).run({
    input: {
      csv: body.csv,
      filename: body.filename,
      mapping: body.mapping as any,
      subscribe: body.subscribe,
      consent_source: body.consent_source ?? "import",
      topics: body.topics,
      actor_id: req.auth_context?.actor_id,
    },
  })
  res.status(201).json({ import: result })
}
