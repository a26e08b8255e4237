import { queryKeysFactory } from "./query-key-factory"

/**
 * The query-key factories of the marketing resources, in one place so a
 * mutation of one resource can invalidate another without import cycles.
 * Each hooks file re-exports its own.
 */
const _contacts = queryKeysFactory("marketing_contact")
export const contactsQueryKeys = {
  ..._contacts,
  consent: (id: string) => [..._contacts.detail(id), "consent"] as const,
}
export const topicsQueryKeys = queryKeysFactory("marketing_topic")
export const suppressionsQueryKeys = queryKeysFactory("marketing_suppression")
const _segments = queryKeysFactory("marketing_segment")
export const segmentsQueryKeys = {
  ..._segments,
  members: (id: string, query?: Record<string, unknown>) =>
    [..._segments.detail(id), "members", ...(query ? [{ query }] : [])] as const,
  preview: (body: Record<string, unknown>) => [..._segments.all, "preview", body] as const,
  fields: () => [..._segments.all, "fields"] as const,
  /** names of the Medusa records (products, categories...) a rule refers to */
  options: (type: string, query: Record<string, unknown>) =>
    [..._segments.all, "options", type, query] as const,
}
