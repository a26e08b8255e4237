import { Badge, Button, Container, Heading, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { Campaign, CampaignVariantStats, useCampaignAction } from "../hooks/campaigns"
import { useTemplates } from "../hooks/templates"
import { errorMessage } from "../lib/format"
import { AB_METRIC_LABELS, formatPercent, formatSendTime, variantLetter } from "./campaign-display"

/** Statuses in which the remainder still waits for a pick. */
const PICKABLE: Campaign["status"][] = ["sending", "paused"]

/**
 * The A/B test: each variant with what it changes and how far it got, the
 * winner (and the statistics behind an automatic pick), and a way to pick
 * one by hand while the remainder waits.
 */
export const CampaignAbSection = ({ campaign }: { campaign: Campaign }) => {
  const ab = campaign.ab_test
  const prompt = usePrompt()
  const pick = useCampaignAction(campaign.id)
  const { templates } = useTemplates({ limit: 100 }, { enabled: Boolean(ab) })
  if (!ab) {
    return null
  }
  const templateName = (id: string | null | undefined) =>
    id ? templates?.find((t) => t.id === id)?.name ?? id : null

  // the API's per-variant numbers, else the configuration alone (before the send)
  const rows: CampaignVariantStats[] = campaign.variants?.length
    ? campaign.variants
    : ab.variants.map((v, i) => ({
        variant: i,
        subject: v.subject ?? null,
        preheader: v.preheader ?? null,
        from_name: v.from_name ?? null,
        template_id: v.template_id ?? null,
        recipients: 0,
        sent: 0,
        failed: 0,
      }))
  const decided = campaign.winner_variant !== null && campaign.winner_variant !== undefined
  const canPick = !decided && PICKABLE.includes(campaign.status) && Boolean(campaign.started_at)
  const decision = campaign.winner_decision

  const onPick = async (variant: number) => {
    const ok = await prompt({
      title: `Send variant ${variantLetter(variant)} to the rest?`,
      description: `The ${100 - Math.round(ab.test_fraction * 100)}% of the audience that is waiting gets variant ${variantLetter(
        variant
      )}. This cannot be changed afterwards.`,
      confirmText: `Pick ${variantLetter(variant)}`,
      cancelText: "Cancel",
    })
    if (!ok) return
    pick.mutate(
      { action: "pick-winner", body: { variant } },
      {
        onSuccess: () => toast.success(`Variant ${variantLetter(variant)} goes to the rest of the audience`),
        onError: (e) => toast.error(errorMessage(e, "Could not pick the winner")),
      }
    )
  }

  return (
    <Container className="divide-y p-0" data-testid="campaign-ab">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <Heading level="h2">A/B test</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {ab.variants.length} variants to {formatPercent(ab.test_fraction * 100, 0)} of the audience; winner by{" "}
          {AB_METRIC_LABELS[ab.metric].toLowerCase()} after {ab.wait_hours} h,{" "}
          {ab.auto_pick ? "picked automatically" : "picked by you"}.
          {!decided && campaign.winner_due_at ? ` Due ${formatSendTime(campaign.winner_due_at)}.` : ""}
        </Text>
      </div>
      {decided && (
        <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="campaign-ab-winner">
          <Text size="small" weight="plus">
            Variant {variantLetter(campaign.winner_variant!)} won
            {campaign.winner_picked_at ? ` · picked ${formatSendTime(campaign.winner_picked_at)}` : ""}
          </Text>
          {decision && typeof decision.confidence === "number" && (
            <Text size="small" className="text-ui-fg-subtle" data-testid="campaign-ab-confidence">
              {formatPercent(decision.confidence * 100)} confidence
              {decision.decided === false ? " (below the threshold: the leader was sent)" : ""}
              {decision.reason ? `. ${decision.reason}` : ""}
            </Text>
          )}
          {decision && typeof decision.confidence !== "number" && decision.reason && (
            <Text size="small" className="text-ui-fg-subtle">
              {decision.reason}
            </Text>
          )}
        </div>
      )}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Variant</Table.HeaderCell>
            <Table.HeaderCell>Changes</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Recipients</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Sent</Table.HeaderCell>
            <Table.HeaderCell className="text-right">Failed</Table.HeaderCell>
            <Table.HeaderCell>Opens</Table.HeaderCell>
            <Table.HeaderCell>Clicks</Table.HeaderCell>
            <Table.HeaderCell />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {rows.map((v) => {
            const winner = campaign.winner_variant === v.variant
            const changes = [
              v.subject && `Subject “${v.subject}”`,
              v.preheader && `Preheader “${v.preheader}”`,
              v.from_name && `From ${v.from_name}`,
              v.template_id && `Template ${templateName(v.template_id)}`,
            ].filter(Boolean)
            return (
              <Table.Row key={v.variant} data-testid="campaign-ab-row">
                <Table.Cell>
                  <Badge size="2xsmall" color={winner ? "green" : "grey"}>
                    {variantLetter(v.variant)}
                    {winner ? " · winner" : ""}
                  </Badge>
                </Table.Cell>
                <Table.Cell className="max-w-[360px]">
                  <span className="block truncate" title={changes.join(" · ")}>
                    {changes.length ? changes.join(" · ") : <span className="text-ui-fg-muted">As the campaign</span>}
                  </span>
                </Table.Cell>
                <Table.Cell className="text-right tabular-nums">{v.recipients.toLocaleString()}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{v.sent.toLocaleString()}</Table.Cell>
                <Table.Cell className="text-right tabular-nums">{v.failed.toLocaleString()}</Table.Cell>
                <Table.Cell className="text-ui-fg-muted">—</Table.Cell>
                <Table.Cell className="text-ui-fg-muted">—</Table.Cell>
                <Table.Cell className="text-right">
                  {canPick && (
                    <Button
                      size="small"
                      variant="secondary"
                      onClick={() => onPick(v.variant)}
                      isLoading={pick.isPending && pick.variables?.body?.variant === v.variant}
                    >
                      Pick winner
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            )
          })}
        </Table.Body>
      </Table>
    </Container>
  )
}
