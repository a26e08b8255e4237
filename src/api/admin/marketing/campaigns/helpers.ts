import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { MARKETING_MODULE } from "../../../../modules/marketing"
import type MarketingModuleService from "../../../../modules/marketing/service"

export const marketing = (scope: MedusaContainer) => scope.resolve<MarketingModuleService>(MARKETING_MODULE)

/** Campaigns with their live send progress attached (one grouped count for the whole page). */
export async function withProgress<T extends { id: string }>(scope: MedusaContainer, campaigns: T[]) {
  const progress = await marketing(scope).campaignProgress(campaigns.map((c) => c.id))
  return campaigns.map((c) => ({ ...c, progress: progress.get(c.id) }))
}

/** One campaign as the admin shows it: fields, progress, transitions and A/B variants. */
export async function loadCampaign(scope: MedusaContainer, id: string, fields: string[]) {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "marketing_campaign", fields, filters: { id } })
  if (!data.length) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${id} was not found`)
  }
  const service = marketing(scope)
  const [campaign] = await withProgress(scope, data as { id: string; ab_test?: any }[])
  const transitions = await service.listCampaignTransitions(
    { campaign_id: id },
    { select: ["id", "from_status", "to_status", "action", "actor", "reason", "created_at"], order: { created_at: "ASC" } }
  )
  const specs: { subject?: string; preheader?: string; from_name?: string; template_id?: string }[] =
    campaign.ab_test?.variants ?? []
  const counts = specs.length ? await service.campaignVariantCounts(id) : []
  const variants = specs.map((spec, variant) => {
    const c = counts.find((x) => x.variant === variant)
    return { variant, ...spec, recipients: c?.recipients ?? 0, sent: c?.sent ?? 0, failed: c?.failed ?? 0 }
  })
  return { ...campaign, transitions, variants }
}
