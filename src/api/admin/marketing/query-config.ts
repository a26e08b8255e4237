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

export const defaultAdminSegmentFields = [
  "id",
  "name",
  "description",
  "type",
  "rules",
  "handle",
  "is_built_in",
  "member_count",
  "count_computed_at",
  "refreshed_at",
  "refresh_duration_ms",
  "last_entered_count",
  "last_left_count",
  "refresh_error",
  "created_at",
  "updated_at",
]

export const listSegmentsQueryConfig = { defaults: defaultAdminSegmentFields, defaultLimit: 50, isList: true }
export const retrieveSegmentQueryConfig = { defaults: defaultAdminSegmentFields, isList: false }
