import { Container, Heading, Label, Switch, Text, toast } from "@medusajs/ui"
import { useUpdateContact } from "../hooks/contacts"
import { useTopics } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import type { ContactDetail } from "../lib/types"

/** Every topic with a switch for this contact's preference. */
export const ContactTopicsSection = ({ contact }: { contact: ContactDetail }) => {
  const { topics = [], isLoading } = useTopics()
  const { mutate, isPending, variables } = useUpdateContact(contact.id)

  const state = new Map((contact.topics ?? []).map((t) => [t.topic.handle, t.subscribed]))

  const toggle = (handle: string, name: string, subscribed: boolean) =>
    mutate(
      { topics: { [handle]: subscribed } },
      {
        onSuccess: () =>
          toast.success(subscribed ? `Subscribed to ${name}` : `Unsubscribed from ${name}`),
        onError: (e) => toast.error(errorMessage(e, "Could not change the topic")),
      }
    )

  return (
    <Container className="divide-y p-0" data-testid="contact-topics">
      <div className="px-6 py-4">
        <Heading level="h2">Topics</Heading>
        {contact.status !== "subscribed" && (
          <Text size="small" className="text-ui-fg-subtle">
            Topic choices only matter while the contact is subscribed.
          </Text>
        )}
      </div>
      {!isLoading && topics.length === 0 && (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            No topics yet. Create them under Marketing → Topics.
          </Text>
        </div>
      )}
      {topics.map((t) => {
        const pending = isPending && variables?.topics && t.handle in variables.topics
        const checked = pending ? Boolean(variables!.topics![t.handle]) : state.get(t.handle) ?? false
        const id = `contact-topic-${t.handle}`
        return (
          <div key={t.id} className="flex items-center justify-between gap-x-4 px-6 py-3">
            <div className="flex flex-col">
              <Label htmlFor={id} size="small" weight="plus">
                {t.name}
              </Label>
              <Text size="xsmall" className="text-ui-fg-muted">
                {t.handle}
              </Text>
            </div>
            <Switch
              id={id}
              data-testid={id}
              checked={checked}
              disabled={isPending}
              onCheckedChange={(c) => toggle(t.handle, t.name, c)}
            />
          </div>
        )
      })}
    </Container>
  )
}
