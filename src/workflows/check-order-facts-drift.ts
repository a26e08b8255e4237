import { createStep, createWorkflow, StepResponse, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../modules/marketing"
import type MarketingModuleService from "../modules/marketing/service"
import { ORDER_FACT_FIELDS, toOrderFacts } from "./steps/record-order-facts"

const PAGE = 5_000
const RESYNC_BATCH = 500

export type OrderFactsDriftResult = { checked: number; drifted: number; resynced: number; duration_ms: number }

/**
 * Compare every order's id, update time and cancellation with its facts (a
 * cheap read: no totals, no lines) and re-record only the orders that
 * drifted, e.g. while the event bus was down. Facts are a projection that
 * any replay rebuilds, so there is nothing to compensate.
 */
export const checkOrderFactsDriftStep = createStep(
  "check-order-facts-drift",
  async (input: { page_size?: number }, { container }) => {
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const started = Date.now()
    const pageSize = input.page_size ?? PAGE
    const result: OrderFactsDriftResult = { checked: 0, drifted: 0, resynced: 0, duration_ms: 0 }
    for (let skip = 0; ; skip += pageSize) {
      const { data, metadata } = await query.graph({
        entity: "order",
        fields: ["id", "email", "status", "canceled_at", "updated_at"],
        pagination: { skip, take: pageSize, order: { created_at: "ASC", id: "ASC" } },
      })
      const withEmail = (data as any[]).filter((o) => o.email)
      const drifted = await marketing.findOrderFactDrift(
        withEmail.map((o) => ({
          order_id: o.id,
          updated_at: o.updated_at,
          canceled: !!o.canceled_at || o.status === "canceled",
        }))
      )
      result.checked += withEmail.length
      result.drifted += drifted.length
      for (let i = 0; i < drifted.length; i += RESYNC_BATCH) {
        const { data: orders } = await query.graph({
          entity: "order",
          fields: ORDER_FACT_FIELDS,
          filters: { id: drifted.slice(i, i + RESYNC_BATCH) },
        })
        result.resynced += (await marketing.recordOrderFacts(toOrderFacts(orders))).orders
      }
      logger.info(
        `[marketing] order facts drift check: ${Math.min(skip + pageSize, metadata!.count)}/${metadata!.count} orders, ${result.drifted} drifted`
      )
      if (data.length < pageSize) {
        break
      }
    }
    result.duration_ms = Date.now() - started
    logger.info(
      `[marketing] order facts drift check done: ${result.checked} checked, ${result.drifted} drifted, ${result.resynced} re-recorded in ${result.duration_ms} ms`
    )
    return new StepResponse(result)
  }
)

export const checkOrderFactsDriftWorkflow = createWorkflow(
  "marketing-check-order-facts-drift",
  (input: { page_size?: number }) => {
    return new WorkflowResponse(checkOrderFactsDriftStep(input))
  }
)
