import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MARKETING_MODULE } from "../../../../../../modules/marketing"
import type MarketingModuleService from "../../../../../../modules/marketing/service"
import { updateStaticSegmentMembersWorkflow } from "../../../../../../workflows/segments"
import { refetchEntity } from "../../../helpers"
import type { AdminGetSegmentContactsParamsType, AdminUpdateSegmentContactsType } from "../../../validators"

/** The segment's current members, newest first. */
export const GET = async (
  req: AuthenticatedMedusaRequest<unknown, AdminGetSegmentContactsParamsType>,
  res: MedusaResponse
) => {
  await refetchEntity("segment", req.params.id, req.scope, ["id"])
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const { limit, offset, q } = req.validatedQuery as AdminGetSegmentContactsParamsType
  const { contacts, count } = await marketing.listSegmentContacts(req.params.id, { limit, offset, q })
  res.json({ contacts, count, limit, offset })
}

/** Add or remove members of a static segment by contact id. */
export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateSegmentContactsType>, res: MedusaResponse) => {
  const { result } = await updateStaticSegmentMembersWorkflow(req.scope).run({
    input: { segment_id: req.params.id, ...req.validatedBody },
  })
  res.json(result)
}
