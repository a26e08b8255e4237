import type { MedusaNextFunction, MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { Logger, MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { z } from "@medusajs/framework/zod"
import { maskEmail } from "../../lib/email"
import type { Page, PreferenceTopic } from "../../lib/system-emails"
import { PAGE_HEADERS, renderErrorPage } from "../../lib/system-emails"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import type { MarketingModuleOptions } from "../../modules/marketing/types"

/** Bodies of the public recipient routes (forms, one-click POSTs) are small; anything bigger is refused. */
export const PUBLIC_BODY_LIMIT_BYTES = 16 * 1024

export function marketingOptions(scope: MedusaContainer): MarketingModuleOptions {
  return scope.resolve<MarketingModuleService>(MARKETING_MODULE).getOptions()
}

/** Who is asking, for the consent ledger. */
export function requestContext(req: MedusaRequest): { ip: string | null; user_agent: string | null } {
  const ua = req.get("user-agent")
  return {
    ip: req.ip ?? null,
    user_agent: ua ? ua.slice(0, 512) : null,
  }
}

/** A hosted page, with the headers every page carries (PAGE_HEADERS). */
export function sendPage(res: MedusaResponse, page: Page): void {
  res.status(page.status)
  res.set(PAGE_HEADERS)
  res.send(page.html)
}

/** An error as a page for a person: their mistake explained, ours apologised for, never a stack. */
export function errorPage(scope: MedusaContainer | undefined, err: unknown): Page {
  let storeName = "Store"
  try {
    if (scope) {
      storeName = marketingOptions(scope).store_name
    }
  } catch {
    // keep the default name
  }
  const e = err as { type?: string; message?: string; status?: number; statusCode?: number }
  const httpStatus = e?.statusCode ?? e?.status
  if (typeof httpStatus === "number" && httpStatus >= 400 && httpStatus < 500) {
    return renderErrorPage({ storeName, status: httpStatus, message: e.message ?? "The request could not be read." })
  }
  switch (e?.type) {
    case MedusaError.Types.INVALID_DATA:
    case MedusaError.Types.NOT_ALLOWED:
    case MedusaError.Types.INVALID_ARGUMENT:
      return renderErrorPage({ storeName, status: 400, message: e.message ?? "This link is not valid." })
    case MedusaError.Types.NOT_FOUND:
      return renderErrorPage({ storeName, status: 404, message: e.message ?? "Not found." })
    case MedusaError.Types.CONFLICT:
      return renderErrorPage({
        storeName,
        status: 409,
        message: "Another request for this subscription is in progress. Wait a moment and try again.",
      })
  }
  try {
    scope?.resolve<Logger>(ContainerRegistrationKeys.LOGGER).error(err as Error)
  } catch {
    // no logger: nothing more to do
  }
  return renderErrorPage({
    storeName,
    status: 500,
    message: "Something went wrong on our side. Please try the link again in a few minutes.",
  })
}

type PageHandler = (req: MedusaRequest<any>, res: MedusaResponse) => Promise<void>

/** Route handlers of recipient pages answer every failure with an HTML page. */
export function pageRoute(handler: PageHandler): PageHandler {
  return async (req, res) => {
    try {
      await handler(req, res)
    } catch (err) {
      if (!res.headersSent) {
        sendPage(res, errorPage(req.scope, err))
      }
    }
  }
}

function firstIssueMessage(error: z.ZodError): string {
  const issue = error.issues[0]
  return issue?.message || "This link is not valid. Copy the whole link from the email and try again."
}

/**
 * Validates a recipient page's input with zod and answers a failure with an
 * HTML error page (the JSON validators of `@medusajs/framework/http` would
 * answer JSON). The query goes to `req.validatedQuery`; for POST, the form
 * fields merged with `?token=` go to `req.validatedBody`.
 */
export function validatePageInput(schema: z.ZodType, from: "query" | "form") {
  return async function validateMarketingPageInput(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
    const body = (req.body && typeof req.body === "object" ? req.body : {}) as Record<string, unknown>
    const input =
      from === "query" ? { ...req.query } : { ...body, token: (req.query as any)?.token ?? body.token }
    const parsed = await schema.safeParseAsync(input)
    if (!parsed.success) {
      const storeName = safeStoreName(req.scope)
      sendPage(res, renderErrorPage({ storeName, status: 400, message: firstIssueMessage(parsed.error) }))
      return
    }
    if (from === "query") {
      ;(req as any).validatedQuery = parsed.data
    } else {
      ;(req as any).validatedBody = parsed.data
    }
    next()
  }
}

function safeStoreName(scope: MedusaContainer | undefined): string {
  try {
    return scope ? marketingOptions(scope).store_name : "Store"
  } catch {
    return "Store"
  }
}

/**
 * Reads a small form body (application/x-www-form-urlencoded or
 * multipart/form-data, as RFC 8058 one-click POSTs send) into
 * `req.body` ({ name: value | value[] }), refusing more than `limitBytes`
 * with a 413 page. Used with `bodyParser: false` on the route, since
 * Medusa's parsers answer errors in JSON and do not read multipart.
 */
export function parseFormBody(limitBytes = PUBLIC_BODY_LIMIT_BYTES) {
  return function parseMarketingFormBody(req: MedusaRequest, res: MedusaResponse, next: MedusaNextFunction) {
    const tooLarge = () => {
      res.setHeader("Connection", "close")
      sendPage(
        res,
        renderErrorPage({
          storeName: safeStoreName(req.scope),
          status: 413,
          message: `The request is too large: at most ${Math.floor(limitBytes / 1024)} KB is accepted here.`,
        })
      )
    }
    if ((req as any).readableEnded || (req as any)._body) {
      req.body = normaliseFields(req.body)
      next()
      return
    }
    readRawBody(req, limitBytes).then(
      (raw) => {
        if (!raw) {
          tooLarge()
          return
        }
        try {
          req.body = parseFields(raw, String(req.headers["content-type"] ?? ""))
        } catch {
          req.body = {}
        }
        next()
      },
      (err) => next(err)
    )
  }
}

/**
 * A request's body as bytes, or null when it is (or declares to be) larger
 * than `limitBytes`: the rest is drained, never buffered. For routes with
 * `bodyParser: false` (forms, signed webhooks that need the exact bytes).
 */
export function readRawBody(req: MedusaRequest, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"])
    if (Number.isFinite(declared) && declared > limitBytes) {
      req.resume()
      resolve(null)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let finished = false
    req.on("data", (chunk: Buffer) => {
      if (finished) {
        return
      }
      size += chunk.length
      if (size > limitBytes) {
        finished = true
        req.resume()
        resolve(null)
        return
      }
      chunks.push(chunk)
    })
    req.on("end", () => {
      if (!finished) {
        finished = true
        resolve(Buffer.concat(chunks))
      }
    })
    req.on("error", (err) => {
      if (!finished) {
        finished = true
        reject(err)
      }
    })
  })
}

type Fields = Record<string, string | string[]>

function add(fields: Fields, name: string, value: string) {
  const prev = fields[name]
  if (prev === undefined) {
    fields[name] = value
  } else if (Array.isArray(prev)) {
    prev.push(value)
  } else {
    fields[name] = [prev, value]
  }
}

function normaliseFields(body: unknown): Fields {
  return body && typeof body === "object" ? (body as Fields) : {}
}

/** Form fields of a urlencoded or multipart body; file parts and other types are ignored. */
export function parseFields(raw: Buffer, contentType: string): Fields {
  const fields: Fields = {}
  const type = contentType.toLowerCase()
  if (type.startsWith("multipart/form-data")) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType)
    const marker = boundary?.[1] ?? boundary?.[2]?.trim()
    if (!marker) {
      return fields
    }
    const text = raw.toString("latin1")
    for (const part of text.split(`--${marker}`)) {
      if (!part || part.startsWith("--")) {
        continue
      }
      const cut = part.indexOf("\r\n\r\n")
      if (cut < 0) {
        continue
      }
      const headers = part.slice(0, cut)
      const name = /name="([^"]*)"/i.exec(headers)?.[1]
      if (!name || /filename=/i.test(headers)) {
        continue
      }
      const value = part.slice(cut + 4).replace(/\r\n$/, "")
      add(fields, name, Buffer.from(value, "latin1").toString("utf8"))
    }
    return fields
  }
  if (type.startsWith("application/x-www-form-urlencoded") || type === "" || type.startsWith("text/plain")) {
    for (const [k, v] of new URLSearchParams(raw.toString("utf8"))) {
      add(fields, k, v)
    }
  }
  return fields
}

