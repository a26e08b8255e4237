import {
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  Heading,
  Text,
  useDataTable,
} from "@medusajs/ui"
import { useMemo } from "react"
import { useNavigate } from "react-router-dom"
import {
  Campaign,
  CampaignMessage,
  CampaignMessageStatus,
  MESSAGE_STATUSES,
  useCampaignMessages,
} from "../hooks/campaigns"
import { formatDateTime } from "../lib/format"
import { asArray, useTableState } from "../lib/use-table-state"
import { MESSAGE_STATUS_LABELS, MessageStatusBadge, SKIP_REASON_LABELS, variantLetter } from "./campaign-display"

const PAGE_SIZE = 20
const FILTER_KEYS = ["status"]

const columnHelper = createDataTableColumnHelper<CampaignMessage>()
const filterHelper = createDataTableFilterHelper<CampaignMessage>()

const filters = [
  filterHelper.accessor("status", {
    type: "multiselect",
    label: "Status",
    options: MESSAGE_STATUSES.map((s) => ({ label: MESSAGE_STATUS_LABELS[s], value: s })),
  }),
]

/** One row per recipient: its state, why it was skipped, and the last error. */
export const CampaignMessagesTable = ({ campaign }: { campaign: Campaign }) => {
  const navigate = useNavigate()
  const state = useTableState({ pageSize: PAGE_SIZE, filterKeys: FILTER_KEYS })
  const query = {
    q: state.search || undefined,
    status: asArray(state.filtering.status) as CampaignMessageStatus[] | undefined,
    limit: PAGE_SIZE,
    offset: state.offset,
  }
  const live = campaign.status === "sending"
  const { messages, count, isLoading, isError, error } = useCampaignMessages(campaign.id, query, {
    refetchInterval: live ? 4_000 : false,
  })
  const ab = Boolean(campaign.ab_test)

  const columns = useMemo(
    () => [
      columnHelper.accessor("email", {
        header: "Recipient",
        cell: ({ row }) => <span className="text-ui-fg-base">{row.original.email}</span>,
      }),
      ...(ab
        ? [
            columnHelper.accessor("variant", {
              header: "Variant",
              cell: ({ row }) =>
                row.original.variant === null ? (
                  <span className="text-ui-fg-muted">—</span>
                ) : (
                  variantLetter(row.original.variant)
                ),
            }),
          ]
        : []),
      columnHelper.accessor("status", {
        header: "Status",
        cell: ({ row }) => <MessageStatusBadge status={row.original.status} />,
      }),
      columnHelper.display({
        id: "detail",
        header: "Detail",
        cell: ({ row }) => {
          const m = row.original
          if (m.skip_reason) {
            return <span data-testid="campaign-message-skip">{SKIP_REASON_LABELS[m.skip_reason] ?? m.skip_reason}</span>
          }
          if (m.error) {
            return (
              <span className="text-ui-fg-error block max-w-[360px] truncate" title={m.error}>
                {m.error}
              </span>
            )
          }
          return <span className="text-ui-fg-muted">—</span>
        },
      }),
      columnHelper.accessor("attempts", {
        header: "Attempts",
        cell: ({ row }) => <span className="tabular-nums">{row.original.attempts}</span>,
      }),
      columnHelper.display({
        id: "at",
        header: "When",
        cell: ({ row }) => {
          const m = row.original
          const at = m.sent_at ?? m.failed_at
          return at ? <span className="whitespace-nowrap">{formatDateTime(at)}</span> : <span className="text-ui-fg-muted">—</span>
        },
      }),
    ],
    [ab]
  )

  const table = useDataTable({
    data: messages ?? [],
    columns,
    filters,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    onRowClick: (_, row) => navigate(`/marketing/contacts/${row.contact_id}`),
    search: { state: state.search, onSearchChange: state.setSearch },
    pagination: { state: state.pagination, onPaginationChange: state.setPagination },
    filtering: { state: state.filtering, onFilteringChange: state.setFiltering },
  })

  if (isError) {
    throw error
  }

  return (
    <Container className="divide-y p-0" data-testid="campaign-messages">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h2">Messages</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {campaign.started_at
            ? "One row per contact in the audience when the send started."
            : "The audience is taken when the send starts; its messages show here then."}
        </Text>
      </div>
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex items-center justify-between gap-2">
          <DataTable.FilterMenu tooltip="Filter" />
          <DataTable.Search placeholder="Search email" />
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No messages yet",
              description: campaign.started_at ? "Nobody was in the audience." : "Nothing has gone out yet.",
            },
            filtered: {
              heading: "No messages match",
              description: "Try another search or remove a filter.",
            },
          }}
        />
        <DataTable.Pagination />
      </DataTable>
    </Container>
  )
}
