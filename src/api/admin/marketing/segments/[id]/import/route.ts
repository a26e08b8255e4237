import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { importStaticSegmentMembersWorkflow } from "../../../../../../workflows/segments"
import type { AdminImportSegmentContactsType } from "../../../validators"

/** A CSV with an email column into a static segment; answers with the row report. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminImportSegmentContactsType>, res: MedusaResponse) => {
  const { result } = await importStaticSegmentMembersWorkflow(req.scope).run({
    input: { segment_id: req.params.id, csv: req.validatedBody.csv },
  })
  res.json({ import: result })
}