export type ContactPreferences = {
  contact_id: string
  /** masked, so a forwarded link does not give the address away */
  email: string
  status: string
  topics: PreferenceTopic[]
}

/** The preference centre's data: public topics, and which the contact gets. */
export async function loadPreferences(scope: MedusaContainer, contactId: string): Promise<ContactPreferences> {
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const [{ data: contacts }, { data: topics }] = await Promise.all([
    query.graph({
      entity: "contact",
      fields: ["id", "email", "status", "topics.subscribed", "topics.topic_id"],
      filters: { id: contactId },
    }),
    query.graph({
      entity: "topic",
      fields: ["id", "handle", "name", "description"],
      filters: { is_public: true },
      pagination: { order: { name: "ASC" } },
    }),
  ])
  const contact = contacts[0] as any
  if (!contact || contact.status === "cleaned") {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      "This link is no longer valid: the subscription it belongs to does not exist any more."
    )
  }
  const held = new Set(
    (contact.topics ?? []).filter((t: any) => t?.subscribed).map((t: any) => t.topic_id as string)
  )
  return {
    contact_id: contact.id,
    email: maskEmail(contact.email),
    status: contact.status,
    topics: (topics as any[]).map((t) => ({
      handle: t.handle,
      name: t.name,
      description: t.description ?? null,
      subscribed: contact.status === "subscribed" && held.has(t.id),
    })),
  }
}

/** The topic an unsubscribe token names, for the confirmation page. */
export async function topicName(scope: MedusaContainer, handle: string | null): Promise<string | null> {
  if (!handle) {
    return null
  }
  const query = scope.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "topic", fields: ["name"], filters: { handle } })
  return (data[0] as any)?.name ?? handle
}
