import { Plus, Trash, XMark } from "@medusajs/icons"
import { Badge, Button, clx, Hint, IconButton, Input, Text } from "@medusajs/ui"
import { useState } from "react"
import {
  useTemplateProducts,
  type Block,
  type BlockType,
  type TemplateProductOption,
} from "../hooks/templates"
import { isExampleProductId, type EditorIssue } from "./template-blocks"
import { ALIGN_OPTIONS, ColorInput, EditorField, NumberInput, OptionSelect, SwitchRow } from "./template-fields"
import { LiquidField } from "./template-variable-picker"

/* --------------------------------- specs --------------------------------- */

type Show = (block: Record<string, any>) => boolean

type FieldSpec = { key: string; label: string; hint?: string; show?: Show } & (
  | { kind: "liquid"; optional?: boolean; multiline?: boolean; rows?: number; placeholder?: string; mono?: boolean }
  | { kind: "url"; optional?: boolean; placeholder?: string }
  | { kind: "color"; optional?: boolean; fallback?: string }
  | { kind: "number"; min: number; max: number; optional?: boolean; suffix?: string; placeholder?: string }
  | { kind: "select"; options: readonly { value: string | number; label: string }[] }
  | { kind: "switch" }
  | { kind: "products" }
  | { kind: "links" }
)

const URL_HINT = "http(s), mailto: or a variable such as {{ store.url }}"
const align: FieldSpec = { key: "align", label: "Alignment", kind: "select", options: ALIGN_OPTIONS }

/** The settings each block type offers, in the order of src/lib/templates/blocks.ts. */
const BLOCK_FIELDS: Record<BlockType, FieldSpec[]> = {
  header: [
    { key: "store_name", label: "Store name", kind: "liquid", hint: "Shown when there is no logo" },
    { key: "logo_url", label: "Logo URL", kind: "url", optional: true, placeholder: "https://… or {{ store.logo_url }}" },
    { key: "logo_alt", label: "Logo alt text", kind: "liquid", show: (b) => Boolean(b.logo_url) },
    { key: "logo_width", label: "Logo width", kind: "number", min: 40, max: 400, suffix: "px", show: (b) => Boolean(b.logo_url) },
    { key: "link", label: "Link", kind: "url", hint: URL_HINT },
    align,
    { key: "show_view_in_browser", label: "“View in browser” link", kind: "switch" },
    { key: "view_in_browser_text", label: "Link text", kind: "liquid", show: (b) => b.show_view_in_browser },
  ],
  heading: [
    { key: "text", label: "Text", kind: "liquid" },
    {
      key: "level",
      label: "Size",
      kind: "select",
      options: [
        { value: 1, label: "Title (H1)" },
        { value: 2, label: "Section (H2)" },
        { value: 3, label: "Small (H3)" },
      ],
    },
    align,
    { key: "color", label: "Colour", kind: "color", optional: true, fallback: "heading_color" },
  ],
  text: [
    {
      key: "content",
      label: "Content",
      kind: "liquid",
      multiline: true,
      rows: 7,
      hint: "Paragraphs (<p>), <strong>, <em>, <a href>, lists; other tags are removed",
    },
    align,
    { key: "font_size", label: "Font size", kind: "number", min: 12, max: 24, optional: true, suffix: "px", placeholder: "Default" },
    { key: "color", label: "Colour", kind: "color", optional: true, fallback: "text_color" },
  ],
  image: [
    { key: "src", label: "Image URL", kind: "url", placeholder: "https://…" },
    { key: "alt", label: "Alt text", kind: "liquid", hint: "Describes the image when images are off" },
    { key: "href", label: "Link", kind: "url", optional: true, placeholder: "Optional", hint: URL_HINT },
    { key: "width", label: "Width", kind: "number", min: 40, max: 800, optional: true, suffix: "px", placeholder: "Full width" },
    align,
    { key: "full_bleed", label: "Edge to edge", kind: "switch" },
  ],
  button: [
    { key: "label", label: "Label", kind: "liquid" },
    { key: "href", label: "Link", kind: "url", hint: URL_HINT },
    align,
    { key: "full_width", label: "Full width", kind: "switch" },
    { key: "background_color", label: "Button colour", kind: "color", optional: true, fallback: "button_color" },
    { key: "text_color", label: "Text colour", kind: "color", optional: true, fallback: "button_text_color" },
  ],
  product: [
    { key: "product_ids", label: "Products", kind: "products" },
    {
      key: "layout",
      label: "Layout",
      kind: "select",
      options: [
        { value: "grid", label: "Grid" },
        { value: "card", label: "Cards (one per row)" },
      ],
    },
    {
      key: "columns",
      label: "Columns",
      kind: "select",
      options: [
        { value: 2, label: "2 columns" },
        { value: 3, label: "3 columns" },
      ],
      show: (b) => b.layout !== "card",
    },
    { key: "show_price", label: "Show price", kind: "switch" },
    { key: "show_description", label: "Show description", kind: "switch" },
    { key: "button_label", label: "Button label", kind: "liquid", hint: "Empty: no button" },
  ],
  coupon: [
    { key: "code", label: "Code", kind: "liquid", hint: "A fixed code or {{ coupon_code }}" },
    { key: "caption", label: "Caption", kind: "liquid", optional: true },
    { key: "note", label: "Fine print", kind: "liquid", optional: true, placeholder: "Expiry, conditions" },
    { key: "accent_color", label: "Frame colour", kind: "color", optional: true, fallback: "accent_color" },
  ],
  divider: [
    { key: "thickness", label: "Thickness", kind: "number", min: 1, max: 8, suffix: "px" },
    { key: "width_percent", label: "Width", kind: "number", min: 10, max: 100, suffix: "%" },
    { key: "color", label: "Colour", kind: "color", optional: true, fallback: "border_color" },
  ],
  spacer: [{ key: "height", label: "Height", kind: "number", min: 4, max: 200, suffix: "px" }],
  social: [
    { key: "links", label: "Links", kind: "links" },
    align,
    { key: "icon_size", label: "Icon size", kind: "number", min: 16, max: 48, suffix: "px" },
  ],
  footer: [
    { key: "address", label: "Postal address", kind: "liquid", multiline: true, rows: 2, hint: "Required by anti-spam law; {{ store.address }} uses the store's" },
    { key: "text", label: "Why they get this email", kind: "liquid", multiline: true, rows: 2, optional: true },
    { key: "unsubscribe_text", label: "Unsubscribe link text", kind: "liquid" },
    { key: "preferences_text", label: "Preferences link text", kind: "liquid", hint: "Empty: no preference centre link" },
    align,
    { key: "show_view_in_browser", label: "“View in browser” link", kind: "switch" },
    { key: "view_in_browser_text", label: "Link text", kind: "liquid", show: (b) => b.show_view_in_browser },
  ],
  line_items: [
    {
      key: "source",
      label: "Items of",
      kind: "select",
      options: [
        { value: "cart", label: "The abandoned cart" },
        { value: "order", label: "The order" },
      ],
    },
    { key: "show_images", label: "Show images", kind: "switch" },
    { key: "quantity_label", label: "Quantity label", kind: "liquid" },
    { key: "total_label", label: "Total label", kind: "liquid", hint: "Empty: no total row" },
  ],
}

