import { Badge, Button, clx, Hint, IconButton, Input, Select, Text, Tooltip } from "@medusajs/ui"
import { InformationCircle, Plus, Trash } from "@medusajs/icons"
import { Fragment, useMemo } from "react"
import type { SegmentFieldDescription, SegmentFieldsResponse } from "../lib/types"
import {
  defaultDraft,
  EditorCondition,
  EditorGroup,
  EditorNode,
  emptyCondition,
  emptyGroup,
  FieldCatalog,
  isPurchaseField,
  mapNode,
  removeNode,
  treeStats,
  valueKindOf,
} from "./segment-rule-tree"
import { DEFAULT_RELATIVE_UNITS, RelativeDateInput, SegmentValueInput } from "./segment-value-input"

/** How a group matches, as one choice: match all / any, or the negation of either. */
const MATCH_CHOICES = [
  { value: "all", label: "all of", match: "all", negate: false },
  { value: "any", label: "any of", match: "any", negate: false },
  { value: "not_any", label: "none of", match: "any", negate: true },
  { value: "not_all", label: "not all of", match: "all", negate: true },
] as const

type BuilderContext = {
  catalog: FieldCatalog
  fields: SegmentFieldsResponse
  units: string[]
  limits: { depth: number; conditions: number; groups: number }
  stats: { conditions: number; groups: number }
  issues: Map<string, string[]>
  unfinished: Set<string>
  segmentId?: string
  readOnly?: boolean
  update: (key: string, fn: (n: EditorNode) => EditorNode) => void
  remove: (key: string) => void
}

export const useFieldCatalog = (fields?: SegmentFieldsResponse) =>
  useMemo<FieldCatalog>(() => new Map((fields?.fields ?? []).map((f) => [f.key, f])), [fields])

/**
 * The rule builder: nested groups (all / any / none / not all of), conditions
 * with a field, an operator limited to the field's, and a value input that
 * fits the operator. Controlled: `value` is the editor tree, `onChange` gets
 * the next one. `issues` (by node key) are the API's messages; `unfinished`
 * the conditions to flag as incomplete.
 */
export const SegmentRuleBuilder = ({
  fields,
  value,
  onChange,
  issues,
  unfinished,
  segmentId,
}: {
  fields: SegmentFieldsResponse
  value: EditorGroup
  onChange: (next: EditorGroup) => void
  issues?: Map<string, string[]>
  unfinished?: Set<string>
  segmentId?: string
}) => {
  const catalog = useFieldCatalog(fields)
  const stats = treeStats(value)
  const ctx: BuilderContext = {
    catalog,
    fields,
    units: fields.relative_date_units?.length ? fields.relative_date_units : DEFAULT_RELATIVE_UNITS,
    limits: {
      depth: fields.limits?.max_depth ?? 5,
      conditions: fields.limits?.max_conditions ?? 50,
      groups: fields.limits?.max_groups ?? 50,
    },
    stats,
    issues: issues ?? new Map(),
    unfinished: unfinished ?? new Set(),
    segmentId,
    update: (key, fn) => onChange(mapNode(value, key, fn) as EditorGroup),
    remove: (key) => onChange(removeNode(value, key)),
  }
  return (
    <div
      className="flex flex-col gap-y-3"
      data-testid="segment-rule-builder"
      onKeyDown={(e) => {
        // Enter in a value box adds a tag or does nothing; it never saves half a rule
        if (e.key === "Enter" && (e.target as HTMLElement).tagName === "INPUT") e.preventDefault()
      }}
    >
      <GroupBlock group={value} depth={1} ctx={ctx} />
    </div>
  )
}

