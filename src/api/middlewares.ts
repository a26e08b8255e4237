import { defineMiddlewares } from "@medusajs/framework/http"
import { adminMarketingMiddlewares } from "./admin/marketing/middlewares"
import { storeMarketingMiddlewares } from "./store/marketing/middlewares"
import { publicMarketingMiddlewares } from "./marketing/middlewares"

export default defineMiddlewares({
  routes: [...adminMarketingMiddlewares, ...storeMarketingMiddlewares, ...publicMarketingMiddlewares],
})
