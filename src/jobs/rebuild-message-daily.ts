import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../modules/marketing"
import type MarketingModuleService from "../modules/marketing/service"

/**
 * Nightly check of the analytics overview's per-day rollup against the
 * messages themselves: a cell that differs (a write that failed half-way, a
 * message changed by hand) is rewritten, and the drift is logged.
 */
export default async function rebuildMessageDailyJob(container: MedusaContainer) {
  const logger = container.resolve<Logger>(ContainerRegistrationKeys.LOGGER)
  const started = Date.now()
  const r = await container.resolve<MarketingModuleService>(MARKETING_MODULE).rebuildMessageDaily()
  const msg = `Marketing: daily message rollup checked, ${r.cells} cells in ${Date.now() - started} ms`
  if (r.written || r.removed) {
    logger.warn(`${msg}; ${r.written} rewritten and ${r.removed} removed (they had drifted)`)
  } else {
    logger.info(`${msg}; no drift`)
  }
}

export const config = {
  name: "marketing-rebuild-message-daily",
  schedule: "40 3 * * *",
}
