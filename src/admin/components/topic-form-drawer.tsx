import { Button, Drawer, Input, Label, Switch, Text, Textarea, toast } from "@medusajs/ui"
import { FormEvent, useState } from "react"
import { useCreateTopic, useUpdateTopic } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import type { Topic, TopicPayload } from "../lib/types"
import { Field } from "./field"
import { useOnOpen } from "../lib/use-on-open"

const HANDLE_RE = /^[a-z0-9][a-z0-9_-]*$/

const toHandle = (name: string) =>
  name
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")

type FormState = {
  name: string
  handle: string
  description: string
  is_default: boolean
  is_public: boolean
}

/** Create a topic (no `topic`) or edit one. */
export const TopicFormDrawer = ({
  topic,
  open,
  onOpenChange,
}: {
  topic?: Topic | null
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [form, setForm] = useState<FormState>({
    name: "",
    handle: "",
    description: "",
    is_default: false,
    is_public: true,
  })
  const [handleTouched, setHandleTouched] = useState(false)
  const [errors, setErrors] = useState<{ name?: string; handle?: string }>({})
  const create = useCreateTopic()
  const update = useUpdateTopic(topic?.id ?? "")
  const isEdit = Boolean(topic)

  useOnOpen(open, () => {
    setForm({
      name: topic?.name ?? "",
      handle: topic?.handle ?? "",
      description: topic?.description ?? "",
      is_default: topic?.is_default ?? false,
      is_public: topic?.is_public ?? true,
    })
    setHandleTouched(Boolean(topic))
    setErrors({})
  })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const next: typeof errors = {}
    if (!form.name.trim()) {
      next.name = "Give the topic a name subscribers will recognise"
    }
    if (!HANDLE_RE.test(form.handle)) {
      next.handle = "Lower-case letters, digits, - and _ only, e.g. product-news"
    }
    setErrors(next)
    if (Object.keys(next).length) {
      return
    }
    const body: TopicPayload = {
      name: form.name.trim(),
      handle: form.handle,
      description: form.description.trim() || null,
      is_default: form.is_default,
      is_public: form.is_public,
    }
    try {
      if (isEdit) {
        await update.mutateAsync(body)
        toast.success(`Topic ${body.name} updated`)
      } else {
        await create.mutateAsync(body)
        toast.success(`Topic ${body.name} created`)
      }
      onOpenChange(false)
    } catch (err) {
      toast.error(errorMessage(err, "Could not save the topic"))
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <Drawer.Header>
            <Drawer.Title>{isEdit ? "Edit topic" : "Create topic"}</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Field id="topic-name" label="Name" error={errors.name}>
              <Input
                id="topic-name"
                name="name"
                value={form.name}
                placeholder="Product news"
                onChange={(e) => {
                  const name = e.target.value
                  setForm((f) => ({ ...f, name, handle: handleTouched ? f.handle : toHandle(name) }))
                }}
              />
            </Field>
            <Field
              id="topic-handle"
              label="Handle"
              error={errors.handle}
              hint="Used by the storefront and in CSV imports. Changing it breaks references to the old one."
            >
              <Input
                id="topic-handle"
                name="handle"
                value={form.handle}
                placeholder="product-news"
                onChange={(e) => {
                  setHandleTouched(true)
                  setForm((f) => ({ ...f, handle: e.target.value }))
                }}
              />
            </Field>
            <Field id="topic-description" label="Description" optional hint="Shown in the preference centre.">
              <Textarea
                id="topic-description"
                name="description"
                value={form.description}
                onChange={(e) => setForm((f) => ({ ...f, description: e.target.value }))}
              />
            </Field>
            <SwitchRow
              id="topic-is-default"
              label="Default"
              description="Granted on a sign-up that names no topics."
              checked={form.is_default}
              onChange={(c) => setForm((f) => ({ ...f, is_default: c }))}
            />
            <SwitchRow
              id="topic-is-public"
              label="Public"
              description="Listed in the preference centre, where subscribers can opt in or out."
              checked={form.is_public}
              onChange={(c) => setForm((f) => ({ ...f, is_public: c }))}
            />
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button
              size="small"
              type="submit"
              isLoading={create.isPending || update.isPending}
              data-testid="topic-submit"
            >
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}

const SwitchRow = ({
  id,
  label,
  description,
  checked,
  onChange,
}: {
  id: string
  label: string
  description: string
  checked: boolean
  onChange: (checked: boolean) => void
}) => (
  <div className="flex items-start justify-between gap-x-4 rounded-lg border px-4 py-3">
    <div className="flex flex-col">
      <Label htmlFor={id} size="small" weight="plus">
        {label}
      </Label>
      <Text size="small" className="text-ui-fg-subtle">
        {description}
      </Text>
    </div>
    <Switch id={id} checked={checked} onCheckedChange={onChange} />
  </div>
)
