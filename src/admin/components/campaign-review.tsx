import { Alert, Badge, Button, Container, Heading, Text } from "@medusajs/ui"
import { Spinner } from "@medusajs/icons"
import type { ReactNode } from "react"
import { CampaignIssue, uniqueIssues, useCampaignReview } from "../hooks/campaigns"
import { useSegmentPickerLabels } from "../hooks/segments"
import { useTemplate } from "../hooks/templates"
import { useTopics } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import { AB_METRIC_LABELS, EstimateFigures, formatSendTime, variantLetter } from "./campaign-display"
import { CampaignFormValues, Step, STEP_LABELS } from "./campaign-form-state"
import { StepLayout } from "./campaign-form-steps"

/** The step an issue is fixed on, from its path or code. */
export function stepOfIssue(issue: CampaignIssue): Step | null {
  const where = `${issue.path ?? ""} ${issue.code}`.toLowerCase()
  if (/ab_test|variant/.test(where)) return "ab"
  if (/segment|audience|topic|frequency|recipient/.test(where)) return "audience"
  if (/template|document|lint|liquid|block|content|unsubscribe|address/.test(where)) return "content"
  if (/subject|preheader|from|reply|name|sender/.test(where)) return "details"
  if (/schedule|send_rate/.test(where)) return "schedule"
  return null
}

