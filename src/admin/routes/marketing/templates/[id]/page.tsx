import {
  Badge,
  Button,
  Container,
  DropdownMenu,
  Heading,
  IconButton,
  Input,
  Select,
  Tabs,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import { EllipsisHorizontal, PaperPlane, SquareTwoStack, Trash } from "@medusajs/icons"
import { useCallback, useEffect, useMemo, useRef, useState } from "react"
import { Link, UIMatch, useBlocker, useNavigate, useParams } from "react-router-dom"
import { Field } from "../../../../components/field"
import { BlockList } from "../../../../components/template-block-list"
import {
  blankDocument,
  blockIndexOfPath,
  collectIssues,
  isBlocks,
  normalizeDocument,
  RAW_SKELETONS,
  SETTINGS_DEFAULTS,
  type EditorIssue,
} from "../../../../components/template-blocks"
import { TemplateCodeEditor } from "../../../../components/template-code-editor"
import {
  TemplateIssuesPanel,
  TemplatePreviewPane,
  type PreviewContact,
  type PreviewDevice,
} from "../../../../components/template-preview"
import { TemplateSettingsForm } from "../../../../components/template-settings-form"
import { TemplateTestDrawer } from "../../../../components/template-test-drawer"
import { LiquidField, type LiquidFieldHandle } from "../../../../components/template-variable-picker"
import {
  useDeleteTemplate,
  useDuplicateTemplate,
  useTemplate,
  useTemplatePreview,
  useUpdateTemplate,
  type DocumentMode,
  type EditorBlocksDocument,
  type EditorDocument,
  type Template,
  type TemplatePreviewPayload,
} from "../../../../hooks/templates"
import { errorMessage } from "../../../../lib/format"

const PREVIEW_DEBOUNCE_MS = 400

type Draft = {
  name: string
  description: string
  subject: string
  preheader: string
  document: EditorDocument
}

const draftOf = (t: Template): Draft => ({
  name: t.name,
  description: t.description ?? "",
  subject: t.subject ?? "",
  preheader: t.preheader ?? "",
  document: normalizeDocument(t.document),
})

const sameDraft = (a: Draft, b: Draft) => JSON.stringify(a) === JSON.stringify(b)

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return debounced
}

const MODE_LABELS: Record<DocumentMode, string> = { blocks: "Blocks", mjml: "MJML code", html: "HTML code" }

const TemplateEditorPage = () => {
  const { id } = useParams()
  const { template, isLoading, isError, error } = useTemplate(id!)

  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-muted">
          Loading template…
        </Text>
      </Container>
    )
  }
  if (isError && error?.status === 404) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4">
        <Heading>Template not found</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          It may have been deleted.{" "}
          <Link className="text-ui-fg-interactive" to="/marketing/templates">
            Back to templates
          </Link>
        </Text>
      </Container>
    )
  }
  if (isError || !template) {
    throw error
  }
  // a fresh editor per template: the draft starts from what is saved
  return <TemplateEditor key={template.id} template={template} />
}

