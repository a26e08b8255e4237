import { Button, Input } from "@medusajs/ui"
import { useEffect, useState } from "react"
import type { EditorIssue } from "./template-blocks"
import type { TemplateSettings } from "../hooks/templates"
import { FONT_OPTIONS, SETTINGS_DEFAULTS } from "./template-blocks"
import { ColorInput, EditorField, NumberInput, OptionSelect } from "./template-fields"

const COLORS: { key: keyof TemplateSettings; label: string }[] = [
  { key: "background_color", label: "Page background" },
  { key: "content_background", label: "Content background" },
  { key: "text_color", label: "Text" },
  { key: "heading_color", label: "Headings" },
  { key: "link_color", label: "Links" },
  { key: "button_color", label: "Buttons" },
  { key: "button_text_color", label: "Button text" },
  { key: "accent_color", label: "Accent (coupons, prices)" },
  { key: "muted_color", label: "Fine print" },
  { key: "border_color", label: "Borders and dividers" },
]

const CUSTOM = "__custom__"
const SAME = "__same__"

/**
 * The look shared by every block: colours, fonts, width and corners. Unset
 * values show the defaults the server applies; "Reset" removes every override.
 */
export const TemplateSettingsForm = ({
  settings,
  issues,
  onChange,
}: {
  settings: Partial<TemplateSettings>
  issues: EditorIssue[]
  onChange: (settings: Partial<TemplateSettings>) => void
}) => {
  const value = { ...SETTINGS_DEFAULTS, ...settings }
  const errorsOf = (key: string) =>
    issues.filter((i) => i.path === `settings.${key}`).map((i) => i.message)
  const set = (key: keyof TemplateSettings, v: unknown) => {
    const next: Record<string, unknown> = { ...settings }
    if (v === undefined) delete next[key]
    else next[key] = v
    onChange(next as Partial<TemplateSettings>)
  }

  return (
    <div className="flex flex-col gap-y-4" data-testid="template-settings">
      <div className="grid grid-cols-2 gap-3">
        <EditorField label="Content width" htmlFor="settings-width" errors={errorsOf("width")}>
          <NumberInput
            id="settings-width"
            value={value.width}
            min={480}
            max={800}
            suffix="px"
            onChange={(v) => set("width", v)}
            testId="settings-width"
          />
        </EditorField>
        <EditorField label="Text size" htmlFor="settings-font-size" errors={errorsOf("font_size")}>
          <NumberInput
            id="settings-font-size"
            value={value.font_size}
            min={12}
            max={22}
            suffix="px"
            onChange={(v) => set("font_size", v)}
          />
        </EditorField>
        <EditorField label="Corner radius" htmlFor="settings-radius" errors={errorsOf("border_radius")}>
          <NumberInput
            id="settings-radius"
            value={value.border_radius}
            min={0}
            max={32}
            suffix="px"
            onChange={(v) => set("border_radius", v)}
          />
        </EditorField>
      </div>
      <FontField
        label="Font"
        value={value.font_family}
        errors={errorsOf("font_family")}
        onChange={(v) => set("font_family", v)}
      />
      <FontField
        label="Heading font"
        value={settings.heading_font_family}
        optional
        errors={errorsOf("heading_font_family")}
        onChange={(v) => set("heading_font_family", v)}
      />
      <div className="grid grid-cols-2 gap-3">
        {COLORS.map(({ key, label }) => (
          <EditorField key={key} label={label} htmlFor={`settings-${key}`} errors={errorsOf(key)}>
            <ColorInput
              id={`settings-${key}`}
              value={value[key] as string}
              onChange={(v) => set(key, v)}
              testId={`settings-${key}`}
            />
          </EditorField>
        ))}
      </div>
      <Button
        size="small"
        variant="secondary"
        type="button"
        className="w-fit"
        disabled={Object.keys(settings).length === 0}
        onClick={() => onChange({})}
      >
        Reset to defaults
      </Button>
    </div>
  )
}

/** A font stack from the list, or typed (names and commas, no quotes). */
const FontField = ({
  label,
  value,
  optional,
  errors,
  onChange,
}: {
  label: string
  value: string | undefined
  optional?: boolean
  errors: string[]
  onChange: (value: string | undefined) => void
}) => {
  const known = FONT_OPTIONS.find((o) => o.value === value)
  const [custom, setCustom] = useState(value !== undefined && !known)
  useEffect(() => {
    if (value !== undefined && !FONT_OPTIONS.some((o) => o.value === value)) setCustom(true)
  }, [value])
  const selected = custom ? CUSTOM : value === undefined ? SAME : known?.value ?? CUSTOM
  const options = [
    ...(optional ? [{ value: SAME, label: "Same as the text" }] : []),
    ...FONT_OPTIONS,
    { value: CUSTOM, label: "Custom…" },
  ]
  return (
    <EditorField label={label} errors={errors}>
      <OptionSelect
        value={selected}
        options={options}
        onChange={(v) => {
          if (v === CUSTOM) {
            setCustom(true)
            return
          }
          setCustom(false)
          onChange(v === SAME ? undefined : v)
        }}
      />
      {custom && (
        <Input
          size="small"
          value={value ?? ""}
          placeholder="Inter, Helvetica, Arial, sans-serif"
          onChange={(e) => onChange(e.target.value || (optional ? undefined : e.target.value))}
        />
      )}
    </EditorField>
  )
}
