import { MedusaError } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { marketingService } from "./subscription-shared"

export type PreparePreferenceChangesStepInput = {
  contact_id: string
  /** JSON form: handle -> wants it; handles not named stay as they are */
  topics?: Record<string, boolean> | null
  /** HTML form: the ticked handles; every other public topic is switched off */
  selected_topics?: string[] | null
  unsubscribe_all?: boolean | null
}

export type PreferenceChanges = {
  unsubscribe_all: boolean
  grant: string[]
  withdraw: string[]
}

export const preparePreferenceChangesStepId = "marketing-subscription-prepare-preferences"

/**
 * Turns a preference-centre submission into the topics to grant and to
 * withdraw. Only public topics can be changed there; unknown handles are
 * refused by name. Reads only.
 */
export const preparePreferenceChangesStep = createStep(
  preparePreferenceChangesStepId,
  async (input: PreparePreferenceChangesStepInput, { container }) => {
    const service = marketingService(container)
    const publicTopics = await service.listTopics({ is_public: true }, { select: ["id", "handle"] })
    const known = new Set(publicTopics.map((t) => t.handle))

    const wanted: Record<string, boolean> = {}
    const named = [...Object.keys(input.topics ?? {}), ...(input.selected_topics ?? [])]
    const unknown = [...new Set(named.filter((h) => !known.has(h)))]
    if (unknown.length) {
      throw new MedusaError(
        MedusaError.Types.INVALID_DATA,
        `Unknown topic ${unknown.length === 1 ? "handle" : "handles"}: ${unknown.join(", ")}`
      )
    }
    if (input.selected_topics) {
      const ticked = new Set(input.selected_topics)
      publicTopics.forEach((t) => (wanted[t.handle] = ticked.has(t.handle)))
    }
    Object.assign(wanted, input.topics ?? {})

    if (input.unsubscribe_all) {
      return new StepResponse<PreferenceChanges>({ unsubscribe_all: true, grant: [], withdraw: [] })
    }

    const contact = await service.retrieveContact(input.contact_id, { select: ["id", "status"] })
    const held = await service.listContactTopics(
      { contact_id: contact.id, subscribed: true },
      { relations: ["topic"], select: ["id", "topic.handle"] }
    )
    const holds = new Set(held.map((h: any) => h.topic?.handle))
    const subscribed = contact.status === "subscribed"
    const handles = Object.keys(wanted)
    return new StepResponse<PreferenceChanges>({
      unsubscribe_all: false,
      // a tick from someone not subscribed (any more) subscribes them again: the link proves the mailbox
      grant: handles.filter((h) => wanted[h] && (!holds.has(h) || !subscribed)),
      withdraw: handles.filter((h) => !wanted[h] && holds.has(h)),
    })
  }
)
