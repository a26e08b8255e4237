import { Badge, clx, DatePicker, Input, Popover, Select, Text } from "@medusajs/ui"
import { CheckMini, ChevronUpDown, Spinner, XMarkMini } from "@medusajs/icons"
import { KeyboardEvent, ReactNode, useEffect, useMemo, useState } from "react"
import {
  SegmentPickerOption,
  useSegmentPickerLabels,
  useSegmentPickerSearch,
} from "../hooks/segments"
import type { SegmentFieldDescription, SegmentFieldType, SegmentValueKind } from "../lib/types"
import type { MoneyDraft, MoneyRangeDraft, RelativeDraft } from "./segment-rule-tree"

/** What a picker searches, in words. */
const PICKER_NOUNS: Partial<Record<SegmentFieldType, { one: string; many: string }>> = {
  product: { one: "product", many: "products" },
  category: { one: "category", many: "categories" },
  collection: { one: "collection", many: "collections" },
  tags: { one: "customer group", many: "customer groups" },
  topic: { one: "topic", many: "topics" },
  segment: { one: "segment", many: "segments" },
}

const UNIT_LABELS: Record<string, string> = {
  minutes: "minutes",
  hours: "hours",
  days: "days",
  weeks: "weeks",
  months: "months",
  years: "years",
}

export const DEFAULT_RELATIVE_UNITS = ["minutes", "hours", "days", "weeks", "months", "years"]

type ValueInputProps = {
  kind: SegmentValueKind
  field: SegmentFieldDescription
  value: unknown
  onChange: (value: unknown) => void
  /** units the API takes for relative dates */
  units: string[]
  /** the segment being edited: a segment picker leaves it out */
  segmentId?: string
  invalid?: boolean
  /** prefix of the inputs' test ids */
  testId: string
}

/**
 * The input for a condition's value, by the kind the field catalog gives its
 * operator: text, tag list, option select, numbers, money (+ currency),
 * dates, relative windows, yes/no, or a search-backed picker of Medusa
 * records that shows names and stores ids (handles for topics).
 */
