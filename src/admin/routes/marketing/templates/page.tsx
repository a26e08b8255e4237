import { defineRouteConfig } from "@medusajs/admin-sdk"
import {
  Badge,
  Button,
  Container,
  createDataTableColumnHelper,
  DataTable,
  Heading,
  Text,
  toast,
  useDataTable,
  usePrompt,
} from "@medusajs/ui"
import { Plus, SquareTwoStack, Trash } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { useNavigate } from "react-router-dom"
import { TimeAgo } from "../../../components/segment-display"
import { TemplateStarterGallery } from "../../../components/template-starter-gallery"
import {
  useDeleteTemplate,
  useDuplicateTemplate,
  useTemplates,
  type Template,
  type TemplateListQuery,
} from "../../../hooks/templates"
import { errorMessage } from "../../../lib/format"
import { useTableState } from "../../../lib/use-table-state"

const PAGE_SIZE = 20

const columnHelper = createDataTableColumnHelper<Template>()

const MODE_LABELS = { mjml: "MJML", html: "HTML" } as const

const TemplatesPage = () => {
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [galleryOpen, setGalleryOpen] = useState(false)
  const duplicate = useDuplicateTemplate()
  const remove = useDeleteTemplate()
  const state = useTableState({ pageSize: PAGE_SIZE })
  const query: TemplateListQuery = {
    q: state.search || undefined,
    limit: PAGE_SIZE,
    offset: state.offset,
    order: "-updated_at",
  }
  const { templates, count, isLoading, isError, error } = useTemplates(query)

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", {
        header: "Template",
        cell: ({ row }) => {
          const mode = row.original.document?.mode
          return (
            <div className="flex max-w-[420px] flex-col py-1">
              <span className="text-ui-fg-base flex items-center gap-x-2 truncate">
                <span className="truncate">{row.original.name}</span>
                {(mode === "mjml" || mode === "html") && (
                  <Badge size="2xsmall" color="grey">
                    {MODE_LABELS[mode]}
                  </Badge>
                )}
              </span>
              {row.original.description && (
                <span className="text-ui-fg-subtle truncate">{row.original.description}</span>
              )}
            </div>
          )
        },
      }),
      columnHelper.accessor("subject", {
        header: "Subject",
        cell: ({ row }) => (
          <span className="block max-w-[360px] truncate" title={row.original.subject}>
            {row.original.subject || <span className="text-ui-fg-muted">No subject</span>}
          </span>
        ),
      }),
      columnHelper.accessor("updated_at", {
        header: "Updated",
        cell: ({ row }) => <TimeAgo value={row.original.updated_at} />,
      }),
      columnHelper.accessor("version", {
        header: "Version",
        align: "right",
        cell: ({ row }) => (
          <span className="tabular-nums" data-testid="template-version">
            v{row.original.version}
          </span>
        ),
      }),
      columnHelper.action({
        actions: ({ row }) => {
          const t = row.original
          return [
            [
              {
                label: "Duplicate",
                icon: <SquareTwoStack />,
                onClick: () =>
                  duplicate.mutate(t.id, {
                    onSuccess: ({ template }) => toast.success(`${template.name} created`),
                    onError: (e) => toast.error(errorMessage(e, "Could not duplicate the template")),
                  }),
              },
            ],
            [
              {
                label: "Delete",
                icon: <Trash />,
                onClick: async () => {
                  const ok = await prompt({
                    title: `Delete ${t.name}?`,
                    description:
                      "The template is deleted. Campaigns that were already sent keep their copy; a scheduled campaign using it must be changed first.",
                    confirmText: "Delete",
                    cancelText: "Cancel",
                  })
                  if (!ok) return
                  remove.mutate(t.id, {
                    onSuccess: () => toast.success(`Template ${t.name} deleted`),
                    onError: (e) => toast.error(errorMessage(e, "Could not delete the template")),
                  })
                },
              },
            ],
          ]
        },
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    []
  )

  const table = useDataTable({
    data: templates ?? [],
    columns,
    getRowId: (row) => row.id,
    rowCount: count ?? 0,
    isLoading,
    onRowClick: (_, row) => navigate(`/marketing/templates/${row.id}`),
    search: { state: state.search, onSearchChange: state.setSearch },
    pagination: { state: state.pagination, onPaginationChange: state.setPagination },
  })

  if (isError) {
    throw error
  }

  return (
    <>
      <Container className="divide-y p-0">
        <div className="flex flex-col items-start justify-between gap-2 px-6 py-4 md:flex-row md:items-center">
          <div>
            <Heading>Templates</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Email designs for campaigns and flows, built from blocks or written in MJML or HTML.
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => setGalleryOpen(true)} data-testid="template-create">
            <Plus />
            Create template
          </Button>
        </div>
        <DataTable instance={table}>
          <DataTable.Toolbar className="flex items-center justify-end gap-2">
            <DataTable.Search placeholder="Search templates" />
          </DataTable.Toolbar>
          <DataTable.Table
            emptyState={{
              empty: {
                heading: "No templates yet",
                description: "Create one from a starter: newsletter, sale, new arrivals and more.",
              },
              filtered: {
                heading: "No templates match",
                description: "Try another search.",
              },
            }}
          />
          <DataTable.Pagination />
        </DataTable>
      </Container>
      <TemplateStarterGallery
        open={galleryOpen}
        onOpenChange={setGalleryOpen}
        onCreated={(t) => navigate(`/marketing/templates/${t.id}`)}
      />
    </>
  )
}

export const config = defineRouteConfig({
  label: "Templates",
  // after Segments (1.5), before Topics (2): the content campaigns send
  rank: 1.8,
})

export const handle = {
  breadcrumb: () => "Templates",
}

export default TemplatesPage