const GroupBlock = ({ group, depth, ctx }: { group: EditorGroup; depth: number; ctx: BuilderContext }) => {
  const isRoot = depth === 1
  const choice = `${group.negate ? "not_" : ""}${group.match}`
  const connector = group.match === "all" ? "AND" : "OR"
  const issues = ctx.issues.get(group.key)
  const canAddCondition = ctx.stats.conditions < ctx.limits.conditions
  const canAddGroup = depth < ctx.limits.depth && ctx.stats.groups < ctx.limits.groups

  const add = (node: EditorNode) =>
    ctx.update(group.key, (g) => ({ ...(g as EditorGroup), children: [...(g as EditorGroup).children, node] }))

  return (
    <div
      data-testid={isRoot ? "segment-root-group" : "segment-group"}
      className={clx(
        "flex flex-col gap-y-3",
        !isRoot && "bg-ui-bg-subtle rounded-lg border border-dashed p-3",
        issues && "border-ui-border-error"
      )}
    >
      <div className="flex items-center gap-x-2">
        <Text size="small" className="text-ui-fg-subtle shrink-0">
          {isRoot ? "Contacts who match" : "Match"}
        </Text>
        <Select
          size="small"
          value={choice}
          onValueChange={(v) => {
            const c = MATCH_CHOICES.find((m) => m.value === v)!
            ctx.update(group.key, (g) => ({ ...(g as EditorGroup), match: c.match, negate: c.negate }))
          }}
        >
          <Select.Trigger className="w-[120px]" data-testid="group-match" aria-label="How the conditions combine">
            <Select.Value />
          </Select.Trigger>
          <Select.Content>
            {MATCH_CHOICES.map((m) => (
              <Select.Item key={m.value} value={m.value}>
                {m.label}
              </Select.Item>
            ))}
          </Select.Content>
        </Select>
        <Text size="small" className="text-ui-fg-subtle">
          {isRoot ? "these conditions" : "these"}
        </Text>
        {!isRoot && (
          <IconButton
            size="small"
            variant="transparent"
            className="ml-auto"
            aria-label="Remove group"
            data-testid="group-remove"
            onClick={() => ctx.remove(group.key)}
          >
            <Trash />
          </IconButton>
        )}
      </div>

      {group.children.length === 0 && (
        <Text size="small" className="text-ui-fg-muted" data-testid="group-empty">
          {emptyGroupText(group)}
        </Text>
      )}

      {group.children.map((child, i) => (
        <Fragment key={child.key}>
          {i > 0 && <Connector label={connector} />}
          {child.kind === "group" ? (
            <GroupBlock group={child} depth={depth + 1} ctx={ctx} />
          ) : (
            <ConditionRow condition={child} ctx={ctx} />
          )}
        </Fragment>
      ))}

      {issues?.map((m, i) => (
        <Hint key={i} variant="error">
          {m}
        </Hint>
      ))}

      <div className="flex flex-wrap items-center gap-2" data-testid="group-actions">
        <Button
          type="button"
          size="small"
          variant="secondary"
          disabled={!canAddCondition}
          onClick={() => add(emptyCondition())}
          data-testid="add-condition"
        >
          <Plus />
          Add condition
        </Button>
        <Tooltip
          content={
            canAddGroup
              ? "A group combines its own conditions, e.g. any of several products, within this one"
              : `Groups nest at most ${ctx.limits.depth} levels deep`
          }
        >
          <Button
            type="button"
            size="small"
            variant="transparent"
            disabled={!canAddGroup || !canAddCondition}
            onClick={() => add(emptyGroup(group.match === "all" ? "any" : "all", [emptyCondition()]))}
            data-testid="add-group"
          >
            <Plus />
            Add group
          </Button>
        </Tooltip>
      </div>
    </div>
  )
}

const emptyGroupText = (g: EditorGroup) => {
  const everyone = g.match === "all" !== g.negate
  return everyone
    ? "No conditions yet: every contact matches."
    : "No conditions yet: no contact matches."
}

const Connector = ({ label }: { label: string }) => (
  <div className="flex items-center gap-x-2" aria-hidden>
    <Badge size="2xsmall" className="font-mono">
      {label}
    </Badge>
    <div className="bg-ui-border-base h-px flex-1" />
  </div>
)

