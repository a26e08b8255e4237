import { Button, Drawer, Input, Text, Textarea, toast } from "@medusajs/ui"
import { FormEvent, useEffect, useState } from "react"
import { useCreateSuppression } from "../hooks/suppressions"
import { errorMessage } from "../lib/format"
import { Field } from "./field"

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const AddSuppressionDrawer = ({
  open,
  onOpenChange,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [email, setEmail] = useState("")
  const [note, setNote] = useState("")
  const [error, setError] = useState<string | null>(null)
  const { mutateAsync, isPending } = useCreateSuppression()

  useEffect(() => {
    if (open) {
      setEmail("")
      setNote("")
      setError(null)
    }
  }, [open])

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    if (!EMAIL_RE.test(email.trim())) {
      setError("Enter a valid email address")
      return
    }
    setError(null)
    try {
      await mutateAsync({ email: email.trim(), reason: "manual", note: note.trim() || undefined })
      toast.success(`${email.trim()} suppressed`)
      onOpenChange(false)
    } catch (err) {
      toast.error(errorMessage(err, "Could not add the suppression"))
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <Drawer.Header>
            <Drawer.Title>Suppress an address</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Text size="small" className="text-ui-fg-subtle">
              No marketing email is ever sent to a suppressed address, whatever its consent.
            </Text>
            <Field id="suppression-email" label="Email" error={error}>
              <Input
                id="suppression-email"
                name="email"
                type="email"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                placeholder="someone@example.com"
              />
            </Field>
            <Field id="suppression-note" label="Note" optional hint="Why, for whoever looks at this later.">
              <Textarea
                id="suppression-note"
                name="note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
              />
            </Field>
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={isPending} data-testid="suppression-submit">
              Suppress
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
