export const defaultAdminCampaignFields = [
  "id",
  "name",
  "status",
  "subject",
  "preheader",
  "from_name",
  "from_email",
  "reply_to",
  "template_id",
  "topic_id",
  "include_segment_ids",
  "exclude_segment_ids",
  "scheduled_at",
  "frequency_cap_hours",
  "send_rate",
  "ab_test",
  "winner_variant",
  "winner_decision",
  "winner_picked_at",
  "winner_due_at",
  "started_at",
  "completed_at",
  "paused_at",
  "pause_reason",
  "cancelled_at",
  "recipients_count",
  "snapshot_ms",
  "created_at",
  "updated_at",
]

export const listCampaignsQueryConfig = { defaults: defaultAdminCampaignFields, defaultLimit: 20, isList: true }
export const retrieveCampaignQueryConfig = { defaults: defaultAdminCampaignFields, isList: false }

export const defaultAdminMessageFields = [
  "id",
  "contact_id",
  "email",
  "variant",
  "status",
  "skip_reason",
  "attempts",
  "sent_at",
  "failed_at",
  "error",
  "created_at",
]
export const listMessagesQueryConfig = { defaults: defaultAdminMessageFields, defaultLimit: 20, isList: true }
