import { Hint, Label } from "@medusajs/ui"
import type { ReactNode } from "react"

/** A labelled form field with optional hint and error, laid out like the dashboard's forms. */
export const Field = ({
  id,
  label,
  optional,
  hint,
  error,
  children,
}: {
  id?: string
  label: string
  optional?: boolean
  hint?: ReactNode
  error?: string | null
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-2">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
      {optional && <span className="text-ui-fg-muted font-normal"> (Optional)</span>}
    </Label>
    {children}
    {hint && !error && <Hint>{hint}</Hint>}
    {error && <Hint variant="error">{error}</Hint>}
  </div>
)

/** A label/value row in a detail section. */
export const SectionRow = ({ label, value }: { label: string; value: ReactNode }) => (
  <div className="text-ui-fg-subtle grid grid-cols-2 items-center px-6 py-4">
    <span className="txt-compact-small font-medium">{label}</span>
    <span className="txt-compact-small break-all">{value ?? "-"}</span>
  </div>
)
