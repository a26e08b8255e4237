import { validateAndTransformQuery } from "@medusajs/framework/http"
import type { MiddlewareRoute } from "@medusajs/framework/http"
import {
  AdminGetAttributionsParams,
  AdminGetCampaignReportExportParams,
  AdminGetCampaignReportParams,
  AdminGetContactActivityParams,
  AdminGetOverviewParams,
} from "./validators"

const BASE = "/admin/marketing"
/** these routes answer computed documents, not entities: no field selection */
const computed = { defaults: [], isList: false }

export const adminAnalyticsMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: `${BASE}/analytics/overview`,
    middlewares: [validateAndTransformQuery(AdminGetOverviewParams, computed)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/analytics/overview/export`,
    middlewares: [validateAndTransformQuery(AdminGetOverviewParams, computed)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/campaigns/:id/report`,
    middlewares: [validateAndTransformQuery(AdminGetCampaignReportParams, computed)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/campaigns/:id/report/export`,
    middlewares: [validateAndTransformQuery(AdminGetCampaignReportExportParams, computed)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/contacts/:id/activity`,
    middlewares: [validateAndTransformQuery(AdminGetContactActivityParams, computed)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/attributions`,
    middlewares: [validateAndTransformQuery(AdminGetAttributionsParams, computed)],
  },
]
