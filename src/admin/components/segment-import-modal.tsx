import { Alert, Button, FocusModal, Heading, Table, Text, toast } from "@medusajs/ui"
import { ArrowUpTray, DocumentText } from "@medusajs/icons"
import { ChangeEvent, DragEvent, useEffect, useRef, useState } from "react"
import { useImportSegmentMembers } from "../hooks/segments"
import { errorMessage } from "../lib/format"
import type { Segment, SegmentImportReport } from "../lib/types"

const MAX_BYTES = 20 * 1024 * 1024

/** UTF-8 text of a file; UTF-16 and non-UTF-8 bytes are refused rather than garbled. */
async function readCsv(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer())
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    throw new Error("The file is UTF-16 encoded. Save it as “CSV UTF-8” and upload it again.")
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "")
  } catch {
    throw new Error("The file is not valid UTF-8. Save it as “CSV UTF-8” and upload it again.")
  }
}

/** The header row's cells, to tell the user up front whether an email column is there. */
const headerOf = (csv: string) =>
  (csv.split(/\r?\n/, 1)[0] ?? "")
    .split(/[,;\t]/)
    .map((h) => h.trim().replace(/^"|"$/g, ""))

const hasEmailColumn = (headers: string[]) => headers.some((h) => /e-?mail/i.test(h))

/**
 * Adds the addresses in a CSV (an "email" column) to a static segment.
 * Addresses without a contact become new pending contacts; the report says
 * what happened to every row.
 */
