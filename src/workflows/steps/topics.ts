import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

export type TopicInput = {
  handle: string
  name: string
  description?: string | null
  is_default?: boolean
  is_public?: boolean
}

async function assertHandlesFree(marketing: MarketingModuleService, handles: string[], exceptIds: string[] = []) {
  if (!handles.length) {
    return
  }
  const taken = (await marketing.listTopics({ handle: handles }, { select: ["id", "handle"] })).filter(
    (t) => !exceptIds.includes(t.id)
  )
  if (taken.length) {
    throw new MedusaError(
      MedusaError.Types.DUPLICATE_ERROR,
      `A topic with handle "${taken[0].handle}" already exists (${taken[0].id}); pick another handle`
    )
  }
}

export const createTopicsStep = createStep(
  "create-topics",
  async (input: TopicInput[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await assertHandlesFree(marketing, input.map((t) => t.handle))
    const topics = await marketing.createTopics(input)
    return new StepResponse(topics, topics.map((t) => t.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.deleteTopics(ids)
  }
)

export const updateTopicsStep = createStep(
  "update-topics",
  async (input: (Partial<TopicInput> & { id: string })[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const before = await marketing.listTopics({ id: input.map((t) => t.id) })
    if (before.length !== input.length) {
      const missing = input.filter((t) => !before.some((b) => b.id === t.id)).map((t) => t.id)
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Topic ${missing.join(", ")} was not found`)
    }
    await assertHandlesFree(
      marketing,
      input.map((t) => t.handle).filter((h): h is string => !!h),
      input.map((t) => t.id)
    )
    const topics = await marketing.updateTopics(input)
    return new StepResponse(
      topics,
      before.map(({ id, handle, name, description, is_default, is_public }) => ({
        id,
        handle,
        name,
        description,
        is_default,
        is_public,
      }))
    )
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.updateTopics(before)
  }
)

export const deleteTopicsStep = createStep(
  "delete-topics",
  async (ids: string[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.softDeleteTopics(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.restoreTopics(ids)
  }
)
