import { validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import type { MiddlewareRoute } from "@medusajs/framework/http"
import { listTemplatesQueryConfig, retrieveTemplateQueryConfig } from "./query-config"
import {
  AdminCreateTemplate,
  AdminDuplicateTemplate,
  AdminGetTemplateParams,
  AdminGetTemplatesParams,
  AdminPreviewTemplate,
  AdminSendTemplateTest,
  AdminUpdateTemplate,
} from "./validators"

const BASE = "/admin/marketing/templates"

/** Raw MJML/HTML documents may be up to 500 KB of text; JSON escaping adds to that. */
const DOCUMENT_BODY = { sizeLimit: "2mb" }

/*
 * The router puts static paths (/templates/preview, /templates/starters)
 * before /templates/:id, so their handlers answer before the :id middlewares
 * below would see the request.
 */
export const adminTemplateMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: BASE,
    middlewares: [validateAndTransformQuery(AdminGetTemplatesParams, listTemplatesQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: BASE,
    bodyParser: DOCUMENT_BODY,
    middlewares: [
      validateAndTransformBody(AdminCreateTemplate),
      validateAndTransformQuery(AdminGetTemplateParams, retrieveTemplateQueryConfig),
    ],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/preview`,
    bodyParser: DOCUMENT_BODY,
    middlewares: [validateAndTransformBody(AdminPreviewTemplate)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/:id`,
    middlewares: [validateAndTransformQuery(AdminGetTemplateParams, retrieveTemplateQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/:id`,
    bodyParser: DOCUMENT_BODY,
    middlewares: [
      validateAndTransformBody(AdminUpdateTemplate),
      validateAndTransformQuery(AdminGetTemplateParams, retrieveTemplateQueryConfig),
    ],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/:id/duplicate`,
    middlewares: [
      validateAndTransformBody(AdminDuplicateTemplate),
      validateAndTransformQuery(AdminGetTemplateParams, retrieveTemplateQueryConfig),
    ],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/:id/test`,
    middlewares: [validateAndTransformBody(AdminSendTemplateTest)],
  },
]
