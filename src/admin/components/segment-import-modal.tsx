import { Alert, Button, FocusModal, Heading, Text, toast } from "@medusajs/ui"
import { DocumentText } from "@medusajs/icons"
import { useEffect, useState } from "react"
import { useImportSegmentMembers } from "../hooks/segments"
import { errorMessage } from "../lib/format"
import type { Segment, SegmentImportReport } from "../lib/types"
import { CsvDropzone, ImportStat, InvalidRowsTable, readCsvFile } from "./csv-import-parts"

const MAX_BYTES = 20 * 1024 * 1024

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
      const csv = await readCsvFile(f)
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
                <CsvDropzone
                  onFile={handleFile}
                  title="Choose a CSV file or drop it here"
                  hint="UTF-8, with a header row and an “email” column"
                  error={fileError}
                  testIdPrefix="segment-import"
                />
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

const ImportReport = ({ report }: { report: SegmentImportReport }) => {
  const invalid = report.invalid ?? []
  const invalidCount = report.invalid_count ?? invalid.length
  return (
    <div className="flex flex-col gap-y-6" data-testid="segment-import-report">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <ImportStat label="Rows" value={report.rows} testId="segment-import-rows" />
        <ImportStat label="Added to the segment" value={report.added} testId="segment-import-added" />
        <ImportStat label="Already members" value={report.already_members} testId="segment-import-already" />
        <ImportStat label="New contacts created" value={report.created_contacts} testId="segment-import-created" />
        <ImportStat label="Duplicates in file" value={report.duplicates ?? 0} testId="segment-import-duplicates" />
        <ImportStat label="Invalid rows" value={invalidCount} testId="segment-import-invalid" />
      </div>
      {report.count !== undefined && (
        <Text size="small" className="text-ui-fg-subtle" data-testid="segment-import-count">
          The segment now has {report.count.toLocaleString()} {report.count === 1 ? "member" : "members"}.
        </Text>
      )}
      <InvalidRowsTable rows={invalid} total={invalidCount} testId="segment-import-invalid-rows" />
    </div>
  )
}
