import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { lintTemplate, previewTemplate } from "../../../../../lib/templates"
import { loadTemplateRenderContext } from "../../../../../workflows/steps/templates"
import { loadStoreContext } from "../../../../../workflows/utils/store-context"
import type { AdminPreviewTemplateType } from "../validators"

/**
 * Render an unsaved template as a contact (or the sample contact) would get
 * it, with the real store and products. Template problems never fail the
 * request: they come back as `issues` and `lint` (html is "" when the
 * template cannot compile). Nothing is written.
 */
export const POST = async (req: AuthenticatedMedusaRequest<AdminPreviewTemplateType>, res: MedusaResponse) => {
  const { document, subject, preheader, contact_id } = req.validatedBody
  const store = await loadStoreContext(req.scope)
  const { context } = await loadTemplateRenderContext(req.scope, { document, contact_id, store })
  const opts = { subject, preheader: preheader ?? undefined }
  const { rendered, compiled, issues } = await previewTemplate(document, opts, context)
  const lint = lintTemplate({ ...opts, doc: document, html: compiled?.html, footerAddress: store.address })
  res.json({
    preview: {
      subject: rendered?.subject ?? "",
      html: rendered?.html ?? "",
      text: rendered?.text ?? "",
      issues,
      lint: { ok: lint.ok, errors: lint.errors, warnings: lint.warnings },
    },
  })
}