/* --------------------------------- form ---------------------------------- */

/**
 * The settings of one block. `issues` are the preview's issues for this
 * block; each shows under the field its path names (`blocks[2].href`).
 */
export const BlockForm = ({
  block,
  index,
  issues,
  settings,
  onChange,
}: {
  block: Block
  index: number
  issues: EditorIssue[]
  /** the document's colours, shown for unset optional colours */
  settings: Record<string, unknown>
  onChange: (block: Block) => void
}) => {
  const values = block as unknown as Record<string, any>
  const specs = BLOCK_FIELDS[block.type] ?? []
  const prefix = `blocks[${index}]`
  const byField = new Map<string, string[]>()
  const loose: string[] = []
  for (const issue of issues) {
    const rest = issue.path.slice(prefix.length).replace(/^\./, "")
    const key = /^[a-z_]+/.exec(rest)?.[0]
    const text = issue.line ? `${issue.message} (line ${issue.line}${issue.column ? `, column ${issue.column}` : ""})` : issue.message
    if (key && specs.some((s) => s.key === key)) {
      byField.set(key, [...(byField.get(key) ?? []), text])
    } else {
      loose.push(text)
    }
  }

  const set = (key: string, value: unknown) => {
    const next = { ...values }
    if (value === undefined) delete next[key]
    else next[key] = value
    onChange(next as Block)
  }

  return (
    <div className="flex flex-col gap-y-3" data-testid={`block-form-${block.id}`}>
      {loose.map((m) => (
        <Hint key={m} variant="error" className="txt-compact-xsmall">
          {m}
        </Hint>
      ))}
      {specs
        .filter((s) => !s.show || s.show(values))
        .map((spec) => {
          const id = `block-${block.id}-${spec.key}`
          const errors = byField.get(spec.key)
          const testId = `block-field-${spec.key}`
          switch (spec.kind) {
            case "switch":
              return (
                <SwitchRow
                  key={spec.key}
                  label={spec.label}
                  checked={Boolean(values[spec.key])}
                  onChange={(v) => set(spec.key, v)}
                  testId={testId}
                />
              )
            case "liquid":
            case "url":
              return (
                <EditorField key={spec.key} label={spec.label} htmlFor={id} hint={spec.hint} errors={errors}>
                  <LiquidField
                    id={id}
                    value={values[spec.key] ?? ""}
                    multiline={spec.kind === "liquid" && spec.multiline}
                    rows={spec.kind === "liquid" ? spec.rows : undefined}
                    placeholder={spec.placeholder}
                    invalid={Boolean(errors)}
                    testId={testId}
                    onChange={(v) => set(spec.key, v === "" && spec.optional && spec.kind === "url" ? undefined : v)}
                  />
                </EditorField>
              )
            case "color":
              return (
                <EditorField key={spec.key} label={spec.label} htmlFor={id} errors={errors}>
                  <ColorInput
                    id={id}
                    value={values[spec.key]}
                    optional={spec.optional}
                    placeholder={spec.fallback ? String(settings[spec.fallback] ?? "") : undefined}
                    onChange={(v) => set(spec.key, v)}
                    testId={testId}
                  />
                </EditorField>
              )
            case "number":
              return (
                <EditorField key={spec.key} label={spec.label} htmlFor={id} hint={spec.hint} errors={errors}>
                  <NumberInput
                    id={id}
                    value={values[spec.key]}
                    min={spec.min}
                    max={spec.max}
                    optional={spec.optional}
                    placeholder={spec.placeholder}
                    suffix={spec.suffix}
                    onChange={(v) => set(spec.key, v)}
                    testId={testId}
                  />
                </EditorField>
              )
            case "select":
              return (
                <EditorField key={spec.key} label={spec.label} htmlFor={id} errors={errors}>
                  <OptionSelect
                    id={id}
                    value={values[spec.key] ?? spec.options[0].value}
                    options={spec.options}
                    onChange={(v) => set(spec.key, v)}
                    testId={testId}
                  />
                </EditorField>
              )
            case "products":
              return (
                <EditorField key={spec.key} label={spec.label} errors={errors}>
                  <ProductPicker ids={values.product_ids ?? []} onChange={(ids) => set("product_ids", ids)} />
                </EditorField>
              )
            case "links":
              return (
                <EditorField key={spec.key} label={spec.label} errors={errors}>
                  <SocialLinks links={values.links ?? []} onChange={(links) => set("links", links)} />
                </EditorField>
              )
          }
        })}
    </div>
  )
}

