import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { emitEventStep } from "@medusajs/medusa/core-flows"
import {
  createSegmentsStep,
  deleteSegmentsStep,
  importStaticSegmentMembersStep,
  purgeSegmentMembersStep,
  refreshSegmentMembersStep,
  SegmentInput,
  SegmentUpdateInput,
  updateSegmentsStep,
  updateStaticSegmentMembersStep,
} from "./steps/segments"
import { parseContactsCsvStep } from "./steps/import-contacts"
import type { SegmentRefreshResult } from "../modules/marketing/types"

export const SegmentEvents = {
  CREATED: "marketing.segment.created",
  UPDATED: "marketing.segment.updated",
  DELETED: "marketing.segment.deleted",
  /** a refresh changed who is in a segment: { id, entered, left, count } */
  MEMBERS_CHANGED: "marketing.segment.members_changed",
} as const

const membersChangedEvents = (results: SegmentRefreshResult[]) =>
  results
    .filter((r) => r.entered > 0 || r.left > 0)
    .map((r) => ({ id: r.segment_id, entered: r.entered, left: r.left, count: r.count }))

/** Create a segment; a dynamic one gets its members before the workflow returns. */
export const createSegmentWorkflow = createWorkflow("marketing-create-segment", (input: SegmentInput) => {
  const segments = createSegmentsStep(transform({ input }, ({ input }) => [input]))
  const segment = transform({ segments }, ({ segments }) => segments[0])
  const refreshed = refreshSegmentMembersStep(
    transform({ segment }, ({ segment }) => ({ ids: [segment.id], fail_fast: true }))
  )
  emitEventStep({ eventName: SegmentEvents.CREATED, data: transform({ segment }, ({ segment }) => ({ id: segment.id })) })
  emitEventStep({
    eventName: SegmentEvents.MEMBERS_CHANGED,
    data: transform({ refreshed }, ({ refreshed }) => membersChangedEvents(refreshed.results)),
  }).config({ name: "emit-segment-members-changed" })
  return new WorkflowResponse({ segment, refresh: transform({ refreshed }, ({ refreshed }) => refreshed.results[0]) })
})

/** Rename or change a segment's rules; changed rules refresh its members at once. */
export const updateSegmentWorkflow = createWorkflow("marketing-update-segment", (input: SegmentUpdateInput) => {
  const segments = updateSegmentsStep(transform({ input }, ({ input }) => [input]))
  const refreshed = when({ input }, ({ input }) => input.rules !== undefined).then(() =>
    refreshSegmentMembersStep(transform({ input }, ({ input }) => ({ ids: [input.id], fail_fast: true })))
  )
  emitEventStep({ eventName: SegmentEvents.UPDATED, data: transform({ input }, ({ input }) => ({ id: input.id })) })
  emitEventStep({
    eventName: SegmentEvents.MEMBERS_CHANGED,
    data: transform({ refreshed }, ({ refreshed }) => membersChangedEvents(refreshed?.results ?? [])),
  }).config({ name: "emit-segment-members-changed" })
  return new WorkflowResponse(transform({ segments }, ({ segments }) => segments[0]))
})

export const deleteSegmentsWorkflow = createWorkflow("marketing-delete-segments", (input: { ids: string[] }) => {
  const ids = deleteSegmentsStep(input.ids)
  emitEventStep({
    eventName: SegmentEvents.DELETED,
    data: transform({ ids }, ({ ids }) => ids.map((id) => ({ id }))),
  })
  purgeSegmentMembersStep(ids)
  return new WorkflowResponse(ids)
})

/**
 * Refresh members of the given segments, or of every dynamic segment in
 * dependency order (the scheduled job). A segment that fails is recorded
 * and skipped; the others still refresh.
 */
export const refreshSegmentsWorkflow = createWorkflow(
  "marketing-refresh-segments",
  (input: { ids?: string[]; now?: Date }) => {
    const refreshed = refreshSegmentMembersStep(input)
    emitEventStep({
      eventName: SegmentEvents.MEMBERS_CHANGED,
      data: transform({ refreshed }, ({ refreshed }) => membersChangedEvents(refreshed.results)),
    })
    return new WorkflowResponse(refreshed)
  }
)

/** Add contacts to / remove contacts from a static segment by id. */
export const updateStaticSegmentMembersWorkflow = createWorkflow(
  "marketing-update-static-segment-members",
  (input: { segment_id: string; add?: string[]; remove?: string[] }) => {
    return new WorkflowResponse(updateStaticSegmentMembersStep(input))
  }
)

/** A CSV of addresses into a static segment, with a report of every refused row. */
export const importStaticSegmentMembersWorkflow = createWorkflow(
  "marketing-import-static-segment-members",
  (input: { segment_id: string; csv: string }) => {
    const parsed = parseContactsCsvStep(transform({ input }, ({ input }) => ({ csv: input.csv })))
    return new WorkflowResponse(
      importStaticSegmentMembersStep(
        transform({ input, parsed }, ({ input, parsed }) => ({ segment_id: input.segment_id, parsed }))
      )
    )
  }
)
