import { defineWidgetConfig } from "@medusajs/admin-sdk"
import type { AdminOrder, DetailWidgetProps } from "@medusajs/framework/types"
import { Badge, Container, Heading, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatMoney } from "../components/analytics-display"
import { variantLetter } from "../components/campaign-display"
import { OrderAttribution, useOrderAttributions } from "../hooks/analytics"
import { formatDateTime } from "../lib/format"

/** How long before the order the email was touched: "40 minutes", "5 hours", "2 days". */
function timeBefore(touchedAt: string, placedAt: string) {
  const ms = new Date(placedAt).getTime() - new Date(touchedAt).getTime()
  if (Number.isNaN(ms)) {
    return null
  }
  const minutes = Math.max(0, Math.round(ms / 60_000))
  if (minutes < 1) return "less than a minute"
  if (minutes < 60) return `${minutes} ${minutes === 1 ? "minute" : "minutes"}`
  const hours = Math.round(minutes / 60)
  if (hours < 24) return `${hours} ${hours === 1 ? "hour" : "hours"}`
  const days = Math.round(hours / 24)
  return `${days} ${days === 1 ? "day" : "days"}`
}

/**
 * Which marketing email earned this order: the campaign (and A/B variant)
 * the customer last clicked before ordering, how long before, and the
 * revenue credited to it. Says so when no email gets the credit.
 */
const OrderAttributionWidget = ({ data: order }: DetailWidgetProps<AdminOrder>) => {
  const { attributions, isLoading, isError } = useOrderAttributions([order.id])
  const attribution = attributions?.find((a) => a.order_id === order.id) ?? null

  return (
    <Container className="divide-y p-0" data-testid="order-attribution-widget">
      <div className="px-6 py-4">
        <Heading level="h2">Email attribution</Heading>
      </div>
      {isLoading ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-muted">
            Loading…
          </Text>
        </div>
      ) : isError ? (
        <div className="px-6 py-4">
          <Text size="small" className="text-ui-fg-subtle">
            The attribution could not be loaded.
          </Text>
        </div>
      ) : attribution ? (
        <AttributionDetails attribution={attribution} />
      ) : (
        <div className="flex flex-col gap-y-1 px-6 py-4" data-testid="order-attribution-none">
          <Text size="small" weight="plus">
            No email attribution
          </Text>
          <Text size="small" className="text-ui-fg-subtle">
            None of your marketing emails led to this order: the customer did not click one in the attribution
            window before ordering.
          </Text>
        </div>
      )}
    </Container>
  )
}

const AttributionDetails = ({ attribution: a }: { attribution: OrderAttribution }) => {
  const before = timeBefore(a.touched_at, a.order_placed_at)
  const name = a.campaign_name ?? (a.campaign_id ? a.campaign_id : "a flow email")
  return (
    <div className="flex flex-col gap-y-3 px-6 py-4" data-testid="order-attribution">
      <Text size="small" className="text-ui-fg-base" data-testid="order-attribution-summary">
        Attributed to {a.campaign_id ? "campaign " : ""}
        {a.campaign_id ? (
          <Link
            to={`/marketing/campaigns/${a.campaign_id}/report`}
            className="text-ui-fg-interactive hover:text-ui-fg-interactive-hover font-medium"
          >
            {name}
          </Link>
        ) : (
          <span className="font-medium">{name}</span>
        )}
        {a.variant !== null && a.variant !== undefined ? ` (variant ${variantLetter(a.variant)})` : ""}
        {before ? `, last ${a.touch} ${before} before the order` : ""}.
      </Text>
      <div className="text-ui-fg-subtle grid grid-cols-2 items-center gap-y-2">
        <Text size="small" weight="plus">
          Revenue
        </Text>
        <Text size="small" className="tabular-nums" data-testid="order-attribution-revenue">
          {formatMoney(a.revenue, a.currency_code)}
        </Text>
        <Text size="small" weight="plus">
          Last {a.touch}
        </Text>
        <Text size="small">{formatDateTime(a.touched_at)}</Text>
        <Text size="small" weight="plus">
          Model
        </Text>
        <div className="flex items-center gap-x-1">
          <Badge size="2xsmall">{a.attribution_model === "last_click" ? "Last click" : "Last touch"}</Badge>
          <Text size="xsmall" className="text-ui-fg-muted">
            {a.window_days}-day window
          </Text>
        </div>
      </div>
    </div>
  )
}

export const config = defineWidgetConfig({
  zone: "order.details.side.after",
  id: "medusa-marketing:order-attribution",
})

export default OrderAttributionWidget
