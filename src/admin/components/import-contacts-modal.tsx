import {
  Badge,
  Button,
  FocusModal,
  Heading,
  Input,
  RadioGroup,
  Select,
  Table,
  Text,
  toast,
} from "@medusajs/ui"
import { DocumentText } from "@medusajs/icons"
import { useEffect, useState } from "react"
import { useImportContacts, usePreviewImport } from "../hooks/contacts"
import { useTopics } from "../hooks/topics"
import { errorMessage } from "../lib/format"
import type { ContactImportReport, ImportMapping, ImportPreview } from "../lib/types"
import { CsvDropzone, formatBytes, ImportStat, InvalidRowsTable, readCsvFile } from "./csv-import-parts"
import { Field } from "./field"
import { TopicChecklist } from "./topic-checklist"

type Step = "upload" | "map" | "report"

const NONE = "__none__"
const MAX_BYTES = 50 * 1024 * 1024

const FIELD_LABELS: Record<string, { label: string; hint?: string }> = {
  email: { label: "Email", hint: "Required" },
  first_name: { label: "First name" },
  last_name: { label: "Last name" },
  phone: { label: "Phone" },
  locale: { label: "Locale" },
  timezone: { label: "Timezone" },
  country_code: { label: "Country code", hint: "Two letters, e.g. gb" },
  topics: { label: "Topics", hint: "Topic handles separated by ; or |" },
}

