import { Container, Heading, Text } from "@medusajs/ui"
import { useState } from "react"
import { Link, UIMatch, useParams } from "react-router-dom"
import { CampaignAbSection } from "../../../../components/campaign-ab-section"
import { Step } from "../../../../components/campaign-form-state"
import { CampaignFormModal } from "../../../../components/campaign-form"
import { CampaignHeader } from "../../../../components/campaign-header"
import { CampaignMessagesTable } from "../../../../components/campaign-messages-table"
import { CampaignProgressSection, PauseReason } from "../../../../components/campaign-progress"
import { CampaignReportLink } from "../../../../components/campaign-report-link"
import { CampaignReadiness, CampaignSummary } from "../../../../components/campaign-summary"
import { CampaignTestDrawer } from "../../../../components/campaign-test-drawer"
import { CampaignTimeline } from "../../../../components/campaign-timeline"
import { useCampaign } from "../../../../hooks/campaigns"

const CampaignDetailPage = () => {
  const { id } = useParams()
  const { campaign, isLoading, isError, error } = useCampaign(id!)
  const [form, setForm] = useState<{ open: boolean; step: Step }>({ open: false, step: "details" })
  const [testing, setTesting] = useState(false)

  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-muted">
          Loading campaign…
        </Text>
      </Container>
    )
  }
  if (isError && error?.status === 404) {
    return (
      <Container className="flex flex-col gap-y-2 px-6 py-4">
        <Heading>Campaign not found</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          It may have been deleted.{" "}
          <Link className="text-ui-fg-interactive" to="/marketing/campaigns">
            Back to campaigns
          </Link>
        </Text>
      </Container>
    )
  }
  if (isError || !campaign) {
    throw error
  }

  const editable = campaign.status === "draft" || campaign.status === "scheduled"
  const started = Boolean(campaign.started_at) || ["sending", "paused", "sent"].includes(campaign.status)

  return (
    <div className="flex w-full flex-col gap-y-3">
      <PauseReason campaign={campaign} />
      <CampaignHeader
        campaign={campaign}
        onEdit={() => setForm({ open: true, step: "details" })}
        onSend={() => setForm({ open: true, step: "review" })}
        onTest={() => setTesting(true)}
      />
      {started && <CampaignProgressSection campaign={campaign} />}
      {started && <CampaignReportLink id={campaign.id} />}
      {campaign.ab_test && <CampaignAbSection campaign={campaign} />}
      <div className="flex flex-col gap-3 xl:flex-row xl:items-start">
        <div className="flex min-w-0 flex-1 flex-col gap-y-3">
          <CampaignSummary campaign={campaign} />
          {started && <CampaignMessagesTable campaign={campaign} />}
        </div>
        <div className="flex w-full flex-col gap-y-3 xl:w-[400px] xl:shrink-0">
          {editable && (
            <CampaignReadiness campaign={campaign} onFix={(step) => setForm({ open: true, step })} />
          )}
          <CampaignTimeline campaign={campaign} />
        </div>
      </div>
      {editable && (
        <CampaignFormModal
          open={form.open}
          initialStep={form.step}
          campaign={campaign}
          onOpenChange={(open) => setForm((f) => ({ ...f, open }))}
        />
      )}
      <CampaignTestDrawer campaign={campaign} open={testing} onOpenChange={setTesting} />
    </div>
  )
}

/** Breadcrumb: the campaign's name once it is loaded (the page itself does the polling). */
const CampaignCrumb = ({ id }: { id: string }) => {
  const { campaign } = useCampaign(id, { refetchInterval: false })
  return <span>{campaign?.name ?? id}</span>
}

export const handle = {
  breadcrumb: (match: UIMatch) => <CampaignCrumb id={(match.params as { id: string }).id} />,
}

export default CampaignDetailPage
