import {
  Alert,
  Button,
  Container,
  DatePicker,
  Heading,
  IconButton,
  Input,
  Label,
  RadioGroup,
  Select,
  Switch,
  Text,
} from "@medusajs/ui"
import { Plus, Spinner, Trash } from "@medusajs/icons"
import { ReactNode, useEffect, useMemo, useState } from "react"
import { CampaignEstimatePayload, useCampaignEstimate } from "../hooks/campaigns"
import { useTemplates } from "../hooks/templates"
import { useTopics } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import {
  AB_METRIC_LABELS,
  browserTimeZone,
  EstimateFigures,
  formatSendTime,
  variantLetter,
} from "./campaign-display"
import {
  CampaignFormValues,
  defaultSendTime,
  emptyVariant,
  FormErrors,
  MAX_VARIANTS,
  MIN_VARIANTS,
  VariantForm,
} from "./campaign-form-state"
import { CampaignTemplatePicker } from "./campaign-template-picker"
import { Field } from "./field"
import { RecordPicker } from "./segment-value-input"

export type StepProps = {
  values: CampaignFormValues
  set: (patch: Partial<CampaignFormValues>) => void
  errors: FormErrors
}

const NO_TOPIC = "__none"
const CAMPAIGN_TEMPLATE = "__campaign"

/** A step's column, with its title and what it is for. */
export const StepLayout = ({
  title,
  description,
  children,
  wide,
}: {
  title: string
  description: ReactNode
  children: ReactNode
  wide?: boolean
}) => (
  <div className="flex w-full flex-col items-center px-6 py-12">
    <div className={`flex w-full flex-col gap-y-8 ${wide ? "max-w-[1200px]" : "max-w-[720px]"}`}>
      <div>
        <Heading>{title}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {description}
        </Text>
      </div>
      {children}
    </div>
  </div>
)

