/**
 * The demo store's email content: the six starter templates (with the
 * example products swapped for real ones from the seeded catalog) and two
 * draft campaigns ready to review, one with an A/B subject test. Nothing is
 * sent. Runs once: a store that already has templates is left alone.
 */
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { EXAMPLE_PRODUCT_IDS, STARTER_TEMPLATES } from "../../lib/templates"
import { createCampaignWorkflow } from "../../workflows/campaigns"
import { createTemplatesWorkflow } from "../../workflows/templates"
import type { SeedContext } from "./context"
import { hasMarketing } from "./contacts"

export async function seedCampaigns(ctx: SeedContext): Promise<{ templates: number; campaigns: number } | null> {
  const { container, logger } = ctx
  if (!hasMarketing(ctx)) {
    return null
  }
  const marketing: any = container.resolve("marketing")
  if ((await marketing.listTemplates({}, { take: 1, select: ["id"] })).length) {
    logger.info("Templates exist already; the demo templates and campaigns are not added again")
    return { templates: 0, campaigns: 0 }
  }
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data: products } = await query.graph({ entity: "product", fields: ["id"], pagination: { take: 4 } })
  const swap = (doc: unknown) => {
    let json = JSON.stringify(doc)
    EXAMPLE_PRODUCT_IDS.forEach((example, i) => {
      const real = (products[i % Math.max(products.length, 1)] as { id: string } | undefined)?.id
      if (real) {
        json = json.split(example).join(real)
      }
    })
    return JSON.parse(json)
  }
  const { result: templates } = await createTemplatesWorkflow(container).run({
    input: {
      templates: STARTER_TEMPLATES.map((s) => ({
        name: s.name,
        description: s.description,
        subject: s.subject,
        preheader: s.preheader,
        document: swap(s.doc),
        starter_handle: s.handle,
      })),
    },
  })
  const byHandle = new Map(templates.map((t: any) => [t.starter_handle, t.id]))
  const segments = await marketing.listSegments(
    { handle: ["lapsed-customers", "engaged-30-days", "never-purchased-subscribers"] },
    { select: ["id", "handle"] }
  )
  const seg = new Map(segments.map((s: any) => [s.handle, s.id]))
  const campaigns = [
    {
      name: "We miss you",
      subject: "It's been a while, {{ contact.first_name | default: \"friend\" }}",
      template_id: byHandle.get("win-back"),
      include_segment_ids: [seg.get("lapsed-customers")].filter(Boolean),
    },
    {
      name: "Monthly newsletter",
      subject: "What's new at {{ store.name }}",
      template_id: byHandle.get("newsletter"),
      include_segment_ids: [seg.get("engaged-30-days"), seg.get("never-purchased-subscribers")].filter(Boolean),
      ab_test: {
        variants: [{ subject: "What's new at {{ store.name }}" }, { subject: "Fresh picks for you, {{ contact.first_name | default: \"friend\" }}" }],
        test_fraction: 0.2,
        metric: "open_rate" as const,
        wait_hours: 4,
      },
    },
  ]
  for (const c of campaigns) {
    await createCampaignWorkflow(container).run({ input: c as any })
  }
  return { templates: templates.length, campaigns: campaigns.length }
}
