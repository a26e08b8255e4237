import { Button, Drawer, Text, Textarea, toast } from "@medusajs/ui"
import { FormEvent, useEffect, useMemo, useState } from "react"
import { Campaign, useSendCampaignTest } from "../hooks/campaigns"
import { useContacts } from "../hooks/contacts"
import { contactName, errorMessage } from "../lib/format"
import { Field } from "./field"
import { OptionPicker } from "./segment-value-input"

const MAX_EMAILS = 5
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

const parseEmails = (raw: string) =>
  raw
    .split(/[\s,;]+/)
    .map((e) => e.trim())
    .filter(Boolean)

/**
 * Sends the campaign as it would go out (subject, sender, template, the
 * first variant of a test) to up to five addresses, rendered with a real
 * contact's data or sample data. Nothing about the campaign changes.
 */
export const CampaignTestDrawer = ({
  campaign,
  open,
  onOpenChange,
}: {
  campaign: Campaign
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [raw, setRaw] = useState("")
  const [contactId, setContactId] = useState<string[]>([])
  const [picked, setPicked] = useState(() => new Map<string, string>())
  const [q, setQ] = useState("")
  const [error, setError] = useState<string | null>(null)
  const sendTest = useSendCampaignTest(campaign.id)
  const { contacts, isFetching } = useContacts({ q: q || undefined, limit: 10 }, { enabled: open })

  useEffect(() => {
    if (open) {
      setError(null)
    }
  }, [open])

  const options = useMemo(
    () =>
      (contacts ?? []).map((c) => ({
        value: c.id,
        label: c.email,
        hint: contactName(c) ?? undefined,
      })),
    [contacts]
  )

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const emails = parseEmails(raw)
    if (!emails.length) {
      setError("Enter at least one address")
      return
    }
    if (emails.length > MAX_EMAILS) {
      setError(`Up to ${MAX_EMAILS} addresses at a time`)
      return
    }
    const bad = emails.filter((x) => !EMAIL.test(x))
    if (bad.length) {
      setError(`Not an email address: ${bad.join(", ")}`)
      return
    }
    setError(null)
    try {
      const { sent } = await sendTest.mutateAsync({ emails, ...(contactId[0] ? { contact_id: contactId[0] } : {}) })
      toast.success(`Test sent to ${sent} ${sent === 1 ? "address" : "addresses"}`)
      onOpenChange(false)
    } catch (err) {
      const message = errorMessage(err, "The test could not be sent")
      setError(message)
      toast.error(message)
    }
  }

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined} data-testid="campaign-test-drawer">
        <form onSubmit={submit} className="flex h-full flex-col overflow-hidden" noValidate>
          <Drawer.Header>
            <Drawer.Title>Send a test</Drawer.Title>
          </Drawer.Header>
          <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
            <Text size="small" className="text-ui-fg-subtle">
              The email as {campaign.name} would send it to a recipient. Test sends are not counted in the
              campaign.
            </Text>
            <Field
              id="campaign-test-emails"
              label="Send to"
              error={error}
              hint={`Up to ${MAX_EMAILS} addresses, separated by commas or new lines.`}
            >
              <Textarea
                id="campaign-test-emails"
                rows={3}
                value={raw}
                placeholder="you@yourstore.com"
                aria-invalid={Boolean(error)}
                onChange={(e) => setRaw(e.target.value)}
              />
            </Field>
            <Field
              label="Render for contact"
              optional
              hint="Fill the variables with this contact's data; without one, sample data is used."
            >
              <OptionPicker
                value={contactId}
                onChange={(v) => {
                  const next = v.slice(-1)
                  const o = options.find((x) => x.value === next[0])
                  if (o) setPicked((m) => new Map(m).set(o.value, o.label))
                  setContactId(next)
                }}
                options={options}
                labels={picked}
                search={q}
                onSearch={setQ}
                loading={isFetching}
                placeholder="Sample data"
                emptyText={q ? `No contacts match “${q}”` : "No contacts yet"}
                testId="campaign-test-contact"
                label="Contact to render for"
              />
            </Field>
          </Drawer.Body>
          <Drawer.Footer>
            <Drawer.Close asChild>
              <Button size="small" variant="secondary" type="button">
                Cancel
              </Button>
            </Drawer.Close>
            <Button size="small" type="submit" isLoading={sendTest.isPending} data-testid="campaign-test-submit">
              Send test
            </Button>
          </Drawer.Footer>
        </form>
      </Drawer.Content>
    </Drawer>
  )
}