export const SegmentValueInput = ({
  kind,
  field,
  value,
  onChange,
  units,
  segmentId,
  invalid,
  testId,
}: ValueInputProps) => {
  switch (kind) {
    case "none":
      return null
    case "string":
      return (
        <Input
          size="small"
          value={(value as string) ?? ""}
          aria-invalid={invalid}
          placeholder={placeholderFor(field)}
          onChange={(e) => onChange(e.target.value)}
          data-testid={`${testId}-value`}
          aria-label={`${field.label} value`}
        />
      )
    case "string_list":
      return (
        <TagInput
          value={(value as string[]) ?? []}
          onChange={onChange}
          invalid={invalid}
          placeholder={`${placeholderFor(field)}, press Enter to add`}
          testId={`${testId}-value`}
          label={`${field.label} values`}
        />
      )
    case "enum":
      return (
        <Select size="small" value={(value as string) || undefined} onValueChange={onChange}>
          <Select.Trigger
            className="min-w-[160px]"
            aria-invalid={invalid}
            data-testid={`${testId}-value`}
            aria-label={`${field.label} value`}
          >
            <Select.Value placeholder="Choose a value" />
          </Select.Trigger>
          <Select.Content>
            {(field.options ?? []).map((o) => (
              <Select.Item key={o.value} value={o.value}>
                {o.label}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
      )
    case "enum_list":
      return (
        <OptionPicker
          multiple
          value={(value as string[]) ?? []}
          onChange={(v) => onChange(v)}
          options={(field.options ?? []).map((o) => ({ value: o.value, label: o.label }))}
          invalid={invalid}
          placeholder="Choose values"
          testId={`${testId}-value`}
          label={`${field.label} values`}
        />
      )
    case "integer":
      return (
        <NumberInput
          value={(value as string) ?? ""}
          onChange={onChange}
          field={field}
          invalid={invalid}
          testId={`${testId}-value`}
          label={`${field.label} value`}
        />
      )
    case "integer_range": {
      const [min, max] = (value as string[]) ?? ["", ""]
      return (
        <RangeRow>
          <NumberInput
            value={min}
            onChange={(v) => onChange([v, max])}
            field={field}
            invalid={invalid}
            testId={`${testId}-value-min`}
            label={`${field.label} from`}
            placeholder="From"
          />
          <NumberInput
            value={max}
            onChange={(v) => onChange([min, v])}
            field={field}
            invalid={invalid}
            testId={`${testId}-value-max`}
            label={`${field.label} to`}
            placeholder="To"
          />
        </RangeRow>
      )
    }
    case "money": {
      const m = (value as MoneyDraft) ?? { amount: "", currency: "" }
      return (
        <div className="flex items-center gap-x-2">
          <MoneyAmountInput
            value={m.amount}
            onChange={(amount) => onChange({ ...m, amount })}
            invalid={invalid}
            testId={`${testId}-value`}
            label={`${field.label} amount`}
          />
          <CurrencyInput
            value={m.currency}
            onChange={(currency) => onChange({ ...m, currency })}
            invalid={invalid}
            testId={`${testId}-currency`}
          />
        </div>
      )
    }
    case "money_range": {
      const m = (value as MoneyRangeDraft) ?? { min: "", max: "", currency: "" }
      return (
        <div className="flex items-center gap-x-2">
          <RangeRow>
            <MoneyAmountInput
              value={m.min}
              onChange={(min) => onChange({ ...m, min })}
              invalid={invalid}
              testId={`${testId}-value-min`}
              label={`${field.label} from`}
              placeholder="From"
            />
            <MoneyAmountInput
              value={m.max}
              onChange={(max) => onChange({ ...m, max })}
              invalid={invalid}
              testId={`${testId}-value-max`}
              label={`${field.label} to`}
              placeholder="To"
            />
          </RangeRow>
          <CurrencyInput
            value={m.currency}
            onChange={(currency) => onChange({ ...m, currency })}
            invalid={invalid}
            testId={`${testId}-currency`}
          />
        </div>
      )
    }
    case "date":
      return (
        <DateInput
          value={(value as string) ?? ""}
          onChange={onChange}
          testId={`${testId}-value`}
          label={`${field.label} date`}
        />
      )
    case "date_range": {
      const [from, to] = (value as string[]) ?? ["", ""]
      return (
        <RangeRow>
          <DateInput
            value={from}
            onChange={(v) => onChange([v, to])}
            testId={`${testId}-value-from`}
            label={`${field.label} from`}
          />
          <DateInput
            value={to}
            onChange={(v) => onChange([from, v])}
            testId={`${testId}-value-to`}
            label={`${field.label} to`}
          />
        </RangeRow>
      )
    }
    case "relative_date":
      return (
        <RelativeDateInput
          value={(value as RelativeDraft) ?? { amount: "", unit: "days" }}
          onChange={onChange}
          units={units}
          invalid={invalid}
          testId={`${testId}-value`}
          label={field.label}
        />
      )
    case "boolean":
      return (
        <Select size="small" value={(value as string) || undefined} onValueChange={onChange}>
          <Select.Trigger
            className="min-w-[160px]"
            aria-invalid={invalid}
            data-testid={`${testId}-value`}
            aria-label={`${field.label} value`}
          >
            <Select.Value placeholder="Choose" />
          </Select.Trigger>
          <Select.Content>
            <Select.Item value="true">Yes</Select.Item>
            <Select.Item value="false">No</Select.Item>
          </Select.Content>
        </Select>
      )
    case "id":
    case "id_list":
      return (
        <RecordPicker
          type={field.type}
          multiple={kind === "id_list"}
          value={value}
          onChange={onChange}
          segmentId={segmentId}
          invalid={invalid}
          testId={`${testId}-value`}
          label={field.label}
        />
      )
  }
}

const placeholderFor = (field: SegmentFieldDescription) => {
  const ex = field.operators.find((o) => o.value === "string")?.example
  return typeof ex === "string" ? `e.g. ${ex}` : "Value"
}

const RangeRow = ({ children }: { children: ReactNode }) => {
  const [a, b] = Array.isArray(children) ? children : [children]
  return (
    <div className="flex items-center gap-x-2">
      {a}
      <Text size="small" className="text-ui-fg-muted shrink-0">
        and
      </Text>
      {b}
    </div>
  )
}

/* --------------------------------- numbers -------------------------------- */

const NumberInput = ({
  value,
  onChange,
  field,
  invalid,
  testId,
  label,
  placeholder,
}: {
  value: string
  onChange: (v: string) => void
  field: Pick<SegmentFieldDescription, "min" | "max">
  invalid?: boolean
  testId: string
  label: string
  placeholder?: string
}) => (
  <Input
    size="small"
    type="number"
    inputMode="numeric"
    step={1}
    min={field.min}
    max={field.max}
    value={value}
    aria-invalid={invalid}
    placeholder={placeholder ?? (field.min !== undefined && field.max !== undefined ? `${field.min}–${field.max}` : "0")}
    onChange={(e) => onChange(e.target.value)}
    className="w-[110px]"
    data-testid={testId}
    aria-label={label}
  />
)

const MoneyAmountInput = ({
  value,
  onChange,
  invalid,
  testId,
  label,
  placeholder = "0.00",
}: {
  value: string
  onChange: (v: string) => void
  invalid?: boolean
  testId: string
  label: string
  placeholder?: string
}) => (
  <Input
    size="small"
    inputMode="decimal"
    value={value}
    aria-invalid={invalid}
    placeholder={placeholder}
    onChange={(e) => onChange(e.target.value)}
    className="w-[120px] tabular-nums"
    data-testid={testId}
    aria-label={label}
  />
)

/** Optional ISO currency: without one the amount is compared in each contact's own currency. */
const CurrencyInput = ({
  value,
  onChange,
  invalid,
  testId,
}: {
  value: string
  onChange: (v: string) => void
  invalid?: boolean
  testId: string
}) => (
  <Input
    size="small"
    value={value.toUpperCase()}
    maxLength={3}
    aria-invalid={invalid}
    placeholder="Any currency"
    title="Optional: only compare contacts who buy in this currency (ISO code, e.g. EUR)"
    onChange={(e) => onChange(e.target.value.toLowerCase())}
    className="w-[120px] uppercase placeholder:normal-case"
    data-testid={testId}
    aria-label="Currency"
  />
)

/* ---------------------------------- dates --------------------------------- */

const pad = (n: number) => String(n).padStart(2, "0")
/** A date the picker gives (local midnight) as the UTC day the API compares: YYYY-MM-DD. */
const toYmd = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const fromYmd = (s: string): Date | null => {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s)
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null
}

const DateInput = ({
  value,
  onChange,
  testId,
  label,
}: {
  value: string
  onChange: (v: string) => void
  testId: string
  label: string
}) => (
  <div className="w-[170px]" data-testid={testId}>
    <DatePicker
      size="small"
      aria-label={label}
      value={fromYmd(value)}
      onChange={(d) => onChange(d ? toYmd(d) : "")}
    />
  </div>
)

/** "the last [90] [days]": a window counted back from when the segment is evaluated. */
export const RelativeDateInput = ({
  value,
  onChange,
  units,
  invalid,
  testId,
  label,
  placeholder = "30",
}: {
  value: RelativeDraft
  onChange: (v: RelativeDraft) => void
  units: string[]
  invalid?: boolean
  testId: string
  label: string
  placeholder?: string
}) => (
  <div className="flex items-center gap-x-2">
    <Input
      size="small"
      type="number"
      inputMode="numeric"
      min={1}
      step={1}
      value={value.amount}
      aria-invalid={invalid}
      placeholder={placeholder}
      onChange={(e) => onChange({ ...value, amount: e.target.value })}
      className="w-[90px]"
      data-testid={`${testId}-amount`}
      aria-label={`${label}: how many`}
    />
    <Select size="small" value={value.unit} onValueChange={(unit) => onChange({ ...value, unit })}>
      <Select.Trigger className="w-[110px]" data-testid={`${testId}-unit`} aria-label={`${label}: unit`}>
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {units.map((u) => (
          <Select.Item key={u} value={u}>
            {UNIT_LABELS[u] ?? u}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  </div>
)

/* -------------------------------- tag list -------------------------------- */

/** Free-text values as chips: Enter, comma or Tab adds; Backspace on empty removes the last. */
export const TagInput = ({
  value,
  onChange,
  invalid,
  placeholder,
  testId,
  label,
}: {
  value: string[]
  onChange: (v: string[]) => void
  invalid?: boolean
  placeholder?: string
  testId: string
  label: string
}) => {
  const [text, setText] = useState("")
  const commit = (raw: string) => {
    const parts = raw
      .split(/[,\n]/)
      .map((s) => s.trim())
      .filter(Boolean)
      .filter((s, i, all) => !value.includes(s) && all.indexOf(s) === i)
    if (parts.length) {
      onChange([...value, ...parts])
    }
    setText("")
  }
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if ((e.key === "Enter" || e.key === "," || (e.key === "Tab" && text.trim())) && text.trim()) {
      e.preventDefault()
      commit(text)
    } else if (e.key === "Backspace" && !text && value.length) {
      onChange(value.slice(0, -1))
    }
  }
  return (
    <div
      className={clx(
        "bg-ui-bg-field shadow-borders-base focus-within:shadow-borders-interactive-with-active flex min-h-7 w-full min-w-[220px] flex-wrap items-center gap-1 rounded-md px-1.5 py-1",
        invalid && "!shadow-borders-error"
      )}
      data-testid={testId}
    >
      {value.map((v) => (
        <Chip key={v} onRemove={() => onChange(value.filter((x) => x !== v))}>
          {v}
        </Chip>
      ))}
      <input
        className="txt-compact-small text-ui-fg-base placeholder:text-ui-fg-muted min-w-[80px] flex-1 bg-transparent px-1 outline-none"
        value={text}
        placeholder={value.length ? "" : placeholder}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => text.trim() && commit(text)}
        onPaste={(e) => {
          const pasted = e.clipboardData.getData("text")
          if (/[,\n]/.test(pasted)) {
            e.preventDefault()
            commit(text + pasted)
          }
        }}
        aria-label={label}
        data-testid={`${testId}-input`}
      />
    </div>
  )
}

const Chip = ({ children, onRemove }: { children: ReactNode; onRemove?: () => void }) => (
  <Badge size="2xsmall" className="max-w-[220px] gap-x-0.5 pr-0.5" data-testid="segment-chip">
    <span className="truncate">{children}</span>
    {onRemove && (
      <button
        type="button"
        aria-label="Remove"
        className="text-ui-fg-muted hover:text-ui-fg-subtle rounded-sm outline-none focus-visible:shadow-borders-focus"
        onClick={(e) => {
          e.stopPropagation()
          onRemove()
        }}
      >
        <XMarkMini />
      </button>
    )}
  </Badge>
)

/* --------------------------------- pickers -------------------------------- */

/**
 * A list to pick from, in a popover: one value or several (as chips). With
 * `onSearch` the list is searched as you type (server side); without it, the
 * options are filtered here.
 */
export const OptionPicker = ({
  multiple,
  value,
  onChange,
  options,
  labels,
  search,
  onSearch,
  loading,
  invalid,
  placeholder,
  emptyText = "Nothing found",
  testId,
  label,
}: {
  multiple?: boolean
  value: string[]
  onChange: (v: string[]) => void
  options: SegmentPickerOption[]
  /** names of selected values not in `options` */
  labels?: Map<string, string>
  search?: string
  onSearch?: (q: string) => void
  loading?: boolean
  invalid?: boolean
  placeholder: string
  emptyText?: string
  testId: string
  label: string
}) => {
  const [open, setOpen] = useState(false)
  const [localSearch, setLocalSearch] = useState("")
  const q = onSearch ? search ?? "" : localSearch
  const setQ = onSearch ?? setLocalSearch

  const shown = useMemo(() => {
    if (onSearch || !localSearch.trim()) return options
    const needle = localSearch.trim().toLowerCase()
    return options.filter((o) => o.label.toLowerCase().includes(needle) || o.value.toLowerCase().includes(needle))
  }, [options, onSearch, localSearch])

  const nameOf = (v: string) => options.find((o) => o.value === v)?.label ?? labels?.get(v) ?? v

  const toggle = (v: string) => {
    if (!multiple) {
      onChange([v])
      setOpen(false)
      return
    }
    onChange(value.includes(v) ? value.filter((x) => x !== v) : [...value, v])
  }

  return (
    <Popover
      open={open}
      onOpenChange={(o) => {
        setOpen(o)
        if (!o) setQ("")
      }}
    >
      <Popover.Anchor asChild>
        <div
          role="combobox"
          tabIndex={0}
          aria-expanded={open}
          aria-label={label}
          aria-invalid={invalid}
          data-testid={testId}
          onClick={() => setOpen(true)}
          onKeyDown={(e) => {
            if (e.key === "Enter" || e.key === " " || e.key === "ArrowDown") {
              e.preventDefault()
              setOpen(true)
            }
          }}
          className={clx(
            "bg-ui-bg-field shadow-borders-base hover:bg-ui-bg-field-hover focus-visible:shadow-borders-interactive-with-active txt-compact-small flex min-h-7 w-full min-w-[220px] cursor-pointer items-center gap-x-1 rounded-md py-1 pl-1.5 pr-1 outline-none",
            open && "!shadow-borders-interactive-with-active",
            invalid && "!shadow-borders-error"
          )}
        >
          <div className="flex min-w-0 flex-1 flex-wrap items-center gap-1">
            {value.length === 0 && <span className="text-ui-fg-muted px-0.5">{placeholder}</span>}
            {multiple
              ? value.map((v) => (
                  <Chip key={v} onRemove={() => onChange(value.filter((x) => x !== v))}>
                    {nameOf(v)}
                  </Chip>
                ))
              : value[0] && <span className="text-ui-fg-base truncate px-0.5">{nameOf(value[0])}</span>}
          </div>
          {loading && <Spinner className="text-ui-fg-muted animate-spin" />}
          <ChevronUpDown className="text-ui-fg-muted shrink-0" />
        </div>
      </Popover.Anchor>
      <Popover.Content
        className="w-[var(--radix-popover-trigger-width)] min-w-[280px] max-w-[420px] p-0"
        onOpenAutoFocus={(e) => {
          // focus the search box rather than the first option
          e.preventDefault()
          ;(e.currentTarget as HTMLElement)?.querySelector("input")?.focus()
        }}
      >
        <div className="border-b p-2">
          <Input
            size="small"
            type="search"
            value={q}
            placeholder="Search"
            onChange={(e) => setQ(e.target.value)}
            data-testid={`${testId}-search`}
            aria-label={`Search ${label}`}
          />
        </div>
        <div role="listbox" aria-multiselectable={multiple} className="max-h-[260px] overflow-y-auto p-1">
          {shown.length === 0 && (
            <Text size="small" className="text-ui-fg-muted px-2 py-3 text-center">
              {loading ? "Searching…" : emptyText}
            </Text>
          )}
          {shown.map((o) => {
            const selected = value.includes(o.value)
            return (
              <div
                key={o.value}
                role="option"
                aria-selected={selected}
                tabIndex={-1}
                onClick={() => toggle(o.value)}
                onKeyDown={(e) => {
                  if (e.key === "Enter" || e.key === " ") {
                    e.preventDefault()
                    toggle(o.value)
                  }
                }}
                className="hover:bg-ui-bg-base-hover focus-visible:bg-ui-bg-base-hover txt-compact-small flex cursor-pointer items-center gap-x-2 rounded-md px-2 py-1.5 outline-none"
              >
                <span className="flex size-4 shrink-0 items-center justify-center">
                  {selected && <CheckMini className="text-ui-fg-interactive" />}
                </span>
                <span className="text-ui-fg-base min-w-0 flex-1 truncate">{o.label}</span>
                {o.hint && <span className="text-ui-fg-muted shrink-0 truncate">{o.hint}</span>}
              </div>
            )
          })}
        </div>
      </Popover.Content>
    </Popover>
  )
}

const useDebounced = <T,>(value: T, ms: number) => {
  const [v, setV] = useState(value)
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms)
    return () => clearTimeout(t)
  }, [value, ms])
  return v
}

