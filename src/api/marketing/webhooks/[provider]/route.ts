import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import {
  assertJsonContentType,
  MAX_BODY_BYTES,
  parseGenericEvents,
  parseJsonBody,
  parsePostmarkEvent,
  parseSendgridEvents,
  parseSesNotification,
  POSTMARK_WWW_AUTHENTICATE,
  verifyGenericWebhook,
  verifyPostmarkAuth,
  verifySendgridWebhook,
  verifySnsMessage,
  WebhookError,
  type DeliveryEvent,
} from "../../../../lib/webhooks"
import { processDeliveryReportsWorkflow } from "../../../../workflows/delivery-reports"
import { readRawBody } from "../../helpers"
import { marketing } from "../../tracking-helpers"
import { snsCertificateSource, confirmSnsSubscription } from "./sns"

const PROVIDERS = ["generic", "ses", "sendgrid", "postmark"] as const
type Provider = (typeof PROVIDERS)[number]

const fail = (res: MedusaResponse, status: number, code: string, message: string) => {
  res.status(status).json({ type: code, message })
}

/**
 * POST /marketing/webhooks/:provider — delivery reports (deliveries,
 * bounces, complaints) from the sending service: `generic` (our HMAC-signed
 * JSON), `ses` (Amazon SES through SNS, signature checked against the
 * certificate), `sendgrid` (ECDSA-signed Event Webhook), `postmark` (basic
 * auth). Each is verified before anything is read, answers 4xx with the
 * reason for bad input, and is off (404) until its secret is configured.
 * Replays change nothing (reports are deduplicated on the provider's id).
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const provider = String(req.params.provider) as Provider
  if (!PROVIDERS.includes(provider)) {
    fail(res, 404, "not_found", `Unknown webhook "${provider}": use one of ${PROVIDERS.join(", ")}`)
    return
  }
  const service = marketing(req)
  const options = service.getOptions()
  const configured: Record<Provider, boolean> = {
    generic: !!options.webhook_secret,
    ses: options.ses_enabled,
    sendgrid: !!options.sendgrid_public_key,
    postmark: !!(options.postmark_user && options.postmark_password),
  }
  if (!configured[provider]) {
    fail(res, 404, "not_configured", `The ${provider} webhook is not configured on this store`)
    return
  }
  const raw = await readRawBody(req, MAX_BODY_BYTES)
  if (!raw) {
    res.setHeader("Connection", "close")
    fail(res, 413, "payload_too_large", `The webhook body is larger than ${MAX_BODY_BYTES / 1_000_000} MB`)
    return
  }
  let events: DeliveryEvent[]
  try {
    switch (provider) {
      case "generic":
        assertJsonContentType(req.headers["content-type"])
        verifyGenericWebhook(raw, req.headers, options.webhook_secret)
        events = parseGenericEvents(raw)
        break
      case "sendgrid":
        assertJsonContentType(req.headers["content-type"])
        verifySendgridWebhook(raw, req.headers, options.sendgrid_public_key)
        events = parseSendgridEvents(raw)
        break
      case "postmark":
        verifyPostmarkAuth(req.headers.authorization, options.postmark_user, options.postmark_password)
        assertJsonContentType(req.headers["content-type"])
        events = parsePostmarkEvent(raw)
        break
      case "ses": {
        // SNS posts text/plain
        assertJsonContentType(req.headers["content-type"])
        const message = await verifySnsMessage(parseJsonBody(raw, "SNS message"), {
          getCertificate: snsCertificateSource(options.sns_cert_dir),
          topicArns: options.sns_topic_arns.length ? options.sns_topic_arns : undefined,
        })
        if (message.Type !== "Notification") {
          if (message.Type === "SubscriptionConfirmation") {
            confirmSnsSubscription(message, options.sns_cert_dir, req.scope.resolve<Logger>(ContainerRegistrationKeys.LOGGER))
          }
          res.status(200).json({ type: message.Type.toLowerCase(), received: 0, recorded: 0 })
          return
        }
        events = parseSesNotification(message)
        break
      }
    }
  } catch (e) {
    if (e instanceof WebhookError) {
      if (provider === "postmark" && e.status === 401) {
        res.setHeader("WWW-Authenticate", POSTMARK_WWW_AUTHENTICATE)
      }
      fail(res, e.status, e.code, e.message)
      return
    }
    throw e
  }
  const { result } = await processDeliveryReportsWorkflow(req.scope).run({ input: { reports: events } })
  res.status(200).json({ received: events.length, ...result })
}
