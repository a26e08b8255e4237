import { MiddlewareRoute, validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import { limitSignupsPerEmail, limitSignupsPerIp } from "./rate-limit"
import {
  StoreConfirm,
  StoreGetPreferences,
  StoreSubscribe,
  StoreUnsubscribe,
  StoreUpdatePreferences,
} from "./validators"

/** Sign-up and preference bodies are tiny: a larger one is refused with 413. */
const SMALL_BODY = { sizeLimit: "16kb" }

export const storeMarketingMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["POST"],
    matcher: "/store/marketing/subscribe",
    bodyParser: SMALL_BODY,
    middlewares: [limitSignupsPerIp, validateAndTransformBody(StoreSubscribe), limitSignupsPerEmail],
  },
  {
    methods: ["POST"],
    matcher: "/store/marketing/confirm",
    bodyParser: SMALL_BODY,
    middlewares: [validateAndTransformBody(StoreConfirm)],
  },
  {
    methods: ["GET"],
    matcher: "/store/marketing/preferences",
    middlewares: [validateAndTransformQuery(StoreGetPreferences, {})],
  },
  {
    methods: ["POST"],
    matcher: "/store/marketing/preferences",
    bodyParser: SMALL_BODY,
    middlewares: [validateAndTransformBody(StoreUpdatePreferences)],
  },
  {
    methods: ["POST"],
    matcher: "/store/marketing/unsubscribe",
    bodyParser: SMALL_BODY,
    middlewares: [validateAndTransformBody(StoreUnsubscribe)],
  },
]
