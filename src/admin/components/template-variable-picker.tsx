import { Brackets } from "@medusajs/icons"
import { clx, IconButton, Input, Popover, Text, Textarea, Tooltip } from "@medusajs/ui"
import { forwardRef, type Ref, useImperativeHandle, useMemo, useRef, useState } from "react"
import { useTemplateVariables, type TemplateVariable, type TemplateVariableGroup } from "../hooks/templates"

const GROUP_LABELS: Record<TemplateVariableGroup, string> = {
  contact: "Contact",
  commerce: "Shopping history",
  store: "Store",
  links: "Links",
  campaign: "Campaign",
  products: "Products",
  coupon: "Coupon",
  cart: "Abandoned cart",
  order: "Order",
}

/**
 * "Insert variable": the catalog of GET /template-variables, searchable and
 * grouped; picking one hands its Liquid (`{{ contact.first_name | default: "there" }}`)
 * to `onInsert`.
 */
export const VariablePicker = ({
  onInsert,
  label = "Insert variable",
  testId,
}: {
  onInsert: (liquid: string) => void
  label?: string
  testId?: string
}) => {
  const [open, setOpen] = useState(false)
  const [q, setQ] = useState("")
  const { variables, isLoading } = useTemplateVariables({ enabled: open })

  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase()
    const out = new Map<TemplateVariableGroup, TemplateVariable[]>()
    for (const v of variables ?? []) {
      // whole objects are not printable; their fields are
      if (v.type === "object") continue
      if (needle && !v.path.toLowerCase().includes(needle) && !v.label.toLowerCase().includes(needle)) continue
      const list = out.get(v.group) ?? []
      list.push(v)
      out.set(v.group, list)
    }
    return [...out.entries()]
  }, [variables, q])

  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (!o) setQ("")
      }}
    >
      <Tooltip content={label}>
        <Popover.Trigger asChild>
          <IconButton size="small" variant="transparent" type="button" aria-label={label} data-testid={testId}>
            <Brackets />
          </IconButton>
        </Popover.Trigger>
      </Tooltip>
      <Popover.Content align="end" className="flex w-[340px] flex-col gap-y-2 p-2" data-testid="variable-picker">
        <Input
          size="small"
          type="search"
          autoFocus
          placeholder="Search variables"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
        <div className="max-h-[320px] overflow-y-auto">
          {isLoading && (
            <Text size="small" className="text-ui-fg-muted px-2 py-1">
              Loading…
            </Text>
          )}
          {!isLoading && groups.length === 0 && (
            <Text size="small" className="text-ui-fg-muted px-2 py-1">
              No variable matches.
            </Text>
          )}
          {groups.map(([group, list]) => (
            <div key={group} className="flex flex-col py-1">
              <Text size="xsmall" weight="plus" className="text-ui-fg-muted px-2 py-1 uppercase">
                {GROUP_LABELS[group] ?? group}
              </Text>
              {list.map((v) => (
                <button
                  key={v.path}
                  type="button"
                  role="option"
                  aria-selected={false}
                  className="hover:bg-ui-bg-base-hover focus-visible:bg-ui-bg-base-hover flex flex-col items-start rounded-md px-2 py-1 text-left outline-none"
                  onClick={() => {
                    onInsert(v.insert)
                    setOpen(false)
                    setQ("")
                  }}
                >
                  <span className="txt-compact-small text-ui-fg-base">{v.label}</span>
                  <code className="txt-compact-xsmall text-ui-fg-subtle font-mono">{v.path}</code>
                </button>
              ))}
            </div>
          ))}
        </div>
      </Popover.Content>
    </Popover>
  )
}

export type LiquidFieldHandle = { focus: () => void }

/**
 * An input (or textarea) that may hold Liquid, with a variable picker that
 * inserts at the caret.
 */
export const LiquidField = forwardRef<
  LiquidFieldHandle,
  {
    id?: string
    value: string
    onChange: (value: string) => void
    multiline?: boolean
    rows?: number
    placeholder?: string
    invalid?: boolean
    mono?: boolean
    testId?: string
  }
>(({ id, value, onChange, multiline, rows = 4, placeholder, invalid, mono, testId }, ref) => {
  const inputRef = useRef<HTMLInputElement | HTMLTextAreaElement | null>(null)
  useImperativeHandle(ref, () => ({ focus: () => inputRef.current?.focus() }), [])

  const insert = (liquid: string) => {
    const el = inputRef.current
    const start = el?.selectionStart ?? value.length
    const end = el?.selectionEnd ?? value.length
    const next = value.slice(0, start) + liquid + value.slice(end)
    onChange(next)
    requestAnimationFrame(() => {
      if (!el) return
      el.focus()
      const caret = start + liquid.length
      el.setSelectionRange(caret, caret)
    })
  }

  return (
    <div className="flex items-start gap-x-1">
      <div className="min-w-0 flex-1">
        {multiline ? (
          <Textarea
            id={id}
            ref={inputRef as Ref<HTMLTextAreaElement>}
            rows={rows}
            value={value}
            placeholder={placeholder}
            aria-invalid={invalid || undefined}
            className={clx(mono && "font-mono text-xs")}
            data-testid={testId}
            onChange={(e) => onChange(e.target.value)}
          />
        ) : (
          <Input
            id={id}
            ref={inputRef as Ref<HTMLInputElement>}
            size="small"
            value={value}
            placeholder={placeholder}
            aria-invalid={invalid || undefined}
            data-testid={testId}
            onChange={(e) => onChange(e.target.value)}
          />
        )}
      </div>
      <VariablePicker onInsert={insert} testId={testId ? `${testId}-variables` : undefined} />
    </div>
  )
})
LiquidField.displayName = "LiquidField"
