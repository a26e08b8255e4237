import {
  CheckCircleSolid,
  ComputerDesktop,
  ExclamationCircleSolid,
  Phone,
  Spinner,
  User,
  XMarkMini,
} from "@medusajs/icons"
import { Button, clx, IconButton, Input, Popover, Tabs, Text } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useContacts } from "../hooks/contacts"
import type { TemplatePreview } from "../hooks/templates"
import { contactName } from "../lib/format"
import type { EditorIssue } from "./template-blocks"

export type PreviewDevice = "desktop" | "mobile"
export type PreviewContact = { id: string; email: string; name: string | null }

export const DEVICE_WIDTHS: Record<PreviewDevice, number> = { desktop: 600, mobile: 375 }

/** Links in the preview open in a new tab instead of inside the frame. */
const withBaseTarget = (html: string) =>
  /<head[^>]*>/i.test(html)
    ? html.replace(/<head([^>]*)>/i, '<head$1><base target="_blank">')
    : `<base target="_blank">${html}`

/**
 * The email as a recipient sees it: an inbox line (subject, preheader) over
 * the HTML in a sandboxed frame, at desktop or phone width, rendered with
 * sample data or a chosen contact's.
 */
export const TemplatePreviewPane = ({
  preview,
  isFetching,
  error,
  device,
  onDeviceChange,
  contact,
  onContactChange,
  minWidth,
}: {
  preview?: TemplatePreview
  isFetching: boolean
  error?: string | null
  device: PreviewDevice
  onDeviceChange: (device: PreviewDevice) => void
  contact: PreviewContact | null
  onContactChange: (contact: PreviewContact | null) => void
  /** the document's content width: the desktop frame is never narrower */
  minWidth?: number
}) => {
  const width = device === "mobile" ? DEVICE_WIDTHS.mobile : Math.max(DEVICE_WIDTHS.desktop, minWidth ?? 0)
  const srcDoc = useMemo(() => (preview?.html ? withBaseTarget(preview.html) : ""), [preview?.html])

  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="template-preview">
      <div className="flex flex-wrap items-center justify-between gap-2 px-4 py-3">
        <Tabs value={device} onValueChange={(v) => onDeviceChange(v as PreviewDevice)}>
          <Tabs.List>
            <Tabs.Trigger value="desktop" data-testid="preview-desktop">
              <ComputerDesktop className="mr-1" />
              Desktop
            </Tabs.Trigger>
            <Tabs.Trigger value="mobile" data-testid="preview-mobile">
              <Phone className="mr-1" />
              Mobile
            </Tabs.Trigger>
          </Tabs.List>
        </Tabs>
        <div className="flex items-center gap-x-2">
          {isFetching && (
            <span className="txt-compact-xsmall text-ui-fg-muted flex items-center gap-x-1" data-testid="preview-updating">
              <Spinner className="animate-spin" />
              Updating
            </span>
          )}
          <ContactPicker contact={contact} onChange={onContactChange} />
        </div>
      </div>
      <div className="bg-ui-bg-subtle border-ui-border-base flex min-h-0 flex-1 flex-col items-center overflow-auto border-t px-4 py-4">
        <div
          className="bg-ui-bg-base shadow-elevation-card-rest flex w-full flex-col rounded-lg transition-[max-width]"
          style={{ maxWidth: width + 2 }}
          data-testid="preview-device"
          data-device={device}
          data-width={width}
        >
          <div className="border-ui-border-base flex flex-col gap-y-0.5 border-b px-4 py-3">
            <Text size="small" weight="plus" className="truncate" data-testid="preview-subject">
              {preview?.subject || <span className="text-ui-fg-muted">No subject</span>}
            </Text>
            <Text size="xsmall" className="text-ui-fg-subtle truncate">
              {contact ? `To ${contact.name ? `${contact.name} <${contact.email}>` : contact.email}` : "To a sample contact"}
            </Text>
          </div>
          {error ? (
            <div className="flex min-h-[360px] items-center justify-center px-6 text-center">
              <Text size="small" className="text-ui-fg-error">
                {error}
              </Text>
            </div>
          ) : srcDoc ? (
            <iframe
              title="Email preview"
              srcDoc={srcDoc}
              sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
              className="h-[calc(100vh-340px)] min-h-[420px] w-full rounded-b-lg"
              style={{ width }}
              data-testid="preview-frame"
            />
          ) : (
            <div className="flex min-h-[360px] items-center justify-center px-6 text-center">
              <Text size="small" className="text-ui-fg-muted" data-testid="preview-empty">
                {preview
                  ? "The email cannot be rendered until the errors listed below are fixed."
                  : "Rendering the preview…"}
              </Text>
            </div>
          )}
        </div>
      </div>
    </div>
  )
}

