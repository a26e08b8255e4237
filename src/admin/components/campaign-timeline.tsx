import { Container, Heading, Text } from "@medusajs/ui"
import { Campaign, useCampaignActors } from "../hooks/campaigns"
import { formatDateTime, humanize } from "../lib/format"
import { CAMPAIGN_STATUS_LABELS } from "./campaign-display"
import { TimeAgo } from "./segment-display"

const ACTION_LABELS: Record<string, string> = {
  create: "Created",
  schedule: "Scheduled",
  unschedule: "Unscheduled",
  start: "Send started",
  pause: "Paused",
  resume: "Resumed",
  complete: "Finished",
  cancel: "Cancelled",
  edit: "Edited",
  pick_winner: "Winner picked",
  "pick-winner": "Winner picked",
}

/** Every status change, newest first: what happened, who or what did it, and why. */
export const CampaignTimeline = ({ campaign }: { campaign: Campaign }) => {
  const transitions = [...(campaign.transitions ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at))
  const actors = useCampaignActors(transitions.map((t) => t.actor ?? ""))
  const nameOf = (actor: string | null) => {
    if (!actor || actor === "system") return "System"
    const u = actors.data?.find((x) => x.id === actor)
    if (!u) return actors.isLoading ? "a team member" : actor
    return [u.first_name, u.last_name].filter(Boolean).join(" ") || u.email
  }

  return (
    <Container className="divide-y p-0" data-testid="campaign-timeline">
      <div className="px-6 py-4">
        <Heading level="h2">Timeline</Heading>
      </div>
      {transitions.length === 0 ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            No status changes yet.
          </Text>
        </div>
      ) : (
        <ol className="flex flex-col px-6 py-4">
          {transitions.map((t, i) => (
            <li key={t.id} className="relative flex gap-x-3 pb-4 last:pb-0" data-testid="campaign-transition" data-action={t.action}>
              <div className="flex flex-col items-center">
                <span className="bg-ui-fg-muted mt-1.5 size-2 shrink-0 rounded-full" />
                {i < transitions.length - 1 && <span className="bg-ui-border-base mt-1 w-px flex-1" />}
              </div>
              <div className="flex min-w-0 flex-1 flex-col">
                <div className="flex items-baseline justify-between gap-x-2">
                  <Text size="small" weight="plus">
                    {ACTION_LABELS[t.action] ?? humanize(t.action)}
                    <span className="text-ui-fg-subtle font-normal">
                      {" "}
                      · {t.from_status ? `${CAMPAIGN_STATUS_LABELS[t.from_status] ?? t.from_status} → ` : ""}
                      {CAMPAIGN_STATUS_LABELS[t.to_status] ?? t.to_status}
                    </span>
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-muted shrink-0" title={formatDateTime(t.created_at)}>
                    <TimeAgo value={t.created_at} />
                  </Text>
                </div>
                <Text size="small" className="text-ui-fg-subtle">
                  By {nameOf(t.actor)}
                  {t.reason ? ` · ${t.reason}` : ""}
                </Text>
              </div>
            </li>
          ))}
        </ol>
      )}
    </Container>
  )
}
