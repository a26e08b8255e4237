import {
  Alert,
  Button,
  FocusModal,
  Heading,
  Input,
  RadioGroup,
  Text,
  Textarea,
  toast,
} from "@medusajs/ui"
import { FormEvent, useEffect, useMemo, useState } from "react"
import { useCreateSegment, useSegmentFields, useUpdateSegment } from "../hooks/segments"
import { useOnOpen } from "../lib/use-on-open"
import { errorMessage } from "../lib/format"
import type { Segment, SegmentType } from "../lib/types"
import { Field } from "./field"
import { SegmentPreviewPanel, useLivePreview } from "./segment-preview"
import { SegmentRuleBuilder, useFieldCatalog } from "./segment-rule-builder"
import {
  EditorGroup,
  emptyCondition,
  emptyGroup,
  issuesByNode,
  parseRuleIssues,
  rulesFromTree,
  treeFromRules,
} from "./segment-rule-tree"

export type SegmentFormMode = "create" | "edit" | "duplicate"

const TITLES: Record<SegmentFormMode, string> = {
  create: "Create segment",
  edit: "Edit segment",
  duplicate: "Duplicate segment",
}

/**
 * Create a segment, edit one, or save a copy of one (built-ins are only
 * copied). Dynamic segments get the rule builder with a live count and
 * preview beside it; static ones only a name, filled by hand or CSV later.
 */