const TemplateEditor = ({ template }: { template: Template }) => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [baseline, setBaseline] = useState<Draft>(() => draftOf(template))
  const [draft, setDraft] = useState<Draft>(baseline)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [panel, setPanel] = useState<"content" | "style">("content")
  const [device, setDevice] = useState<PreviewDevice>("desktop")
  const [contact, setContact] = useState<PreviewContact | null>(null)
  const [testOpen, setTestOpen] = useState(false)
  const [version, setVersion] = useState(template.version)
  // the blocks a switch to code put aside, restored by switching back before saving
  const blocksAside = useRef<EditorBlocksDocument | null>(null)
  const subjectRef = useRef<LiquidFieldHandle>(null)
  const preheaderRef = useRef<LiquidFieldHandle>(null)

  const update = useUpdateTemplate(template.id)
  const duplicate = useDuplicateTemplate()
  const remove = useDeleteTemplate()
  const dirty = !sameDraft(draft, baseline)
  const doc = draft.document

  /* ------------------------------- preview ------------------------------- */

  const previewBody = useMemo<TemplatePreviewPayload>(
    () => ({
      document: draft.document,
      subject: draft.subject,
      preheader: draft.preheader || undefined,
      contact_id: contact?.id,
    }),
    [draft.document, draft.subject, draft.preheader, contact?.id]
  )
  const debouncedBody = useDebounced(previewBody, PREVIEW_DEBOUNCE_MS)
  const preview = useTemplatePreview(debouncedBody)
  const issues = useMemo(() => collectIssues(preview.data?.preview), [preview.data])
  // a change still waiting out the debounce (a save re-basing on an equal draft is none)
  const previewPending = useMemo(
    () => previewBody !== debouncedBody && JSON.stringify(previewBody) !== JSON.stringify(debouncedBody),
    [previewBody, debouncedBody]
  )
  const previewError = preview.isError ? errorMessage(preview.error, "The preview failed") : null

  /* -------------------------------- edits -------------------------------- */

  const setDoc = (document: EditorDocument) => setDraft((d) => ({ ...d, document }))
  const setField = (key: "name" | "description" | "subject" | "preheader", value: string) =>
    setDraft((d) => ({ ...d, [key]: value }))

  const switchMode = async (mode: DocumentMode) => {
    if (mode === doc.mode) return
    const leavingBlocks = isBlocks(doc)
    const ok = await prompt({
      title: mode === "blocks" ? "Back to blocks?" : `Switch to ${MODE_LABELS[mode]}?`,
      description: leavingBlocks
        ? `The template is written as ${mode.toUpperCase()} from a starting page; your blocks are kept aside until you save, so switching back restores them.`
        : mode === "blocks"
          ? blocksAside.current
            ? "The code is discarded and the blocks you had before are restored."
            : "The code is discarded and the template starts from a blank block layout."
          : `The ${doc.mode.toUpperCase()} code is replaced by a starting ${mode.toUpperCase()} page.`,
      confirmText: "Switch",
      cancelText: "Cancel",
    })
    if (!ok) return
    if (leavingBlocks) {
      blocksAside.current = doc as EditorBlocksDocument
    }
    if (mode === "blocks") {
      setDoc(blocksAside.current ?? blankDocument())
      blocksAside.current = null
    } else if (mode === "mjml") {
      setDoc({ version: 1, mode: "mjml", mjml: RAW_SKELETONS.mjml })
    } else {
      setDoc({ version: 1, mode: "html", html: RAW_SKELETONS.html })
    }
    setSelectedId(null)
  }

  const onIssue = (issue: EditorIssue) => {
    const i = blockIndexOfPath(issue.path)
    if (i !== null && isBlocks(doc) && doc.blocks[i]) {
      setPanel("content")
      setSelectedId(doc.blocks[i].id)
      return
    }
    if (issue.path === "subject") subjectRef.current?.focus()
    else if (issue.path === "preheader") preheaderRef.current?.focus()
    else if (issue.path.startsWith("settings")) setPanel("style")
  }

  /* --------------------------------- save -------------------------------- */

  const save = useCallback(async (): Promise<boolean> => {
    if (!draft.name.trim()) {
      toast.error("Give the template a name")
      return false
    }
    const sent = draft
    try {
      const { template: saved } = await update.mutateAsync({
        name: sent.name.trim(),
        description: sent.description.trim() || null,
        subject: sent.subject,
        preheader: sent.preheader || null,
        document: sent.document,
      })
      const next = draftOf(saved)
      setBaseline(next)
      // keep what was typed while the save was under way
      setDraft((current) => (sameDraft(current, sent) ? next : current))
      setVersion(saved.version)
      blocksAside.current = null
      toast.success(`Template saved (version ${saved.version})`)
      return true
    } catch (e) {
      toast.error(errorMessage(e, "Could not save the template"))
      return false
    }
  }, [draft, update])

  // Cmd/Ctrl+S saves
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.metaKey || e.ctrlKey) && e.key.toLowerCase() === "s") {
        e.preventDefault()
        if (dirty && !update.isPending) void save()
      }
    }
    window.addEventListener("keydown", onKey)
    return () => window.removeEventListener("keydown", onKey)
  }, [dirty, save, update.isPending])

  // unsaved changes survive neither a reload nor leaving the page unasked
  useEffect(() => {
    if (!dirty) return
    const onUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault()
      e.returnValue = ""
    }
    window.addEventListener("beforeunload", onUnload)
    return () => window.removeEventListener("beforeunload", onUnload)
  }, [dirty])

  // set when the template is deleted: nothing is left to lose
  const leaving = useRef(false)
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) =>
      dirty && !leaving.current && currentLocation.pathname !== nextLocation.pathname
  )
  useEffect(() => {
    if (blocker.state !== "blocked") return
    prompt({
      title: "Leave without saving?",
      description: "Your changes to this template are not saved and will be lost.",
      confirmText: "Leave",
      cancelText: "Stay",
    }).then((leave) => (leave ? blocker.proceed() : blocker.reset()))
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [blocker.state])

  const onDelete = async () => {
    const ok = await prompt({
      title: `Delete ${template.name}?`,
      description:
        "The template is deleted. Campaigns that were already sent keep their copy; a scheduled campaign using it must be changed first.",
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!ok) return
    remove.mutate(template.id, {
      onSuccess: () => {
        toast.success(`Template ${template.name} deleted`)
        leaving.current = true
        navigate("/marketing/templates", { replace: true })
      },
      onError: (e) => toast.error(errorMessage(e, "Could not delete the template")),
    })
  }

  const onDuplicate = () =>
    duplicate.mutate(template.id, {
      onSuccess: ({ template: copy }) => {
        toast.success(`${copy.name} created${dirty ? " from the saved version" : ""}`)
        navigate(`/marketing/templates/${copy.id}`)
      },
      onError: (e) => toast.error(errorMessage(e, "Could not duplicate the template")),
    })

  /* -------------------------------- layout ------------------------------- */

  const settings = isBlocks(doc) ? { ...SETTINGS_DEFAULTS, ...doc.settings } : SETTINGS_DEFAULTS
  const errors = issues.filter((i) => i.severity === "error").length

  return (
    <div className="flex w-full flex-col gap-y-3" data-testid="template-editor">
      <Container className="flex flex-col gap-3 px-6 py-4 md:flex-row md:items-center md:justify-between">
        <div className="flex min-w-0 items-center gap-x-3">
          <Heading className="truncate" data-testid="template-title">
            {draft.name || "Untitled template"}
          </Heading>
          <Badge size="2xsmall" color="grey" data-testid="template-version-badge">
            v{version}
          </Badge>
          {dirty ? (
            <Badge size="2xsmall" color="orange" data-testid="template-dirty">
              Unsaved changes
            </Badge>
          ) : (
            <Text size="xsmall" className="text-ui-fg-muted" data-testid="template-saved">
              All changes saved
            </Text>
          )}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <Button size="small" variant="secondary" onClick={() => setTestOpen(true)} data-testid="template-send-test">
            <PaperPlane />
            Send test
          </Button>
          <Button
            size="small"
            onClick={() => void save()}
            isLoading={update.isPending}
            disabled={!dirty}
            data-testid="template-save"
          >
            Save
          </Button>
          <DropdownMenu>
            <DropdownMenu.Trigger asChild>
              <IconButton size="small" variant="transparent" aria-label="More actions">
                <EllipsisHorizontal />
              </IconButton>
            </DropdownMenu.Trigger>
            <DropdownMenu.Content align="end">
              <DropdownMenu.Item onClick={onDuplicate} className="gap-x-2">
                <SquareTwoStack className="text-ui-fg-subtle" />
                Duplicate
              </DropdownMenu.Item>
              <DropdownMenu.Item onClick={onDelete} className="gap-x-2">
                <Trash className="text-ui-fg-subtle" />
                Delete template
              </DropdownMenu.Item>
            </DropdownMenu.Content>
          </DropdownMenu>
        </div>
      </Container>

      <div className="grid grid-cols-1 items-start gap-3 xl:grid-cols-[minmax(380px,440px)_minmax(0,1fr)]">
        <div className="flex min-w-0 flex-col gap-y-3">
          <Container className="flex flex-col gap-y-3 px-4 py-4" data-testid="template-details">
            <Field id="template-name" label="Name">
              <Input
                id="template-name"
                size="small"
                value={draft.name}
                onChange={(e) => setField("name", e.target.value)}
                data-testid="template-name"
              />
            </Field>
            <Field id="template-subject" label="Subject" error={fieldError(issues, "subject")}>
              <LiquidField
                id="template-subject"
                ref={subjectRef}
                value={draft.subject}
                onChange={(v) => setField("subject", v)}
                testId="template-subject"
              />
            </Field>
            <Field
              id="template-preheader"
              label="Preheader"
              optional
              hint="The preview line inboxes show after the subject"
              error={fieldError(issues, "preheader")}
            >
              <LiquidField
                id="template-preheader"
                ref={preheaderRef}
                value={draft.preheader}
                onChange={(v) => setField("preheader", v)}
                testId="template-preheader"
              />
            </Field>
          </Container>

          <Container className="flex flex-col gap-y-3 px-4 py-4" data-testid="template-body">
            <div className="flex items-center justify-between gap-x-2">
              <Heading level="h2">Content</Heading>
              <div className="w-[150px]">
                <Select size="small" value={doc.mode} onValueChange={(v) => void switchMode(v as DocumentMode)}>
                  <Select.Trigger data-testid="template-mode" aria-label="Editor mode">
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    {(Object.keys(MODE_LABELS) as DocumentMode[]).map((m) => (
                      <Select.Item key={m} value={m}>
                        {MODE_LABELS[m]}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
              </div>
            </div>
            {isBlocks(doc) ? (
              <Tabs value={panel} onValueChange={(v) => setPanel(v as "content" | "style")}>
                <Tabs.List>
                  <Tabs.Trigger value="content" data-testid="template-tab-blocks">
                    Blocks
                  </Tabs.Trigger>
                  <Tabs.Trigger value="style" data-testid="template-tab-style">
                    Style
                  </Tabs.Trigger>
                </Tabs.List>
                <Tabs.Content value="content" className="pt-3">
                  <BlockList
                    blocks={doc.blocks}
                    selectedId={selectedId}
                    onSelect={setSelectedId}
                    onChange={(blocks) => setDoc({ ...doc, blocks })}
                    issues={issues}
                    settings={settings}
                  />
                </Tabs.Content>
                <Tabs.Content value="style" className="pt-3">
                  <TemplateSettingsForm
                    settings={doc.settings}
                    issues={issues}
                    onChange={(s) => setDoc({ ...doc, settings: s })}
                  />
                </Tabs.Content>
              </Tabs>
            ) : (
              <TemplateCodeEditor
                mode={doc.mode}
                value={doc.mode === "mjml" ? doc.mjml : doc.html}
                onChange={(code) =>
                  setDoc(doc.mode === "mjml" ? { ...doc, mjml: code } : { ...doc, html: code })
                }
                issues={issues}
              />
            )}
          </Container>
        </div>

        <div className="flex min-w-0 flex-col gap-y-3 xl:sticky xl:top-3">
          <Container className="overflow-hidden p-0">
            <TemplatePreviewPane
              preview={preview.data?.preview}
              isFetching={preview.isFetching || previewPending}
              error={previewError}
              device={device}
              onDeviceChange={setDevice}
              contact={contact}
              onContactChange={setContact}
              minWidth={isBlocks(doc) ? settings.width : undefined}
            />
          </Container>
          <Container className="p-0" data-testid="template-checks" data-error-count={errors}>
            <TemplateIssuesPanel issues={issues} ready={Boolean(preview.data)} onSelect={onIssue} />
          </Container>
        </div>
      </div>

      <TemplateTestDrawer
        templateId={template.id}
        open={testOpen}
        onOpenChange={setTestOpen}
        contact={contact}
        dirty={dirty}
        onBeforeSend={save}
      />
    </div>
  )
}

/** The first problem found in a top-level field, for under its input. */
const fieldError = (issues: EditorIssue[], path: string) => {
  const issue = issues.find((i) => i.path === path && i.severity === "error")
  return issue ? issue.message : null
}

/** Breadcrumb: the template's name once it is loaded. */
const TemplateCrumb = ({ id }: { id: string }) => {
  const { template } = useTemplate(id)
  return <span>{template?.name ?? id}</span>
}

export const handle = {
  breadcrumb: (match: UIMatch) => <TemplateCrumb id={(match.params as { id: string }).id} />,
}

export default TemplateEditorPage
