import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

/** Turn topic handles into topics; unknown handles are a 400 that names them. */
export const resolveTopicsStep = createStep(
  "resolve-topics",
  async (input: { handles?: string[] }, { container }) => {
    const handles = [...new Set(input.handles ?? [])]
    if (!handles.length) {
      return new StepResponse([] as { id: string; handle: string }[])
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const topics = await marketing.listTopics({ handle: handles }, { select: ["id", "handle"] })
    const missing = handles.filter((h) => !topics.some((t) => t.handle === h))
    if (missing.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Unknown topic${missing.length > 1 ? "s" : ""}: ${missing.join(", ")}. Create ${missing.length > 1 ? "them" : "it"} under Marketing > Topics first.`
      )
    }
    return new StepResponse(topics.map((t) => ({ id: t.id, handle: t.handle })))
  }
)
