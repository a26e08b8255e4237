import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Badge,
  Button,
  Container,
  createDataTableColumnHelper,
  createDataTableFilterHelper,
  DataTable,
  Heading,
  Text,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { Trash } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { AddSuppressionDrawer } from "../../../components/add-suppression-drawer"
import { useDeleteSuppression, useSuppressions } from "../../../hooks/suppressions"
import { errorMessage, formatDateTime, humanize, REASON_LABELS, sourceLabel } from "../../../lib/format"
import { asArray, useTableState } from "../../../lib/use-table-state"
import { SUPPRESSION_REASONS, type Suppression } from "../../../lib/types"

const PAGE_SIZE = 20
const FILTER_KEYS = ["reason"]

const REASON_COLORS: Record<string, "red" | "orange" | "grey" | "purple" | "blue"> = {
  hard_bounce: "red",
  complaint: "red",
  manual: "blue",
  unsubscribed: "grey",
  erased: "purple",
}

const columnHelper = createDataTableColumnHelper<Suppression>()
const filterHelper = createDataTableFilterHelper<Suppression>()

const filters = [
  filterHelper.accessor("reason", {
    type: "multiselect",
    label: "Reason",
    options: SUPPRESSION_REASONS.map((r) => ({ label: REASON_LABELS[r], value: r })),
  }),
]

const SuppressionsPage = () => {
  const prompt = usePrompt()
  const [addOpen, setAddOpen] = useState(false)
  const state = useTableState({ pageSize: PAGE_SIZE, filterKeys: FILTER_KEYS })
  const { suppressions, count, isLoading, isError, error } = useSuppressions({
    q: state.search || undefined,
    reason: asArray(state.filtering.reason),
    limit: PAGE_SIZE,
    offset: state.offset,
  })
  const remove = useDeleteSuppression()

  const columns = useMemo(
    () => [
      columnHelper.accessor("email", {
        header: "Email",
        cell: ({ getValue }) =>
          getValue() ?? <span className="text-ui-fg-muted">Erased address (kept as a hash)</span>,
      }),
      columnHelper.accessor("reason", {
        header: "Reason",
        cell: ({ getValue }) => (
          <Badge size="2xsmall" color={REASON_COLORS[getValue()] ?? "grey"}>
            {REASON_LABELS[getValue()] ?? humanize(getValue())}
          </Badge>
        ),
      }),
      columnHelper.accessor("source", {
        header: "Source",
        cell: ({ getValue }) => sourceLabel(getValue()),
      }),
      columnHelper.accessor("note", {
        header: "Note",
        cell: ({ getValue }) =>
          getValue() ? <span className="block max-w-[260px] truncate" title={getValue()!}>{getValue()}</span> : "-",
      }),
      columnHelper.accessor("created_at", {
        header: "Added",
        cell: ({ getValue }) => <span className="whitespace-nowrap">{formatDateTime(getValue())}</span>,
      }),
      columnHelper.action({
        actions: [
          {
            label: "Remove",
            icon: <Trash />,
            onClick: async ({ row }) => {
              const s = row.original
              const who = s.email ?? "this erased address"
              const ok = await prompt({
                title: "Remove suppression?",
                description:
                  s.reason === "hard_bounce" || s.reason === "complaint"
                    ? `${who} ${s.reason === "complaint" ? "marked your email as spam" : "bounced"}. Sending to it again can hurt your sender reputation. Remove only if you know the address works and wants your email.`
                    : `Marketing email may reach ${who} again, if it has consent.`,
                confirmText: "Remove",
                cancelText: "Cancel",
              })
              if (!ok) return
              remove.mutate(s.id, {
                onSuccess: () => toast.success(`Suppression for ${who} removed`),
                onError: (e) => toast.error(errorMessage(e, "Could not remove the suppression")),
              })
            },
          },
        ],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    []
  )

  const table = useDataTable({
    data: suppressions ?? [],
    columns,
    filters,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    search: { state: state.search, onSearchChange: state.setSearch },
    pagination: { state: state.pagination, onPaginationChange: state.setPagination },
    filtering: { state: state.filtering, onFilteringChange: state.setFiltering },
  })

  if (isError) {
    throw error
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading>Suppressions</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Addresses that never get marketing email: bounces, complaints, erasures and your own list.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setAddOpen(true)}>
          Add suppression
        </Button>
      </div>
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex items-center justify-between gap-2">
          <DataTable.FilterMenu tooltip="Filter" />
          <DataTable.Search placeholder="Search email" />
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No suppressed addresses",
              description: "Bounces, complaints and addresses you add by hand show up here.",
            },
            filtered: {
              heading: "No suppressions match",
              description: "Try another search or remove a filter.",
            },
          }}
        />
        <DataTable.Pagination />
      </DataTable>
      <AddSuppressionDrawer open={addOpen} onOpenChange={setAddOpen} />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Suppressions",
  rank: 3,
})

export const handle = {
  breadcrumb: () => "Suppressions",
}

export default SuppressionsPage
