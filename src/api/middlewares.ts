import { defineMiddlewares } from "@medusajs/framework/http"
import { adminMarketingMiddlewares } from "./admin/marketing/middlewares"
import { adminTemplateMiddlewares } from "./admin/marketing/templates/middlewares"
import { adminCampaignMiddlewares } from "./admin/marketing/campaigns/middlewares"
import { adminAnalyticsMiddlewares } from "./admin/marketing/analytics/middlewares"
import { storeMarketingMiddlewares } from "./store/marketing/middlewares"
import { publicMarketingMiddlewares } from "./marketing/middlewares"

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
