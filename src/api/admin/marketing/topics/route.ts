import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../../../modules/marketing"
import type MarketingModuleService from "../../../../modules/marketing/service"
import { createTopicsWorkflow } from "../../../../workflows/topics"
import { refetchEntity } from "../helpers"
import type { AdminCreateTopicType } from "../validators"

export const GET = async (req: AuthenticatedMedusaRequest, res: MedusaResponse) => {
  const query = req.scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data: topics, metadata } = await query.graph({
    entity: "topic",
    fields: req.queryConfig.fields,
    filters: req.filterableFields,
    pagination: req.queryConfig.pagination,
  })
  const marketing: MarketingModuleService = req.scope.resolve(MARKETING_MODULE)
  const counts = await marketing.countTopicSubscribers(topics.map((t: any) => t.id))
  res.json({
    topics: topics.map((t: any) => ({ ...t, subscriber_count: counts[t.id] ?? 0 })),
    count: metadata!.count,
    offset: metadata!.skip,
    limit: metadata!.take,
  })
}

export const POST = async (req: AuthenticatedMedusaRequest<AdminCreateTopicType>, res: MedusaResponse) => {
  const { result } = await createTopicsWorkflow(req.scope).run({ input: { topics: [req.validatedBody] } })
  const topic = await refetchEntity("topic", result[0].id, req.scope, req.queryConfig.fields)
  res.status(201).json({ topic })
}
