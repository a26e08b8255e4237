import { CheckCircleSolid, DocumentText } from "@medusajs/icons"
import { Button, clx, FocusModal, Heading, Input, Text, toast } from "@medusajs/ui"
import { FormEvent, useEffect, useMemo, useState } from "react"
import {
  useCreateTemplate,
  useTemplatePreview,
  useTemplateStarters,
  type Template,
  type TemplateStarter,
} from "../hooks/templates"
import { errorMessage } from "../lib/format"
import { Field } from "./field"
import { BLOCK_META, blankDocument, isBlocks, normalizeDocument } from "./template-blocks"

const BLANK = "blank"

const blankStarter = (): TemplateStarter => ({
  handle: BLANK,
  name: "Blank",
  description: "A header, a heading, some text and a compliant footer: build the rest yourself.",
  subject: "A message from {{ store.name }}",
  preheader: "",
  document: blankDocument(),
})

/**
 * "Create template": pick a starter (or blank), see it rendered, name it;
 * the template is created at once and `onCreated` opens it in the editor.
 */
export const TemplateStarterGallery = ({
  open,
  onOpenChange,
  onCreated,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  onCreated: (template: Template) => void
}) => {
  const { starters, isLoading, isError, error } = useTemplateStarters({ enabled: open })
  const blank = useMemo(blankStarter, [])
  const all = useMemo(() => [...(starters ?? []), blank], [starters, blank])
  const [handle, setHandle] = useState<string>("newsletter")
  const [name, setName] = useState("")
  const [nameTouched, setNameTouched] = useState(false)
  const [nameError, setNameError] = useState<string | null>(null)
  const create = useCreateTemplate()
  const selected = all.find((s) => s.handle === handle) ?? all[0]

  useEffect(() => {
    if (open) {
      setHandle(starters?.[0]?.handle ?? "newsletter")
      setNameTouched(false)
      setNameError(null)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  // the name follows the starter until the admin types one
  useEffect(() => {
    if (!nameTouched && selected) setName(selected.handle === BLANK ? "Untitled template" : selected.name)
  }, [selected, nameTouched])

  const { data: preview, isFetching } = useTemplatePreview(
    open && selected
      ? { document: normalizeDocument(selected.document), subject: selected.subject, preheader: selected.preheader }
      : null
  )

  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (!selected) return
    if (!name.trim()) {
      setNameError("Give the template a name")
      return
    }
    create.mutate(
      {
        name: name.trim(),
        description: selected.handle === BLANK ? null : selected.description,
        subject: selected.subject,
        preheader: selected.preheader || undefined,
        document: normalizeDocument(selected.document),
        starter_handle: selected.handle === BLANK ? undefined : selected.handle,
      },
      {
        onSuccess: ({ template }) => {
          toast.success(`Template ${template.name} created`)
          onOpenChange(false)
          onCreated(template)
        },
        onError: (err) => toast.error(errorMessage(err, "Could not create the template")),
      }
    )
  }

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content aria-describedby={undefined} data-testid="template-starter-gallery">
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <FocusModal.Header>
            <div className="flex items-center justify-end gap-x-2">
              <FocusModal.Close asChild>
                <Button size="small" variant="secondary" type="button">
                  Cancel
                </Button>
              </FocusModal.Close>
              <Button size="small" type="submit" isLoading={create.isPending} disabled={!selected} data-testid="template-create-submit">
                Create template
              </Button>
            </div>
          </FocusModal.Header>
          <FocusModal.Body className="flex flex-1 overflow-hidden">
            <div className="flex w-full flex-col overflow-y-auto px-6 py-8 lg:w-[55%]">
              <FocusModal.Title asChild>
                <Heading>Create template</Heading>
              </FocusModal.Title>
              <Text size="small" className="text-ui-fg-subtle">
                Start from a designed layout and make it yours, or from a blank page.
              </Text>
              <div className="mt-6 flex flex-col gap-y-6">
                <Field id="template-name" label="Name" error={nameError}>
                  <Input
                    id="template-name"
                    value={name}
                    onChange={(e) => {
                      setName(e.target.value)
                      setNameTouched(true)
                      setNameError(null)
                    }}
                    data-testid="template-name-input"
                  />
                </Field>
                {isError && (
                  <Text size="small" className="text-ui-fg-error">
                    {errorMessage(error, "Could not load the starters")}
                  </Text>
                )}
                <div className="grid grid-cols-1 gap-3 md:grid-cols-2" role="radiogroup" aria-label="Starter">
                  {isLoading && (
                    <Text size="small" className="text-ui-fg-muted">
                      Loading starters…
                    </Text>
                  )}
                  {all.map((s) => (
                    <StarterCard key={s.handle} starter={s} selected={s.handle === selected?.handle} onSelect={() => setHandle(s.handle)} />
                  ))}
                </div>
              </div>
            </div>
            <div className="bg-ui-bg-subtle border-ui-border-base hidden flex-1 flex-col border-l lg:flex">
              <div className="flex items-center justify-between px-6 py-3">
                <Text size="small" weight="plus">
                  {selected?.name ?? "Preview"}
                </Text>
                {isFetching && (
                  <Text size="xsmall" className="text-ui-fg-muted">
                    Rendering…
                  </Text>
                )}
              </div>
              <div className="flex flex-1 justify-center overflow-hidden px-6 pb-6">
                {preview?.preview.html ? (
                  <iframe
                    title="Starter preview"
                    srcDoc={preview.preview.html}
                    sandbox="allow-same-origin"
                    className="bg-ui-bg-base shadow-elevation-card-rest h-full w-full max-w-[640px] rounded-lg"
                    data-testid="starter-preview-frame"
                  />
                ) : (
                  <div className="text-ui-fg-muted txt-compact-small flex items-center">
                    {isFetching ? "Rendering…" : "No preview"}
                  </div>
                )}
              </div>
            </div>
          </FocusModal.Body>
        </form>
      </FocusModal.Content>
    </FocusModal>
  )
}

const StarterCard = ({
  starter,
  selected,
  onSelect,
}: {
  starter: TemplateStarter
  selected: boolean
  onSelect: () => void
}) => {
  const doc = normalizeDocument(starter.document)
  const types = isBlocks(doc) ? [...new Set(doc.blocks.map((b) => b.type))] : []
  return (
    <button
      type="button"
      role="radio"
      aria-checked={selected}
      onClick={onSelect}
      className={clx(
        "bg-ui-bg-base shadow-elevation-card-rest hover:shadow-elevation-card-hover flex flex-col gap-y-2 rounded-lg p-4 text-left transition-shadow",
        selected && "ring-ui-border-interactive ring-2"
      )}
      data-testid="template-starter"
      data-handle={starter.handle}
    >
      <div className="flex items-center justify-between gap-x-2">
        <span className="txt-compact-medium-plus text-ui-fg-base flex items-center gap-x-2">
          <DocumentText className="text-ui-fg-subtle" />
          {starter.name}
        </span>
        {selected && <CheckCircleSolid className="text-ui-fg-interactive" />}
      </div>
      <span className="txt-compact-small text-ui-fg-subtle">{starter.description}</span>
      {types.length > 0 && (
        <span className="txt-compact-xsmall text-ui-fg-muted">
          {types.map((t) => BLOCK_META[t]?.label ?? t).join(" · ")}
        </span>
      )}
    </button>
  )
}