/* ----------------------------- product picker ---------------------------- */

const MAX_PRODUCTS = 12

/** The products of a product block: the chosen ones, and a search over the store's catalog to add more. */
const ProductPicker = ({ ids, onChange }: { ids: string[]; onChange: (ids: string[]) => void }) => {
  const [q, setQ] = useState("")
  const [searching, setSearching] = useState(false)
  const realIds = ids.filter((id) => !isExampleProductId(id))
  const { data: chosen } = useTemplateProducts({ ids: realIds })
  const { data: results, isFetching } = useTemplateProducts({ q }, { enabled: searching })
  const names = new Map((chosen ?? []).map((p) => [p.id, p]))
  const full = ids.length >= MAX_PRODUCTS

  return (
    <div className="flex flex-col gap-y-2" data-testid="product-picker">
      <ul className="flex flex-col gap-y-1">
        {ids.map((id, i) => {
          const p = names.get(id)
          const example = isExampleProductId(id)
          return (
            <li
              key={`${id}-${i}`}
              className="bg-ui-bg-subtle flex items-center gap-x-2 rounded-md px-2 py-1"
              data-testid="product-picker-item"
            >
              <ProductThumb product={p} />
              <div className="flex min-w-0 flex-1 flex-col">
                <span className="txt-compact-small text-ui-fg-base truncate">
                  {example ? "Example product" : p?.title ?? id}
                </span>
                {example ? (
                  <Badge size="2xsmall" color="orange" className="w-fit">
                    Replace with one of yours
                  </Badge>
                ) : (
                  <span className="txt-compact-xsmall text-ui-fg-muted truncate font-mono">{id}</span>
                )}
              </div>
              <IconButton
                size="2xsmall"
                variant="transparent"
                type="button"
                aria-label="Remove product"
                onClick={() => onChange(ids.filter((_, j) => j !== i))}
              >
                <XMark />
              </IconButton>
            </li>
          )
        })}
        {ids.length === 0 && (
          <Text size="xsmall" className="text-ui-fg-muted">
            No products yet: search to add some.
          </Text>
        )}
      </ul>
      <Input
        size="small"
        type="search"
        placeholder={full ? `At most ${MAX_PRODUCTS} products` : "Search products to add"}
        disabled={full}
        value={q}
        onFocus={() => setSearching(true)}
        onChange={(e) => {
          setQ(e.target.value)
          setSearching(true)
        }}
        data-testid="product-picker-search"
      />
      {searching && !full && (
        <div className="border-ui-border-base flex max-h-[220px] flex-col overflow-y-auto rounded-md border">
          {(results ?? []).length === 0 && (
            <Text size="xsmall" className="text-ui-fg-muted px-2 py-2">
              {isFetching ? "Searching…" : "No products found."}
            </Text>
          )}
          {(results ?? []).map((p) => {
            const taken = ids.includes(p.id)
            return (
              <button
                key={p.id}
                type="button"
                disabled={taken}
                className={clx(
                  "hover:bg-ui-bg-base-hover flex items-center gap-x-2 px-2 py-1 text-left",
                  taken && "cursor-default opacity-50"
                )}
                onClick={() => {
                  // the first real product replaces an example placeholder
                  const example = ids.findIndex(isExampleProductId)
                  onChange(example === -1 ? [...ids, p.id] : ids.map((id, j) => (j === example ? p.id : id)))
                }}
                data-testid="product-picker-option"
              >
                <ProductThumb product={p} />
                <span className="txt-compact-small truncate">{p.title}</span>
                {taken && <span className="txt-compact-xsmall text-ui-fg-muted ml-auto">Added</span>}
              </button>
            )
          })}
          <Button size="small" variant="transparent" type="button" onClick={() => setSearching(false)}>
            Close
          </Button>
        </div>
      )}
    </div>
  )
}

