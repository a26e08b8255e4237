import { StatusBadge } from "@medusajs/ui"
import { STATUS_COLORS, STATUS_LABELS } from "../lib/format"
import type { ContactStatus } from "../lib/types"

export const ContactStatusBadge = ({ status }: { status: ContactStatus }) => (
  <StatusBadge color={STATUS_COLORS[status] ?? "grey"} data-testid="contact-status">
    {STATUS_LABELS[status] ?? status}
  </StatusBadge>
)