/** "Preview as": search the marketing contacts and render with one's data. */
const ContactPicker = ({
  contact,
  onChange,
}: {
  contact: PreviewContact | null
  onChange: (contact: PreviewContact | null) => void
}) => {
  const [open, setOpen] = useState(false)
  const [q, setQ] = useState("")
  const { contacts, isFetching } = useContacts({ q: q.trim() || undefined, limit: 8 }, { enabled: open })

  return (
    <div className="flex items-center gap-x-1">
      <Popover
        open={open}
        onOpenChange={(o) => {
          setOpen(o)
          if (!o) setQ("")
        }}
      >
        <Popover.Trigger asChild>
          <Button size="small" variant="secondary" data-testid="preview-as-contact">
            <User />
            <span className="max-w-[180px] truncate">{contact ? `Preview as ${contact.email}` : "Preview as contact"}</span>
          </Button>
        </Popover.Trigger>
        <Popover.Content align="end" className="flex w-[320px] flex-col gap-y-2 p-2">
          <Input
            size="small"
            type="search"
            autoFocus
            placeholder="Search contacts by email or name"
            value={q}
            onChange={(e) => setQ(e.target.value)}
            data-testid="preview-contact-search"
          />
          <div className="flex max-h-[260px] flex-col overflow-y-auto">
            {(contacts ?? []).map((c) => {
              const name = contactName(c)
              return (
                <button
                  key={c.id}
                  type="button"
                  className={clx(
                    "hover:bg-ui-bg-base-hover flex flex-col items-start rounded-md px-2 py-1 text-left",
                    c.id === contact?.id && "bg-ui-bg-base-pressed"
                  )}
                  onClick={() => {
                    onChange({ id: c.id, email: c.email, name })
                    setOpen(false)
                    setQ("")
                  }}
                  data-testid="preview-contact-option"
                >
                  <span className="txt-compact-small text-ui-fg-base">{c.email}</span>
                  {name && <span className="txt-compact-xsmall text-ui-fg-subtle">{name}</span>}
                </button>
              )
            })}
            {!isFetching && (contacts ?? []).length === 0 && (
              <Text size="xsmall" className="text-ui-fg-muted px-2 py-2">
                No contact found.
              </Text>
            )}
          </div>
          <Text size="xsmall" className="text-ui-fg-muted px-2">
            Without a contact the preview uses sample data.
          </Text>
        </Popover.Content>
      </Popover>
      {contact && (
        <IconButton
          size="small"
          variant="transparent"
          aria-label="Preview with sample data"
          onClick={() => onChange(null)}
          data-testid="preview-contact-clear"
        >
          <XMarkMini />
        </IconButton>
      )}
    </div>
  )
}

/**
 * What is wrong with the template, errors first, each with where it is
 * (`blocks[3].href`, `subject`); clicking one selects the block it names.
 */
export const TemplateIssuesPanel = ({
  issues,
  ready,
  onSelect,
}: {
  issues: EditorIssue[]
  /** false until the first preview answered */
  ready: boolean
  onSelect: (issue: EditorIssue) => void
}) => {
  const errors = issues.filter((i) => i.severity === "error").length
  const warnings = issues.length - errors
  return (
    <div className="flex flex-col" data-testid="template-issues" data-errors={errors} data-warnings={warnings}>
      <div className="flex items-center gap-x-2 px-4 py-3">
        <Text size="small" weight="plus">
          Checks
        </Text>
        <Text size="small" className="text-ui-fg-subtle" data-testid="template-issues-summary">
          {!ready
            ? "Checking…"
            : issues.length === 0
              ? "No problems found"
              : [
                  errors ? `${errors} ${errors === 1 ? "error" : "errors"}` : null,
                  warnings ? `${warnings} ${warnings === 1 ? "warning" : "warnings"}` : null,
                ]
                  .filter(Boolean)
                  .join(", ")}
        </Text>
        {ready && issues.length === 0 && <CheckCircleSolid className="text-ui-tag-green-icon" />}
      </div>
      {issues.length > 0 && (
        <ul className="border-ui-border-base flex max-h-[200px] flex-col overflow-y-auto border-t">
          {issues.map((issue, i) => (
            <li key={`${issue.code}-${issue.path}-${i}`}>
              <button
                type="button"
                className="hover:bg-ui-bg-base-hover flex w-full items-start gap-x-2 px-4 py-2 text-left"
                onClick={() => onSelect(issue)}
                data-testid="template-issue"
                data-code={issue.code}
                data-path={issue.path}
                data-severity={issue.severity}
              >
                <ExclamationCircleSolid
                  className={clx(
                    "mt-0.5 shrink-0",
                    issue.severity === "error" ? "text-ui-tag-red-icon" : "text-ui-tag-orange-icon"
                  )}
                />
                <div className="flex min-w-0 flex-col">
                  <span className="txt-compact-small text-ui-fg-base">{issue.message}</span>
                  <code className="txt-compact-xsmall text-ui-fg-muted font-mono">
                    {issue.path}
                    {issue.line ? ` · line ${issue.line}${issue.column ? `, column ${issue.column}` : ""}` : ""}
                  </code>
                </div>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
