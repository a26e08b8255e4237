/**
 * Email templates for campaigns and flows: the block document (zod schema),
 * its compiler (blocks -> MJML -> responsive HTML + plain text, Liquid kept
 * for per-recipient rendering), the Liquid engine with its variable catalog,
 * save-time checks, the compliance lint and the starter library.
 * Pure: no Medusa imports, no database.
 *
 * Typical use:
 *   const { issues } = validateTemplate(doc, { subject, preheader })   // save
 *   const compiled = await compileTemplate(doc, { subject, preheader }) // once per campaign/variant
 *   const lint = lintTemplate({ doc, html: compiled.html, subject, preheader, footerAddress })
 *   const msg = renderForRecipient(compiled, context)                    // per message
 */
export {
  TEMPLATE_LIMITS,
  DEFAULT_FONT_FAMILY,
  ALIGNMENTS,
  BLOCK_TYPES,
  PRODUCT_LAYOUTS,
  SOCIAL_NETWORKS,
  LIQUID_FIELDS,
  templateUrlSchema,
  colorSchema,
  fontFamilySchema,
  blockIdSchema,
  productIdSchema,
  templateSettingsSchema,
  headerBlockSchema,
  headingBlockSchema,
  textBlockSchema,
  imageBlockSchema,
  buttonBlockSchema,
  productBlockSchema,
  couponBlockSchema,
  dividerBlockSchema,
  spacerBlockSchema,
  socialBlockSchema,
  footerBlockSchema,
  lineItemsBlockSchema,
  blockSchema,
  blocksDocumentSchema,
  mjmlDocumentSchema,
  htmlDocumentSchema,
  templateDocumentSchema,
  parseTemplateDocument,
  isBlocksDocument,
  liquidFieldsOf,
  formatPath,
  type TemplateSettings,
  type TemplateSettingsInput,
  type Block,
  type BlockInput,
  type BlockType,
  type BlockOf,
  type SocialNetwork,
  type BlocksDocument,
  type BlocksDocumentInput,
  type MjmlDocument,
  type HtmlDocument,
  type TemplateDocument,
  type TemplateDocumentInput,
  type ParseDocumentResult,
} from "./blocks"
export {
  compileTemplate,
  validateTemplate,
  blocksToMjml,
  htmlToText,
  type CompileOptions,
  type ValidateTemplateResult,
} from "./compile"
export {
  LIQUID_LIMITS,
  DISABLED_LIQUID_TAGS,
  BLOCK_DISALLOWED_TAGS,
  DATE_FORMAT_PRESETS,
  createLiquidEngine,
  htmlLiquid,
  textLiquid,
  formatMoney,
  formatDate,
  toDate,
  parseTemplateVariables,
  checkTemplate,
  renderForRecipient,
  renderLiquid,
  lineColumn,
  type MoneyInput,
  type StoreContext,
  type ProductContext,
  type LineItemContext,
  type CartContext,
  type OrderContext,
  type ContactContext,
  type RenderContext,
  type UsedVariable,
  type ParsedVariables,
  type CheckTemplateOptions,
  type KnownVariables,
  type CompiledTemplate,
  type RenderedMessage,
} from "./liquid"
export { previewTemplate, type PreviewResult } from "./preview"
export { lintTemplate, LINT_LIMITS, type LintInput, type LintResult } from "./lint"
export {
  STARTER_TEMPLATES,
  EXAMPLE_PRODUCT_IDS,
  SAMPLE_RENDER_CONTEXT,
  getStarterTemplate,
  type StarterTemplate,
} from "./starters"
export {
  TEMPLATE_VARIABLES,
  FORLOOP_PROPERTIES,
  buildVariableTree,
  type TemplateVariable,
  type TemplateVariableType,
  type TemplateVariableGroup,
  type VariableNode,
} from "./variables"
export { TemplateError, formatTemplateIssues, type TemplateIssue, type TemplateIssueCode } from "./issues"
export { escapeHtml, checkTemplateUrl, safeUrlValue, RICH_TEXT_TAGS } from "./markup"
export { productIdsOfDocument } from "./products"
