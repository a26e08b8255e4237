/**
 * ESP delivery webhooks (bounces, complaints, deliveries, deferrals) as one
 * normalized event. Pure: no Medusa, no network; routes verify, parse, and
 * hand the events to a workflow.
 */
export * from "./common"
export * from "./generic"
export * from "./sns"
export * from "./sendgrid"
export * from "./postmark"
