/**
 * The one shape every template problem is reported in: schema errors, Liquid
 * syntax errors, unknown variables, unsafe URLs, mjml errors and lint findings.
 */

export type TemplateIssueCode =
  // document / compile
  | "invalid_document"
  | "liquid_syntax"
  | "unknown_variable"
  | "disallowed_tag"
  | "unsafe_url"
  | "unsafe_markup"
  | "mjml_error"
  | "render_error"
  // lint
  | "missing_unsubscribe"
  | "missing_postal_address"
  | "subject_empty"
  | "subject_too_long"
  | "preheader_missing"
  | "preheader_too_long"
  | "image_missing_alt"
  | "link_missing_text"
  | "html_too_large"
  | "placeholder_link"
  | "placeholder_product"

export type TemplateIssue = {
  code: TemplateIssueCode
  /** where: `blocks[3].href`, `subject`, `mjml`, `html` */
  path: string
  message: string
  /** 1-based, within the field named by `path` (Liquid and mjml errors) */
  line?: number
  /** 1-based */
  column?: number
}

/** Thrown by compileTemplate when the document cannot be compiled. */
export class TemplateError extends Error {
  readonly issues: TemplateIssue[]

  constructor(issues: TemplateIssue[]) {
    super(formatTemplateIssues(issues))
    this.name = "TemplateError"
    this.issues = issues
  }
}

/** "blocks[3].href: must be an http(s) URL ...; subject (line 1, column 4): ..." */
export function formatTemplateIssues(issues: TemplateIssue[], max = 10): string {
  const shown = issues.slice(0, max).map((i) => {
    const where = i.line ? `${i.path} (line ${i.line}${i.column ? `, column ${i.column}` : ""})` : i.path
    return `${where}: ${i.message}`
  })
  if (issues.length > max) {
    shown.push(`and ${issues.length - max} more`)
  }
  return shown.join("; ")
}
