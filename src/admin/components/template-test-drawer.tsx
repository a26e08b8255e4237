import { Alert, Button, Drawer, Text, Textarea, toast } from "@medusajs/ui"
import { FormEvent, useEffect, useState } from "react"
import { useSendTemplateTest } from "../hooks/templates"
import { errorMessage } from "../lib/format"
import { Field } from "./field"
import type { PreviewContact } from "./template-preview"

const MAX_EMAILS = 5
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** "a@x.com, b@y.com" or one per line -> the addresses, trimmed, unique. */
const parseEmails = (raw: string) => [...new Set(raw.split(/[\s,;]+/).map((e) => e.trim()).filter(Boolean))]

/**
 * Send the saved template to up to five addresses, rendered with sample data
 * or the contact the preview shows. Unsaved changes are saved first
 * (`onBeforeSend`), so what arrives is what the editor shows.
 */
export const TemplateTestDrawer = ({
  templateId,
  open,
  onOpenChange,
  contact,
  dirty,
  onBeforeSend,
}: {
  templateId: string
  open: boolean
  onOpenChange: (open: boolean) => void
  contact: PreviewContact | null
  dirty: boolean
  /** saves pending changes; false when that failed */
  onBeforeSend: () => Promise<boolean>
}) => {
  const [raw, setRaw] = useState("")
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)
  const send = useSendTemplateTest(templateId)

  useEffect(() => {
    if (open) setError(null)
  }, [open])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const emails = parseEmails(raw)
    if (!emails.length) {
      setError("Enter at least one email address")
      return
    }
    if (emails.length > MAX_EMAILS) {
      setError(`Send to at most ${MAX_EMAILS} addresses at a time`)
      return
    }
    const bad = emails.filter((e) => !EMAIL.test(e))
    if (bad.length) {
      setError(`Not an email address: ${bad.join(", ")}`)
      return
    }
    setError(null)
    if (dirty) {
      setSaving(true)
      const ok = await onBeforeSend().finally(() => setSaving(false))
      if (!ok) return
    }
    send.mutate(
      { emails, contact_id: contact?.id },
      {
        onSuccess: ({ sent }) => {
          toast.success(`Test email sent to ${sent} ${sent === 1 ? "address" : "addresses"}`)
          onOpenChange(false)
        },
        onError: (err) => toast.error(errorMessage(err, "Could not send the test email")),
      }
    )
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined} data-testid="template-test-drawer">
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <Drawer.Header>
            <Drawer.Title>Send a test email</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Field
              id="template-test-emails"
              label="Send to"
              hint={`Up to ${MAX_EMAILS} addresses, separated by commas or new lines`}
              error={error}
            >
              <Textarea
                id="template-test-emails"
                rows={3}
                value={raw}
                placeholder="you@example.com"
                onChange={(e) => setRaw(e.target.value)}
                data-testid="template-test-emails"
              />
            </Field>
            <Text size="small" className="text-ui-fg-subtle">
              {contact
                ? `Rendered with the data of ${contact.email}.`
                : "Rendered with sample data. Pick a contact in the preview to use theirs."}
            </Text>
            {dirty && (
              <Alert variant="info" dismissible={false}>
                You have unsaved changes: they are saved before the test is sent.
              </Alert>
            )}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={saving || send.isPending} data-testid="template-test-send">
              {dirty ? "Save and send" : "Send test"}
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
