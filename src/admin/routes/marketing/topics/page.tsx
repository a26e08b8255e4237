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
import { PencilSquare, Trash } from "@medusajs/icons"
import { useMemo, useState } from "react"
import { TopicFormDrawer } from "../../../components/topic-form-drawer"
import { useDeleteTopic, useTopics } from "../../../hooks/topics"
import { errorMessage } from "../../../lib/format"
import type { Topic } from "../../../lib/types"

const columnHelper = createDataTableColumnHelper<Topic>()

const TopicsPage = () => {
  const prompt = usePrompt()
  const { topics, isLoading, isError, error } = useTopics()
  const deleteTopic = useDeleteTopic()
  const [drawer, setDrawer] = useState<{ open: boolean; topic: Topic | null }>({
    open: false,
    topic: null,
  })

  const columns = useMemo(
    () => [
      columnHelper.accessor("name", {
        header: "Topic",
        cell: ({ row }) => (
          <div className="flex flex-col py-1">
            <span className="text-ui-fg-base">{row.original.name}</span>
            {row.original.description && (
              <span className="text-ui-fg-subtle truncate">{row.original.description}</span>
            )}
          </div>
        ),
      }),
      columnHelper.accessor("handle", {
        header: "Handle",
        cell: ({ getValue }) => <code className="txt-compact-small">{getValue()}</code>,
      }),
      columnHelper.accessor("subscriber_count", {
        header: "Subscribers",
        align: "right",
        cell: ({ getValue }) => (
          <span className="tabular-nums">{(getValue() ?? 0).toLocaleString()}</span>
        ),
      }),
      columnHelper.accessor("is_default", {
        header: "Default",
        cell: ({ getValue }) =>
          getValue() ? <Badge size="2xsmall" color="blue">Default</Badge> : "-",
      }),
      columnHelper.accessor("is_public", {
        header: "Visibility",
        cell: ({ getValue }) =>
          getValue() ? (
            <Badge size="2xsmall" color="green">Public</Badge>
          ) : (
            <Badge size="2xsmall">Hidden</Badge>
          ),
      }),
      columnHelper.action({
        actions: [
          {
            label: "Edit",
            icon: <PencilSquare />,
            onClick: ({ row }) => setDrawer({ open: true, topic: row.original }),
          },
          {
            label: "Delete",
            icon: <Trash />,
            onClick: async ({ row }) => {
              const t = row.original
              const ok = await prompt({
                title: `Delete ${t.name}?`,
                description: `${(t.subscriber_count ?? 0).toLocaleString()} subscribers lose this topic, and the handle “${t.handle}” stops working in sign-up forms and imports.`,
                confirmText: "Delete",
                cancelText: "Cancel",
              })
              if (!ok) return
              deleteTopic.mutate(t.id, {
                onSuccess: () => toast.success(`Topic ${t.name} deleted`),
                onError: (e) => toast.error(errorMessage(e, "Could not delete the topic")),
              })
            },
          },
        ],
      }),
    ],
    // eslint-disable-next-line react-hooks/exhaustive-deps
    []
  )

  const table = useDataTable({
    data: topics ?? [],
    columns,
    getRowId: (row) => row.id,
    rowCount: topics?.length ?? 0,
    isLoading,
  })

  if (isError) {
    throw error
  }

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading>Topics</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            What people can subscribe to: newsletter, offers, product news.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={() => setDrawer({ open: true, topic: null })}>
          Create topic
        </Button>
      </div>
      <DataTable instance={table}>
        <DataTable.Table
          emptyState={{
            empty: {
              heading: "No topics yet",
              description: "Create a topic so subscribers can choose what they hear about.",
            },
          }}
        />
      </DataTable>
      <TopicFormDrawer
        open={drawer.open}
        topic={drawer.topic}
        onOpenChange={(open) => setDrawer((d) => ({ ...d, open }))}
      />
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "Topics",
  rank: 2,
})

export const handle = {
  breadcrumb: () => "Topics",
}

export default TopicsPage
