import { Alert, Heading, Table, Text } from "@medusajs/ui"
import { ArrowUpTray } from "@medusajs/icons"
import { ChangeEvent, DragEvent, ReactNode, useRef, useState } from "react"

/**
 * Reads a file as UTF-8 text and refuses what would silently turn into
 * garbage: UTF-16 files and bytes that are not UTF-8 (Latin-1, Windows-1252).
 */
export async function readCsvFile(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new Error("The file is UTF-16 encoded. Save it as “CSV UTF-8” and upload it again.")
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "")
  } catch {
    throw new Error(
      "The file is not valid UTF-8 (perhaps Latin-1 or Windows-1252). Save it as “CSV UTF-8” and upload it again."
    )
  }
}

export const formatBytes = (n: number) =>
  n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`

/** A dashed drop zone with a hidden file input: click or drop one CSV file. */
export const CsvDropzone = ({
  onFile,
  title,
  hint,
  error,
  disabled,
  testIdPrefix,
}: {
  onFile: (file: File | undefined) => void
  title: ReactNode
  hint: ReactNode
  error?: string | null
  disabled?: boolean
  /** test ids: `${prefix}-dropzone`, `${prefix}-file-input`, `${prefix}-file-error` */
  testIdPrefix: string
}) => {
  const inputRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    onFile(e.dataTransfer.files?.[0])
  }
  return (
    <div className="flex flex-col gap-y-4">
      <button
        type="button"
        data-testid={`${testIdPrefix}-dropzone`}
        onClick={() => inputRef.current?.click()}
        onDragOver={(e) => {
          e.preventDefault()
          setDragging(true)
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        disabled={disabled}
        className={
          "bg-ui-bg-component border-ui-border-strong transition-fg hover:border-ui-border-interactive flex flex-col items-center gap-y-2 rounded-lg border border-dashed p-8 outline-none focus-visible:shadow-borders-focus " +
          (dragging ? "border-ui-border-interactive" : "")
        }
      >
        <ArrowUpTray className="text-ui-fg-subtle" />
        <Text size="small" weight="plus">
          {title}
        </Text>
        <Text size="small" className="text-ui-fg-muted">
          {hint}
        </Text>
      </button>
      <input
        ref={inputRef}
        type="file"
        accept=".csv,text/csv,text/plain"
        className="hidden"
        data-testid={`${testIdPrefix}-file-input`}
        onChange={(e: ChangeEvent<HTMLInputElement>) => {
          onFile(e.target.files?.[0])
          e.target.value = ""
        }}
      />
      {error && (
        <Alert variant="error" dismissible={false} data-testid={`${testIdPrefix}-file-error`}>
          {error}
        </Alert>
      )}
    </div>
  )
}

/** One figure of an import report. */
export const ImportStat = ({ label, value, testId }: { label: string; value: number; testId: string }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border p-4" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className="tabular-nums">
      {value.toLocaleString()}
    </Text>
  </div>
)

const SHOWN_INVALID_ROWS = 200

/** The rows an import refused, with reasons (the first 200, and how many there were). */
export const InvalidRowsTable = ({
  rows,
  total,
  testId,
}: {
  rows: { row: number; reason: string; value?: string | null }[]
  total: number
  testId: string
}) => {
  if (!rows.length) {
    return null
  }
  const shown = rows.slice(0, SHOWN_INVALID_ROWS)
  return (
    <div className="flex flex-col gap-y-3">
      <Heading level="h2">Rows not imported</Heading>
      <div className="overflow-hidden rounded-lg border">
        <Table data-testid={testId}>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>Row</Table.HeaderCell>
              <Table.HeaderCell>Reason</Table.HeaderCell>
              <Table.HeaderCell>Value</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {shown.map((r, i) => (
              <Table.Row key={`${r.row}-${i}`}>
                <Table.Cell className="tabular-nums">{r.row}</Table.Cell>
                <Table.Cell>{r.reason}</Table.Cell>
                <Table.Cell className="text-ui-fg-subtle">{r.value || "-"}</Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </div>
      {total > shown.length && (
        <Text size="small" className="text-ui-fg-muted">
          Showing {shown.length} of {total.toLocaleString()} invalid rows.
        </Text>
      )}
    </div>
  )
}
