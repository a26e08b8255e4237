import { Hint, Input, Label, Select, Switch } from "@medusajs/ui"
import { ReactNode, useEffect, useId, useState } from "react"

/**
 * Small controlled inputs for the template editor's settings forms: a
 * labelled row, colours, whole numbers, options and switches. Each reports
 * `undefined` when an optional value is cleared, so the key leaves the
 * document and the server's default applies.
 */

export const EditorField = ({
  label,
  htmlFor,
  hint,
  errors,
  children,
}: {
  label: string
  htmlFor?: string
  hint?: ReactNode
  errors?: string[]
  children: ReactNode
}) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={htmlFor} size="xsmall" weight="plus" className="text-ui-fg-subtle">
      {label}
    </Label>
    {children}
    {hint && !errors?.length && <Hint className="txt-compact-xsmall">{hint}</Hint>}
    {errors?.map((e) => (
      <Hint key={e} variant="error" className="txt-compact-xsmall">
        {e}
      </Hint>
    ))}
  </div>
)

const HEX = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/

/** "#abc" -> "#aabbcc", for the native colour input. */
const sixDigits = (hex: string) =>
  hex.length === 4 ? `#${hex[1]}${hex[1]}${hex[2]}${hex[2]}${hex[3]}${hex[3]}` : hex

export const ColorInput = ({
  id,
  value,
  onChange,
  placeholder,
  optional,
  testId,
}: {
  id?: string
  value: string | undefined
  onChange: (value: string | undefined) => void
  /** shown when an optional colour is unset: the colour that applies */
  placeholder?: string
  optional?: boolean
  testId?: string
}) => {
  const [text, setText] = useState(value ?? "")
  useEffect(() => setText(value ?? ""), [value])
  const swatch = value && HEX.test(value) ? sixDigits(value) : placeholder && HEX.test(placeholder) ? sixDigits(placeholder) : "#000000"
  return (
    <div className="flex items-center gap-x-2">
      <input
        type="color"
        aria-label="Pick a colour"
        className="border-ui-border-base h-7 w-8 shrink-0 cursor-pointer rounded-md border bg-transparent p-0.5"
        value={swatch}
        onChange={(e) => onChange(e.target.value)}
      />
      <Input
        id={id}
        size="small"
        value={text}
        placeholder={optional ? placeholder ?? "Default" : "#000000"}
        aria-invalid={(text !== "" && !HEX.test(text)) || undefined}
        data-testid={testId}
        onChange={(e) => {
          const next = e.target.value.trim()
          setText(next)
          if (next === "" && optional) onChange(undefined)
          else if (HEX.test(next)) onChange(next)
        }}
        onBlur={() => setText(value ?? "")}
      />
    </div>
  )
}

export const NumberInput = ({
  id,
  value,
  onChange,
  min,
  max,
  optional,
  placeholder,
  suffix,
  testId,
}: {
  id?: string
  value: number | undefined
  onChange: (value: number | undefined) => void
  min: number
  max: number
  optional?: boolean
  placeholder?: string
  suffix?: string
  testId?: string
}) => {
  const [text, setText] = useState(value === undefined ? "" : String(value))
  useEffect(() => setText(value === undefined ? "" : String(value)), [value])
  const n = Number(text)
  const invalid = text !== "" && (!Number.isInteger(n) || n < min || n > max)
  return (
    <div className="flex items-center gap-x-2">
      <Input
        id={id}
        size="small"
        type="number"
        inputMode="numeric"
        min={min}
        max={max}
        step={1}
        value={text}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
        data-testid={testId}
        onChange={(e) => {
          const raw = e.target.value
          setText(raw)
          if (raw === "") {
            if (optional) onChange(undefined)
            return
          }
          const v = Number(raw)
          if (Number.isFinite(v)) onChange(Math.round(v))
        }}
        onBlur={() => setText(value === undefined ? "" : String(value))}
      />
      {suffix && <span className="txt-compact-small text-ui-fg-muted">{suffix}</span>}
    </div>
  )
}

export const OptionSelect = <T extends string | number>({
  id,
  value,
  options,
  onChange,
  testId,
}: {
  id?: string
  value: T
  options: readonly { value: T; label: string }[]
  onChange: (value: T) => void
  testId?: string
}) => (
  <Select
    size="small"
    value={String(value)}
    onValueChange={(v) => {
      const found = options.find((o) => String(o.value) === v)
      if (found) onChange(found.value)
    }}
  >
    <Select.Trigger id={id} data-testid={testId}>
      <Select.Value />
    </Select.Trigger>
    <Select.Content>
      {options.map((o) => (
        <Select.Item key={String(o.value)} value={String(o.value)}>
          {o.label}
        </Select.Item>
      ))}
    </Select.Content>
  </Select>
)

export const SwitchRow = ({
  label,
  checked,
  onChange,
  testId,
}: {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
  testId?: string
}) => {
  const id = useId()
  return (
    <div className="flex items-center justify-between gap-x-2">
      <Label htmlFor={id} size="xsmall" weight="plus" className="text-ui-fg-subtle">
        {label}
      </Label>
      <Switch id={id} size="small" checked={checked} onCheckedChange={onChange} data-testid={testId} />
    </div>
  )
}

export const ALIGN_OPTIONS = [
  { value: "left", label: "Left" },
  { value: "center", label: "Center" },
  { value: "right", label: "Right" },
] as const
