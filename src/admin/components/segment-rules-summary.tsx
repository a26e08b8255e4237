import { Badge, Text } from "@medusajs/ui"
import { Fragment, ReactNode } from "react"
import { useSegmentPickerLabels } from "../hooks/segments"
import { formatDate } from "../lib/format"
import type {
  SegmentCondition,
  SegmentFieldDescription,
  SegmentFieldsResponse,
  SegmentNode,
  SegmentRules,
  SegmentValueKind,
} from "../lib/types"
import { formatMoney } from "./segment-display"
import { useFieldCatalog } from "./segment-rule-builder"
import type { FieldCatalog } from "./segment-rule-tree"

const isObject = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v)

const MATCH_TEXT = {
  all: "all of",
  any: "any of",
  not_all: "not all of",
  not_any: "none of",
} as const

type Group = { match: "all" | "any"; negate: boolean; children: SegmentNode[] }

const asGroup = (node: SegmentNode): Group | null => {
  if (!isObject(node)) return null
  if ("not" in node) {
    const inner = asGroup(node.not)
    return inner && !inner.negate
      ? { ...inner, negate: true }
      : { match: "all", negate: true, children: [node.not] }
  }
  if ("all" in node) return { match: "all", negate: false, children: node.all ?? [] }
  if ("any" in node) return { match: "any", negate: false, children: node.any ?? [] }
  return null
}

/** A rule tree in words, nested like the builder shows it. Read-only. */
export const SegmentRulesSummary = ({
  rules,
  fields,
}: {
  rules: SegmentRules
  fields: SegmentFieldsResponse
}) => {
  const catalog = useFieldCatalog(fields)
  const root = asGroup(rules)
  if (!root) {
    return (
      <Text size="small" className="text-ui-fg-muted">
        These rules cannot be shown.
      </Text>
    )
  }
  return (
    <div data-testid="segment-rules-summary">
      <GroupSummary group={root} catalog={catalog} root />
    </div>
  )
}

const GroupSummary = ({ group, catalog, root }: { group: Group; catalog: FieldCatalog; root?: boolean }) => {
  const key = `${group.negate ? "not_" : ""}${group.match}` as keyof typeof MATCH_TEXT
  const connector = group.match === "all" ? "AND" : "OR"
  return (
    <div className={root ? "flex flex-col gap-y-2" : "bg-ui-bg-subtle flex flex-col gap-y-2 rounded-lg border border-dashed p-3"}>
      <Text size="small" className="text-ui-fg-subtle">
        {root ? "Contacts who match " : "Match "}
        <span className="text-ui-fg-base font-medium">{MATCH_TEXT[key]}</span>
        {root ? " these conditions" : " these"}
      </Text>
      {group.children.length === 0 && (
        <Text size="small" className="text-ui-fg-muted">
          {group.match === "all" !== group.negate ? "No conditions: every contact matches." : "No conditions: no contact matches."}
        </Text>
      )}
      {group.children.map((child, i) => {
        const g = asGroup(child)
        return (
          <Fragment key={i}>
            {i > 0 && (
              <div className="flex items-center gap-x-2" aria-hidden>
                <Badge size="2xsmall" className="font-mono">
                  {connector}
                </Badge>
                <div className="bg-ui-border-base h-px flex-1" />
              </div>
            )}
            {g ? (
              <GroupSummary group={g} catalog={catalog} />
            ) : (
              <ConditionSummary condition={child as SegmentCondition} catalog={catalog} />
            )}
          </Fragment>
        )
      })}
    </div>
  )
}

const ConditionSummary = ({ condition, catalog }: { condition: SegmentCondition; catalog: FieldCatalog }) => {
  const field = catalog.get(condition.field)
  const op = field?.operators.find((o) => o.operator === condition.operator)
  return (
    <div
      className="bg-ui-bg-base shadow-elevation-card-rest txt-compact-small flex flex-wrap items-center gap-x-1.5 gap-y-1 rounded-lg px-3 py-2"
      data-testid="segment-rule-condition"
    >
      <span className="text-ui-fg-base font-medium">{field?.label ?? condition.field}</span>
      <span className="text-ui-fg-subtle">{op?.label ?? condition.operator}</span>
      {field && op ? (
        <ValueText kind={op.value} field={field} value={condition.value} />
      ) : (
        condition.value !== undefined && <code>{JSON.stringify(condition.value)}</code>
      )}
      {condition.min_count !== undefined && condition.min_count > 1 && (
        <span className="text-ui-fg-subtle">
          in at least <span className="text-ui-fg-base font-medium">{condition.min_count}</span> orders
        </span>
      )}
      {condition.within && (
        <span className="text-ui-fg-subtle">
          in the last{" "}
          <span className="text-ui-fg-base font-medium">
            {condition.within.amount} {condition.within.unit}
          </span>
        </span>
      )}
    </div>
  )
}

const Strong = ({ children }: { children: ReactNode }) => (
  <span className="text-ui-fg-base font-medium">{children}</span>
)

const money = (v: unknown): string => {
  if (isObject(v) && "amount" in v) return formatMoney(v.amount, v.currency_code)
  return formatMoney(v as string | number)
}

const ValueText = ({
  kind,
  field,
  value,
}: {
  kind: SegmentValueKind
  field: SegmentFieldDescription
  value: unknown
}) => {
  const option = (v: unknown) => field.options?.find((o) => o.value === v)?.label ?? String(v)
  switch (kind) {
    case "none":
      return null
    case "string":
      return <Strong>“{String(value)}”</Strong>
    case "string_list":
      return <Strong>{(value as string[]).map((v) => `“${v}”`).join(", ")}</Strong>
    case "enum":
      return <Strong>{option(value)}</Strong>
    case "enum_list":
      return <Strong>{(value as string[]).map(option).join(", ")}</Strong>
    case "integer":
      return <Strong>{String(value)}</Strong>
    case "integer_range": {
      const [a, b] = value as [number, number]
      return (
        <>
          <Strong>{a}</Strong> and <Strong>{b}</Strong>
        </>
      )
    }
    case "money":
      return <Strong>{money(value)}</Strong>
    case "money_range": {
      const v = value as any
      const [min, max] = Array.isArray(v) ? v : [v.min, v.max]
      const cur = Array.isArray(v) ? null : v.currency_code
      return (
        <>
          <Strong>{formatMoney(min, cur)}</Strong> and <Strong>{formatMoney(max, cur)}</Strong>
        </>
      )
    }
    case "date":
      return <Strong>{formatDate(value as string)}</Strong>
    case "date_range": {
      const [a, b] = value as [string, string]
      return (
        <>
          <Strong>{formatDate(a)}</Strong> and <Strong>{formatDate(b)}</Strong>
        </>
      )
    }
    case "relative_date": {
      const r = value as { amount: number; unit: string }
      return (
        <Strong>
          {r.amount} {r.unit}
        </Strong>
      )
    }
    case "boolean":
      return <Strong>{value ? "Yes" : "No"}</Strong>
    case "id":
    case "id_list":
      return <RecordNames field={field} ids={Array.isArray(value) ? value.map(String) : [String(value)]} />
  }
}

/** Names of the products, categories... a condition names by id. */
const RecordNames = ({ field, ids }: { field: SegmentFieldDescription; ids: string[] }) => {
  const { data } = useSegmentPickerLabels(field.type, ids)
  const names = new Map((data ?? []).map((o) => [o.value, o.label]))
  return (
    <span className="flex flex-wrap items-center gap-1">
      {ids.map((id) => (
        <Badge key={id} size="2xsmall" title={id}>
          {names.get(id) ?? id}
        </Badge>
      ))}
    </span>
  )
}
