import type { MiddlewareRoute } from "@medusajs/framework/http"
import { parseFormBody, validatePageInput } from "./helpers"
import { PageTokenQuery, PreferencesForm, UnsubscribeForm } from "./validators"

/**
 * Public recipient pages (no auth, no publishable key). POST bodies are read
 * by our own small form parser (Medusa's parsers do not read multipart, the
 * RFC 8058 one-click format, and answer errors in JSON): bodyParser is off.
 */
export const publicMarketingMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: "/marketing/confirm",
    middlewares: [validatePageInput(PageTokenQuery, "query")],
  },
  {
    methods: ["GET"],
    matcher: "/marketing/preferences",
    middlewares: [validatePageInput(PageTokenQuery, "query")],
  },
  {
    methods: ["POST"],
    matcher: "/marketing/preferences",
    bodyParser: false,
    middlewares: [parseFormBody(), validatePageInput(PreferencesForm, "form")],
  },
  {
    methods: ["GET"],
    matcher: "/marketing/unsubscribe",
    middlewares: [validatePageInput(PageTokenQuery, "query")],
  },
  {
    methods: ["POST"],
    matcher: "/marketing/unsubscribe",
    bodyParser: false,
    middlewares: [parseFormBody(), validatePageInput(UnsubscribeForm, "form")],
  },
  {
    // signatures are over the exact bytes: the route reads the body itself
    methods: ["POST"],
    matcher: "/marketing/webhooks/:provider",
    bodyParser: false,
    middlewares: [],
  },
]
