import {
  Alert,
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
  ArrowPath,
  EllipsisHorizontal,
  PencilSquare,
  SquareTwoStack,
  Trash,
} from "@medusajs/icons"
import { ReactNode, useState } from "react"
import { Link, UIMatch, useNavigate, useParams } from "react-router-dom"
import {
  BuiltInBadge,
  formatCount,
  formatDuration,
  SegmentTypeBadge,
  TimeAgo,
} from "../../../../components/segment-display"
import { SegmentFormModal, SegmentFormMode } from "../../../../components/segment-form"
import { SegmentMembersTable } from "../../../../components/segment-members-table"
import { SegmentRulesSummary } from "../../../../components/segment-rules-summary"
import {
  useDeleteSegment,
  useExportSegment,
  useRefreshSegment,
  useSegment,
  useSegmentFields,
} from "../../../../hooks/segments"
import { errorMessage } from "../../../../lib/format"
import type { Segment } from "../../../../lib/types"

const SegmentDetailPage = () => {
  const { id } = useParams()
  const { segment, isLoading, isError, error } = useSegment(id!)
  const [form, setForm] = useState<{ open: boolean; mode: SegmentFormMode }>({ open: false, mode: "edit" })
  const navigate = useNavigate()

  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-muted">
          Loading segment…
        </Text>
      </Container>
    )
  }
  if (isError && error?.status === 404) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4">
        <Heading>Segment not found</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          It may have been deleted.{" "}
          <Link className="text-ui-fg-interactive" to="/marketing/segments">
            Back to segments
          </Link>
        </Text>
      </Container>
    )
  }
  if (isError || !segment) {
    throw error
  }

  const openForm = (mode: SegmentFormMode) => setForm({ open: true, mode })

  return (
    <div className="flex w-full flex-col gap-y-3">
      <SegmentHeader segment={segment} onEdit={() => openForm("edit")} onDuplicate={() => openForm("duplicate")} />
      {segment.type === "dynamic" && <RulesSection segment={segment} onEdit={() => openForm("edit")} />}
      <SegmentMembersTable segment={segment} />
      <SegmentFormModal
        open={form.open}
        mode={form.mode}
        segment={segment}
        onOpenChange={(open) => setForm((f) => ({ ...f, open }))}
        onSaved={(s) => {
          if (s.id !== segment.id) navigate(`/marketing/segments/${s.id}`)
        }}
      />
    </div>
  )
}