/**
 * Products, categories, collections, customer groups, topics or segments,
 * searched through the admin API as you type; shows names, stores ids
 * (topic handles).
 */
export const RecordPicker = ({
  type,
  multiple,
  value,
  onChange,
  segmentId,
  invalid,
  testId,
  label,
}: {
  type: SegmentFieldType
  multiple: boolean
  value: unknown
  onChange: (v: unknown) => void
  segmentId?: string
  invalid?: boolean
  testId: string
  label: string
}) => {
  const ids = multiple ? ((value as string[]) ?? []) : value ? [value as string] : []
  const [q, setQ] = useState("")
  const debounced = useDebounced(q, 250)
  const search = useSegmentPickerSearch(type, debounced, { excludeId: segmentId })
  const known = useSegmentPickerLabels(type, ids)
  // names of what was picked from search results, so chips never flash ids
  const [picked, setPicked] = useState(() => new Map<string, string>())

  const labels = useMemo(() => {
    const m = new Map(picked)
    known.data?.forEach((o) => m.set(o.value, o.label))
    return m
  }, [picked, known.data])

  const noun = PICKER_NOUNS[type] ?? { one: "record", many: "records" }
  const options = search.data ?? []

  const change = (next: string[]) => {
    setPicked((prev) => {
      const m = new Map(prev)
      next.forEach((id) => {
        const o = options.find((x) => x.value === id)
        if (o) m.set(id, o.label)
      })
      return m
    })
    onChange(multiple ? next : next[0] ?? "")
  }

  return (
    <div className="w-full min-w-[240px]">
      <OptionPicker
        multiple={multiple}
        value={ids}
        onChange={change}
        options={options}
        labels={labels}
        search={q}
        onSearch={setQ}
        loading={search.isFetching || known.isFetching}
        invalid={invalid}
        placeholder={multiple ? `Choose ${noun.many}` : `Choose a ${noun.one}`}
        emptyText={debounced ? `No ${noun.many} match “${debounced}”` : `No ${noun.many} yet`}
        testId={testId}
        label={label}
      />
    </div>
  )
}
