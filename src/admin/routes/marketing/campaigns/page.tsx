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
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { Plus, Trash } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import {
  CampaignStatusBadge,
  CAMPAIGN_STATUS_LABELS,
  formatPercent,
  formatSendTime,
  NotTracked,
} from "../../../components/campaign-display"
import { CampaignFormModal } from "../../../components/campaign-form"
import {
  Campaign,
  CampaignListQuery,
  CampaignStatus,
  CAMPAIGN_STATUSES,
  useCampaigns,
  useDeleteCampaign,
} from "../../../hooks/campaigns"
import { useSegmentPickerLabels } from "../../../hooks/segments"
import { errorMessage } from "../../../lib/format"
import { asArray, useTableState } from "../../../lib/use-table-state"

const PAGE_SIZE = 20
const FILTER_KEYS = ["status"]
const DELETABLE: CampaignStatus[] = ["draft", "scheduled", "sent", "cancelled"]

const columnHelper = createDataTableColumnHelper<Campaign>()
const filterHelper = createDataTableFilterHelper<Campaign>()

const filters = [
  filterHelper.accessor("status", {
    type: "multiselect",
    label: "Status",
    options: CAMPAIGN_STATUSES.map((s) => ({ label: CAMPAIGN_STATUS_LABELS[s], value: s })),
  }),
]

const CampaignsPage = () => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const remove = useDeleteCampaign()
  const [creating, setCreating] = useState(false)
  const state = useTableState({ pageSize: PAGE_SIZE, filterKeys: FILTER_KEYS })
  const query: CampaignListQuery = {
    q: state.search || undefined,
    status: asArray(state.filtering.status) as CampaignStatus[] | undefined,
    limit: PAGE_SIZE,
    offset: state.offset,
    order: "-created_at",
  }
  const { campaigns, count, isLoading, isError, error } = useCampaigns(query, {
    // a sending campaign's numbers move: keep the list current while one is on it
    refetchInterval: (q) => (q.state.data?.campaigns.some((c) => c.status === "sending") ? 5_000 : 60_000),
  })

  // one lookup for the segment names of the whole page
  const segmentIds = useMemo(
    () => [...new Set((campaigns ?? []).flatMap((c) => c.include_segment_ids ?? []))],
    [campaigns]
  )
  const segmentLabels = useSegmentPickerLabels("segment", segmentIds)
  const segmentNames = useMemo(
    () => new Map((segmentLabels.data ?? []).map((o) => [o.value, o.label])),
    [segmentLabels.data]
  )

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", {
        header: "Campaign",
        cell: ({ row }) => (
          <div className="flex max-w-[360px] flex-col py-1">
            <span className="text-ui-fg-base truncate">{row.original.name}</span>
            {row.original.subject && <span className="text-ui-fg-subtle truncate">{row.original.subject}</span>}
          </div>
        ),
      }),
      columnHelper.accessor("status", {
        header: "Status",
        cell: ({ row }) => <CampaignStatusBadge status={row.original.status} />,
      }),
      columnHelper.display({
        id: "audience",
        header: "Audience",
        cell: ({ row }) => <Audience campaign={row.original} names={segmentNames} />,
      }),
      columnHelper.display({
        id: "sent",
        header: "Sent",
        cell: ({ row }) => <SentCell campaign={row.original} />,
      }),
      columnHelper.display({ id: "open_rate", header: "Opens", cell: () => <NotTracked /> }),
      columnHelper.display({ id: "click_rate", header: "Clicks", cell: () => <NotTracked /> }),
      columnHelper.display({ id: "revenue", header: "Revenue", cell: () => <NotTracked /> }),
      columnHelper.display({
        id: "when",
        header: "Scheduled / sent",
        cell: ({ row }) => <WhenCell campaign={row.original} />,
      }),
      columnHelper.action({
        actions: ({ row }) => {
          const c = row.original
          if (!DELETABLE.includes(c.status)) return []
          return [
            {
              label: "Delete",
              icon: <Trash />,
              onClick: async () => {
                const ok = await prompt({
                  title: `Delete ${c.name}?`,
                  description:
                    c.status === "sent"
                      ? "The campaign and its send log are deleted. Mail already delivered stays delivered."
                      : "The campaign is deleted. Its template and segments are kept.",
                  confirmText: "Delete",
                  cancelText: "Cancel",
                })
                if (!ok) return
                remove.mutate(c.id, {
                  onSuccess: () => toast.success(`Campaign ${c.name} deleted`),
                  onError: (e) => toast.error(errorMessage(e, "Could not delete the campaign")),
                })
              },
            },
          ]
        },
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [segmentNames]
  )

  const table = useDataTable({
    data: campaigns ?? [],
    columns,
    filters,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    onRowClick: (_, row) => navigate(`/marketing/campaigns/${row.id}`),
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
            <Heading>Campaigns</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              One-off emails to your segments: write, test, schedule and watch them go out.
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            <Plus />
            Create campaign
          </Button>
        </div>
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex items-center justify-between gap-2">
            <DataTable.FilterMenu tooltip="Filter" />
            <DataTable.Search placeholder="Search campaigns" />
          </DataTable.Toolbar>
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No campaigns yet",
                description: "Create a campaign to email a segment with one of your templates.",
              },
              filtered: {
                heading: "No campaigns match",
                description: "Try another search or remove a filter.",
              },
            }}
          />
          <DataTable.Pagination />
        </DataTable>
      </Container>
      <CampaignFormModal
        open={creating}
        onOpenChange={setCreating}
        onDone={(c) => navigate(`/marketing/campaigns/${c.id}`)}
      />
    </>
  )
}

