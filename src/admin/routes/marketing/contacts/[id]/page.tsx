import {
  Badge,
  Button,
  Container,
  DropdownMenu,
  Heading,
  IconButton,
  Text,
  toast,
  usePrompt,
} from "@medusajs/ui"
import {
  ArrowDownTray,
  ArrowUpRightOnBox,
  EllipsisHorizontal,
  PencilSquare,
  Trash,
} from "@medusajs/icons"
import { useState } from "react"
import { Link, UIMatch, useNavigate, useParams } from "react-router-dom"
import { ConsentHistory } from "../../../../components/consent-history"
import { ContactActivity } from "../../../../components/contact-activity"
import { ContactStatusBadge } from "../../../../components/contact-status-badge"
import { ContactTopicsSection } from "../../../../components/contact-topics-section"
import { EditContactDrawer } from "../../../../components/edit-contact-drawer"
import { SectionRow } from "../../../../components/field"
import {
  useContact,
  useDeleteContact,
  useDownloadConsentProof,
  useGdprErase,
  useGdprExport,
  useUnsubscribeContact,
} from "../../../../hooks/contacts"
import { saveJson } from "../../../../lib/download"
import { contactName, errorMessage, formatDateTime, sourceLabel } from "../../../../lib/format"
import type { ContactDetail } from "../../../../lib/types"

const ContactDetailPage = () => {
  const { id } = useParams()
  const { contact, isLoading, isError, error } = useContact(id!)

  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-muted">Loading contact…</Text>
      </Container>
    )
  }
  if (isError && error?.status === 404) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4">
        <Heading>Contact not found</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          It may have been deleted or erased. <Link className="text-ui-fg-interactive" to="/marketing/contacts">Back to contacts</Link>
        </Text>
      </Container>
    )
  }
  if (isError || !contact) {
    throw error
  }

  return (
    <div className="flex w-full flex-col gap-y-3">
      <ContactHeader contact={contact} />
      <div className="flex w-full flex-col items-start gap-x-4 gap-y-3 xl:flex-row">
        <div className="flex w-full min-w-0 flex-col gap-y-3">
          <ProfileSection contact={contact} />
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:max-w-[400px]">
          <CustomerSection contact={contact} />
          <ContactTopicsSection contact={contact} />
        </div>
      </div>
      <ContactActivity contactId={contact.id} />
      <ConsentHistory contactId={contact.id} />
    </div>
  )
}