export const SegmentFormModal = ({
  open,
  onOpenChange,
  mode,
  segment,
  onSaved,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  mode: SegmentFormMode
  segment?: Segment | null
  onSaved?: (segment: Segment) => void
}) => {
  const { data: fields, isError: fieldsFailed, error: fieldsError } = useSegmentFields({ enabled: open })
  const catalog = useFieldCatalog(fields)
  const [name, setName] = useState("")
  const [description, setDescription] = useState("")
  const [type, setType] = useState<SegmentType>("dynamic")
  const [tree, setTree] = useState<EditorGroup>(() => emptyGroup("all"))
  const [ready, setReady] = useState(false)
  const [nameError, setNameError] = useState<string | null>(null)
  const [showUnfinished, setShowUnfinished] = useState(false)
  const [saveError, setSaveError] = useState<{ message: string; issues: Map<string, string[]> } | null>(null)

  const create = useCreateSegment()
  const update = useUpdateSegment(segment?.id ?? "")
  const editing = mode === "edit" && segment
  const rulesLocked = Boolean(editing && segment.is_built_in)

  // (re)start from the segment each time the modal opens: the profile fields at
  // once (what is typed before the field catalog arrives is kept), the rules
  // once the catalog is here
  useOnOpen(open, () => {
    setName(mode === "duplicate" && segment ? `${segment.name} (copy)` : segment?.name ?? "")
    setDescription(segment?.description ?? "")
    setType(mode === "duplicate" ? "dynamic" : segment?.type ?? "dynamic")
    setNameError(null)
    setShowUnfinished(false)
    setSaveError(null)
  })
  useEffect(() => {
    if (!open) {
      setReady(false)
      return
    }
    if (ready || !fields) return
    setTree(segment?.rules ? treeFromRules(segment.rules, catalog) : emptyGroup("all", [emptyCondition()]))
    setReady(true)
  }, [open, fields, ready, segment, catalog])

  const dynamic = type === "dynamic"
  const converted = useMemo(() => rulesFromTree(tree, catalog), [tree, catalog])
  const preview = useLivePreview({
    rules: converted.rules,
    paths: converted.paths,
    segmentId: mode === "edit" ? segment?.id : undefined,
    enabled: open && ready && dynamic,
  })
  const unfinished = useMemo(
    () => new Set(showUnfinished ? converted.unfinished : []),
    [showUnfinished, converted.unfinished]
  )
  // the live preview's messages, else those of the last save
  const issues = preview.issues.size ? preview.issues : saveError?.issues

  const onTreeChange = (next: EditorGroup) => {
    setTree(next)
    setSaveError(null)
  }

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!name.trim()) {
      setNameError("Give the segment a name, e.g. “Bought shoes twice this year”")
      return
    }
    setNameError(null)
    if (dynamic && !rulesLocked && converted.unfinished.length) {
      setShowUnfinished(true)
      toast.error("Finish or remove the highlighted conditions first")
      return
    }
    const rules = dynamic && !rulesLocked ? converted.rules : undefined
    try {
      let saved: Segment
      if (editing) {
        saved = (await update.mutateAsync({ name: name.trim(), description: description.trim() || null, rules }))
          .segment
        toast.success(`Segment ${saved.name} saved`)
      } else {
        saved = (
          await create.mutateAsync({
            name: name.trim(),
            description: description.trim() || null,
            type,
            ...(rules ? { rules } : {}),
          })
        ).segment
        toast.success(
          saved.type === "dynamic"
            ? `Segment ${saved.name} created with ${saved.member_count.toLocaleString()} ${saved.member_count === 1 ? "member" : "members"}`
            : `Segment ${saved.name} created`
        )
      }
      onOpenChange(false)
      onSaved?.(saved)
    } catch (err) {
      const message = errorMessage(err, "Could not save the segment")
      setSaveError({ message, issues: issuesByNode(parseRuleIssues(message), converted.paths) })
      toast.error(message)
    }
  }

  const wide = dynamic && !rulesLocked

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content aria-describedby={undefined}>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <FocusModal.Header>
            <div className="flex items-center justify-end gap-x-2">
              <FocusModal.Close asChild>
                <Button size="small" variant="secondary" type="button">
                  Cancel
                </Button>
              </FocusModal.Close>
              <Button
                size="small"
                type="submit"
                isLoading={create.isPending || update.isPending}
                disabled={!ready}
                data-testid="segment-submit"
              >
                Save
              </Button>
            </div>
          </FocusModal.Header>
          <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto px-6 py-12">
            <div className={wide ? "flex w-full max-w-[1360px] flex-col gap-y-8" : "flex w-full max-w-[720px] flex-col gap-y-8"}>
              <div>
                <FocusModal.Title asChild>
                  <Heading>{TITLES[mode]}</Heading>
                </FocusModal.Title>
                <Text size="small" className="text-ui-fg-subtle">
                  {mode === "duplicate"
                    ? "Save an editable copy with its own name; the original stays as it is."
                    : "A segment is an audience for campaigns and flows: people who match rules, or a list you keep."}
                </Text>
              </div>

              {fieldsFailed && (
                <Alert variant="error" dismissible={false}>
                  {errorMessage(fieldsError, "The segment fields could not be loaded")}
                </Alert>
              )}

              <div className={wide ? "grid grid-cols-1 gap-4 lg:grid-cols-2" : "flex flex-col gap-y-4"}>
                <Field id="segment-name" label="Name" error={nameError}>
                  <Input
                    id="segment-name"
                    name="name"
                    autoFocus
                    value={name}
                    placeholder="Repeat buyers of running shoes"
                    onChange={(e) => setName(e.target.value)}
                  />
                </Field>
                <Field id="segment-description" label="Description" optional>
                  <Textarea
                    id="segment-description"
                    name="description"
                    rows={1}
                    value={description}
                    className="min-h-8"
                    placeholder="Who this is for and what you send them"
                    onChange={(e) => setDescription(e.target.value)}
                  />
                </Field>
              </div>

              {mode === "create" && (
                <RadioGroup
                  value={type}
                  onValueChange={(v) => setType(v as SegmentType)}
                  className="grid grid-cols-1 gap-3 md:grid-cols-2"
                >
                  <RadioGroup.ChoiceBox
                    value="dynamic"
                    data-testid="segment-type-dynamic"
                    label="Dynamic"
                    description="Members are whoever matches your rules, kept up to date as contacts order, open and click."
                  />
                  <RadioGroup.ChoiceBox
                    value="static"
                    data-testid="segment-type-static"
                    label="Static"
                    description="A fixed list: add contacts by hand or import a CSV of email addresses."
                  />
                </RadioGroup>
              )}

              {rulesLocked && (
                <Alert variant="info" dismissible={false}>
                  This is a built-in segment: its rules cannot change. Duplicate it to make a version
                  with your own rules.
                </Alert>
              )}

              {wide && (
                <div className="flex flex-col items-start gap-6 xl:flex-row">
                  <div className="flex w-full min-w-0 flex-1 flex-col gap-y-3">
                    <div>
                      <Heading level="h2">Rules</Heading>
                      <Text size="small" className="text-ui-fg-subtle">
                        Combine conditions on profile, orders, purchases and engagement. The count on the
                        right follows every change.
                      </Text>
                    </div>
                    {saveError && !preview.issues.size && !saveError.issues.size && (
                      <Alert variant="error" dismissible={false} data-testid="segment-save-error">
                        {saveError.message}
                      </Alert>
                    )}
                    {fields && ready ? (
                      <SegmentRuleBuilder
                        fields={fields}
                        value={tree}
                        onChange={onTreeChange}
                        issues={issues}
                        unfinished={unfinished}
                        segmentId={segment?.id && mode === "edit" ? segment.id : undefined}
                      />
                    ) : (
                      <Text size="small" className="text-ui-fg-muted">
                        Loading fields…
                      </Text>
                    )}
                  </div>
                  <div className="w-full xl:sticky xl:top-0 xl:w-[480px] xl:shrink-0">
                    <SegmentPreviewPanel
                      preview={preview}
                      unfinished={converted.unfinished.length}
                      conditions={converted.conditions}
                    />
                  </div>
                </div>
              )}
            </div>
          </FocusModal.Body>
        </form>
      </FocusModal.Content>
    </FocusModal>
  )
}