const useDebounced = <T,>(value: T, ms: number) => {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

/* --------------------------------- details -------------------------------- */

export const DetailsStep = ({ values, set, errors }: StepProps) => (
  <StepLayout
    title="Details"
    description="Name the campaign for your team, and write what recipients see in their inbox."
  >
    <Field id="campaign-name" label="Campaign name" error={errors.name} hint="Only you and your team see this.">
      <Input
        id="campaign-name"
        autoFocus
        value={values.name}
        placeholder="Spring sale, week 1"
        aria-invalid={Boolean(errors.name)}
        onChange={(e) => set({ name: e.target.value })}
      />
    </Field>
    <div className="flex flex-col gap-y-4">
      <Field
        id="campaign-subject"
        label="Subject"
        error={errors.subject}
        hint="Left empty, it takes the template's subject when you pick one. Variables work here too, e.g. {{ contact.first_name }}."
      >
        <Input
          id="campaign-subject"
          value={values.subject}
          placeholder="Our spring sale starts today"
          onChange={(e) => set({ subject: e.target.value })}
        />
      </Field>
      <Field
        id="campaign-preheader"
        label="Preheader"
        optional
        hint="The preview line inboxes show after the subject."
      >
        <Input
          id="campaign-preheader"
          value={values.preheader}
          placeholder="Up to 30% off everything for three days"
          onChange={(e) => set({ preheader: e.target.value })}
        />
      </Field>
    </div>
    <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
      <Field id="campaign-from-name" label="From name" optional hint="Empty uses the store's sender name.">
        <Input
          id="campaign-from-name"
          value={values.from_name}
          placeholder="Your Store"
          onChange={(e) => set({ from_name: e.target.value })}
        />
      </Field>
      <Field
        id="campaign-from-email"
        label="From address"
        optional
        error={errors.from_email}
        hint="Empty uses the store's sender address."
      >
        <Input
          id="campaign-from-email"
          type="email"
          value={values.from_email}
          placeholder="news@yourstore.com"
          aria-invalid={Boolean(errors.from_email)}
          onChange={(e) => set({ from_email: e.target.value })}
        />
      </Field>
    </div>
    <Field id="campaign-reply-to" label="Reply-to" optional error={errors.reply_to} hint="Where replies go, if not the sender.">
      <Input
        id="campaign-reply-to"
        type="email"
        value={values.reply_to}
        placeholder="help@yourstore.com"
        aria-invalid={Boolean(errors.reply_to)}
        onChange={(e) => set({ reply_to: e.target.value })}
      />
    </Field>
  </StepLayout>
)

/* -------------------------------- audience -------------------------------- */

/** The estimate's body for the audience being edited, or null while there is none to count. */
export function estimateBody(values: CampaignFormValues): CampaignEstimatePayload | null {
  if (!values.include_segment_ids.length) {
    return null
  }
  const cap = values.frequency_cap_hours.trim()
  return {
    include_segment_ids: [...values.include_segment_ids].sort(),
    exclude_segment_ids: [...values.exclude_segment_ids].sort(),
    ...(values.topic_id ? { topic_id: values.topic_id } : {}),
    ...(cap !== "" && Number.isInteger(Number(cap)) && Number(cap) >= 0 ? { frequency_cap_hours: Number(cap) } : {}),
  }
}

export const AudienceStep = ({ values, set, errors }: StepProps) => {
  const { topics } = useTopics()
  const body = useMemo(() => estimateBody(values), [values])
  const json = JSON.stringify(body)
  // counted 400 ms after the last change
  const settled = useDebounced(json, 400)
  const estimate = useCampaignEstimate(settled === "null" ? null : JSON.parse(settled))
  const updating = json !== settled || estimate.isFetching
  const data = body && !estimate.isError ? estimate.data?.estimate : undefined

  return (
    <StepLayout
      title="Audience"
      description="Who gets the campaign: contacts in the included segments, minus the excluded ones. Suppressed and unsubscribed contacts are always left out."
      wide
    >
      <div className="flex flex-col items-start gap-8 lg:flex-row">
        <div className="flex w-full min-w-0 flex-1 flex-col gap-y-6">
          <Field label="Send to" error={errors.include_segment_ids} hint="Contacts in any of these segments.">
            <RecordPicker
              type="segment"
              multiple
              value={values.include_segment_ids}
              onChange={(v) => set({ include_segment_ids: v as string[] })}
              invalid={Boolean(errors.include_segment_ids)}
              testId="campaign-include-segments"
              label="Segments to send to"
            />
          </Field>
          <Field
            label="Leave out"
            optional
            error={errors.exclude_segment_ids}
            hint="Contacts in any of these segments never get it, even when they are in an included one."
          >
            <RecordPicker
              type="segment"
              multiple
              value={values.exclude_segment_ids}
              onChange={(v) => set({ exclude_segment_ids: v as string[] })}
              invalid={Boolean(errors.exclude_segment_ids)}
              testId="campaign-exclude-segments"
              label="Segments to leave out"
            />
          </Field>
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Field
              id="campaign-topic"
              label="Topic"
              optional
              hint="Contacts who opted out of this topic are left out."
            >
              <Select
                value={values.topic_id || NO_TOPIC}
                onValueChange={(v) => set({ topic_id: v === NO_TOPIC ? "" : v })}
              >
                <Select.Trigger id="campaign-topic" data-testid="campaign-topic">
                  <Select.Value placeholder="No topic" />
                </Select.Trigger>
                <Select.Content>
                  <Select.Item value={NO_TOPIC}>No topic</Select.Item>
                  {(topics ?? []).map((t) => (
                    <Select.Item key={t.id} value={t.id}>
                      {t.name}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
            <Field
              id="campaign-frequency-cap"
              label="Frequency cap (hours)"
              optional
              error={errors.frequency_cap_hours}
              hint="Skip contacts who got marketing mail within this many hours. Empty uses the store default, 0 turns it off."
            >
              <Input
                id="campaign-frequency-cap"
                type="number"
                min={0}
                step={1}
                value={values.frequency_cap_hours}
                placeholder="Store default"
                aria-invalid={Boolean(errors.frequency_cap_hours)}
                onChange={(e) => set({ frequency_cap_hours: e.target.value })}
              />
            </Field>
          </div>
        </div>
        <Container className="w-full p-0 lg:sticky lg:top-0 lg:w-[360px] lg:shrink-0" data-testid="campaign-estimate-panel">
          <div className="flex items-center justify-between px-6 pt-4">
            <Heading level="h2">Estimated recipients</Heading>
            {body && updating && (
              <span className="text-ui-fg-muted flex items-center gap-x-1" data-testid="campaign-estimate-updating">
                <Spinner className="animate-spin" />
                <Text size="xsmall">Counting…</Text>
              </span>
            )}
          </div>
          <div className="px-6 pb-4 pt-2">
            {!body ? (
              <Text size="small" className="text-ui-fg-muted py-2">
                Pick a segment to see who the campaign reaches.
              </Text>
            ) : estimate.isError ? (
              <Alert variant="error" dismissible={false}>
                {errorMessage(estimate.error, "The estimate failed")}
              </Alert>
            ) : (
              <>
                <EstimateFigures estimate={data} pending={updating} />
                {data && (
                  <Text size="xsmall" className="text-ui-fg-muted mt-2">
                    Counted in {data.evaluated_ms.toLocaleString()} ms. The final list is taken when the send starts.
                  </Text>
                )}
              </>
            )}
          </div>
        </Container>
      </div>
    </StepLayout>
  )
}

/* --------------------------------- content -------------------------------- */

export const ContentStep = ({ values, set, errors }: StepProps) => (
  <StepLayout
    title="Content"
    description="Pick the template to send. It is rendered for each recipient when the send starts; edit it any time before."
    wide
  >
    <CampaignTemplatePicker
      value={values.template_id}
      subject={values.subject}
      preheader={values.preheader}
      error={errors.template_id}
      onChange={(template) => {
        // an empty subject or preheader takes the template's, so the preview and review read right
        set({
          template_id: template.id,
          ...(values.subject.trim() ? {} : { subject: template.subject }),
          ...(values.preheader.trim() || !template.preheader ? {} : { preheader: template.preheader }),
        })
      }}
    />
  </StepLayout>
)

/* --------------------------------- A/B test -------------------------------- */

export const AbTestStep = ({ values, set, errors }: StepProps) => {
  const { templates } = useTemplates({ limit: 100 }, { enabled: values.ab_enabled })
  const variants = values.ab_variants
  const perVariant = values.ab_test_percent / Math.max(1, variants.length)

  const setVariant = (i: number, patch: Partial<VariantForm>) =>
    set({ ab_variants: variants.map((v, j) => (j === i ? { ...v, ...patch } : v)) })

  return (
    <StepLayout
      title="A/B test"
      description="Optional: send variants to part of the audience first, then the best one to everyone else."
    >
      <div className="flex items-start gap-x-3 rounded-lg border px-4 py-3">
        <Switch
          id="campaign-ab-enabled"
          checked={values.ab_enabled}
          onCheckedChange={(checked) => set({ ab_enabled: checked })}
        />
        <div className="flex flex-col">
          <Label htmlFor="campaign-ab-enabled" size="small" weight="plus">
            Run an A/B test
          </Label>
          <Text size="small" className="text-ui-fg-subtle">
            Each variant changes the subject, preheader, sender name or template. Anything left empty is the
            campaign's own.
          </Text>
        </div>
      </div>

      {values.ab_enabled && (
        <>
          {errors.ab_variants && (
            <Alert variant="error" dismissible={false}>
              {errors.ab_variants}
            </Alert>
          )}
          <div className="flex flex-col gap-y-3" data-testid="campaign-ab-variants">
            {variants.map((v, i) => (
              <Container key={i} className="flex flex-col gap-y-4 px-6 py-4" data-testid="campaign-ab-variant">
                <div className="flex items-center justify-between">
                  <Heading level="h3">Variant {variantLetter(i)}</Heading>
                  <IconButton
                    size="small"
                    variant="transparent"
                    type="button"
                    aria-label={`Remove variant ${variantLetter(i)}`}
                    disabled={variants.length <= MIN_VARIANTS}
                    onClick={() => set({ ab_variants: variants.filter((_, j) => j !== i) })}
                  >
                    <Trash />
                  </IconButton>
                </div>
                <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
                  <Field id={`variant-${i}-subject`} label="Subject">
                    <Input
                      id={`variant-${i}-subject`}
                      value={v.subject}
                      placeholder={values.subject || "The campaign's subject"}
                      onChange={(e) => setVariant(i, { subject: e.target.value })}
                    />
                  </Field>
                  <Field id={`variant-${i}-preheader`} label="Preheader">
                    <Input
                      id={`variant-${i}-preheader`}
                      value={v.preheader}
                      placeholder={values.preheader || "The campaign's preheader"}
                      onChange={(e) => setVariant(i, { preheader: e.target.value })}
                    />
                  </Field>
                  <Field id={`variant-${i}-from-name`} label="From name">
                    <Input
                      id={`variant-${i}-from-name`}
                      value={v.from_name}
                      placeholder={values.from_name || "The campaign's sender"}
                      onChange={(e) => setVariant(i, { from_name: e.target.value })}
                    />
                  </Field>
                  <Field id={`variant-${i}-template`} label="Template">
                    <Select
                      value={v.template_id || CAMPAIGN_TEMPLATE}
                      onValueChange={(t) => setVariant(i, { template_id: t === CAMPAIGN_TEMPLATE ? "" : t })}
                    >
                      <Select.Trigger id={`variant-${i}-template`}>
                        <Select.Value />
                      </Select.Trigger>
                      <Select.Content>
                        <Select.Item value={CAMPAIGN_TEMPLATE}>The campaign's template</Select.Item>
                        {(templates ?? []).map((t) => (
                          <Select.Item key={t.id} value={t.id}>
                            {t.name}
                          </Select.Item>
                        ))}
                      </Select.Content>
                    </Select>
                  </Field>
                </div>
              </Container>
            ))}
            <div>
              <Button
                size="small"
                variant="secondary"
                type="button"
                disabled={variants.length >= MAX_VARIANTS}
                onClick={() => set({ ab_variants: [...variants, emptyVariant()] })}
              >
                <Plus />
                Add variant
              </Button>
            </div>
          </div>

          <Field
            id="campaign-ab-fraction"
            label={`Test group: ${values.ab_test_percent}% of the audience`}
            hint={`${perVariant.toLocaleString(undefined, { maximumFractionDigits: 1 })}% per variant; the other ${
              100 - values.ab_test_percent
            }% get the winner.`}
          >
            <input
              id="campaign-ab-fraction"
              type="range"
              min={5}
              max={50}
              step={5}
              value={values.ab_test_percent}
              onChange={(e) => set({ ab_test_percent: Number(e.target.value) })}
              className="accent-ui-fg-interactive w-full"
            />
          </Field>
          <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
            <Field id="campaign-ab-metric" label="Winner by">
              <Select value={values.ab_metric} onValueChange={(m) => set({ ab_metric: m as CampaignFormValues["ab_metric"] })}>
                <Select.Trigger id="campaign-ab-metric">
                  <Select.Value />
                </Select.Trigger>
                <Select.Content>
                  {Object.entries(AB_METRIC_LABELS).map(([value, label]) => (
                    <Select.Item key={value} value={value}>
                      {label}
                    </Select.Item>
                  ))}
                </Select.Content>
              </Select>
            </Field>
            <Field
              id="campaign-ab-wait"
              label="Wait before picking (hours)"
              error={errors.ab_wait_hours}
              hint="How long the test group has to open and click."
            >
              <Input
                id="campaign-ab-wait"
                type="number"
                min={0.25}
                max={168}
                step={0.25}
                value={values.ab_wait_hours}
                aria-invalid={Boolean(errors.ab_wait_hours)}
                onChange={(e) => set({ ab_wait_hours: e.target.value })}
              />
            </Field>
          </div>
          <div className="flex items-start gap-x-3">
            <Switch
              id="campaign-ab-auto"
              checked={values.ab_auto_pick}
              onCheckedChange={(checked) => set({ ab_auto_pick: checked })}
            />
            <div className="flex flex-col">
              <Label htmlFor="campaign-ab-auto" size="small" weight="plus">
                Pick the winner automatically
              </Label>
              <Text size="small" className="text-ui-fg-subtle">
                When the wait is over, the leading variant goes to the rest. Off: the rest waits until you pick
                one on the campaign page.
              </Text>
            </div>
          </div>
        </>
      )}
    </StepLayout>
  )
}

/* --------------------------------- schedule -------------------------------- */

export const ScheduleStep = ({ values, set, errors }: StepProps) => {
  const zone = browserTimeZone()
  return (
    <StepLayout title="Schedule" description="Send as soon as you confirm on the next step, or at a time you choose.">
      <RadioGroup
        value={values.send_mode}
        onValueChange={(mode) =>
          set({
            send_mode: mode as CampaignFormValues["send_mode"],
            ...(mode === "later" && !values.scheduled_at ? { scheduled_at: defaultSendTime() } : {}),
          })
        }
        className="grid grid-cols-1 gap-3 md:grid-cols-2"
      >
        <RadioGroup.ChoiceBox
          value="now"
          data-testid="campaign-send-now"
          label="Send now"
          description="The send starts as soon as you confirm."
        />
        <RadioGroup.ChoiceBox
          value="later"
          data-testid="campaign-send-later"
          label="Schedule"
          description="Pick a date and time; you can unschedule until then."
        />
      </RadioGroup>
      {values.send_mode === "later" && (
        <Field
          id="campaign-scheduled-at"
          label="Send at"
          error={errors.scheduled_at}
          hint={
            <span data-testid="campaign-schedule-hint">
              In your time zone ({zone})
              {values.scheduled_at ? `: ${formatSendTime(values.scheduled_at.toISOString())}, ${values.scheduled_at.toISOString()} UTC` : ""}
            </span>
          }
        >
          <div data-testid="campaign-scheduled-at">
            <DatePicker
              granularity="minute"
              hourCycle={24}
              modal
              value={values.scheduled_at}
              minValue={new Date()}
              onChange={(d) => set({ scheduled_at: d })}
              aria-label="Send at"
            />
          </div>
        </Field>
      )}
      <Field
        id="campaign-send-rate"
        label="Send rate (messages per second)"
        optional
        error={errors.send_rate}
        hint="Empty uses the store default. Lower it to spread a big send out."
      >
        <Input
          id="campaign-send-rate"
          type="number"
          min={1}
          step={1}
          value={values.send_rate}
          placeholder="Store default"
          aria-invalid={Boolean(errors.send_rate)}
          onChange={(e) => set({ send_rate: e.target.value })}
        />
      </Field>
    </StepLayout>
  )
}