const SegmentHeader = ({
  segment,
  onEdit,
  onDuplicate,
}: {
  segment: Segment
  onEdit: () => void
  onDuplicate: () => void
}) => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const refresh = useRefreshSegment(segment.id)
  const exportCsv = useExportSegment(segment.id)
  const remove = useDeleteSegment()
  const dynamic = segment.type === "dynamic"

  const onRefresh = () =>
    refresh.mutate(undefined, {
      onSuccess: ({ result }) =>
        toast.success(
          `${formatCount(result.count, "member", "members")}: ${result.entered.toLocaleString()} entered, ${result.left.toLocaleString()} left`
        ),
      onError: (e) => toast.error(errorMessage(e, "The refresh failed")),
    })

  const onExport = () =>
    exportCsv.mutate(undefined, {
      onSuccess: () => toast.success("Members exported"),
      onError: (e) => toast.error(errorMessage(e, "The export failed")),
    })

  const onDelete = async () => {
    const ok = await prompt({
      title: `Delete ${segment.name}?`,
      description: `The segment and its membership history are deleted. Its ${segment.member_count.toLocaleString()} contacts are kept.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!ok) return
    remove.mutate(segment.id, {
      onSuccess: () => {
        toast.success(`Segment ${segment.name} deleted`)
        navigate("/marketing/segments", { replace: true })
      },
      onError: (e) => toast.error(errorMessage(e, "Could not delete the segment")),
    })
  }

  return (
    <Container className="divide-y p-0" data-testid="segment-header">
      <div className="flex flex-col gap-4 px-6 py-4 md:flex-row md:items-start md:justify-between">
        <div className="flex min-w-0 flex-col gap-y-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Heading className="truncate">{segment.name}</Heading>
            <div className="flex items-center gap-x-1">
              <SegmentTypeBadge type={segment.type} />
              {segment.is_built_in && <BuiltInBadge />}
            </div>
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            {segment.description || (dynamic ? "Contacts who match the rules below." : "A list of contacts you keep by hand.")}
          </Text>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          {dynamic && (
            <Button size="small" variant="secondary" onClick={onRefresh} isLoading={refresh.isPending}>
              <ArrowPath />
              Refresh
            </Button>
          )}
          <Button size="small" variant="secondary" onClick={onExport} isLoading={exportCsv.isPending}>
            <ArrowDownTray />
            Export CSV
          </Button>
          {segment.is_built_in ? (
            <Button size="small" variant="secondary" onClick={onDuplicate}>
              <SquareTwoStack />
              Duplicate
            </Button>
          ) : (
            <Button size="small" variant="secondary" onClick={onEdit}>
              <PencilSquare />
              Edit
            </Button>
          )}
          {!segment.is_built_in && (
            <DropdownMenu>
              <DropdownMenu.Trigger asChild>
                <IconButton size="small" variant="transparent" aria-label="More actions">
                  <EllipsisHorizontal />
                </IconButton>
              </DropdownMenu.Trigger>
              <DropdownMenu.Content align="end">
                {dynamic && (
                  <DropdownMenu.Item onClick={onDuplicate} className="gap-x-2">
                    <SquareTwoStack className="text-ui-fg-subtle" />
                    Duplicate
                  </DropdownMenu.Item>
                )}
                <DropdownMenu.Item onClick={onDelete} className="gap-x-2">
                  <Trash className="text-ui-fg-subtle" />
                  Delete segment
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu>
          )}
        </div>
      </div>
      <div
        className={dynamic ? "grid grid-cols-2 divide-x md:grid-cols-4" : "grid grid-cols-3 divide-x"}
        data-testid="segment-stats"
      >
        <Stat label="Members" testId="segment-stat-members">
          {segment.count_computed_at ? (
            <span className="tabular-nums">{segment.member_count.toLocaleString()}</span>
          ) : (
            <span className="text-ui-fg-muted">Not counted yet</span>
          )}
        </Stat>
        {dynamic ? (
          <>
            <Stat label="Last refreshed" testId="segment-stat-refreshed">
              <TimeAgo value={segment.refreshed_at} />
              {segment.refresh_duration_ms != null && (
                <span className="text-ui-fg-muted txt-compact-small ml-1">
                  in {formatDuration(segment.refresh_duration_ms)}
                </span>
              )}
            </Stat>
            <Stat label="Entered at last refresh" testId="segment-stat-entered">
              <span className="tabular-nums">{signed(segment.last_entered_count, "+")}</span>
            </Stat>
            <Stat label="Left at last refresh" testId="segment-stat-left">
              <span className="tabular-nums">{signed(segment.last_left_count, "−")}</span>
            </Stat>
          </>
        ) : (
          <>
            <Stat label="Created" testId="segment-stat-created">
              <TimeAgo value={segment.created_at} />
            </Stat>
            <Stat label="Last changed" testId="segment-stat-updated">
              <TimeAgo value={segment.updated_at} />
            </Stat>
          </>
        )}
      </div>
      {segment.refresh_error && (
        <div className="px-6 py-4">
          <Alert variant="error" dismissible={false}>
            The last refresh failed: {segment.refresh_error}
          </Alert>
        </div>
      )}
    </Container>
  )
}

/** "+12" / "−3", and a plain "0" when nobody moved. */
const signed = (n: number, sign: "+" | "−") => (n ? `${sign}${n.toLocaleString()}` : "0")

const Stat = ({ label, testId, children }: { label: string; testId: string; children: ReactNode }) => (
  <div className="flex flex-col gap-y-1 px-6 py-4" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <div className="txt-compact-large-plus text-ui-fg-base flex items-baseline">{children}</div>
  </div>
)

const RulesSection = ({ segment, onEdit }: { segment: Segment; onEdit: () => void }) => {
  const { data: fields } = useSegmentFields()
  return (
    <Container className="divide-y p-0" data-testid="segment-rules">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Rules</Heading>
          {segment.is_built_in && (
            <Text size="small" className="text-ui-fg-subtle">
              Built-in rules are read-only. Duplicate the segment to change them.
            </Text>
          )}
        </div>
        {!segment.is_built_in && (
          <Button size="small" variant="secondary" onClick={onEdit} data-testid="segment-edit-rules">
            <PencilSquare />
            Edit rules
          </Button>
        )}
      </div>
      <div className="px-6 py-4">
        {segment.rules && fields ? (
          <SegmentRulesSummary rules={segment.rules} fields={fields} />
        ) : (
          <Text size="small" className="text-ui-fg-muted">
            {segment.rules ? "Loading…" : "No rules."}
          </Text>
        )}
      </div>
    </Container>
  )
}

/** Breadcrumb: the segment's name once it is loaded. */
const SegmentCrumb = ({ id }: { id: string }) => {
  const { segment } = useSegment(id)
  return <span>{segment?.name ?? id}</span>
}

export const handle = {
  breadcrumb: (match: UIMatch) => <SegmentCrumb id={(match.params as { id: string }).id} />,
}

export default SegmentDetailPage
