import { defineMiddlewares } from "@medusajs/framework/http"
import { adminMarketingMiddlewares } from "./admin/marketing/middlewares"
import { adminTemplateMiddlewares } from "./admin/marketing/templates/middlewares"
import { adminCampaignMiddlewares } from "./admin/marketing/campaigns/middlewares"
import { adminAnalyticsMiddlewares } from "./admin/marketing/analytics/middlewares"
import { storeMarketingMiddlewares } from "./store/marketing/middlewares"
import { publicMarketingMiddlewares } from "./marketing/middlewares"
import { markServesHttp } from "../modules/marketing/tracking-listener"

// Only processes that load the API (server and shared mode, not workers or
// `medusa exec`) start the dedicated tracking listener.
markServesHttp()

export default defineMiddlewares({
  routes: [
    ...adminMarketingMiddlewares,
    ...adminTemplateMiddlewares,
    ...adminCampaignMiddlewares,
    ...adminAnalyticsMiddlewares,
    ...storeMarketingMiddlewares,
    ...publicMarketingMiddlewares,
  ],
})