const ContactHeader = ({ contact }: { contact: ContactDetail }) => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const unsubscribe = useUnsubscribeContact(contact.id)
  const proof = useDownloadConsentProof(contact.id)
  const gdprExport = useGdprExport()
  const erase = useGdprErase()
  const remove = useDeleteContact(contact.id)
  const name = contactName(contact)
  const canUnsubscribe = contact.status === "subscribed" || contact.status === "pending"

  const onUnsubscribe = async () => {
    const ok = await prompt({
      title: "Unsubscribe this contact?",
      description: `${contact.email} will get no more marketing email. The withdrawal is recorded in the consent history.`,
      confirmText: "Unsubscribe",
      cancelText: "Cancel",
    })
    if (!ok) return
    unsubscribe.mutate(undefined, {
      onSuccess: () => toast.success(`${contact.email} unsubscribed`),
      onError: (e) => toast.error(errorMessage(e, "Could not unsubscribe")),
    })
  }

  const onProof = () =>
    proof.mutate(undefined, {
      onSuccess: () => toast.success("Consent proof downloaded"),
      onError: (e) => toast.error(errorMessage(e, "Could not download the consent proof")),
    })

  const onGdprExport = () =>
    gdprExport.mutate(
      { email: contact.email },
      {
        onSuccess: (data) => {
          saveJson(data, `gdpr-export-${contact.id}.json`)
          toast.success("Personal data export downloaded")
        },
        onError: (e) => toast.error(errorMessage(e, "The export failed")),
      }
    )

  const onErase = async () => {
    const ok = await prompt({
      title: "Erase all personal data?",
      description: `Every trace of ${contact.email} in marketing is erased: profile, topics and the personal details in the consent history. The address stays suppressed (as a hash) so it is never emailed again. This cannot be undone.`,
      verificationText: contact.email,
      verificationInstruction: "Type the email address to confirm",
      confirmText: "Erase",
      cancelText: "Cancel",
    })
    if (!ok) return
    erase.mutate(
      { email: contact.email },
      {
        onSuccess: () => {
          toast.success("Personal data erased")
          navigate("/marketing/contacts", { replace: true })
        },
        onError: (e) => toast.error(errorMessage(e, "The erasure failed")),
      }
    )
  }

  const onDelete = async () => {
    const ok = await prompt({
      title: "Delete this contact?",
      description: `${contact.email} is removed from your contacts. To honour a GDPR erasure request use Erase instead.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!ok) return
    remove.mutate(undefined, {
      onSuccess: () => {
        toast.success("Contact deleted")
        navigate("/marketing/contacts", { replace: true })
      },
      onError: (e) => toast.error(errorMessage(e, "Could not delete the contact")),
    })
  }

  return (
    <Container className="flex flex-col gap-4 px-6 py-4 md:flex-row md:items-center md:justify-between">
      <div className="flex min-w-0 flex-col gap-y-1">
        <div className="flex items-center gap-x-3">
          <Heading className="truncate">{contact.email}</Heading>
          <ContactStatusBadge status={contact.status} />
        </div>
        <Text size="small" className="text-ui-fg-subtle">
          {name ? `${name} · ` : ""}
          {sourceLabel(contact.source)} · added {formatDateTime(contact.created_at)}
        </Text>
      </div>
      <div className="flex flex-wrap items-center gap-2">
        {canUnsubscribe && (
          <Button size="small" variant="secondary" onClick={onUnsubscribe} isLoading={unsubscribe.isPending}>
            Unsubscribe
          </Button>
        )}
        <Button size="small" variant="secondary" onClick={onProof} isLoading={proof.isPending}>
          <ArrowDownTray />
          Consent proof
        </Button>
        <Button size="small" variant="secondary" onClick={onGdprExport} isLoading={gdprExport.isPending}>
          <ArrowDownTray />
          GDPR export
        </Button>
        <Button size="small" variant="danger" onClick={onErase} isLoading={erase.isPending}>
          Erase
        </Button>
        <DropdownMenu>
          <DropdownMenu.Trigger asChild>
            <IconButton size="small" variant="transparent" aria-label="More actions">
              <EllipsisHorizontal />
            </IconButton>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content align="end">
            <DropdownMenu.Item onClick={onDelete} className="gap-x-2">
              <Trash className="text-ui-fg-subtle" />
              Delete contact
            </DropdownMenu.Item>
          </DropdownMenu.Content>
        </DropdownMenu>
      </div>
    </Container>
  )
}

const ProfileSection = ({ contact }: { contact: ContactDetail }) => {
  const [editOpen, setEditOpen] = useState(false)
  return (
    <Container className="divide-y p-0" data-testid="contact-profile">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Profile</Heading>
        <Button size="small" variant="secondary" onClick={() => setEditOpen(true)}>
          <PencilSquare />
          Edit
        </Button>
      </div>
      <SectionRow label="First name" value={contact.first_name ?? "-"} />
      <SectionRow label="Last name" value={contact.last_name ?? "-"} />
      <SectionRow label="Phone" value={contact.phone ?? "-"} />
      <SectionRow label="Country" value={contact.country_code?.toUpperCase() ?? "-"} />
      <SectionRow label="Locale" value={contact.locale ?? "-"} />
      <SectionRow label="Timezone" value={contact.timezone ?? "-"} />
      <SectionRow label="Source" value={sourceLabel(contact.source)} />
      <SectionRow label="Subscribed at" value={formatDateTime(contact.subscribed_at)} />
      <SectionRow label="Unsubscribed at" value={formatDateTime(contact.unsubscribed_at)} />
      <EditContactDrawer contact={contact} open={editOpen} onOpenChange={setEditOpen} />
    </Container>
  )
}

const CustomerSection = ({ contact }: { contact: ContactDetail }) => {
  const customer = contact.customer
  const customerId = customer?.id ?? contact.customer_id
  return (
    <Container className="divide-y p-0" data-testid="contact-customer">
      <div className="px-6 py-4">
        <Heading level="h2">Customer</Heading>
      </div>
      {customerId ? (
        <div className="flex items-center justify-between gap-x-4 px-6 py-4">
          <div className="flex min-w-0 flex-col">
            <Text size="small" weight="plus" className="truncate">
              {customer ? contactName(customer) ?? customer.email : customerId}
            </Text>
            {customer && (
              <Text size="small" className="text-ui-fg-subtle truncate">
                {customer.email}
              </Text>
            )}
            {customer && (
              <div className="mt-1">
                <Badge size="2xsmall">{customer.has_account ? "Registered" : "Guest"}</Badge>
              </div>
            )}
          </div>
          <Button size="small" variant="secondary" asChild>
            <Link to={`/customers/${customerId}`} data-testid="contact-customer-link">
              <ArrowUpRightOnBox />
              View customer
            </Link>
          </Button>
        </div>
      ) : (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            Not linked to a customer. It links itself when someone with this email creates an account
            or places an order.
          </Text>
        </div>
      )}
    </Container>
  )
}

/** Breadcrumb: the contact's email once it is loaded. */
const ContactCrumb = ({ id }: { id: string }) => {
  const { contact } = useContact(id)
  return <span>{contact?.email ?? id}</span>
}

export const handle = {
  breadcrumb: (match: UIMatch) => <ContactCrumb id={(match.params as { id: string }).id} />,
}

export default ContactDetailPage
