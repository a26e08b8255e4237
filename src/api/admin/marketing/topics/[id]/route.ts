import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { deleteTopicsWorkflow, updateTopicsWorkflow } from "../../../../../workflows/topics"
import { refetchEntity } from "../../helpers"
import type { AdminUpdateTopicType } from "../../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const topic = await refetchEntity("topic", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ topic })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminUpdateTopicType>, res: MedusaResponse) => {
  await updateTopicsWorkflow(req.scope).run({ input: { topics: [{ id: req.params.id, ...req.validatedBody }] } })
  const topic = await refetchEntity("topic", req.params.id, req.scope, req.queryConfig.fields)
  res.json({ topic })
}

export const DELETE = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  await refetchEntity("topic", req.params.id, req.scope, ["id"])
  await deleteTopicsWorkflow(req.scope).run({ input: { ids: [req.params.id] } })
  res.json({ id: req.params.id, object: "topic", deleted: true })
}
