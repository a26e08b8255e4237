import { Alert, Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { Campaign, uniqueIssues, useCampaignReview } from "../hooks/campaigns"
import { useSegmentPickerLabels } from "../hooks/segments"
import { useTemplate } from "../hooks/templates"
import { useTopics } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import { EstimateFigures, formatSendTime } from "./campaign-display"
import type { Step } from "./campaign-form-state"
import { IssueList } from "./campaign-review"
import { SectionRow } from "./field"

const Segments = ({ ids }: { ids: string[] }) => {
  const labels = useSegmentPickerLabels("segment", ids)
  if (!ids.length) return <>-</>
  const names = new Map((labels.data ?? []).map((o) => [o.value, o.label]))
  return (
    <span className="flex flex-wrap gap-1">
      {ids.map((id) => (
        <Link key={id} to={`/marketing/segments/${id}`}>
          <Badge size="2xsmall">{names.get(id) ?? id}</Badge>
        </Link>
      ))}
    </span>
  )
}

/** What the campaign sends, from whom, to whom. */
export const CampaignSummary = ({ campaign }: { campaign: Campaign }) => {
  const { template } = useTemplate(campaign.template_id ?? "", { enabled: Boolean(campaign.template_id) })
  const { topics } = useTopics()
  const topic = topics?.find((t) => t.id === campaign.topic_id)
  const from =
    campaign.from_name || campaign.from_email
      ? `${campaign.from_name ?? ""}${campaign.from_email ? ` <${campaign.from_email}>` : ""}`.trim()
      : "The store's sender"
  return (
    <Container className="divide-y p-0" data-testid="campaign-summary">
      <div className="px-6 py-4">
        <Heading level="h2">Details</Heading>
      </div>
      <SectionRow label="Subject" value={campaign.subject || "-"} />
      <SectionRow label="Preheader" value={campaign.preheader || "-"} />
      <SectionRow label="From" value={from} />
      <SectionRow label="Reply-to" value={campaign.reply_to || "-"} />
      <SectionRow
        label="Template"
        value={
          campaign.template_id ? (
            <Link className="text-ui-fg-interactive" to={`/marketing/templates/${campaign.template_id}`}>
              {template?.name ?? campaign.template_id}
            </Link>
          ) : (
            "-"
          )
        }
      />
      <SectionRow label="Send to" value={<Segments ids={campaign.include_segment_ids ?? []} />} />
      <SectionRow label="Leave out" value={<Segments ids={campaign.exclude_segment_ids ?? []} />} />
      <SectionRow label="Topic" value={topic?.name ?? (campaign.topic_id ? campaign.topic_id : "-")} />
      <SectionRow
        label="Frequency cap"
        value={
          campaign.frequency_cap_hours === null
            ? "Store default"
            : campaign.frequency_cap_hours === 0
              ? "Off"
              : `${campaign.frequency_cap_hours} h`
        }
      />
      <SectionRow label="Send rate" value={campaign.send_rate ? `${campaign.send_rate} msg/s` : "Store default"} />
      {campaign.scheduled_at && <SectionRow label="Scheduled for" value={formatSendTime(campaign.scheduled_at)} />}
    </Container>
  )
}

/** For a draft or scheduled campaign: would it send now, and to how many. */
export const CampaignReadiness = ({ campaign, onFix }: { campaign: Campaign; onFix: (step: Step) => void }) => {
  const review = useCampaignReview(campaign.id)
  const raw = review.data?.review
  const data = raw ? { ...raw, errors: uniqueIssues(raw.errors), warnings: uniqueIssues(raw.warnings) } : undefined
  return (
    <Container className="divide-y p-0" data-testid="campaign-readiness">
      <div className="flex items-center justify-between px-6 py-4">
        <Heading level="h2">Ready to send?</Heading>
        {data && !data.ok && (
          <Button size="small" variant="secondary" onClick={() => onFix("review")}>
            Fix
          </Button>
        )}
      </div>
      <div className="flex flex-col gap-y-3 px-6 py-4">
        {review.isLoading && (
          <Text size="small" className="text-ui-fg-muted">
            Checking…
          </Text>
        )}
        {review.isError && (
          <Alert variant="error" dismissible={false}>
            {errorMessage(review.error, "The check failed")}
          </Alert>
        )}
        {data && data.errors.length === 0 && (
          <Text size="small" className="text-ui-fg-subtle">
            Nothing blocks the send.
          </Text>
        )}
        {data && data.errors.length > 0 && (
          <IssueList issues={data.errors} variant="error" onGoTo={onFix} testId="campaign-readiness-errors" />
        )}
        {data && data.warnings.length > 0 && (
          <IssueList issues={data.warnings} variant="warning" onGoTo={onFix} testId="campaign-readiness-warnings" />
        )}
        {data?.estimate && <EstimateFigures estimate={data.estimate} testId="campaign-page-estimate" />}
      </div>
    </Container>
  )
}
