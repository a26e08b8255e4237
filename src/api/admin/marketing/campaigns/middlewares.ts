import { validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import type { MiddlewareRoute } from "@medusajs/framework/http"
import { listCampaignsQueryConfig, listMessagesQueryConfig, retrieveCampaignQueryConfig } from "./query-config"
import {
  AdminCampaignControl,
  AdminCreateCampaign,
  AdminEstimateCampaign,
  AdminGetCampaignMessagesParams,
  AdminGetCampaignParams,
  AdminGetCampaignsParams,
  AdminPickWinner,
  AdminSendCampaign,
  AdminTestCampaign,
  AdminUpdateCampaign,
} from "./validators"

const BASE = "/admin/marketing/campaigns"
const retrieve = validateAndTransformQuery(AdminGetCampaignParams, retrieveCampaignQueryConfig)

export const adminCampaignMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: BASE,
    middlewares: [validateAndTransformQuery(AdminGetCampaignsParams, listCampaignsQueryConfig)],
  },
  { methods: ["POST"], matcher: BASE, middlewares: [validateAndTransformBody(AdminCreateCampaign), retrieve] },
  { methods: ["POST"], matcher: `${BASE}/estimate`, middlewares: [validateAndTransformBody(AdminEstimateCampaign)] },
  { methods: ["GET"], matcher: `${BASE}/:id`, middlewares: [retrieve] },
  { methods: ["POST"], matcher: `${BASE}/:id`, middlewares: [validateAndTransformBody(AdminUpdateCampaign), retrieve] },
  { methods: ["POST"], matcher: `${BASE}/:id/send`, middlewares: [validateAndTransformBody(AdminSendCampaign), retrieve] },
  ...["pause", "resume", "cancel", "unschedule"].map((action) => ({
    methods: ["POST" as const],
    matcher: `${BASE}/:id/${action}`,
    middlewares: [validateAndTransformBody(AdminCampaignControl), retrieve],
  })),
  { methods: ["POST"], matcher: `${BASE}/:id/pick-winner`, middlewares: [validateAndTransformBody(AdminPickWinner), retrieve] },
  { methods: ["POST"], matcher: `${BASE}/:id/test`, middlewares: [validateAndTransformBody(AdminTestCampaign)] },
  {
    methods: ["GET"],
    matcher: `${BASE}/:id/messages`,
    middlewares: [validateAndTransformQuery(AdminGetCampaignMessagesParams, listMessagesQueryConfig)],
  },
]
