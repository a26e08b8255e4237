export const defaultAdminContactFields = [
  "id",
  "email",
  "first_name",
  "last_name",
  "phone",
  "locale",
  "timezone",
  "country_code",
  "status",
  "source",
  "customer_id",
  "subscribed_at",
  "unsubscribed_at",
  "erased_at",
  "created_at",
  "updated_at",
]

export const retrieveContactQueryConfig = {
  defaults: [
    ...defaultAdminContactFields,
    "metadata",
    "topics.id",
    "topics.subscribed",
    "topics.topic.id",
    "topics.topic.handle",
    "topics.topic.name",
    "customer.id",
    "customer.email",
    "customer.first_name",
    "customer.last_name",
    "customer.has_account",
  ],
  isList: false,
}

export const listContactsQueryConfig = {
  defaults: defaultAdminContactFields,
  defaultLimit: 20,
  isList: true,
}

export const defaultAdminTopicFields = ["id", "handle", "name", "description", "is_default", "is_public", "created_at", "updated_at"]

export const listTopicsQueryConfig = { defaults: defaultAdminTopicFields, defaultLimit: 100, isList: true }
export const retrieveTopicQueryConfig = { defaults: defaultAdminTopicFields, isList: false }

export const listSuppressionsQueryConfig = {
  defaults: ["id", "email", "reason", "source", "note", "created_at"],
  defaultLimit: 20,
  isList: true,
}

export const consentEventFields = [
  "id",
  "action",
  "channel",
  "email",
  "topic_handle",
  "source",
  "ip",
  "user_agent",
  "wording",
  "wording_version",
  "occurred_at",
]
