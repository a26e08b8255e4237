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
  Tooltip,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { Plus, SquareTwoStack, Trash } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import { BuiltInBadge, SegmentTypeBadge, TimeAgo } from "../../../components/segment-display"
import { SegmentFormModal, SegmentFormMode } from "../../../components/segment-form"
import { useDeleteSegment, useSegments } from "../../../hooks/segments"
import { errorMessage } from "../../../lib/format"
import { asString, useTableState } from "../../../lib/use-table-state"
import type { Segment, SegmentListQuery, SegmentType } from "../../../lib/types"

const PAGE_SIZE = 20
const FILTER_KEYS = ["type", "is_built_in"]

const columnHelper = createDataTableColumnHelper<Segment>()
const filterHelper = createDataTableFilterHelper<Segment>()

const filters = [
  filterHelper.accessor("type", {
    type: "radio",
    label: "Type",
    options: [
      { label: "Dynamic", value: "dynamic" },
      { label: "Static", value: "static" },
    ],
  }),
  filterHelper.accessor("is_built_in" as any, {
    type: "radio",
    label: "Origin",
    options: [
      { label: "Built-in", value: "true" },
      { label: "Yours", value: "false" },
    ],
  }),
]

const SegmentsPage = () => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const deleteSegment = useDeleteSegment()
  const [form, setForm] = useState<{ open: boolean; mode: SegmentFormMode; segment: Segment | null }>({
    open: false,
    mode: "create",
    segment: null,
  })
  const state = useTableState({ pageSize: PAGE_SIZE, filterKeys: FILTER_KEYS })
  const builtIn = asString(state.filtering.is_built_in)
  const query: SegmentListQuery = {
    q: state.search || undefined,
    type: asString(state.filtering.type) as SegmentType | undefined,
    is_built_in: builtIn === undefined ? undefined : builtIn === "true",
    limit: PAGE_SIZE,
    offset: state.offset,
    order: "-created_at",
  }
  // counts move when the hourly refresh (or anyone) recounts: keep an open list current
  const { segments, count, isLoading, isError, error } = useSegments(query, { refetchInterval: 60_000 })

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", {
        header: "Segment",
        cell: ({ row }) => (
          <div className="flex max-w-[480px] flex-col py-1">
            <span className="text-ui-fg-base truncate">{row.original.name}</span>
            {row.original.description && (
              <span className="text-ui-fg-subtle truncate">{row.original.description}</span>
            )}
          </div>
        ),
      }),
      columnHelper.accessor("type", {
        header: "Type",
        cell: ({ row }) => (
          <div className="flex items-center gap-x-1">
            <SegmentTypeBadge type={row.original.type} />
            {row.original.is_built_in && <BuiltInBadge />}
          </div>
        ),
      }),
      columnHelper.accessor("member_count", {
        header: "Members",
        align: "right",
        cell: ({ row }) => <MemberCount segment={row.original} />,
      }),
      columnHelper.accessor("refreshed_at", {
        header: "Refreshed",
        cell: ({ row }) =>
          row.original.refresh_error ? (
            <span className="text-ui-fg-error" title={row.original.refresh_error}>
              Failed
            </span>
          ) : (
            <TimeAgo
              value={row.original.refreshed_at ?? row.original.count_computed_at}
              empty={row.original.type === "static" ? "-" : "Never"}
            />
          ),
      }),
      columnHelper.action({
        actions: ({ row }) => {
          const s = row.original
          const duplicate = {
            label: "Duplicate",
            icon: <SquareTwoStack />,
            onClick: () => setForm({ open: true, mode: "duplicate", segment: s }),
          }
          // built-ins cannot be deleted; a static list has no rules to copy
          if (s.is_built_in) return [duplicate]
          if (s.type === "static") return [deleteAction(s)]
          return [[duplicate], [deleteAction(s)]]
        },
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    []
  )

  function deleteAction(s: Segment) {
    return {
      label: "Delete",
      icon: <Trash />,
      onClick: async () => {
        const ok = await prompt({
          title: `Delete ${s.name}?`,
          description: `The segment and its membership history are deleted. Its ${s.member_count.toLocaleString()} contacts are kept.`,
          confirmText: "Delete",
          cancelText: "Cancel",
        })
        if (!ok) return
        deleteSegment.mutate(s.id, {
          onSuccess: () => toast.success(`Segment ${s.name} deleted`),
          onError: (e) => toast.error(errorMessage(e, "Could not delete the segment")),
        })
      },
    }
  }

  const table = useDataTable({
    data: segments ?? [],
    columns,
    filters,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    onRowClick: (_, row) => navigate(`/marketing/segments/${row.id}`),
    search: { state: state.search, onSearchChange: state.setSearch },
    pagination: { state: state.pagination, onPaginationChange: state.setPagination },
    filtering: { state: state.filtering, onFilteringChange: state.setFiltering },
  })

  if (isError) {
    throw error
  }

  return (
    <>
      <Container className="divide-y p-0">
        <div className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>Segments</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Audiences for campaigns and flows: contacts who match rules, or lists you keep.
            </Text>
          </div>
          <Button
            size="small"
            variant="secondary"
            onClick={() => setForm({ open: true, mode: "create", segment: null })}
          >
            <Plus />
            Create segment
          </Button>
        </div>
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex items-center justify-between gap-2">
            <DataTable.FilterMenu tooltip="Filter" />
            <DataTable.Search placeholder="Search segments" />
          </DataTable.Toolbar>
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No segments yet",
                description: "Create a segment to group contacts by what they do and buy.",
              },
              filtered: {
                heading: "No segments match",
                description: "Try another search or remove a filter.",
              },
            }}
          />
          <DataTable.Pagination />
        </DataTable>
      </Container>
      <SegmentFormModal
        open={form.open}
        mode={form.mode}
        segment={form.segment}
        onOpenChange={(open) => setForm((f) => ({ ...f, open }))}
        onSaved={(s) => navigate(`/marketing/segments/${s.id}`)}
      />
    </>
  )
}

/** The members at the last count; a segment never counted says so instead of showing 0. */
const MemberCount = ({ segment }: { segment: Segment }) =>
  segment.count_computed_at ? (
    <span className="tabular-nums" data-testid="segment-member-count">
      {segment.member_count.toLocaleString()}
    </span>
  ) : (
    <Tooltip content="Counted at the next hourly refresh, or refresh it from its page now">
      <span className="text-ui-fg-muted whitespace-nowrap" data-testid="segment-member-count">
        Not counted yet
      </span>
    </Tooltip>
  )

export const config = defineRouteConfig({
  label: "Segments",
  // between Contacts (1) and Topics (2): audiences come right after the people in them
  rank: 1.5,
})

export const handle = {
  breadcrumb: () => "Segments",
}

export default SegmentsPage