const ProductThumb = ({ product }: { product?: TemplateProductOption }) =>
  product?.thumbnail ? (
    <img src={product.thumbnail} alt="" className="h-8 w-8 shrink-0 rounded object-cover" />
  ) : (
    <div className="bg-ui-bg-component h-8 w-8 shrink-0 rounded" />
  )

/* ------------------------------ social links ----------------------------- */

const NETWORKS = [
  "facebook",
  "instagram",
  "x",
  "linkedin",
  "pinterest",
  "youtube",
  "snapchat",
  "tumblr",
  "vimeo",
  "github",
  "website",
] as const
const NETWORK_OPTIONS = NETWORKS.map((n) => ({
  value: n,
  label: n === "x" ? "X" : n === "github" ? "GitHub" : n === "youtube" ? "YouTube" : n === "linkedin" ? "LinkedIn" : n[0].toUpperCase() + n.slice(1),
}))
const MAX_LINKS = 10

const defaultNetworkUrl = (network: string) =>
  network === "website" ? "{{ store.url }}" : `https://${network === "x" ? "x" : network}.com/`

type SocialLink = { network: string; url: string }

const SocialLinks = ({ links, onChange }: { links: SocialLink[]; onChange: (links: SocialLink[]) => void }) => (
  <div className="flex flex-col gap-y-2">
    {links.map((link, i) => (
      <div key={i} className="flex items-center gap-x-1">
        <div className="w-[120px] shrink-0">
          <OptionSelect
            value={link.network}
            options={NETWORK_OPTIONS}
            onChange={(network) => onChange(links.map((l, j) => (j === i ? { ...l, network } : l)))}
          />
        </div>
        <Input
          size="small"
          value={link.url}
          placeholder="https://…"
          onChange={(e) => onChange(links.map((l, j) => (j === i ? { ...l, url: e.target.value } : l)))}
        />
        <IconButton
          size="small"
          variant="transparent"
          type="button"
          aria-label="Remove link"
          disabled={links.length <= 1}
          onClick={() => onChange(links.filter((_, j) => j !== i))}
        >
          <Trash />
        </IconButton>
      </div>
    ))}
    <Button
      size="small"
      variant="secondary"
      type="button"
      className="w-fit"
      disabled={links.length >= MAX_LINKS}
      onClick={() => {
        const unused = NETWORKS.find((n) => !links.some((l) => l.network === n)) ?? "website"
        onChange([...links, { network: unused, url: defaultNetworkUrl(unused) }])
      }}
    >
      <Plus />
      Add link
    </Button>
  </div>
)
