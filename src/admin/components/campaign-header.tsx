import { Button, Container, DropdownMenu, Heading, IconButton, Text, toast, usePrompt } from "@medusajs/ui"
import {
  ArrowPath,
  EllipsisHorizontal,
  Envelope,
  PaperPlane,
  Pause,
  PencilSquare,
  PlaySolid,
  Trash,
  XCircle,
} from "@medusajs/icons"
import { useNavigate } from "react-router-dom"
import { Campaign, CampaignAction, CampaignActionBody, useCampaignAction, useDeleteCampaign } from "../hooks/campaigns"
import { errorMessage } from "../lib/format"
import { CampaignStatusBadge, formatSendTime, Stat } from "./campaign-display"

const DELETABLE: Campaign["status"][] = ["draft", "scheduled", "sent", "cancelled"]

const DONE: Record<string, (c: Campaign) => string> = {
  pause: (c) => `${c.name} is paused`,
  resume: (c) => `${c.name} is sending again`,
  cancel: (c) => `${c.name} is cancelled`,
  unschedule: (c) => `${c.name} is back to draft`,
  send: (c) => (c.status === "scheduled" ? `${c.name} is scheduled` : `${c.name} is sending`),
}

/**
 * The campaign's name and status with what can be done in that status:
 * edit or send a draft, unschedule a scheduled one, pause/resume a send,
 * cancel anything not finished (after a confirmation), send a test.
 */
export const CampaignHeader = ({
  campaign,
  onEdit,
  onSend,
  onTest,
}: {
  campaign: Campaign
  onEdit: () => void
  /** opens the flow at its review, where sending and scheduling happen */
  onSend: () => void
  onTest: () => void
}) => {
  const prompt = usePrompt()
  const navigate = useNavigate()
  const action = useCampaignAction(campaign.id)
  const remove = useDeleteCampaign()
  const s = campaign.status

  const run = (name: CampaignAction, body?: CampaignActionBody) =>
    action.mutate(
      { action: name, body },
      {
        onSuccess: ({ campaign: c }) => toast.success(DONE[name]?.(c) ?? "Done"),
        onError: (e) => toast.error(errorMessage(e, "The campaign could not be changed")),
      }
    )

  const pending = (name: CampaignAction) => action.isPending && action.variables?.action === name

  const onCancel = async () => {
    const p = campaign.progress
    const ok = await prompt({
      title: `Cancel ${campaign.name}?`,
      description:
        s === "sending" || s === "paused"
          ? `Messages not sent yet${p ? ` (${p.remaining.toLocaleString()})` : ""} will not go out. Mail already sent stays sent. This cannot be undone.`
          : "The campaign will not be sent. This cannot be undone; duplicate the settings into a new campaign to send later.",
      confirmText: "Cancel campaign",
      cancelText: "Keep it",
    })
    if (ok) run("cancel")
  }

  const onDelete = async () => {
    const ok = await prompt({
      title: `Delete ${campaign.name}?`,
      description: "The campaign and its send log are deleted. Its template and segments are kept.",
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!ok) return
    remove.mutate(campaign.id, {
      onSuccess: () => {
        toast.success(`Campaign ${campaign.name} deleted`)
        navigate("/marketing/campaigns", { replace: true })
      },
      onError: (e) => toast.error(errorMessage(e, "Could not delete the campaign")),
    })
  }

  const subtitle =
    s === "scheduled"
      ? `Scheduled for ${formatSendTime(campaign.scheduled_at)}`
      : s === "sending"
        ? `Sending since ${formatSendTime(campaign.started_at)}`
        : s === "paused"
          ? `Paused ${formatSendTime(campaign.paused_at)}`
          : s === "sent"
            ? `Sent ${formatSendTime(campaign.completed_at)}`
            : s === "cancelled"
              ? `Cancelled ${formatSendTime(campaign.cancelled_at)}`
              : "Draft: not sent yet"

  return (
    <Container className="divide-y p-0" data-testid="campaign-header">
      <div className="flex flex-col gap-4 px-6 py-4 md:flex-row md:items-start md:justify-between">
        <div className="flex min-w-0 flex-col gap-y-1">
          <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
            <Heading className="truncate">{campaign.name}</Heading>
            <CampaignStatusBadge status={s} />
          </div>
          <Text size="small" className="text-ui-fg-subtle" data-testid="campaign-subtitle">
            {subtitle}
          </Text>
        </div>
        <div className="flex shrink-0 flex-wrap items-center gap-2">
          {(s === "draft" || s === "scheduled") && (
            <Button size="small" variant="secondary" onClick={onEdit}>
              <PencilSquare />
              Edit
            </Button>
          )}
          {s !== "cancelled" && (
            <Button size="small" variant="secondary" onClick={onTest}>
              <Envelope />
              Send test
            </Button>
          )}
          {s === "scheduled" && (
            <Button size="small" variant="secondary" onClick={() => run("unschedule")} isLoading={pending("unschedule")}>
              <ArrowPath />
              Unschedule
            </Button>
          )}
          {s === "sending" && (
            <Button size="small" variant="secondary" onClick={() => run("pause")} isLoading={pending("pause")}>
              <Pause />
              Pause
            </Button>
          )}
          {s === "paused" && (
            <Button size="small" onClick={() => run("resume")} isLoading={pending("resume")}>
              <PlaySolid />
              Resume
            </Button>
          )}
          {(s === "draft" || s === "scheduled" || s === "sending" || s === "paused") && (
            <Button size="small" variant="secondary" onClick={onCancel} isLoading={pending("cancel")}>
              <XCircle />
              Cancel
            </Button>
          )}
          {s === "draft" && (
            <Button size="small" onClick={onSend}>
              <PaperPlane />
              Send / Schedule
            </Button>
          )}
          {DELETABLE.includes(s) && (
            <DropdownMenu>
              <DropdownMenu.Trigger asChild>
                <IconButton size="small" variant="transparent" aria-label="More actions">
                  <EllipsisHorizontal />
                </IconButton>
              </DropdownMenu.Trigger>
              <DropdownMenu.Content align="end">
                <DropdownMenu.Item onClick={onDelete} className="gap-x-2">
                  <Trash className="text-ui-fg-subtle" />
                  Delete campaign
                </DropdownMenu.Item>
              </DropdownMenu.Content>
            </DropdownMenu>
          )}
        </div>
      </div>
      <div className="grid grid-cols-2 divide-x md:grid-cols-5" data-testid="campaign-stats">
        <Stat label="Recipients" testId="campaign-stat-recipients">
          <span className="tabular-nums">
            {campaign.started_at ? campaign.recipients_count.toLocaleString() : <span className="text-ui-fg-muted">—</span>}
          </span>
        </Stat>
        <Stat label="Sent" testId="campaign-stat-sent">
          <span className="tabular-nums">
            {campaign.progress && campaign.started_at ? (
              `${campaign.progress.sent.toLocaleString()} / ${campaign.progress.total.toLocaleString()}`
            ) : (
              <span className="text-ui-fg-muted">—</span>
            )}
          </span>
        </Stat>
        <Stat label="Open rate">
          <span className="text-ui-fg-muted" title="Tracking is not available yet">
            —
          </span>
        </Stat>
        <Stat label="Click rate">
          <span className="text-ui-fg-muted" title="Tracking is not available yet">
            —
          </span>
        </Stat>
        <Stat label="Revenue">
          <span className="text-ui-fg-muted" title="Tracking is not available yet">
            —
          </span>
        </Stat>
      </div>
    </Container>
  )
}