export const ImportContactsModal = ({
  open,
  onOpenChange,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
}) => {
  const [step, setStep] = useState<Step>("upload")
  const [file, setFile] = useState<{ name: string; size: number; csv: string } | null>(null)
  const [fileError, setFileError] = useState<string | null>(null)
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const [mapping, setMapping] = useState<Record<string, string>>({})
  const [subscribe, setSubscribe] = useState<"no" | "yes">("no")
  const [consentSource, setConsentSource] = useState("")
  const [topics, setTopics] = useState<string[]>([])
  const [errors, setErrors] = useState<{ email?: string; consent_source?: string }>({})
  const [report, setReport] = useState<ContactImportReport | null>(null)

  const { topics: allTopics = [] } = useTopics({}, { enabled: open })
  const previewMutation = usePreviewImport()
  const importMutation = useImportContacts()

  const reset = () => {
    setStep("upload")
    setFile(null)
    setFileError(null)
    setPreview(null)
    setMapping({})
    setSubscribe("no")
    setConsentSource("")
    setTopics([])
    setErrors({})
    setReport(null)
  }

  useEffect(() => {
    if (open) {
      reset()
    }
  }, [open])

  const handleFile = async (f: File | undefined) => {
    if (!f) {
      return
    }
    setFileError(null)
    if (f.size > MAX_BYTES) {
      setFileError(`The file is ${formatBytes(f.size)}; the limit is ${formatBytes(MAX_BYTES)}. Split it into smaller files.`)
      return
    }
    let csv: string
    try {
      csv = await readCsvFile(f)
    } catch (e) {
      setFileError(errorMessage(e))
      return
    }
    if (!csv.trim()) {
      setFileError("The file is empty.")
      return
    }
    setFile({ name: f.name, size: f.size, csv })
    try {
      const res = await previewMutation.mutateAsync({ csv })
      setPreview(res)
      const initial: Record<string, string> = {}
      for (const [field, col] of Object.entries(res.mapping ?? {})) {
        if (typeof col === "string" && res.headers.includes(col)) {
          initial[field] = col
        }
      }
      setMapping(initial)
      setStep("map")
    } catch (e) {
      setFileError(errorMessage(e, "The file could not be read"))
    }
  }

  const fields = preview?.fields?.length ? preview.fields : Object.keys(FIELD_LABELS)
  const headers = preview?.headers ?? []

  const sampleFor = (col?: string) => {
    if (!col || !preview) {
      return null
    }
    const idx = headers.indexOf(col)
    const values = (preview.sample ?? [])
      .map((r) => r[idx])
      .filter((v) => v !== undefined && v !== "")
      .slice(0, 2)
    return values.length ? values.join(", ") : null
  }

  const submit = async () => {
    const next: typeof errors = {}
    if (!mapping.email) {
      next.email = "Pick the column that holds email addresses"
    }
    if (subscribe === "yes" && !consentSource.trim()) {
      next.consent_source = "Say where these people gave consent; it is stored as proof for each of them"
    }
    setErrors(next)
    if (Object.keys(next).length || !file) {
      return
    }
    const body = {
      csv: file.csv,
      filename: file.name,
      mapping: mapping as ImportMapping,
      subscribe: subscribe === "yes",
      ...(subscribe === "yes"
        ? { consent_source: consentSource.trim(), topics: topics.length ? topics : undefined }
        : {}),
    }
    try {
      const res = await importMutation.mutateAsync(body)
      setReport(res.import)
      setStep("report")
      toast.success(
        `Import finished: ${res.import.created_count} created, ${res.import.updated_count} updated`
      )
    } catch (e) {
      toast.error(errorMessage(e, "The import failed"))
    }
  }

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content aria-describedby={undefined}>
        <FocusModal.Header>
          <div className="flex items-center justify-end gap-x-2">
            {step === "map" && (
              <>
                <Button size="small" variant="secondary" onClick={reset}>
                  Choose another file
                </Button>
                <Button
                  size="small"
                  onClick={submit}
                  isLoading={importMutation.isPending}
                  data-testid="import-submit"
                >
                  Import
                </Button>
              </>
            )}
            {step === "report" && (
              <>
                <Button size="small" variant="secondary" onClick={reset}>
                  Import another file
                </Button>
                <Button size="small" onClick={() => onOpenChange(false)}>
                  Done
                </Button>
              </>
            )}
            {step === "upload" && (
              <FocusModal.Close asChild>
                <Button size="small" variant="secondary">
                  Cancel
                </Button>
              </FocusModal.Close>
            )}
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-1 flex-col items-center overflow-y-auto py-16">
          <div className="flex w-full max-w-[720px] flex-col gap-y-8">
            <div>
              <FocusModal.Title asChild>
                <Heading>Import contacts</Heading>
              </FocusModal.Title>
              <Text size="small" className="text-ui-fg-subtle">
                {step === "upload" && "Upload a CSV file with a header row and one contact per line."}
                {step === "map" && "Check which column goes into which field, and whether these people agreed to marketing email."}
                {step === "report" && "The import is done. Here is what happened to every row."}
              </Text>
            </div>

            {step === "upload" && (
              <CsvDropzone
                onFile={handleFile}
                disabled={previewMutation.isPending}
                title={previewMutation.isPending ? "Reading the file…" : "Choose a CSV file or drop it here"}
                hint={`UTF-8, comma, semicolon or tab separated, up to ${formatBytes(MAX_BYTES)}`}
                error={fileError}
                testIdPrefix="import"
              />
            )}

            {step === "map" && preview && file && (
              <>
                <div className="flex items-center gap-x-3 rounded-lg border p-3">
                  <DocumentText className="text-ui-fg-subtle" />
                  <div className="flex flex-col">
                    <Text size="small" weight="plus">{file.name}</Text>
                    <Text size="xsmall" className="text-ui-fg-muted">
                      {formatBytes(file.size)} · {headers.length} columns
                    </Text>
                  </div>
                </div>

                <div className="flex flex-col gap-y-3">
                  <Heading level="h2">Column mapping</Heading>
                  <div className="overflow-hidden rounded-lg border">
                    <Table>
                      <Table.Header>
                        <Table.Row>
                          <Table.HeaderCell>Field</Table.HeaderCell>
                          <Table.HeaderCell>Column in your file</Table.HeaderCell>
                          <Table.HeaderCell>Sample</Table.HeaderCell>
                        </Table.Row>
                      </Table.Header>
                      <Table.Body>
                        {fields.map((field) => {
                          const meta = FIELD_LABELS[field] ?? { label: field }
                          const value = mapping[field]
                          return (
                            <Table.Row key={field} data-testid={`mapping-row-${field}`}>
                              <Table.Cell>
                                <div className="flex flex-col py-1">
                                  <Text size="small" weight="plus">{meta.label}</Text>
                                  {meta.hint && (
                                    <Text size="xsmall" className="text-ui-fg-muted">{meta.hint}</Text>
                                  )}
                                </div>
                              </Table.Cell>
                              <Table.Cell>
                                <Select
                                  size="small"
                                  value={value ? `h:${headers.indexOf(value)}` : NONE}
                                  onValueChange={(v) =>
                                    setMapping((m) => {
                                      const next = { ...m }
                                      if (v === NONE) delete next[field]
                                      else next[field] = headers[Number(v.slice(2))]
                                      return next
                                    })
                                  }
                                >
                                  <Select.Trigger
                                    data-testid={`mapping-select-${field}`}
                                    aria-label={`Column for ${meta.label}`}
                                  >
                                    <Select.Value />
                                  </Select.Trigger>
                                  <Select.Content>
                                    <Select.Item value={NONE}>Don't import</Select.Item>
                                    {headers.map((h, i) => (
                                      <Select.Item key={`${h}-${i}`} value={`h:${i}`}>
                                        {h || `(column ${i + 1})`}
                                      </Select.Item>
                                    ))}
                                  </Select.Content>
                                </Select>
                                {field === "email" && errors.email && (
                                  <Text size="xsmall" className="text-ui-fg-error mt-1">{errors.email}</Text>
                                )}
                              </Table.Cell>
                              <Table.Cell className="text-ui-fg-subtle max-w-[200px] truncate">
                                {sampleFor(value) ?? "-"}
                              </Table.Cell>
                            </Table.Row>
                          )
                        })}
                      </Table.Body>
                    </Table>
                  </div>
                </div>

                {preview.sample?.length > 0 && (
                  <div className="flex flex-col gap-y-3">
                    <Heading level="h2">First rows of the file</Heading>
                    <div className="overflow-x-auto rounded-lg border">
                      <Table>
                        <Table.Header>
                          <Table.Row>
                            {headers.map((h, i) => (
                              <Table.HeaderCell key={i}>{h}</Table.HeaderCell>
                            ))}
                          </Table.Row>
                        </Table.Header>
                        <Table.Body>
                          {preview.sample.map((row, r) => (
                            <Table.Row key={r}>
                              {headers.map((_, i) => (
                                <Table.Cell key={i} className="whitespace-nowrap">{row[i] ?? ""}</Table.Cell>
                              ))}
                            </Table.Row>
                          ))}
                        </Table.Body>
                      </Table>
                    </div>
                  </div>
                )}

                <div className="flex flex-col gap-y-3">
                  <Heading level="h2">Consent</Heading>
                  <RadioGroup
                    value={subscribe}
                    onValueChange={(v) => setSubscribe(v as "no" | "yes")}
                    className="grid grid-cols-1 gap-3 md:grid-cols-2"
                  >
                    <RadioGroup.ChoiceBox
                      value="no"
                      data-testid="import-subscribe-no"
                      label="Don't subscribe"
                      description="Add or update the contacts without consent. New ones are pending and get no marketing email."
                    />
                    <RadioGroup.ChoiceBox
                      value="yes"
                      data-testid="import-subscribe-yes"
                      label="Subscribe"
                      description="Everyone in the file agreed to marketing email. People who unsubscribed, bounced or complained stay out."
                    />
                  </RadioGroup>
                  {subscribe === "yes" && (
                    <div className="flex flex-col gap-y-4">
                      <Field
                        id="import-consent-source"
                        label="Consent source"
                        error={errors.consent_source}
                        hint="Where and how these people agreed, e.g. “Spring fair sign-up sheet 2025”."
                      >
                        <Input
                          id="import-consent-source"
                          value={consentSource}
                          onChange={(e) => setConsentSource(e.target.value)}
                        />
                      </Field>
                      <Field label="Topics" optional hint="Granted to every contact this import subscribes.">
                        <TopicChecklist
                          idPrefix="import-topic"
                          topics={allTopics}
                          value={topics}
                          onChange={setTopics}
                        />
                      </Field>
                    </div>
                  )}
                </div>
              </>
            )}

            {step === "report" && report && <ImportReport report={report} />}
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}

