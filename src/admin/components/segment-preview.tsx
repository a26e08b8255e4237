import { Alert, Container, Heading, Table, Text } from "@medusajs/ui"
import { Spinner } from "@medusajs/icons"
import { useEffect, useMemo, useState } from "react"
import { useSegmentPreview } from "../hooks/segments"
import { errorMessage, formatDate } from "../lib/format"
import type { SegmentPreviewPayload, SegmentRules } from "../lib/types"
import { ContactStatusBadge } from "./contact-status-badge"
import { formatDuration, formatMoney, SegmentContactCell } from "./segment-display"
import { issuesByNode, parseRuleIssues } from "./segment-rule-tree"

const PREVIEW_LIMIT = 20
const DEBOUNCE_MS = 400

/**
 * The count and first contacts of the rules being edited, asked of the API
 * 400 ms after the last change. `issues` are its 400 messages, placed on the
 * conditions they name (through `paths`, the node keys by API path).
 */
export function useLivePreview({
  rules,
  paths,
  segmentId,
  enabled = true,
}: {
  rules: SegmentRules
  paths: Map<string, string>
  segmentId?: string
  enabled?: boolean
}) {
  const json = JSON.stringify(rules)
  const [settled, setSettled] = useState<{ json: string; paths: Map<string, string> } | null>(null)

  useEffect(() => {
    if (!enabled) {
      // closed: the next opening must not count the rules of the last one
      setSettled(null)
      return
    }
    const t = setTimeout(() => setSettled({ json, paths }), DEBOUNCE_MS)
    return () => clearTimeout(t)
    // paths follow json; a new Map with the same rules is no change
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [json, enabled])

  const body = useMemo<SegmentPreviewPayload | null>(
    () =>
      enabled && settled
        ? { rules: JSON.parse(settled.json), segment_id: segmentId, limit: PREVIEW_LIMIT }
        : null,
    [enabled, settled, segmentId]
  )
  const query = useSegmentPreview(body)
  const error = query.isError ? errorMessage(query.error, "The preview failed") : null
  const invalidRules = query.isError && query.error?.status === 400
  const issues = useMemo(
    () =>
      invalidRules && error && settled
        ? issuesByNode(parseRuleIssues(error), settled.paths)
        : new Map<string, string[]>(),
    [invalidRules, error, settled]
  )

  return {
    data: query.isError ? undefined : query.data,
    error,
    issues,
    /** a change not yet counted: typing, or waiting for the API */
    updating: (enabled && settled?.json !== json) || query.isFetching,
  }
}

export const SegmentPreviewPanel = ({
  preview,
  unfinished,
  conditions,
}: {
  preview: ReturnType<typeof useLivePreview>
  /** conditions left out of the count because they are not finished */
  unfinished: number
  conditions: number
}) => {
  const { data, error, updating } = preview
  return (
    <Container className="divide-y p-0" data-testid="segment-preview">
      <div className="flex flex-col gap-y-1 px-6 py-4">
        <div className="flex items-center justify-between">
          <Heading level="h2">Matching contacts</Heading>
          {updating && (
            <span className="text-ui-fg-muted flex items-center gap-x-1" data-testid="segment-preview-updating">
              <Spinner className="animate-spin" />
              <Text size="xsmall">Counting…</Text>
            </span>
          )}
        </div>
        <div className="flex items-baseline gap-x-2">
          <span
            className="txt-compact-xlarge-plus text-ui-fg-base tabular-nums text-[28px] leading-9"
            data-testid="segment-preview-count"
            data-count={data && !error ? data.count : ""}
          >
            {error ? "–" : data ? data.count.toLocaleString() : "…"}
          </span>
          {data && !error && (
            <Text size="small" className="text-ui-fg-subtle">
              {data.count === 1 ? "contact" : "contacts"}
            </Text>
          )}
        </div>
        {data && !error && (
          <Text size="xsmall" className="text-ui-fg-muted" data-testid="segment-preview-timing">
            Counted in {formatDuration(data.count_ms)} · evaluated{" "}
            {new Date(data.evaluated_at).toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" })}
          </Text>
        )}
        {conditions === 0 && !error && (
          <Text size="xsmall" className="text-ui-fg-muted">
            No finished conditions yet.
          </Text>
        )}
        {unfinished > 0 && (
          <Text size="xsmall" className="text-ui-fg-muted" data-testid="segment-preview-unfinished">
            {unfinished === 1
              ? "1 unfinished condition is not counted yet."
              : `${unfinished} unfinished conditions are not counted yet.`}
          </Text>
        )}
      </div>
      {error && (
        <div className="px-6 py-4">
          <Alert variant="error" dismissible={false} data-testid="segment-preview-error">
            {error}
          </Alert>
        </div>
      )}
      {data && !error && data.contacts.length > 0 && (
        <div className="overflow-x-auto">
          <Table data-testid="segment-preview-table">
            <Table.Header className="border-t-0">
              <Table.Row>
                <Table.HeaderCell className="pl-6">Contact</Table.HeaderCell>
                <Table.HeaderCell>Status</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Orders</Table.HeaderCell>
                <Table.HeaderCell className="pr-6 text-right">Spent</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.contacts.map((c) => (
                <Table.Row key={c.id}>
                  <Table.Cell className="max-w-[220px] pl-6">
                    <SegmentContactCell contact={c} />
                  </Table.Cell>
                  <Table.Cell>
                    <ContactStatusBadge status={c.status} />
                  </Table.Cell>
                  <Table.Cell className="text-right tabular-nums">{(c.orders_count ?? 0).toLocaleString()}</Table.Cell>
                  <Table.Cell className="whitespace-nowrap pr-6 text-right tabular-nums">
                    <span title={c.last_order_at ? `Last order ${formatDate(c.last_order_at)}` : undefined}>
                      {formatMoney(c.total_spent, c.currency_code)}
                    </span>
                  </Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
          {data.count > data.contacts.length && (
            <Text size="xsmall" className="text-ui-fg-muted px-6 py-3">
              Showing the first {data.contacts.length} of {data.count.toLocaleString()}.
            </Text>
          )}
        </div>
      )}
      {data && !error && data.contacts.length === 0 && (
        <div className="px-6 py-6">
          <Text size="small" className="text-ui-fg-muted">
            No contact matches these rules right now.
          </Text>
        </div>
      )}
    </Container>
  )
}
