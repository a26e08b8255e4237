import { Checkbox, Label, Text } from "@medusajs/ui"
import type { Topic } from "../lib/types"

/** Checkboxes over topics, by handle. */
export const TopicChecklist = ({
  topics,
  value,
  onChange,
  idPrefix,
}: {
  topics: Topic[]
  value: string[]
  onChange: (handles: string[]) => void
  idPrefix: string
}) => {
  if (!topics.length) {
    return (
      <Text size="small" className="text-ui-fg-muted">
        No topics yet. Create topics under Marketing → Topics.
      </Text>
    )
  }
  return (
    <div className="flex flex-col gap-y-2">
      {topics.map((t) => {
        const id = `${idPrefix}-${t.handle}`
        const checked = value.includes(t.handle)
        return (
          <div key={t.id} className="flex items-center gap-x-2">
            <Checkbox
              id={id}
              checked={checked}
              onCheckedChange={(c) =>
                onChange(
                  c === true ? [...value, t.handle] : value.filter((h) => h !== t.handle)
                )
              }
            />
            <Label htmlFor={id} size="small">
              {t.name}{" "}
              <span className="text-ui-fg-muted">({t.handle})</span>
            </Label>
          </div>
        )
      })}
    </div>
  )
}
