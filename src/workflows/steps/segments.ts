import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { SegmentRefreshResult } from "../../modules/marketing/types"
import type { ParsedImport } from "../../lib/contact-csv"

export type SegmentInput = {
  name: string
  description?: string | null
  type: "dynamic" | "static"
  rules?: unknown
}

export type SegmentUpdateInput = {
  id: string
  name?: string
  description?: string | null
  rules?: unknown
}

const SEGMENT_FIELDS = ["id", "name", "description", "type", "rules", "is_built_in", "handle"]

function rulesFor(input: { type: string; rules?: unknown }): unknown {
  if (input.type === "static") {
    if (input.rules !== undefined && input.rules !== null) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        "A static segment has no rules: its members are added by hand or by CSV import"
      )
    }
    return null
  }
  if (input.rules === undefined || input.rules === null) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A dynamic segment needs rules")
  }
  return input.rules
}

/** Validate and create segments; undo deletes them with any members they got. */
export const createSegmentsStep = createStep(
  "create-segments",
  async (input: SegmentInput[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const rows = input.map((s) => ({ ...s, rules: rulesFor(s) as Record<string, unknown> | null }))
    for (const row of rows) {
      if (row.rules) {
        await marketing.assertSegmentRules(row.rules)
      }
    }
    const segments = await marketing.createSegments(rows)
    return new StepResponse(segments, segments.map((s) => s.id))
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.purgeSegmentMembers(ids)
    await marketing.deleteSegments(ids)
  }
)

/**
 * Rename, describe or change the rules of segments. A built-in segment's
 * rules are fixed (duplicate it to change them); changed rules are checked
 * against every other segment, so an edit cannot close a cycle.
 */
export const updateSegmentsStep = createStep(
  "update-segments",
  async (input: SegmentUpdateInput[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const before = await marketing.listSegments({ id: input.map((s) => s.id) }, { select: SEGMENT_FIELDS })
    const byId = new Map(before.map((s) => [s.id, s]))
    for (const change of input) {
      const current = byId.get(change.id)
      if (!current) {
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${change.id} was not found`)
      }
      if (change.rules === undefined) {
        continue
      }
      if (current.is_built_in) {
        throw new MedusaError(
          MedusaError.Types.NOT_ALLOWED,
          `"${current.name}" is a built-in segment: its rules cannot change. Duplicate it to make an editable copy.`
        )
      }
      change.rules = rulesFor({ type: current.type, rules: change.rules })
      await marketing.assertSegmentRules(change.rules, change.id)
    }
    const segments = await marketing.updateSegments(input as any)
    return new StepResponse(
      segments,
      before.map(({ id, name, description, rules }) => ({ id, name, description, rules }))
    )
  },
  async (before, { container }) => {
    if (!before?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.updateSegments(before as any)
  }
)

/** Soft-delete segments that are neither built in nor used by another segment. */
export const deleteSegmentsStep = createStep(
  "delete-segments",
  async (ids: string[], { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const segments = await marketing.listSegments({ id: ids }, { select: SEGMENT_FIELDS })
    const missing = ids.filter((id) => !segments.some((s) => s.id === id))
    if (missing.length) {
      throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${missing.join(", ")} was not found`)
    }
    const builtIn = segments.find((s) => s.is_built_in)
    if (builtIn) {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `"${builtIn.name}" is a built-in segment and cannot be deleted`)
    }
    const users = await marketing.findSegmentsReferencing(ids)
    if (users.length) {
      const names = users.map((u) => `"${u.name}" (${u.id})`).join(", ")
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `Segment ${users[0].refers_to.join(", ")} is used in the rules of ${names}; change those rules first`
      )
    }
    await marketing.softDeleteSegments(ids)
    return new StepResponse(ids, ids)
  },
  async (ids, { container }) => {
    if (!ids?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.restoreSegments(ids)
  }
)

/** Membership rows of deleted segments go for good: the last step, nothing to undo. */
export const purgeSegmentMembersStep = createStep("purge-segment-members", async (ids: string[], { container }) => {
  const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
  return new StepResponse(await marketing.purgeSegmentMembers(ids))
})

/**
 * Bring segments' members up to date (all dynamic ones in dependency order
 * when no ids are given). Membership is a projection of the contacts that
 * any later refresh rebuilds, so a failure leaves the previous snapshot and
 * is recorded on the segment; there is nothing to compensate.
 */
export const refreshSegmentMembersStep = createStep(
  "refresh-segment-members",
  async (input: { ids?: string[]; now?: Date; fail_fast?: boolean }, { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const ids = input.ids ?? (await marketing.listSegmentsInRefreshOrder())
    const results: SegmentRefreshResult[] = []
    const failed: { segment_id: string; error: string }[] = []
    for (const [i, id] of ids.entries()) {
      try {
        const r = await marketing.refreshSegmentMembers(id, { now: input.now })
        results.push(r)
        logger.info(
          `[marketing] segment ${id} refreshed (${i + 1}/${ids.length}): ${r.count} members, +${r.entered} -${r.left}, ${r.duration_ms} ms`
        )
      } catch (e: any) {
        if (input.fail_fast) {
          throw e
        }
        failed.push({ segment_id: id, error: e?.message ?? String(e) })
        logger.warn(`[marketing] segment ${id} could not be refreshed: ${e?.message ?? e}`)
        await marketing.markSegmentRefreshFailed(id, e?.message ?? String(e))
      }
    }
    return new StepResponse({ results, failed })
  }
)

/** Add and remove members of a static segment; undo reverses both. */
export const updateStaticSegmentMembersStep = createStep(
  "update-static-segment-members",
  async (input: { segment_id: string; add?: string[]; remove?: string[] }, { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const remove = input.remove ?? []
    const removed = remove.length
      ? await marketing.removeStaticSegmentMembers(input.segment_id, remove)
      : { removed: 0, removed_ids: [] as string[] }
    const added = await marketing.addStaticSegmentMembers(input.segment_id, input.add ?? [], "manual")
    return new StepResponse(
      {
        added: added.added,
        already_members: added.already_members,
        not_found: added.not_found,
        removed: removed.removed,
        count: added.count,
      },
      { segment_id: input.segment_id, added_ids: added.added_ids, removed_ids: removed.removed_ids }
    )
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    if (undo.added_ids.length) {
      await marketing.removeStaticSegmentMembers(undo.segment_id, undo.added_ids)
    }
    if (undo.removed_ids.length) {
      await marketing.addStaticSegmentMembers(undo.segment_id, undo.removed_ids, "manual")
    }
  }
)

/**
 * Put a parsed CSV's addresses in a static segment. Addresses without a
 * contact become contacts (source "import", not subscribed: being on a list
 * is not consent). Undo takes the members out and removes the new contacts.
 */
export const importStaticSegmentMembersStep = createStep(
  "import-static-segment-members",
  async (input: { segment_id: string; parsed: ParsedImport }, { container }) => {
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const { parsed } = input
    const upserted = await marketing.upsertContactsByEmail(
      parsed.rows.map(({ topics: _topics, ...profile }) => profile),
      { source: "import" }
    )
    const added = await marketing.addStaticSegmentMembersByEmail(
      input.segment_id,
      parsed.rows.map((r) => r.email),
      "import"
    )
    const report = {
      rows: parsed.total_rows,
      added: added.added,
      already_members: added.already_members,
      created_contacts: upserted.created,
      duplicates: parsed.duplicates,
      invalid_count: parsed.invalid_count,
      invalid: parsed.invalid,
      count: added.count,
    }
    return new StepResponse(report, {
      segment_id: input.segment_id,
      added_ids: added.added_ids,
      created_ids: upserted.created_ids,
    })
  },
  async (undo, { container }) => {
    if (!undo) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    if (undo.added_ids.length) {
      await marketing.removeStaticSegmentMembers(undo.segment_id, undo.added_ids)
    }
    if (undo.created_ids.length) {
      await marketing.purgeContacts(undo.created_ids)
    }
  }
)
