import {
  Badge,
  Container,
  createDataTableColumnHelper,
  DataTable,
  DataTablePaginationState,
  Heading,
  Text,
  Tooltip,
  useDataTable,
} from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useContactConsent } from "../hooks/contacts"
import { formatDateTime, humanize, sourceLabel } from "../lib/format"
import type { ConsentEvent } from "../lib/types"

const PAGE_SIZE = 10

const ACTION_COLORS: Record<string, "green" | "red" | "orange" | "grey"> = {
  granted: "green",
  withdrawn: "red",
  requested: "orange",
}

export const ConsentActionBadge = ({ action }: { action: string }) => (
  <Badge size="2xsmall" color={ACTION_COLORS[action] ?? "grey"}>
    {humanize(action)}
  </Badge>
)

const columnHelper = createDataTableColumnHelper<ConsentEvent>()

const columns = [
  columnHelper.accessor("action", {
    // not "action": DataTable reserves that column id for row action menus
    id: "consent_action",
    size: 110,
    header: "Action",
    cell: ({ getValue }) => <ConsentActionBadge action={getValue()} />,
  }),
  columnHelper.accessor("topic_handle", {
    size: 120,
    header: "Topic",
    cell: ({ getValue }) => getValue() ?? <span className="text-ui-fg-muted">All email</span>,
  }),
  columnHelper.accessor("source", {
    size: 180,
    header: "Source",
    cell: ({ getValue }) => sourceLabel(getValue()),
  }),
  columnHelper.accessor("ip", {
    size: 130,
    header: "IP",
    cell: ({ getValue }) => getValue() ?? "-",
  }),
  columnHelper.accessor("user_agent", {
    size: 220,
    header: "User agent",
    cell: ({ getValue }) => {
      const ua = getValue()
      return ua ? (
        <span title={ua} className="block truncate">
          {ua}
        </span>
      ) : (
        "-"
      )
    },
  }),
  columnHelper.accessor("wording_version", {
    size: 140,
    header: "Wording",
    cell: ({ row }) => {
      const { wording, wording_version } = row.original
      if (!wording_version && !wording) {
        return "-"
      }
      const label = (
        <span className="block truncate underline decoration-dotted underline-offset-2">
          {wording_version ?? wording}
        </span>
      )
      return wording ? (
        <Tooltip content={wording} maxWidth={360}>
          {label}
        </Tooltip>
      ) : (
        wording_version
      )
    },
  }),
  columnHelper.accessor("occurred_at", {
    size: 170,
    header: "Time",
    cell: ({ getValue }) => <span className="whitespace-nowrap">{formatDateTime(getValue())}</span>,
  }),
]

/** The contact's consent ledger, newest first: the proof behind every subscription. */
export const ConsentHistory = ({ contactId }: { contactId: string }) => {
  const { consent_events, isLoading } = useContactConsent(contactId)
  const [pagination, setPagination] = useState<DataTablePaginationState>({
    pageIndex: 0,
    pageSize: PAGE_SIZE,
  })
  const events = consent_events ?? []
  const page = useMemo(
    () =>
      events.slice(pagination.pageIndex * PAGE_SIZE, (pagination.pageIndex + 1) * PAGE_SIZE),
    [events, pagination.pageIndex]
  )

  const table = useDataTable({
    data: page,
    columns,
    getRowId: (row) => row.id,
    rowCount: events.length,
    isLoading,
    pagination: { state: pagination, onPaginationChange: setPagination },
  })

  return (
    <Container className="divide-y p-0" data-testid="consent-history">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Consent history</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Every grant and withdrawal, with where it came from.
          </Text>
        </div>
      </div>
      <DataTable instance={table}>
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No consent recorded",
              description: "This contact never gave or withdrew consent.",
            },
          }}
        />
        {events.length > PAGE_SIZE && <DataTable.Pagination />}
      </DataTable>
    </Container>
  )
}