export const IssueList = ({
  issues,
  variant,
  onGoTo,
  testId,
}: {
  issues: CampaignIssue[]
  variant: "error" | "warning"
  onGoTo: (step: Step) => void
  testId: string
}) => (
  <Alert variant={variant} dismissible={false} data-testid={testId}>
    <div className="flex flex-col gap-y-2">
      <Text size="small" weight="plus">
        {variant === "error"
          ? issues.length === 1
            ? "Fix this before sending"
            : `Fix these ${issues.length} problems before sending`
          : issues.length === 1
            ? "Worth a look"
            : `${issues.length} things worth a look`}
      </Text>
      <ul className="flex flex-col gap-y-1.5">
        {issues.map((issue, i) => {
          const step = stepOfIssue(issue)
          return (
            <li key={`${issue.code}-${i}`} className="flex items-start justify-between gap-x-3" data-code={issue.code}>
              <Text size="small">{issue.message}</Text>
              {step && (
                <Button size="small" variant="transparent" type="button" className="shrink-0" onClick={() => onGoTo(step)}>
                  Go to {STEP_LABELS[step]}
                </Button>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  </Alert>
)

const Row = ({ label, children }: { label: string; children: ReactNode }) => (
  <div className="grid grid-cols-[160px_1fr] items-start gap-x-4 px-6 py-3">
    <Text size="small" weight="plus" className="text-ui-fg-subtle">
      {label}
    </Text>
    <div className="txt-compact-small text-ui-fg-base min-w-0 break-words">{children}</div>
  </div>
)

const SegmentNames = ({ ids }: { ids: string[] }) => {
  const labels = useSegmentPickerLabels("segment", ids)
  if (!ids.length) return <span className="text-ui-fg-muted">None</span>
  const names = new Map((labels.data ?? []).map((o) => [o.value, o.label]))
  return (
    <span className="flex flex-wrap gap-1">
      {ids.map((id) => (
        <Badge key={id} size="2xsmall">
          {names.get(id) ?? id}
        </Badge>
      ))}
    </span>
  )
}

/**
 * The last step: the saved draft as the server checks it. Errors block the
 * send, warnings do not; the estimate is the audience right now.
 */
export const ReviewStep = ({
  campaignId,
  values,
  saving,
  saveError,
  onGoTo,
}: {
  campaignId: string | null
  values: CampaignFormValues
  saving: boolean
  saveError: string | null
  onGoTo: (step: Step) => void
}) => {
  const review = useCampaignReview(campaignId, { enabled: Boolean(campaignId) && !saving })
  const { template } = useTemplate(values.template_id, { enabled: Boolean(values.template_id) })
  const { topics } = useTopics()
  const raw = review.data?.review
  const data = raw ? { ...raw, errors: uniqueIssues(raw.errors), warnings: uniqueIssues(raw.warnings) } : undefined
  const topic = topics?.find((t) => t.id === values.topic_id)

  return (
    <StepLayout
      title="Review"
      description="The campaign is saved as a draft. Check what goes out and to whom, then send or schedule it."
    >
      {saveError && (
        <Alert variant="error" dismissible={false} data-testid="campaign-save-error">
          The draft could not be saved: {saveError}
        </Alert>
      )}
      {(saving || review.isLoading) && !saveError && (
        <div className="text-ui-fg-muted flex items-center gap-x-2" data-testid="campaign-review-loading">
          <Spinner className="animate-spin" />
          <Text size="small">{saving ? "Saving the draft…" : "Checking the campaign…"}</Text>
        </div>
      )}
      {review.isError && (
        <Alert variant="error" dismissible={false}>
          {errorMessage(review.error, "The review failed")}
        </Alert>
      )}
      {data && !saving && (
        <div className="flex flex-col gap-y-3" data-testid="campaign-review" data-ok={data.ok ? "true" : "false"}>
          {data.errors.length > 0 && (
            <IssueList issues={data.errors} variant="error" onGoTo={onGoTo} testId="campaign-review-errors" />
          )}
          {data.warnings.length > 0 && (
            <IssueList issues={data.warnings} variant="warning" onGoTo={onGoTo} testId="campaign-review-warnings" />
          )}
          {data.ok && data.errors.length === 0 && (
            <Alert variant="success" dismissible={false} data-testid="campaign-review-ok">
              Ready to {values.send_mode === "later" ? "schedule" : "send"}.
            </Alert>
          )}
        </div>
      )}

      <div className="grid grid-cols-1 items-start gap-4 md:grid-cols-[1fr_280px]">
        <Container className="divide-y p-0">
          <div className="px-6 py-4">
            <Heading level="h2">{values.name || "Untitled campaign"}</Heading>
          </div>
          <Row label="Subject">
            {values.subject || <span className="text-ui-fg-muted">None</span>}
            {values.preheader && <div className="text-ui-fg-subtle">{values.preheader}</div>}
          </Row>
          <Row label="From">
            {values.from_name || values.from_email
              ? `${values.from_name || ""}${values.from_email ? ` <${values.from_email}>` : ""}`.trim()
              : <span className="text-ui-fg-muted">The store's sender</span>}
            {values.reply_to && <div className="text-ui-fg-subtle">Replies to {values.reply_to}</div>}
          </Row>
          <Row label="Send to">
            <SegmentNames ids={values.include_segment_ids} />
          </Row>
          {values.exclude_segment_ids.length > 0 && (
            <Row label="Leave out">
              <SegmentNames ids={values.exclude_segment_ids} />
            </Row>
          )}
          <Row label="Topic">{topic?.name ?? <span className="text-ui-fg-muted">None</span>}</Row>
          <Row label="Template">
            {template ? template.name : values.template_id || <span className="text-ui-fg-muted">None</span>}
          </Row>
          <Row label="A/B test">
            {values.ab_enabled ? (
              <>
                {values.ab_variants.length} variants ({values.ab_variants.map((_, i) => variantLetter(i)).join(", ")}) to{" "}
                {values.ab_test_percent}% of the audience; winner by {AB_METRIC_LABELS[values.ab_metric].toLowerCase()} after{" "}
                {values.ab_wait_hours} h, {values.ab_auto_pick ? "picked automatically" : "picked by you"}
              </>
            ) : (
              <span className="text-ui-fg-muted">No</span>
            )}
          </Row>
          <Row label="Send">
            <span data-testid="campaign-review-send-time">
              {values.send_mode === "later" && values.scheduled_at
                ? formatSendTime(values.scheduled_at.toISOString())
                : "Now, when you confirm"}
            </span>
          </Row>
        </Container>
        <Container className="px-6 py-4" data-testid="campaign-review-estimate-panel">
          <Heading level="h2" className="mb-2">
            Recipients
          </Heading>
          {data?.estimate ? (
            <EstimateFigures estimate={data.estimate} testId="campaign-review-estimate" />
          ) : (
            <Text size="small" className="text-ui-fg-muted">
              {data ? "No audience to count yet." : "…"}
            </Text>
          )}
        </Container>
      </div>
    </StepLayout>
  )
}
