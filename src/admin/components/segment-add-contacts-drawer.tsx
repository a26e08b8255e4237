import { Badge, Button, Checkbox, Drawer, Input, Text, toast } from "@medusajs/ui"
import { XMarkMini } from "@medusajs/icons"
import { useEffect, useState } from "react"
import { useContacts } from "../hooks/contacts"
import { useUpdateSegmentMembers } from "../hooks/segments"
import { contactName, errorMessage } from "../lib/format"
import type { Segment } from "../lib/types"
import { ContactStatusBadge } from "./contact-status-badge"
import { formatCount } from "./segment-display"

/** Search contacts and add the ones ticked to a static segment. */
export const SegmentAddContactsDrawer = ({
  segment,
  open,
  onOpenChange,
}: {
  segment: Segment
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [q, setQ] = useState("")
  const [debounced, setDebounced] = useState("")
  const [selected, setSelected] = useState<Map<string, string>>(new Map())
  const members = useUpdateSegmentMembers(segment.id)
  const { contacts = [], count, isFetching } = useContacts(
    { q: debounced || undefined, limit: 20, order: "-created_at" },
    { enabled: open }
  )

  useEffect(() => {
    const t = setTimeout(() => setDebounced(q.trim()), 250)
    return () => clearTimeout(t)
  }, [q])

  useEffect(() => {
    if (open) {
      setQ("")
      setDebounced("")
      setSelected(new Map())
    }
  }, [open])

  const toggle = (id: string, email: string, on: boolean) =>
    setSelected((prev) => {
      const next = new Map(prev)
      if (on) next.set(id, email)
      else next.delete(id)
      return next
    })

  const submit = () =>
    members.mutate(
      { add: [...selected.keys()] },
      {
        onSuccess: (r) => {
          const parts = [`${formatCount(r.added, "contact", "contacts")} added`]
          if (r.already_members) parts.push(`${r.already_members.toLocaleString()} already in the segment`)
          toast.success(parts.join(", "))
          onOpenChange(false)
        },
        onError: (e) => toast.error(errorMessage(e, "Could not add the contacts")),
      }
    )

  return (
    <Drawer open={open} onOpenChange={onOpenChange}>
      <Drawer.Content aria-describedby={undefined}>
        <Drawer.Header>
          <Drawer.Title>Add contacts to {segment.name}</Drawer.Title>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          <Input
            type="search"
            autoFocus
            value={q}
            placeholder="Search email or name"
            onChange={(e) => setQ(e.target.value)}
            data-testid="segment-add-search"
          />
          {selected.size > 0 && (
            <div className="flex flex-wrap gap-1" data-testid="segment-add-selected">
              {[...selected].map(([id, email]) => (
                <Badge key={id} size="2xsmall" className="gap-x-0.5 pr-0.5">
                  {email}
                  <button
                    type="button"
                    aria-label={`Unselect ${email}`}
                    className="text-ui-fg-muted hover:text-ui-fg-subtle"
                    onClick={() => toggle(id, email, false)}
                  >
                    <XMarkMini />
                  </button>
                </Badge>
              ))}
            </div>
          )}
          <div className="flex flex-col divide-y rounded-lg border" data-testid="segment-add-results">
            {contacts.length === 0 && (
              <Text size="small" className="text-ui-fg-muted px-4 py-6 text-center">
                {isFetching ? "Searching…" : debounced ? `No contact matches “${debounced}”` : "No contacts yet"}
              </Text>
            )}
            {contacts.map((c) => {
              const id = `segment-add-${c.id}`
              const name = contactName(c)
              return (
                <label key={c.id} htmlFor={id} className="hover:bg-ui-bg-base-hover flex cursor-pointer items-center gap-x-3 px-4 py-2.5">
                  <Checkbox
                    id={id}
                    checked={selected.has(c.id)}
                    onCheckedChange={(v) => toggle(c.id, c.email, v === true)}
                  />
                  <div className="flex min-w-0 flex-1 flex-col">
                    <Text size="small" weight="plus" className="truncate">
                      {c.email}
                    </Text>
                    {name && (
                      <Text size="xsmall" className="text-ui-fg-subtle truncate">
                        {name}
                      </Text>
                    )}
                  </div>
                  <ContactStatusBadge status={c.status} />
                </label>
              )
            })}
          </div>
          {count !== undefined && count > contacts.length && (
            <Text size="xsmall" className="text-ui-fg-muted">
              Showing {contacts.length} of {count.toLocaleString()}; search to find others.
            </Text>
          )}
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary" type="button">
              Cancel
            </Button>
          </Drawer.Close>
          <Button
            size="small"
            onClick={submit}
            disabled={selected.size === 0}
            isLoading={members.isPending}
            data-testid="segment-add-submit"
          >
            {selected.size ? `Add ${formatCount(selected.size, "contact", "contacts")}` : "Add contacts"}
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