export const SegmentImportModal = ({
  segment,
  open,
  onOpenChange,
}: {
  segment: Segment
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [file, setFile] = useState<{ name: string; csv: string; rows: number; headers: string[] } | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [report, setReport] = useState<SegmentImportReport | null>(null)
  const [dragging, setDragging] = useState(false)
  const inputRef = useRef<HTMLInputElement>(null)
  const importMutation = useImportSegmentMembers(segment.id)

  const reset = () => {
    setFile(null)
    setFileError(null)
    setReport(null)
  }

  useEffect(() => {
    if (open) reset()
  }, [open])

  const handleFile = async (f: File | undefined) => {
    if (!f) return
    setFileError(null)
    if (f.size > MAX_BYTES) {
      setFileError("The file is larger than 20 MB. Split it into smaller files.")
      return
    }
    try {
      const csv = await readCsv(f)
      if (!csv.trim()) {
        setFileError("The file is empty.")
        return
      }
      const rows = csv.split(/\r?\n/).filter((l) => l.trim()).length - 1
      setFile({ name: f.name, csv, rows: Math.max(rows, 0), headers: headerOf(csv) })
    } catch (e) {
      setFileError(errorMessage(e))
    }
  }

  const submit = async () => {
    if (!file) return
    try {
      const res = await importMutation.mutateAsync({ csv: file.csv, filename: file.name })
      setReport(res.import)
      toast.success(`Import finished: ${res.import.added.toLocaleString()} added to ${segment.name}`)
    } catch (e) {
      toast.error(errorMessage(e, "The import failed"))
    }
  }

  const onDrop = (e: DragEvent) => {
    e.preventDefault()
    setDragging(false)
    handleFile(e.dataTransfer.files?.[0])
  }

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content aria-describedby={undefined}>
        <FocusModal.Header>
          <div className="flex items-center justify-end gap-x-2">
            {report ? (
              <>
                <Button size="small" variant="secondary" onClick={reset}>
                  Import another file
                </Button>
                <Button size="small" onClick={() => onOpenChange(false)} data-testid="segment-import-done">
                  Done
                </Button>
              </>
            ) : (
              <>
                <FocusModal.Close asChild>
                  <Button size="small" variant="secondary">
                    Cancel
                  </Button>
                </FocusModal.Close>
                <Button
                  size="small"
                  onClick={submit}
                  disabled={!file}
                  isLoading={importMutation.isPending}
                  data-testid="segment-import-submit"
                >
                  Import
                </Button>
              </>
            )}
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto py-16">
          <div className="flex w-full max-w-[720px] flex-col gap-y-8">
            <div>
              <FocusModal.Title asChild>
                <Heading>Import contacts into {segment.name}</Heading>
              </FocusModal.Title>
              <Text size="small" className="text-ui-fg-subtle">
                {report
                  ? "The import is done. Here is what happened to every row."
                  : "A CSV file with an email column. Addresses you do not have yet become new contacts (pending, without consent)."}
              </Text>
            </div>

            {!report && (
              <div className="flex flex-col gap-y-4">
                <button
                  type="button"
                  data-testid="segment-import-dropzone"
                  onClick={() => inputRef.current?.click()}
                  onDragOver={(e) => {
                    e.preventDefault()
                    setDragging(true)
                  }}
                  onDragLeave={() => setDragging(false)}
                  onDrop={onDrop}
                  className={
                    "bg-ui-bg-component border-ui-border-strong transition-fg hover:border-ui-border-interactive flex flex-col items-center gap-y-2 rounded-lg border border-dashed p-8 outline-none focus-visible:shadow-borders-focus " +
                    (dragging ? "border-ui-border-interactive" : "")
                  }
                >
                  <ArrowUpTray className="text-ui-fg-subtle" />
                  <Text size="small" weight="plus">
                    Choose a CSV file or drop it here
                  </Text>
                  <Text size="small" className="text-ui-fg-muted">
                    UTF-8, with a header row and an “email” column
                  </Text>
                </button>
                <input
                  ref={inputRef}
                  type="file"
                  accept=".csv,text/csv,text/plain"
                  className="hidden"
                  data-testid="segment-import-file-input"
                  onChange={(e: ChangeEvent<HTMLInputElement>) => {
                    handleFile(e.target.files?.[0])
                    e.target.value = ""
                  }}
                />
                {fileError && (
                  <Alert variant="error" dismissible={false}>
                    {fileError}
                  </Alert>
                )}
                {file && (
                  <div className="flex items-center gap-x-3 rounded-lg border p-3" data-testid="segment-import-file">
                    <DocumentText className="text-ui-fg-subtle" />
                    <div className="flex flex-col">
                      <Text size="small" weight="plus">
                        {file.name}
                      </Text>
                      <Text size="xsmall" className="text-ui-fg-muted">
                        {file.rows.toLocaleString()} {file.rows === 1 ? "row" : "rows"} · columns:{" "}
                        {file.headers.join(", ")}
                      </Text>
                    </div>
                  </div>
                )}
                {file && !hasEmailColumn(file.headers) && (
                  <Alert variant="warning" dismissible={false}>
                    No column looks like an email column. Name the column that holds the addresses “email”
                    so the import can find it.
                  </Alert>
                )}
              </div>
            )}

            {report && <ImportReport report={report} />}
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}

const Stat = ({ label, value, testId }: { label: string; value: number; testId: string }) => (
  <div className="flex flex-col gap-y-1 rounded-lg border p-4" data-testid={testId}>
    <Text size="small" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="xlarge" weight="plus" className="tabular-nums">
      {value.toLocaleString()}
    </Text>
  </div>
)

const ImportReport = ({ report }: { report: SegmentImportReport }) => {
  const invalid = report.invalid ?? []
  const invalidCount = report.invalid_count ?? invalid.length
  const shown = invalid.slice(0, 200)
  return (
    <div className="flex flex-col gap-y-6" data-testid="segment-import-report">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <Stat label="Rows" value={report.rows} testId="segment-import-rows" />
        <Stat label="Added to the segment" value={report.added} testId="segment-import-added" />
        <Stat label="Already members" value={report.already_members} testId="segment-import-already" />
        <Stat label="New contacts created" value={report.created_contacts} testId="segment-import-created" />
        <Stat label="Duplicates in file" value={report.duplicates ?? 0} testId="segment-import-duplicates" />
        <Stat label="Invalid rows" value={invalidCount} testId="segment-import-invalid" />
      </div>
      {report.count !== undefined && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="segment-import-count">
          The segment now has {report.count.toLocaleString()} {report.count === 1 ? "member" : "members"}.
        </Text>
      )}
      {invalid.length > 0 && (
        <div className="flex flex-col gap-y-3">
          <Heading level="h2">Rows not imported</Heading>
          <div className="overflow-hidden rounded-lg border">
            <Table data-testid="segment-import-invalid-rows">
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
          {invalidCount > shown.length && (
            <Text size="small" className="text-ui-fg-muted">
              Showing {shown.length} of {invalidCount.toLocaleString()} invalid rows.
            </Text>
          )}
        </div>
      )}
    </div>
  )
}
