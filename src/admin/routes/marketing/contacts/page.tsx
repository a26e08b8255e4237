import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  Heading,
  Text,
  toast,
  usePrompt,
  useDataTable,
} from "@medusajs/ui"
import { ArrowDownTray, ArrowPath, ArrowUpTray } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import { AddContactModal } from "../../../components/add-contact-modal"
import { ContactStatusBadge } from "../../../components/contact-status-badge"
import { ImportContactsModal } from "../../../components/import-contacts-modal"
import { useBackfillContacts, useContacts, useExportContacts } from "../../../hooks/contacts"
import { useTopics } from "../../../hooks/topics"
import {
  contactName,
  errorMessage,
  formatDate,
  KNOWN_SOURCES,
  sourceLabel,
  STATUS_LABELS,
} from "../../../lib/format"
import { asArray, asString, useTableState } from "../../../lib/use-table-state"
import { CONTACT_STATUSES, type Contact, type ContactListQuery } from "../../../lib/types"

const PAGE_SIZE = 20
const FILTER_KEYS = ["status", "source", "topic_id"]

const columnHelper = createDataTableColumnHelper<Contact>()
const filterHelper = createDataTableFilterHelper<Contact>()

const columns = [
  columnHelper.accessor("email", {
    header: "Contact",
    cell: ({ row }) => {
      const name = contactName(row.original)
      return (
        <div className="flex flex-col py-1">
          <span className="text-ui-fg-base truncate">{row.original.email}</span>
          {name && <span className="text-ui-fg-subtle truncate">{name}</span>}
        </div>
      )
    },
  }),
  columnHelper.accessor("status", {
    header: "Status",
    cell: ({ getValue }) => <ContactStatusBadge status={getValue()} />,
  }),
  columnHelper.accessor("source", {
    header: "Source",
    cell: ({ getValue }) => sourceLabel(getValue()),
  }),
  columnHelper.accessor("customer_id", {
    header: "Customer",
    cell: ({ getValue }) => (getValue() ? "Linked" : "-"),
  }),
  columnHelper.accessor("subscribed_at", {
    header: "Subscribed",
    cell: ({ getValue }) => formatDate(getValue()),
  }),
  columnHelper.accessor("created_at", {
    header: "Added",
    cell: ({ getValue }) => formatDate(getValue()),
  }),
]

const ContactsPage = () => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [addOpen, setAddOpen] = useState(false)
  const [importOpen, setImportOpen] = useState(false)

  const state = useTableState({ pageSize: PAGE_SIZE, filterKeys: FILTER_KEYS })

  const filterQuery: ContactListQuery = {
    q: state.search || undefined,
    status: asArray(state.filtering.status),
    source: asArray(state.filtering.source),
    topic_id: asString(state.filtering.topic_id),
  }
  const query: ContactListQuery = {
    ...filterQuery,
    limit: PAGE_SIZE,
    offset: state.offset,
    order: "-created_at",
  }

  const { contacts, count, isLoading, isError, error } = useContacts(query)
  const { topics = [] } = useTopics()
  const exportMutation = useExportContacts()
  const backfill = useBackfillContacts()

  const sources = useMemo(() => {
    const set = new Set(KNOWN_SOURCES)
    contacts?.forEach((c) => c.source && set.add(c.source))
    asArray(state.filtering.source)?.forEach((s) => set.add(s))
    return [...set]
  }, [contacts, state.filtering.source])

  const filters = useMemo(
    () => [
      filterHelper.accessor("status", {
        type: "multiselect",
        label: "Status",
        searchable: false,
        options: CONTACT_STATUSES.map((s) => ({ label: STATUS_LABELS[s], value: s })),
      }),
      filterHelper.accessor("source", {
        type: "multiselect",
        label: "Source",
        options: sources.map((s) => ({ label: sourceLabel(s), value: s })),
      }),
      filterHelper.accessor("topic_id" as any, {
        type: "radio",
        label: "Topic",
        options: topics.map((t) => ({ label: t.name, value: t.id })),
      }),
    ],
    [sources, topics]
  )

  const table = useDataTable({
    data: contacts ?? [],
    columns,
    filters,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    onRowClick: (_, row) => navigate(`/marketing/contacts/${row.id}`),
    search: { state: state.search, onSearchChange: state.setSearch },
    pagination: { state: state.pagination, onPaginationChange: state.setPagination },
    filtering: { state: state.filtering, onFilteringChange: state.setFiltering },
  })

  if (isError) {
    throw error
  }

  const onExport = () =>
    exportMutation.mutate(filterQuery, {
      onSuccess: () => toast.success("Export downloaded"),
      onError: (e) => toast.error(errorMessage(e, "The export failed")),
    })

  const onBackfill = async () => {
    const ok = await prompt({
      title: "Sync customers?",
      description:
        "Creates or updates a contact for every customer and every guest order email, linked to the customer where there is one.",
      confirmText: "Sync",
      cancelText: "Cancel",
      variant: "confirmation",
    })
    if (!ok) {
      return
    }
    backfill.mutate(undefined, {
      onSuccess: (r) =>
        toast.success(
          `Synced ${r.customers} customers and ${r.guest_emails} guest emails: ${r.created} created, ${r.updated} updated`
        ),
      onError: (e) => toast.error(errorMessage(e, "The sync failed")),
    })
  }

  return (
    <>
      <Container className="divide-y p-0">
        <div className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>Contacts</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Everyone you can email, with their consent and topics.
            </Text>
          </div>
          <div className="flex flex-wrap items-center gap-2">
            <Button
              size="small"
              variant="secondary"
              onClick={onBackfill}
              isLoading={backfill.isPending}
            >
              <ArrowPath />
              Sync customers
            </Button>
            <Button
              size="small"
              variant="secondary"
              onClick={onExport}
              isLoading={exportMutation.isPending}
            >
              <ArrowDownTray />
              Export CSV
            </Button>
            <Button size="small" variant="secondary" onClick={() => setImportOpen(true)}>
              <ArrowUpTray />
              Import CSV
            </Button>
            <Button size="small" variant="secondary" onClick={() => setAddOpen(true)}>
              Add contact
            </Button>
          </div>
        </div>
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex items-center justify-between gap-2">
            <DataTable.FilterMenu tooltip="Filter" />
            <DataTable.Search placeholder="Search email or name" />
          </DataTable.Toolbar>
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No contacts yet",
                description:
                  "Add a contact, import a CSV, or sync your customers to get started.",
              },
              filtered: {
                heading: "No contacts match",
                description: "Try another search or remove a filter.",
              },
            }}
          />
          <DataTable.Pagination />
        </DataTable>
      </Container>
      <AddContactModal open={addOpen} onOpenChange={setAddOpen} />
      <ImportContactsModal open={importOpen} onOpenChange={setImportOpen} />
    </>
  )
}

export const config = defineRouteConfig({
  label: "Contacts",
  rank: 1,
})

export const handle = {
  breadcrumb: () => "Contacts",
}

export default ContactsPage
