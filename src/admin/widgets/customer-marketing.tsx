import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { DetailWidgetProps, AdminCustomer } from "@medusajs/framework/types"
import { Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import { ArrowUpRightOnBox, EnvelopeSolid } from "@medusajs/icons"
import { Link } from "react-router-dom"
import { ConsentActionBadge } from "../components/consent-history"
import { ContactStatusBadge } from "../components/contact-status-badge"
import { useContact, useContactConsent, useContacts } from "../hooks/contacts"
import { formatDateTime, sourceLabel } from "../lib/format"

const LAST_EVENTS = 3

/**
 * Marketing status of the contact linked to this customer: subscription,
 * topics, the latest consent events and a link to the full contact page.
 */
const CustomerMarketingWidget = ({ data: customer }: DetailWidgetProps<AdminCustomer>) => {
  const { contacts, isLoading } = useContacts({ customer_id: customer.id, limit: 1 })
  const contactId = contacts?.[0]?.id

  return (
    <Container className="divide-y p-0" data-testid="customer-marketing-widget">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Marketing</Heading>
        {contactId && (
          <Button size="small" variant="secondary" asChild>
            <Link to={`/marketing/contacts/${contactId}`} data-testid="customer-marketing-contact-link">
              <ArrowUpRightOnBox />
              View contact
            </Link>
          </Button>
        )}
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">Loading…</Text>
        </div>
      ) : contactId ? (
        <ContactSummary id={contactId} />
      ) : (
        <div className="flex flex-col items-center gap-y-2 px-6 py-8 text-center" data-testid="customer-marketing-empty">
          <EnvelopeSolid className="text-ui-fg-muted" />
          <Text size="small" weight="plus">No marketing contact</Text>
          <Text size="small" className="text-ui-fg-subtle max-w-[420px]">
            {customer.email} is not in your marketing contacts, so they get no marketing email.
            They are added when they sign up for the newsletter, or when you run Sync customers on
            the contacts page.
          </Text>
          <Button size="small" variant="secondary" asChild>
            <Link to="/marketing/contacts">Go to contacts</Link>
          </Button>
        </div>
      )}
    </Container>
  )
}

const ContactSummary = ({ id }: { id: string }) => {
  const { contact } = useContact(id)
  const { consent_events = [] } = useContactConsent(id)
  if (!contact) {
    return null
  }
  const topics = contact.topics ?? []
  const subscribedTopics = topics.filter((t) => t.subscribed)
  return (
    <>
      <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-4">
        <Text size="small" weight="plus">Email marketing</Text>
        <div>
          <ContactStatusBadge status={contact.status} />
        </div>
      </div>
      <div className="text-ui-fg-subtle grid grid-cols-2 items-start px-6 py-4">
        <Text size="small" weight="plus">Topics</Text>
        <div className="flex flex-wrap gap-1" data-testid="customer-marketing-topics">
          {subscribedTopics.length ? (
            subscribedTopics.map((t) => (
              <Badge key={t.id} size="2xsmall">
                {t.topic.name}
              </Badge>
            ))
          ) : (
            <Text size="small">-</Text>
          )}
        </div>
      </div>
      <div className="flex flex-col gap-y-2 px-6 py-4">
        <Text size="small" weight="plus" className="text-ui-fg-subtle">
          Latest consent
        </Text>
        {consent_events.length === 0 ? (
          <Text size="small" className="text-ui-fg-muted">No consent recorded.</Text>
        ) : (
          <ul className="flex flex-col gap-y-2" data-testid="customer-marketing-consent">
            {consent_events.slice(0, LAST_EVENTS).map((e) => (
              <li key={e.id} className="flex items-center justify-between gap-x-3">
                <div className="flex min-w-0 items-center gap-x-2">
                  <ConsentActionBadge action={e.action} />
                  <Text size="small" className="text-ui-fg-subtle truncate">
                    {e.topic_handle ?? "All email"} · {sourceLabel(e.source)}
                  </Text>
                </div>
                <Text size="small" className="text-ui-fg-muted whitespace-nowrap">
                  {formatDateTime(e.occurred_at)}
                </Text>
              </li>
            ))}
          </ul>
        )}
      </div>
    </>
  )
}

export const config = defineWidgetConfig({
  zone: "customer.details.after",
  id: "medusa-marketing:customer-marketing",
})

export default CustomerMarketingWidget
