import {
  closestCenter,
  DndContext,
  type DragEndEvent,
  KeyboardSensor,
  PointerSensor,
  useSensor,
  useSensors,
} from "@dnd-kit/core"
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable"
import { CSS } from "@dnd-kit/utilities"
import { ChevronDownMini, DotsSix, Plus, SquareTwoStack, Trash } from "@medusajs/icons"
import { Badge, Button, clx, DropdownMenu, IconButton, Text, Tooltip } from "@medusajs/ui"
import { useEffect, useRef } from "react"
import type { Block, BlockType } from "../hooks/templates"
import {
  BLOCK_META,
  BLOCK_TYPE_ORDER,
  blockIndexOfPath,
  blockSummary,
  duplicateBlock,
  newBlock,
  type EditorIssue,
} from "./template-blocks"
import { BlockForm } from "./template-block-form"

/**
 * The blocks of a template, top to bottom as the email shows them: drag by
 * the handle (or focus it and use space + arrows) to reorder, click a block
 * to open its settings, duplicate or remove it, add one after the selected
 * block.
 */
export const BlockList = ({
  blocks,
  selectedId,
  onSelect,
  onChange,
  issues,
  settings,
}: {
  blocks: Block[]
  selectedId: string | null
  onSelect: (id: string | null) => void
  onChange: (blocks: Block[]) => void
  issues: EditorIssue[]
  settings: Record<string, unknown>
}) => {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates })
  )

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (!over || active.id === over.id) return
    const from = blocks.findIndex((b) => b.id === active.id)
    const to = blocks.findIndex((b) => b.id === over.id)
    if (from !== -1 && to !== -1) onChange(arrayMove(blocks, from, to))
  }

  const add = (type: BlockType) => {
    const block = newBlock(type, blocks.map((b) => b.id))
    const at = selectedId ? blocks.findIndex((b) => b.id === selectedId) : -1
    const next = [...blocks]
    // after the selected block, else before a closing footer, else at the end
    const footer = next.length && next[next.length - 1].type === "footer" && type !== "footer" ? next.length - 1 : next.length
    next.splice(at === -1 ? footer : at + 1, 0, block)
    onChange(next)
    onSelect(block.id)
  }

  const issuesOf = (i: number) => issues.filter((issue) => blockIndexOfPath(issue.path) === i)

  return (
    <div className="flex flex-col gap-y-2" data-testid="block-list">
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={blocks.map((b) => b.id)} strategy={verticalListSortingStrategy}>
          <ul className="flex flex-col gap-y-1.5">
            {blocks.map((block, i) => (
              <SortableBlock
                key={block.id}
                block={block}
                index={i}
                selected={block.id === selectedId}
                issues={issuesOf(i)}
                settings={settings}
                onToggle={() => onSelect(block.id === selectedId ? null : block.id)}
                onChange={(b) => onChange(blocks.map((x) => (x.id === block.id ? b : x)))}
                onDuplicate={() => {
                  const copy = duplicateBlock(block, blocks.map((b) => b.id))
                  const next = [...blocks]
                  next.splice(i + 1, 0, copy)
                  onChange(next)
                  onSelect(copy.id)
                }}
                onRemove={() => {
                  onChange(blocks.filter((b) => b.id !== block.id))
                  if (block.id === selectedId) onSelect(null)
                }}
              />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      {blocks.length === 0 && (
        <Text size="small" className="text-ui-fg-muted px-1 py-4 text-center">
          No blocks yet. Add a header, some text and a footer to start.
        </Text>
      )}
      <DropdownMenu>
        <DropdownMenu.Trigger asChild>
          <Button size="small" variant="secondary" className="w-full" data-testid="add-block">
            <Plus />
            Add block
          </Button>
        </DropdownMenu.Trigger>
        <DropdownMenu.Content align="center" className="max-h-[420px] w-[300px] overflow-y-auto">
          {BLOCK_TYPE_ORDER.map((type) => {
            const meta = BLOCK_META[type]
            const Icon = meta.icon
            return (
              <DropdownMenu.Item key={type} className="gap-x-2" onClick={() => add(type)} data-testid={`add-block-${type}`}>
                <Icon className="text-ui-fg-subtle shrink-0" />
                <div className="flex flex-col">
                  <span className="txt-compact-small">{meta.label}</span>
                  <span className="txt-compact-xsmall text-ui-fg-muted">{meta.description}</span>
                </div>
              </DropdownMenu.Item>
            )
          })}
        </DropdownMenu.Content>
      </DropdownMenu>
    </div>
  )
}

const SortableBlock = ({
  block,
  index,
  selected,
  issues,
  settings,
  onToggle,
  onChange,
  onDuplicate,
  onRemove,
}: {
  block: Block
  index: number
  selected: boolean
  issues: EditorIssue[]
  settings: Record<string, unknown>
  onToggle: () => void
  onChange: (block: Block) => void
  onDuplicate: () => void
  onRemove: () => void
}) => {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: block.id,
  })
  const meta = BLOCK_META[block.type]
  const Icon = meta?.icon
  const errors = issues.filter((i) => i.severity === "error").length
  const warnings = issues.length - errors
  const ref = useRef<HTMLLIElement | null>(null)

  // a block selected from elsewhere (the issues panel, "add block") scrolls into view
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView({ block: "nearest", behavior: "smooth" })
  }, [selected])

  return (
    <li
      ref={(el) => {
        setNodeRef(el)
        ref.current = el
      }}
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={clx(
        "bg-ui-bg-base shadow-elevation-card-rest rounded-lg",
        selected && "ring-ui-border-interactive ring-2",
        isDragging && "shadow-elevation-card-hover relative z-10 opacity-90"
      )}
      data-testid="block-item"
      data-block-id={block.id}
      data-block-type={block.type}
      data-selected={selected || undefined}
    >
      <div className="flex items-center gap-x-1 py-1.5 pl-1 pr-2">
        <button
          type="button"
          ref={setActivatorNodeRef}
          {...attributes}
          {...listeners}
          aria-label={`Drag to reorder ${meta?.label ?? block.type}`}
          className="text-ui-fg-muted hover:text-ui-fg-subtle flex h-7 w-6 shrink-0 cursor-grab touch-none items-center justify-center rounded active:cursor-grabbing"
          data-testid="block-drag-handle"
        >
          <DotsSix />
        </button>
        <button
          type="button"
          onClick={onToggle}
          aria-expanded={selected}
          className="flex min-w-0 flex-1 items-center gap-x-2 text-left outline-none"
          data-testid="block-toggle"
        >
          {Icon && <Icon className="text-ui-fg-subtle shrink-0" />}
          <div className="flex min-w-0 flex-col">
            <span className="txt-compact-small-plus text-ui-fg-base">{meta?.label ?? block.type}</span>
            <span className="txt-compact-xsmall text-ui-fg-muted truncate">{blockSummary(block)}</span>
          </div>
        </button>
        {errors > 0 && (
          <Badge size="2xsmall" color="red" data-testid="block-error-count">
            {errors}
          </Badge>
        )}
        {warnings > 0 && (
          <Badge size="2xsmall" color="orange">
            {warnings}
          </Badge>
        )}
        <Tooltip content="Duplicate">
          <IconButton size="small" variant="transparent" type="button" aria-label="Duplicate block" onClick={onDuplicate}>
            <SquareTwoStack />
          </IconButton>
        </Tooltip>
        <Tooltip content="Remove">
          <IconButton size="small" variant="transparent" type="button" aria-label="Remove block" onClick={onRemove}>
            <Trash />
          </IconButton>
        </Tooltip>
        <ChevronDownMini
          className={clx("text-ui-fg-muted shrink-0 transition-transform", selected && "rotate-180")}
          onClick={onToggle}
        />
      </div>
      {selected && !isDragging && (
        <div className="border-ui-border-base border-t px-3 py-3">
          <BlockForm block={block} index={index} issues={issues} settings={settings} onChange={onChange} />
        </div>
      )}
    </li>
  )
}