const ImportReport = ({ report }: { report: ContactImportReport }) => {
  return (
    <div className="flex flex-col gap-y-6" data-testid="import-report">
      <div className="flex items-center gap-x-2">
        <Badge color={report.status === "completed" ? "green" : report.status === "failed" ? "red" : "orange"} size="small">
          {report.status}
        </Badge>
        <Text size="small" className="text-ui-fg-subtle">
          {report.total_rows.toLocaleString()} rows
          {report.duration_ms != null && ` in ${(report.duration_ms / 1000).toFixed(1)} s`}
        </Text>
      </div>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-3">
        <ImportStat label="Created" value={report.created_count} testId="import-created" />
        <ImportStat label="Updated" value={report.updated_count} testId="import-updated" />
        <ImportStat label="Duplicates in file" value={report.duplicate_count} testId="import-duplicates" />
        <ImportStat label="Invalid" value={report.invalid_count} testId="import-invalid" />
        <ImportStat label="Suppressed (not subscribed)" value={report.suppressed_count} testId="import-suppressed" />
        <ImportStat label="Total rows" value={report.total_rows} testId="import-total" />
      </div>
      <InvalidRowsTable rows={report.invalid_rows ?? []} total={report.invalid_count} testId="import-invalid-rows" />
    </div>
  )
}
