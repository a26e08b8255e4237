import { Alert, Badge, clx, Container, Heading, Hint, Input, Text } from "@medusajs/ui"
import { ArrowUpRightOnBox, Spinner } from "@medusajs/icons"
import { useEffect, useMemo, useState } from "react"
import { Link } from "react-router-dom"
import { Template, useTemplate, useTemplatePreview, useTemplates } from "../hooks/templates"
import { errorMessage } from "../lib/format"
import { TimeAgo } from "./segment-display"

const useDebounced = <T,>(value: T, ms: number) => {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

/**
 * The templates to pick from (searched by name) beside a small preview of
 * the chosen one, rendered with sample data and the campaign's subject.
 */
export const CampaignTemplatePicker = ({
  value,
  onChange,
  subject,
  preheader,
  error,
}: {
  value: string
  onChange: (template: Template) => void
  subject: string
  preheader: string
  error?: string
}) => {
  const [q, setQ] = useState("")
  const debounced = useDebounced(q.trim(), 250)
  const list = useTemplates({ q: debounced || undefined, limit: 50 })
  const selected = useTemplate(value, { enabled: Boolean(value) })
  const template = value ? selected.template : undefined

  const body = useMemo(
    () =>
      template
        ? {
            document: template.document,
            subject: subject.trim() || template.subject,
            ...(preheader.trim() || template.preheader ? { preheader: preheader.trim() || template.preheader || "" } : {}),
          }
        : null,
    [template, subject, preheader]
  )
  const settled = useDebounced(body, 400)
  const preview = useTemplatePreview(settled)
  const rendered = preview.data?.preview

  const templates = list.templates ?? []

  return (
    <div className="flex flex-col items-start gap-8 lg:flex-row">
      <div className="flex w-full min-w-0 flex-1 flex-col gap-y-3 lg:max-w-[480px]">
        <Input
          type="search"
          size="small"
          value={q}
          placeholder="Search templates"
          aria-label="Search templates"
          onChange={(e) => setQ(e.target.value)}
        />
        {error && <Hint variant="error">{error}</Hint>}
        <div role="radiogroup" aria-label="Template" className="flex flex-col gap-y-2" data-testid="campaign-template-list">
          {list.isLoading && (
            <Text size="small" className="text-ui-fg-muted">
              Loading templates…
            </Text>
          )}
          {list.isError && (
            <Alert variant="error" dismissible={false}>
              {errorMessage(list.error, "The templates could not be loaded")}
            </Alert>
          )}
          {!list.isLoading && !list.isError && templates.length === 0 && (
            <div className="flex flex-col gap-y-1 rounded-lg border border-dashed px-4 py-6 text-center">
              <Text size="small" weight="plus">
                {debounced ? `No templates match “${debounced}”` : "No templates yet"}
              </Text>
              <Text size="small" className="text-ui-fg-subtle">
                <Link to="/marketing/templates" target="_blank" rel="noreferrer" className="text-ui-fg-interactive">
                  Create a template
                </Link>{" "}
                (opens in a new tab), then search again here.
              </Text>
            </div>
          )}
          {templates.map((t) => {
            const checked = t.id === value
            return (
              <button
                key={t.id}
                type="button"
                role="radio"
                aria-checked={checked}
                data-testid="campaign-template-option"
                onClick={() => onChange(t)}
                className={clx(
                  "bg-ui-bg-base shadow-borders-base hover:bg-ui-bg-base-hover flex flex-col items-start gap-y-0.5 rounded-lg px-4 py-3 text-left outline-none transition-fg",
                  "focus-visible:shadow-borders-interactive-with-focus",
                  checked && "!shadow-borders-interactive-with-active"
                )}
              >
                <span className="flex w-full items-center justify-between gap-x-2">
                  <Text size="small" weight="plus" className="truncate">
                    {t.name}
                  </Text>
                  {checked && (
                    <Badge size="2xsmall" color="blue">
                      Selected
                    </Badge>
                  )}
                </span>
                <Text size="small" className="text-ui-fg-subtle w-full truncate">
                  {t.subject || t.description || "No subject"}
                </Text>
                <Text size="xsmall" className="text-ui-fg-muted">
                  Version {t.version} · edited <TimeAgo value={t.updated_at} />
                </Text>
              </button>
            )
          })}
        </div>
      </div>

      <Container className="w-full min-w-0 flex-1 p-0" data-testid="campaign-template-preview">
        <div className="flex items-center justify-between gap-x-2 px-6 py-4">
          <div className="min-w-0">
            <Heading level="h2">Preview</Heading>
            <Text size="small" className="text-ui-fg-subtle truncate">
              {rendered ? rendered.subject : template ? "Rendering…" : "Pick a template to preview it."}
            </Text>
          </div>
          <div className="flex shrink-0 items-center gap-x-3">
            {(preview.isFetching || (value && selected.isLoading)) && (
              <Spinner className="text-ui-fg-muted animate-spin" />
            )}
            {value && (
              <Link
                to={`/marketing/templates/${value}`}
                target="_blank"
                rel="noreferrer"
                className="text-ui-fg-interactive txt-compact-small-plus flex items-center gap-x-1"
                data-testid="campaign-edit-template"
              >
                Edit template
                <ArrowUpRightOnBox />
              </Link>
            )}
          </div>
        </div>
        {rendered && (rendered.lint.errors.length > 0 || rendered.lint.warnings.length > 0) && (
          <div className="flex flex-col gap-y-2 px-6 pb-4">
            {rendered.lint.errors.length > 0 && (
              <Alert variant="error" dismissible={false}>
                {rendered.lint.errors.length === 1
                  ? rendered.lint.errors[0].message
                  : `${rendered.lint.errors.length} problems block sending: ${rendered.lint.errors
                      .map((e) => e.message)
                      .join("; ")}`}
              </Alert>
            )}
            {rendered.lint.warnings.length > 0 && (
              <Alert variant="warning" dismissible={false}>
                {rendered.lint.warnings.map((w) => w.message).join("; ")}
              </Alert>
            )}
          </div>
        )}
        {preview.isError && (
          <div className="px-6 pb-4">
            <Alert variant="error" dismissible={false}>
              {errorMessage(preview.error, "The preview failed")}
            </Alert>
          </div>
        )}
        <div className="bg-ui-bg-subtle border-t p-4">
          {rendered?.html ? (
            <iframe
              title="Template preview"
              srcDoc={rendered.html}
              sandbox=""
              className="bg-ui-bg-base h-[520px] w-full rounded-md border"
              data-testid="campaign-template-preview-frame"
            />
          ) : (
            <div className="text-ui-fg-muted flex h-[200px] items-center justify-center">
              <Text size="small">{template ? "Rendering…" : "No template picked yet."}</Text>
            </div>
          )}
        </div>
      </Container>
    </div>
  )
}
