import { validateAndTransformBody, validateAndTransformQuery } from "@medusajs/framework/http"
import type { MiddlewareRoute } from "@medusajs/framework/http"
import {
  listContactsQueryConfig,
  listSegmentsQueryConfig,
  retrieveSegmentQueryConfig,
  listSuppressionsQueryConfig,
  listTopicsQueryConfig,
  retrieveContactQueryConfig,
  retrieveTopicQueryConfig,
} from "./query-config"
import {
  AdminCreateContact,
  AdminCreateSegment,
  AdminGetSegmentContactsParams,
  AdminGetSegmentsParams,
  AdminImportSegmentContacts,
  AdminPreviewSegment,
  AdminUpdateSegment,
  AdminUpdateSegmentContacts,
  AdminCreateSuppression,
  AdminCreateTopic,
  AdminExportContactsParams,
  AdminGdprRequest,
  AdminGetContactParams,
  AdminGetContactsParams,
  AdminGetSuppressionsParams,
  AdminGetTopicsParams,
  AdminImportContacts,
  AdminPreviewImport,
  AdminUpdateContact,
  AdminUpdateTopic,
} from "./validators"

const BASE = "/admin/marketing"

export const adminMarketingMiddlewares: MiddlewareRoute[] = [
  {
    methods: ["GET"],
    matcher: `${BASE}/segments`,
    middlewares: [validateAndTransformQuery(AdminGetSegmentsParams, listSegmentsQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/segments`,
    middlewares: [
      validateAndTransformBody(AdminCreateSegment),
      validateAndTransformQuery(AdminGetContactParams, retrieveSegmentQueryConfig),
    ],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/segments/preview`,
    middlewares: [validateAndTransformBody(AdminPreviewSegment)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/segments/:id`,
    middlewares: [validateAndTransformQuery(AdminGetContactParams, retrieveSegmentQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/segments/:id`,
    middlewares: [
      validateAndTransformBody(AdminUpdateSegment),
      validateAndTransformQuery(AdminGetContactParams, retrieveSegmentQueryConfig),
    ],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/segments/:id/refresh`,
    middlewares: [validateAndTransformQuery(AdminGetContactParams, retrieveSegmentQueryConfig)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/segments/:id/contacts`,
    middlewares: [validateAndTransformQuery(AdminGetSegmentContactsParams, { defaults: [], isList: false })],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/segments/:id/contacts`,
    middlewares: [validateAndTransformBody(AdminUpdateSegmentContacts)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/segments/:id/import`,
    bodyParser: { sizeLimit: "60mb" },
    middlewares: [validateAndTransformBody(AdminImportSegmentContacts)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/contacts`,
    middlewares: [validateAndTransformQuery(AdminGetContactsParams, listContactsQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/contacts`,
    middlewares: [
      validateAndTransformBody(AdminCreateContact),
      validateAndTransformQuery(AdminGetContactParams, retrieveContactQueryConfig),
    ],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/contacts/export`,
    middlewares: [validateAndTransformQuery(AdminExportContactsParams, { defaults: [], isList: false })],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/contacts/import/preview`,
    bodyParser: { sizeLimit: "60mb" },
    middlewares: [validateAndTransformBody(AdminPreviewImport)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/contacts/import`,
    bodyParser: { sizeLimit: "60mb" },
    middlewares: [validateAndTransformBody(AdminImportContacts)],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/contacts/:id`,
    middlewares: [validateAndTransformQuery(AdminGetContactParams, retrieveContactQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/contacts/:id`,
    middlewares: [
      validateAndTransformBody(AdminUpdateContact),
      validateAndTransformQuery(AdminGetContactParams, retrieveContactQueryConfig),
    ],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/topics`,
    middlewares: [validateAndTransformQuery(AdminGetTopicsParams, listTopicsQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/topics`,
    middlewares: [
      validateAndTransformBody(AdminCreateTopic),
      validateAndTransformQuery(AdminGetContactParams, retrieveTopicQueryConfig),
    ],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/topics/:id`,
    middlewares: [validateAndTransformQuery(AdminGetContactParams, retrieveTopicQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/topics/:id`,
    middlewares: [
      validateAndTransformBody(AdminUpdateTopic),
      validateAndTransformQuery(AdminGetContactParams, retrieveTopicQueryConfig),
    ],
  },
  {
    methods: ["GET"],
    matcher: `${BASE}/suppressions`,
    middlewares: [validateAndTransformQuery(AdminGetSuppressionsParams, listSuppressionsQueryConfig)],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/suppressions`,
    middlewares: [
      validateAndTransformBody(AdminCreateSuppression),
      validateAndTransformQuery(AdminGetContactParams, { ...listSuppressionsQueryConfig, isList: false }),
    ],
  },
  {
    methods: ["POST"],
    matcher: `${BASE}/gdpr/*`,
    middlewares: [validateAndTransformBody(AdminGdprRequest)],
  },
]