/** Recipients once the audience is taken, the segments' names before. */
const Audience = ({ campaign, names }: { campaign: Campaign; names: Map<string, string> }) => {
  if (campaign.recipients_count > 0 || campaign.started_at) {
    return (
      <span className="tabular-nums" data-testid="campaign-audience">
        {campaign.recipients_count.toLocaleString()} {campaign.recipients_count === 1 ? "recipient" : "recipients"}
      </span>
    )
  }
  const ids = campaign.include_segment_ids ?? []
  if (!ids.length) {
    return <span className="text-ui-fg-muted">No audience yet</span>
  }
  const first = names.get(ids[0]) ?? "1 segment"
  return (
    <span className="block max-w-[220px] truncate" data-testid="campaign-audience" title={ids.map((id) => names.get(id) ?? id).join(", ")}>
      {ids.length === 1 ? first : `${first} +${ids.length - 1}`}
    </span>
  )
}

const SentCell = ({ campaign }: { campaign: Campaign }) => {
  const p = campaign.progress
  if (!p || (!campaign.started_at && p.total === 0)) {
    return <span className="text-ui-fg-muted">—</span>
  }
  return (
    <div className="flex flex-col" data-testid="campaign-sent">
      <span className="tabular-nums">
        {p.sent.toLocaleString()} / {p.total.toLocaleString()}
      </span>
      {campaign.status === "sending" && (
        <span className="text-ui-fg-subtle txt-compact-xsmall tabular-nums">{formatPercent(p.percent)}</span>
      )}
    </div>
  )
}

const WhenCell = ({ campaign }: { campaign: Campaign }) => {
  const at =
    campaign.status === "scheduled"
      ? campaign.scheduled_at
      : campaign.completed_at ?? campaign.started_at ?? (campaign.status === "cancelled" ? campaign.cancelled_at : null)
  if (!at) {
    return <span className="text-ui-fg-muted">—</span>
  }
  return <span className="whitespace-nowrap">{formatSendTime(at)}</span>
}

export const config = defineRouteConfig({
  label: "Campaigns",
  // right after Segments (1.5): who to send to, then what to send them
  rank: 1.7,
})

export const handle = {
  breadcrumb: () => "Campaigns",
}

export default CampaignsPage
