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