const ConditionRow = ({ condition, ctx }: { condition: EditorCondition; ctx: BuilderContext }) => {
  const field = condition.field ? ctx.catalog.get(condition.field) : undefined
  const kind = valueKindOf(ctx.catalog, condition.field, condition.operator)
  const issues = ctx.issues.get(condition.key)
  const unfinished = ctx.unfinished.has(condition.key)
  const invalid = Boolean(issues?.length)

  const set = (patch: Partial<EditorCondition>) =>
    ctx.update(condition.key, (n) => ({ ...(n as EditorCondition), ...patch }))

  const onField = (key: string) => {
    const next = ctx.catalog.get(key)
    const operator = next?.operators[0]?.operator ?? null
    set({
      field: key,
      operator,
      value: defaultDraft(valueKindOf(ctx.catalog, key, operator)),
      min_count: "",
      within: { amount: "", unit: "days" },
    })
  }

  const onOperator = (operator: string) => {
    const nextKind = valueKindOf(ctx.catalog, condition.field, operator)
    set({ operator, value: nextKind === kind ? condition.value : defaultDraft(nextKind) })
  }

  return (
    <div
      data-testid="segment-condition"
      data-field={condition.field ?? ""}
      className={clx(
        "bg-ui-bg-base shadow-elevation-card-rest flex flex-col gap-y-2 rounded-lg p-3",
        (invalid || unfinished) && "shadow-borders-error"
      )}
    >
      <div className="flex items-start gap-2">
        <div className="flex min-w-0 flex-1 flex-wrap items-start gap-2">
          <FieldSelect fields={ctx.fields} value={condition.field} onChange={onField} />
          {field && (
            <Select size="small" value={condition.operator ?? undefined} onValueChange={onOperator}>
              <Select.Trigger
                className="w-[200px]"
                data-testid="condition-operator"
                aria-label={`${field.label}: operator`}
              >
                <Select.Value placeholder="Choose" />
              </Select.Trigger>
              <Select.Content>
                {field.operators.map((o) => (
                  <Select.Item key={o.operator} value={o.operator}>
                    {o.label}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          )}
          {field && kind && kind !== "none" && (
            <div className="min-w-0 max-w-full">
              <SegmentValueInput
                kind={kind}
                field={field}
                value={condition.value}
                onChange={(value) => set({ value })}
                units={ctx.units}
                segmentId={ctx.segmentId}
                invalid={invalid}
                testId="condition"
              />
            </div>
          )}
        </div>
        {field && (
          <Tooltip content={field.description} className="max-w-[320px]">
            <span className="text-ui-fg-muted flex h-7 items-center" aria-label={field.description}>
              <InformationCircle />
            </span>
          </Tooltip>
        )}
        <IconButton
          size="small"
          variant="transparent"
          aria-label="Remove condition"
          data-testid="condition-remove"
          onClick={() => ctx.remove(condition.key)}
        >
          <Trash />
        </IconButton>
      </div>

      {field && isPurchaseField(ctx.catalog, condition.field) && (
        <PurchaseOptions condition={condition} units={ctx.units} onChange={set} />
      )}

      {issues?.map((m, i) => (
        <Hint key={i} variant="error" data-testid="condition-error">
          {m}
        </Hint>
      ))}
      {!issues && unfinished && (
        <Hint variant="error" data-testid="condition-unfinished">
          {!condition.field ? "Choose a field, or remove this condition" : "Give this condition a value"}
        </Hint>
      )}
    </div>
  )
}

/** The field dropdown, grouped like the catalog (Contact, Orders and spend, Purchases...). */
const FieldSelect = ({
  fields,
  value,
  onChange,
}: {
  fields: SegmentFieldsResponse
  value: string | null
  onChange: (key: string) => void
}) => {
  const groups = useMemo(() => {
    const byGroup = new Map<string, SegmentFieldDescription[]>()
    for (const f of fields.fields) {
      byGroup.set(f.group, [...(byGroup.get(f.group) ?? []), f])
    }
    const order = fields.groups?.length ? fields.groups : [...byGroup.keys()].map((key) => ({ key, label: key }))
    return order
      .filter((g) => byGroup.has(g.key))
      .map((g) => ({ ...g, label: byGroup.get(g.key)![0].group_label ?? g.label, fields: byGroup.get(g.key)! }))
  }, [fields])

  return (
    <Select size="small" value={value ?? undefined} onValueChange={onChange}>
      <Select.Trigger className="w-[220px]" data-testid="condition-field" aria-label="Field">
        <Select.Value placeholder="Choose a field" />
      </Select.Trigger>
      <Select.Content className="max-h-[360px]">
        {groups.map((g) => (
          <Select.Group key={g.key}>
            <Select.Label>{g.label}</Select.Label>
            {g.fields.map((f) => (
              <Select.Item key={f.key} value={f.key}>
                {f.label}
              </Select.Item>
            ))}
          </Select.Group>
        ))}
      </Select.Content>
    </Select>
  )
}

/** "in at least [2] orders, in the last [90] [days]": optional on purchase conditions. */
const PurchaseOptions = ({
  condition,
  units,
  onChange,
}: {
  condition: EditorCondition
  units: string[]
  onChange: (patch: Partial<EditorCondition>) => void
}) => (
  <div className="flex flex-wrap items-center gap-x-2 gap-y-2 pl-0.5" data-testid="condition-purchase-options">
    <Text size="small" className="text-ui-fg-subtle">
      in at least
    </Text>
    <Input
      size="small"
      type="number"
      inputMode="numeric"
      min={1}
      step={1}
      value={condition.min_count}
      placeholder="1"
      onChange={(e) => onChange({ min_count: e.target.value })}
      className="w-[80px]"
      data-testid="condition-min-count"
      aria-label="At least this many orders"
    />
    <Text size="small" className="text-ui-fg-subtle">
      {condition.min_count === "1" ? "order" : "orders"}, placed in the last
    </Text>
    <RelativeDateInput
      value={condition.within}
      onChange={(within) => onChange({ within })}
      units={units}
      testId="condition-within"
      label="Orders placed in the last"
      placeholder="any"
    />
    <Text size="small" className="text-ui-fg-muted">
      (leave blank for any time)
    </Text>
  </div>
)
