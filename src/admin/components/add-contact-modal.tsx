import { Button, FocusModal, Heading, Input, Switch, Label, Text, toast } from "@medusajs/ui"
import { FormEvent, useEffect, useState } from "react"
import { useCreateContact } from "../hooks/contacts"
import { useTopics } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import type { CreateContactPayload } from "../lib/types"
import { Field } from "./field"
import { TopicChecklist } from "./topic-checklist"

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

type FormState = {
  email: string
  first_name: string
  last_name: string
  phone: string
  locale: string
  timezone: string
  country_code: string
  subscribe: boolean
  consent_source: string
  topics: string[]
}

const EMPTY: FormState = {
  email: "",
  first_name: "",
  last_name: "",
  phone: "",
  locale: "",
  timezone: "",
  country_code: "",
  subscribe: false,
  consent_source: "",
  topics: [],
}

const OPTIONAL_FIELDS: { key: keyof FormState; label: string; placeholder?: string }[] = [
  { key: "first_name", label: "First name" },
  { key: "last_name", label: "Last name" },
  { key: "phone", label: "Phone", placeholder: "+44 20 7946 0958" },
  { key: "country_code", label: "Country code", placeholder: "gb" },
  { key: "locale", label: "Locale", placeholder: "en-GB" },
  { key: "timezone", label: "Timezone", placeholder: "Europe/London" },
]

export const AddContactModal = ({
  open,
  onOpenChange,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [form, setForm] = useState<FormState>(EMPTY)
  const [errors, setErrors] = useState<Partial<Record<keyof FormState, string>>>({})
  const { topics = [] } = useTopics({}, { enabled: open })
  const { mutateAsync, isPending } = useCreateContact()

  useEffect(() => {
    if (open) {
      setForm(EMPTY)
      setErrors({})
    }
  }, [open])

  const set = <K extends keyof FormState>(key: K, value: FormState[K]) =>
    setForm((f) => ({ ...f, [key]: value }))

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const next: typeof errors = {}
    if (!EMAIL_RE.test(form.email.trim())) {
      next.email = "Enter a valid email address"
    }
    if (form.subscribe && !form.consent_source.trim()) {
      next.consent_source = "Say where this person gave consent; it is stored as proof"
    }
    if (form.country_code && !/^[a-zA-Z]{2}$/.test(form.country_code.trim())) {
      next.country_code = "Use a two-letter ISO code, e.g. gb"
    }
    setErrors(next)
    if (Object.keys(next).length) {
      return
    }
    const body: CreateContactPayload = { email: form.email.trim() }
    for (const { key } of OPTIONAL_FIELDS) {
      const v = (form[key] as string).trim()
      if (v) {
        ;(body as any)[key] = key === "country_code" ? v.toLowerCase() : v
      }
    }
    body.subscribe = form.subscribe
    if (form.subscribe) {
      body.consent_source = form.consent_source.trim()
      if (form.topics.length) {
        body.topics = form.topics
      }
    }
    try {
      const { contact } = await mutateAsync(body)
      toast.success(`Contact ${contact.email} added`)
      onOpenChange(false)
    } catch (err) {
      toast.error(errorMessage(err, "Could not add the contact"))
    }
  }

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
              <Button size="small" type="submit" isLoading={isPending} data-testid="add-contact-submit">
                Save
              </Button>
            </div>
          </FocusModal.Header>
          <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto py-16">
            <div className="flex w-full max-w-[720px] flex-col gap-y-8">
              <div>
                <FocusModal.Title asChild>
                  <Heading>Add contact</Heading>
                </FocusModal.Title>
                <Text size="small" className="text-ui-fg-subtle">
                  Add one person by hand. Only subscribe them if they agreed to receive marketing
                  email; the consent source you give is kept as proof.
                </Text>
              </div>
              <Field id="contact-email" label="Email" error={errors.email}>
                <Input
                  id="contact-email"
                  name="email"
                  type="email"
                  autoFocus
                  value={form.email}
                  onChange={(e) => set("email", e.target.value)}
                  placeholder="jane@example.com"
                />
              </Field>
              <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
                {OPTIONAL_FIELDS.map(({ key, label, placeholder }) => (
                  <Field
                    key={key}
                    id={`contact-${key}`}
                    label={label}
                    optional
                    error={errors[key]}
                  >
                    <Input
                      id={`contact-${key}`}
                      name={key}
                      value={form[key] as string}
                      placeholder={placeholder}
                      onChange={(e) => set(key, e.target.value)}
                    />
                  </Field>
                ))}
              </div>
              <div className="shadow-elevation-card-rest bg-ui-bg-component flex flex-col gap-y-4 rounded-lg p-4">
                <div className="flex items-start gap-x-3">
                  <Switch
                    id="contact-subscribe"
                    checked={form.subscribe}
                    onCheckedChange={(c) => set("subscribe", c)}
                  />
                  <div className="flex flex-col">
                    <Label htmlFor="contact-subscribe" size="small" weight="plus">
                      Subscribe to marketing email
                    </Label>
                    <Text size="small" className="text-ui-fg-subtle">
                      Only with the person's consent. Without it the contact is added as pending.
                    </Text>
                  </div>
                </div>
                {form.subscribe && (
                  <>
                    <Field
                      id="contact-consent-source"
                      label="Consent source"
                      error={errors.consent_source}
                      hint="Where and how they agreed, e.g. “In-store sign-up sheet, 12 March”."
                    >
                      <Input
                        id="contact-consent-source"
                        name="consent_source"
                        value={form.consent_source}
                        onChange={(e) => set("consent_source", e.target.value)}
                      />
                    </Field>
                    <Field label="Topics" optional hint="The topics this person agreed to.">
                      <TopicChecklist
                        idPrefix="add-contact-topic"
                        topics={topics}
                        value={form.topics}
                        onChange={(t) => set("topics", t)}
                      />
                    </Field>
                  </>
                )}
              </div>
            </div>
          </FocusModal.Body>
        </form>
      </FocusModal.Content>
    </FocusModal>
  )
}
