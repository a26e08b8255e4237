import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"

/**
 * Turn topic handles into topics; unknown handles are a 400 that names them.
 * With `defaults_when_empty`, no handles means the store's default topics.
 */
export const resolveTopicsStep = createStep(
  "resolve-topics",
  async (input: { handles?: string[]; defaults_when_empty?: boolean }, { container }) => {
    const handles = [...new Set(input.handles ?? [])]
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    if (!handles.length) {
      const defaults = input.defaults_when_empty
        ? await marketing.listTopics({ is_default: true }, { select: ["id", "handle"] })
        : []
      return new StepResponse(defaults.map((t) => ({ id: t.id, handle: t.handle })))
    }
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
