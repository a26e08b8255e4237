import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../modules/marketing"
import type MarketingModuleService from "../modules/marketing/service"

/**
 * Scores are a function of the facts at the time they run; a failed run
 * leaves the previous scores, and the next run replaces them all, so there
 * is nothing to compensate.
 */
const scoreRfmStep = createStep("score-rfm", async (_: { reason?: string }, { container }) => {
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const started = Date.now()
  const result = await marketing.scoreRfm()
  logger.info(`[marketing] RFM scored ${result.scored} contacts in ${Date.now() - started} ms: ${JSON.stringify(result.groups)}`)
  return new StepResponse(result)
})

export const scoreRfmWorkflow = createWorkflow("marketing-score-rfm", (input: { reason?: string }) => {
  return new WorkflowResponse(scoreRfmStep(input))
})
