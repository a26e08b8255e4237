import {
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  DataTableRowSelectionState,
  Heading,
  Text,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { ArrowUpTray, Plus } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import { useSegmentMembers, useUpdateSegmentMembers } from "../hooks/segments"
import { errorMessage } from "../lib/format"
import { useTableState } from "../lib/use-table-state"
import type { Segment, SegmentMember } from "../lib/types"
import { ContactStatusBadge } from "./contact-status-badge"
import { SegmentAddContactsDrawer } from "./segment-add-contacts-drawer"
import { formatCount, formatMoney, SegmentContactCell, TimeAgo } from "./segment-display"
import { SegmentImportModal } from "./segment-import-modal"

const PAGE_SIZE = 20

const SOURCE_LABELS: Record<string, string> = {
  rule: "Rules",
  manual: "Added by hand",
  import: "CSV import",
}

const columnHelper = createDataTableColumnHelper<SegmentMember>()

/**
 * The segment's members, searchable and paged, each linking to the contact.
 * A static segment's list is edited here: add contacts, import a CSV,
 * select rows and remove them.
 */
export const SegmentMembersTable = ({ segment }: { segment: Segment }) => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const isStatic = segment.type === "static"
  const [addOpen, setAddOpen] = useState(false)
  const [importOpen, setImportOpen] = useState(false)
  const [selection, setSelection] = useState<DataTableRowSelectionState>({})
  const state = useTableState({ pageSize: PAGE_SIZE })
  const { contacts, count, isLoading, isError, error } = useSegmentMembers(segment.id, {
    q: state.search || undefined,
    limit: PAGE_SIZE,
    offset: state.offset,
  })
  const members = useUpdateSegmentMembers(segment.id)

  const columns = useMemo(
    () => [
      ...(isStatic ? [columnHelper.select()] : []),
      columnHelper.accessor("email", {
        header: "Contact",
        cell: ({ row }) => <SegmentContactCell contact={row.original} />,
      }),
      columnHelper.accessor("status", {
        header: "Status",
        cell: ({ getValue }) => <ContactStatusBadge status={getValue()} />,
      }),
      columnHelper.accessor("orders_count", {
        header: "Orders",
        align: "right",
        cell: ({ getValue }) => <span className="tabular-nums">{(getValue() ?? 0).toLocaleString()}</span>,
      }),
      columnHelper.accessor("total_spent", {
        header: "Spent",
        align: "right",
        cell: ({ row }) => (
          <span className="whitespace-nowrap tabular-nums">
            {formatMoney(row.original.total_spent, row.original.currency_code)}
          </span>
        ),
      }),
      columnHelper.accessor("member_source", {
        header: "Added by",
        cell: ({ getValue }) => SOURCE_LABELS[getValue() ?? ""] ?? getValue() ?? "-",
      }),
      columnHelper.accessor("entered_at", {
        header: "Member since",
        cell: ({ getValue }) => <TimeAgo value={getValue()} empty="-" />,
      }),
    ],
    [isStatic]
  )

  const onRemove = async (rows: DataTableRowSelectionState) => {
    const ids = Object.keys(rows).filter((id) => rows[id])
    if (!ids.length) return
    const ok = await prompt({
      title: `Remove ${formatCount(ids.length, "contact", "contacts")}?`,
      description: `They leave ${segment.name}. The contacts themselves are kept.`,
      confirmText: "Remove",
      cancelText: "Cancel",
    })
    if (!ok) return
    members.mutate(
      { remove: ids },
      {
        onSuccess: (r) => {
          toast.success(`${formatCount(r.removed, "contact", "contacts")} removed`)
          setSelection({})
        },
        onError: (e) => toast.error(errorMessage(e, "Could not remove the contacts")),
      }
    )
  }

  const table = useDataTable({
    data: contacts ?? [],
    columns,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    onRowClick: (_, row) => navigate(`/marketing/contacts/${row.id}`),
    search: { state: state.search, onSearchChange: state.setSearch },
    pagination: { state: state.pagination, onPaginationChange: state.setPagination },
    ...(isStatic
      ? {
          rowSelection: { state: selection, onRowSelectionChange: setSelection },
          commands: [{ label: "Remove from segment", shortcut: "r", action: onRemove }],
        }
      : {}),
  })

  if (isError) {
    throw error
  }

  return (
    <Container className="divide-y p-0" data-testid="segment-members">
      <div className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
        <div>
          <Heading level="h2">Members</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {isStatic
              ? "The contacts on this list. Select rows to remove them."
              : "Who matched the rules at the last refresh."}
          </Text>
        </div>
        {isStatic && (
          <div className="flex flex-wrap items-center gap-2">
            <Button size="small" variant="secondary" onClick={() => setImportOpen(true)}>
              <ArrowUpTray />
              Import CSV
            </Button>
            <Button size="small" variant="secondary" onClick={() => setAddOpen(true)}>
              <Plus />
              Add contacts
            </Button>
          </div>
        )}
      </div>
      <DataTable instance={table}>
        <DataTable.Toolbar className="flex items-center justify-end gap-2">
          <DataTable.Search placeholder="Search members" />
        </DataTable.Toolbar>
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No members",
              description: isStatic
                ? "Add contacts by hand or import a CSV of email addresses."
                : "No contact matched the rules at the last refresh. Refresh to count again.",
            },
            filtered: {
              heading: "No members match",
              description: "Try another search.",
            },
          }}
        />
        <DataTable.Pagination />
        {isStatic && <DataTable.CommandBar selectedLabel={(n) => `${n} selected`} />}
      </DataTable>
      {isStatic && (
        <>
          <SegmentAddContactsDrawer segment={segment} open={addOpen} onOpenChange={setAddOpen} />
          <SegmentImportModal segment={segment} open={importOpen} onOpenChange={setImportOpen} />
        </>
      )}
    </Container>
  )
}
