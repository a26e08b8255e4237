/**
 * The admin's live preview and "preview as contact": compile and render in
 * one call without throwing, so the editor can show the email next to the
 * problems (unknown variables do not stop a preview; they stop a send).
 */
import { compileTemplate, validateTemplate } from "./compile"
import { TemplateError, TemplateIssue } from "./issues"
import { CompiledTemplate, KnownVariables, RenderContext, RenderedMessage, renderForRecipient } from "./liquid"
import { SAMPLE_RENDER_CONTEXT } from "./starters"

export type PreviewResult = {
  /** the email as the contact would get it; absent when the template cannot compile */
  rendered?: RenderedMessage
  compiled?: CompiledTemplate
  /** every problem found (also those that did not stop the preview) */
  issues: TemplateIssue[]
}

/**
 * Compile `doc` and render it for `context` (default: SAMPLE_RENDER_CONTEXT).
 * Never throws for template problems: they come back as `issues`.
 */
export async function previewTemplate(
  doc: unknown,
  opts: { subject: string; preheader?: string; knownVariables?: KnownVariables },
  context: RenderContext = SAMPLE_RENDER_CONTEXT
): Promise<PreviewResult> {
  const { issues } = validateTemplate(doc, opts)
  let compiled: CompiledTemplate
  try {
    compiled = await compileTemplate(doc, { ...opts, allowUnknownVariables: true })
  } catch (e) {
    if (e instanceof TemplateError) {
      return { issues: issues.length ? issues : e.issues }
    }
    throw e
  }
  try {
    return { compiled, rendered: renderForRecipient(compiled, context), issues }
  } catch (e) {
    const message = String((e as Error)?.message ?? e).split("\n")[0]
    return { compiled, issues: [...issues, { code: "render_error", path: "template", message }] }
  }
}
