import { Alert, Button, FocusModal, ProgressStatus, ProgressTabs, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useState } from "react"
import {
  Campaign,
  useCampaignAction,
  useCampaignReview,
  useCreateCampaign,
  useUpdateCampaign,
} from "../hooks/campaigns"
import { errorMessage } from "../lib/format"
import { formatSendTime } from "./campaign-display"
import {
  CampaignFormValues,
  createPayload,
  FormErrors,
  payloadFromValues,
  Step,
  STEP_LABELS,
  STEPS,
  validateStep,
  valuesFromCampaign,
} from "./campaign-form-state"
import { AbTestStep, AudienceStep, ContentStep, DetailsStep, ScheduleStep } from "./campaign-form-steps"
import { ReviewStep } from "./campaign-review"

const saveKey = (v: CampaignFormValues) => JSON.stringify(payloadFromValues(v))

/**
 * Create a campaign, or edit a draft or scheduled one, in steps: details,
 * audience (with a live estimate), content, an optional A/B test, when to
 * send, and a review of the saved draft. The first save creates the draft
 * (POST /campaigns), later saves update it; sending or scheduling happens
 * only from the review, once the server finds nothing blocking.
 */
export const CampaignFormModal = ({
  open,
  onOpenChange,
  campaign,
  initialStep = "details",
  onDone,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  /** the campaign to edit; none creates one */
  campaign?: Campaign | null
  /** where the flow opens: "review" checks the earlier steps and opens the first incomplete one */
  initialStep?: Step
  /** after a save-and-close, a send or a schedule */
  onDone?: (campaign: Campaign) => void
}) => {
  const prompt = usePrompt()
  const [step, setStep] = useState<Step>("details")
  const [values, setValues] = useState<CampaignFormValues>(() => valuesFromCampaign(campaign))
  const [errors, setErrors] = useState<FormErrors>({})
  const [saved, setSaved] = useState<{ campaign: Campaign; key: string } | null>(null)
  const [saveError, setSaveError] = useState<string | null>(null)
  const [openAt, setOpenAt] = useState<Step | null>(null)

  const create = useCreateCampaign()
  const update = useUpdateCampaign()
  const action = useCampaignAction(saved?.campaign.id ?? "")
  const saving = create.isPending || update.isPending

  // every opening starts from the campaign as it is now
  useEffect(() => {
    if (!open) return
    const initial = valuesFromCampaign(campaign)
    setValues(initial)
    setStep("details")
    setErrors({})
    setSaveError(null)
    setSaved(campaign ? { campaign, key: saveKey(initial) } : null)
    setOpenAt(initialStep)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open])

  // opening at a later step goes through goTo once the state above is in place
  useEffect(() => {
    if (!openAt) return
    setOpenAt(null)
    if (openAt !== "details") void goTo(openAt)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [openAt])

  const set = (patch: Partial<CampaignFormValues>) => {
    setValues((v) => ({ ...v, ...patch }))
    setErrors((e) => {
      const next = { ...e }
      Object.keys(patch).forEach((k) => delete next[k])
      return next
    })
  }

  /** Creates the draft the first time, updates it after; nothing when nothing changed. */
  const save = async (): Promise<Campaign | null> => {
    const key = saveKey(values)
    if (saved && saved.key === key) {
      return saved.campaign
    }
    setSaveError(null)
    try {
      const { campaign: result } = saved
        ? await update.mutateAsync({ id: saved.campaign.id, body: payloadFromValues(values) })
        : await create.mutateAsync(createPayload(values))
      setSaved({ campaign: result, key })
      return result
    } catch (e) {
      const message = errorMessage(e, "Could not save the campaign")
      setSaveError(message)
      toast.error(message)
      return null
    }
  }

  const index = STEPS.indexOf(step)

  /** Moves to `target`; forward only past steps that are complete (the first that is not opens instead). */
  const goTo = async (target: Step) => {
    const to = STEPS.indexOf(target)
    if (to > index) {
      for (const s of STEPS.slice(0, to)) {
        const e = validateStep(s, values)
        if (Object.keys(e).length) {
          setErrors(e)
          setStep(s)
          return
        }
      }
    }
    setErrors({})
    if (target === "review") {
      setStep("review")
      await save()
      return
    }
    setStep(target)
  }

  const saveAndClose = async () => {
    const e = validateStep("details", values)
    if (Object.keys(e).length) {
      setErrors(e)
      setStep("details")
      return
    }
    const result = await save()
    if (!result) return
    toast.success(`Draft ${result.name} saved`)
    onOpenChange(false)
    onDone?.(result)
  }

  const later = values.send_mode === "later" && values.scheduled_at

  const send = async () => {
    const current = await save()
    if (!current) return
    if (!later) {
      const ok = await prompt({
        title: `Send ${current.name} now?`,
        description: "The send starts right away. You can pause or cancel it while it runs.",
        confirmText: "Send now",
        cancelText: "Cancel",
      })
      if (!ok) return
    }
    try {
      if (current.status === "scheduled") {
        // a new time (or "now") replaces the old one
        await action.mutateAsync({ action: "unschedule" })
      }
      const { campaign: result } = await action.mutateAsync({
        action: "send",
        body: later ? { scheduled_at: values.scheduled_at!.toISOString() } : {},
      })
      toast.success(
        result.status === "scheduled"
          ? `${result.name} is scheduled for ${formatSendTime(result.scheduled_at)}`
          : `${result.name} is sending`
      )
      onOpenChange(false)
      onDone?.(result)
    } catch (e) {
      toast.error(errorMessage(e, "Could not send the campaign"))
    }
  }

  const statusOf = (s: Step): ProgressStatus => {
    const i = STEPS.indexOf(s)
    return i < index ? "completed" : i === index ? "in-progress" : "not-started"
  }

  const wasScheduled = campaign?.status === "scheduled"

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content aria-describedby={undefined} data-testid="campaign-form">
        <ProgressTabs
          value={step}
          onValueChange={(s) => void goTo(s as Step)}
          className="flex h-full flex-col overflow-hidden"
        >
          <FocusModal.Header>
            <div className="flex w-full items-center justify-between gap-x-4">
              <FocusModal.Title className="sr-only">{campaign ? `Edit ${campaign.name}` : "Create campaign"}</FocusModal.Title>
              <div className="-my-2 w-full max-w-[840px] border-l">
                <ProgressTabs.List className="grid w-full grid-cols-6">
                  {STEPS.map((s) => (
                    <ProgressTabs.Trigger key={s} value={s} status={statusOf(s)} data-testid={`campaign-step-${s}`}>
                      {STEP_LABELS[s]}
                    </ProgressTabs.Trigger>
                  ))}
                </ProgressTabs.List>
              </div>
            </div>
          </FocusModal.Header>
          <FocusModal.Body className="size-full overflow-hidden">
            {wasScheduled && (
              <div className="flex justify-center px-6 pt-6">
                <Alert variant="info" dismissible={false} className="w-full max-w-[720px]">
                  Scheduled for {formatSendTime(campaign?.scheduled_at)}. Saving a change returns it to draft;
                  schedule it again from the review.
                </Alert>
              </div>
            )}
            <ProgressTabs.Content value="details" className="size-full overflow-y-auto">
              <DetailsStep values={values} set={set} errors={errors} />
            </ProgressTabs.Content>
            <ProgressTabs.Content value="audience" className="size-full overflow-y-auto">
              <AudienceStep values={values} set={set} errors={errors} />
            </ProgressTabs.Content>
            <ProgressTabs.Content value="content" className="size-full overflow-y-auto">
              <ContentStep values={values} set={set} errors={errors} />
            </ProgressTabs.Content>
            <ProgressTabs.Content value="ab" className="size-full overflow-y-auto">
              <AbTestStep values={values} set={set} errors={errors} />
            </ProgressTabs.Content>
            <ProgressTabs.Content value="schedule" className="size-full overflow-y-auto">
              <ScheduleStep values={values} set={set} errors={errors} />
            </ProgressTabs.Content>
            <ProgressTabs.Content value="review" className="size-full overflow-y-auto">
              <ReviewStep
                campaignId={saved?.campaign.id ?? null}
                values={values}
                saving={saving}
                saveError={saveError}
                onGoTo={(s) => void goTo(s)}
              />
            </ProgressTabs.Content>
          </FocusModal.Body>
          <FocusModal.Footer>
            <div className="flex w-full items-center justify-between gap-x-2">
              <Button
                size="small"
                variant="transparent"
                type="button"
                onClick={saveAndClose}
                isLoading={saving && step !== "review"}
                data-testid="campaign-save-draft"
              >
                Save draft
              </Button>
              <div className="flex items-center gap-x-2">
                {index > 0 ? (
                  <Button size="small" variant="secondary" type="button" onClick={() => void goTo(STEPS[index - 1])}>
                    Back
                  </Button>
                ) : (
                  <FocusModal.Close asChild>
                    <Button size="small" variant="secondary" type="button">
                      Cancel
                    </Button>
                  </FocusModal.Close>
                )}
                {step === "review" ? (
                  <ReviewSubmit
                    later={Boolean(later)}
                    disabled={saving || Boolean(saveError)}
                    campaignId={saved?.campaign.id ?? null}
                    onClick={send}
                    pending={action.isPending}
                  />
                ) : (
                  <Button size="small" type="button" onClick={() => void goTo(STEPS[index + 1])} data-testid="campaign-continue">
                    Continue
                  </Button>
                )}
              </div>
            </div>
          </FocusModal.Footer>
        </ProgressTabs>
      </FocusModal.Content>
    </FocusModal>
  )
}

/** "Send now" or "Schedule", enabled once the review finds nothing blocking. */
const ReviewSubmit = ({
  later,
  disabled,
  campaignId,
  onClick,
  pending,
}: {
  later: boolean
  disabled: boolean
  campaignId: string | null
  onClick: () => void
  pending: boolean
}) => {
  const review = useCampaignReview(campaignId, { enabled: Boolean(campaignId) && !disabled })
  const ok = review.data?.review.ok === true && !review.isFetching
  return (
    <Button
      size="small"
      type="button"
      onClick={onClick}
      disabled={disabled || !ok}
      isLoading={pending}
      data-testid="campaign-confirm-send"
    >
      {later ? "Schedule" : "Send now"}
    </Button>
  )
}
