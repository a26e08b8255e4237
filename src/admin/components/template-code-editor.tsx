import { Textarea, Text } from "@medusajs/ui"
import { useRef } from "react"
import type { EditorIssue } from "./template-blocks"
import { VariablePicker } from "./template-variable-picker"

/**
 * The raw MJML or HTML of a template: a monospace text area (Tab indents),
 * with the variable picker and the problems found on its lines.
 */
export const TemplateCodeEditor = ({
  mode,
  value,
  onChange,
  issues,
}: {
  mode: "mjml" | "html"
  value: string
  onChange: (value: string) => void
  issues: EditorIssue[]
}) => {
  const ref = useRef<HTMLTextAreaElement | null>(null)
  const lines = value.split("\n").length

  const replaceSelection = (text: string) => {
    const el = ref.current
    const start = el?.selectionStart ?? value.length
    const end = el?.selectionEnd ?? value.length
    onChange(value.slice(0, start) + text + value.slice(end))
    requestAnimationFrame(() => {
      if (!el) return
      el.focus()
      el.setSelectionRange(start + text.length, start + text.length)
    })
  }

  const own = issues.filter((i) => i.severity === "error" && i.path === mode)

  return (
    <div className="flex flex-col gap-y-2" data-testid="template-code-editor">
      <div className="flex items-center justify-between">
        <Text size="xsmall" className="text-ui-fg-subtle">
          {mode === "mjml" ? "MJML, compiled to responsive HTML" : "HTML, sent as written"} · Liquid allowed ·{" "}
          {lines} {lines === 1 ? "line" : "lines"}
        </Text>
        <VariablePicker onInsert={replaceSelection} testId="code-variables" />
      </div>
      <Textarea
        ref={ref}
        value={value}
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        aria-label={mode === "mjml" ? "MJML source" : "HTML source"}
        className="min-h-[520px] whitespace-pre font-mono text-xs leading-5"
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === "Tab" && !e.shiftKey && !e.metaKey && !e.ctrlKey) {
            e.preventDefault()
            replaceSelection("  ")
          }
        }}
        data-testid="template-code"
      />
      {own.length > 0 && (
        <ul className="flex flex-col gap-y-1">
          {own.map((i, n) => (
            <li key={n} className="txt-compact-xsmall text-ui-fg-error font-mono">
              {i.line ? `line ${i.line}${i.column ? `:${i.column}` : ""}: ` : ""}
              {i.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
