import { Button, Drawer, Input, toast } from "@medusajs/ui"
import { FormEvent, useState } from "react"
import { useUpdateContact } from "../hooks/contacts"
import { errorMessage } from "../lib/format"
import type { ContactDetail, UpdateContactPayload } from "../lib/types"
import { Field } from "./field"
import { useOnOpen } from "../lib/use-on-open"

const FIELDS = [
  { key: "first_name", label: "First name" },
  { key: "last_name", label: "Last name" },
  { key: "phone", label: "Phone" },
  { key: "country_code", label: "Country code", placeholder: "gb" },
  { key: "locale", label: "Locale", placeholder: "en-GB" },
  { key: "timezone", label: "Timezone", placeholder: "Europe/London" },
] as const

type Key = (typeof FIELDS)[number]["key"]

export const EditContactDrawer = ({
  contact,
  open,
  onOpenChange,
}: {
  contact: ContactDetail
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [form, setForm] = useState<Record<Key, string>>({} as Record<Key, string>)
  const [error, setError] = useState<string | null>(null)
  const { mutateAsync, isPending } = useUpdateContact(contact.id)

  useOnOpen(open, () => {
    setForm(Object.fromEntries(FIELDS.map(({ key }) => [key, contact[key] ?? ""])) as Record<Key, string>)
    setError(null)
  })

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const cc = form.country_code.trim()
    if (cc && !/^[a-zA-Z]{2}$/.test(cc)) {
      setError("Use a two-letter ISO code, e.g. gb")
      return
    }
    const body: UpdateContactPayload = {}
    for (const { key } of FIELDS) {
      const v = form[key].trim()
      const current = contact[key] ?? ""
      if (v !== current) {
        body[key] = v ? (key === "country_code" ? v.toLowerCase() : v) : null
      }
    }
    try {
      if (Object.keys(body).length) {
        await mutateAsync(body)
        toast.success("Contact updated")
      }
      onOpenChange(false)
    } catch (err) {
      toast.error(errorMessage(err, "Could not update the contact"))
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <Drawer.Header>
            <Drawer.Title>Edit profile</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            {FIELDS.map((f) => (
              <Field
                key={f.key}
                id={`edit-contact-${f.key}`}
                label={f.label}
                optional
                error={f.key === "country_code" ? error : undefined}
              >
                <Input
                  id={`edit-contact-${f.key}`}
                  value={form[f.key] ?? ""}
                  placeholder={"placeholder" in f ? f.placeholder : undefined}
                  onChange={(e) => setForm((s) => ({ ...s, [f.key]: e.target.value }))}
                />
              </Field>
            ))}
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={isPending}>
              Save
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
