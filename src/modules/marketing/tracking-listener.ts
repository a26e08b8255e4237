import http from "node:http"
import type { AddressInfo } from "node:net"
import type { Logger } from "@medusajs/framework/types"
import { clickReply, clientIp, openReply, type TrackingReply, type TrackingResponder } from "../../lib/tracking/respond"
import { TRACKING_PATHS } from "../../lib/tracking/urls"

/**
 * The dedicated tracking listener: a plain Node HTTP server on a port of its
 * own (MARKETING_TRACKING_PORT), inside the Medusa process, that answers the
 * open pixel and the click redirect and nothing else.
 *
 * Why: every request Medusa's Express app serves first gets a container
 * scope, its IP context, cookie and session parsing, request logging and a
 * router walk: about 1.6 ms of CPU, so under 50 concurrent connections even
 * `/health` waits 80+ ms in line. A pixel needs a token check and a push to
 * the write queue (tens of microseconds). Mail is opened in bursts right
 * after a send, so the hot path gets a server of its own; point
 * MARKETING_TRACKING_URL (a tracking domain, as Klaviyo and listmonk setups
 * use) at it through the reverse proxy. The Express routes stay, same
 * answers (both call lib/tracking/respond), for stores that do not split.
 *
 * Answers: GET/HEAD `/marketing/o/<token>.gif`, GET/HEAD `/marketing/c/<token>`,
 * GET `/health`; anything else 404, other methods 405. Request bodies are
 * never read.
 */

/** Whether this process serves Medusa's HTTP API (set when our API middlewares load). */
const HTTP_FLAG = Symbol.for("medusa-marketing.serves-http")

/** Called by the API's middlewares file: only processes that serve HTTP start the listener (not workers, not `medusa exec`). */
export function markServesHttp(): void {
  ;(globalThis as Record<symbol, unknown>)[HTTP_FLAG] = true
}

export function servesHttp(): boolean {
  return (globalThis as Record<symbol, unknown>)[HTTP_FLAG] === true
}

export type TrackingListenerOptions = {
  port: number
  host: string
  /** proxies in front of the listener whose X-Forwarded-For is believed (Express's numeric "trust proxy") */
  trustProxy: number
}

const OPEN_PREFIX = `${TRACKING_PATHS.open}/`
const CLICK_PREFIX = `${TRACKING_PATHS.click}/`
const TOKEN_MAX = 512

export class TrackingListener {
  private server: http.Server | null = null

  constructor(
    private readonly responder: TrackingResponder,
    private readonly options: TrackingListenerOptions,
    private readonly logger?: Logger
  ) {}

  /** The bound port (after `start`), e.g. when started on port 0. */
  get port(): number | null {
    const a = this.server?.address() as AddressInfo | null | undefined
    return a?.port ?? null
  }

  async start(): Promise<void> {
    const server = http.createServer((req, res) => {
      this.handle(req, res).catch((e) => {
        this.logger?.warn(`Tracking listener: ${(e as Error).message}`)
        if (!res.headersSent) {
          res.writeHead(500, { "Content-Type": "text/plain" })
        }
        res.end()
      })
    })
    // a proxy's idle keep-alive (often 60 s) must end before ours, never after
    server.keepAliveTimeout = 65_000
    server.headersTimeout = 10_000
    server.requestTimeout = 15_000
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject)
      server.listen(this.options.port, this.options.host || undefined, () => {
        server.off("error", reject)
        resolve()
      })
    })
    server.on("error", (e) => this.logger?.warn(`Tracking listener: ${e.message}`))
    this.server = server
    this.logger?.info(`Tracking listener on ${this.options.host || "*"}:${this.port} (open pixel and click redirect)`)
  }

  /** Stop taking connections and close idle ones; requests in flight finish. */
  async stop(): Promise<void> {
    const server = this.server
    this.server = null
    if (!server) {
      return
    }
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
    })
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = req.url ?? "/"
    const q = url.indexOf("?")
    const path = q === -1 ? url : url.slice(0, q)
    const method = req.method ?? "GET"
    if (path === "/health") {
      write(res, method, { status: 200, headers: { "Content-Type": "text/plain", "Cache-Control": "no-store" }, body: "OK" })
      return
    }
    const open = path.startsWith(OPEN_PREFIX)
    const click = !open && path.startsWith(CLICK_PREFIX)
    if (!open && !click) {
      write(res, method, { status: 404, headers: { "Content-Type": "text/plain" }, body: "Not found" })
      return
    }
    if (method !== "GET" && method !== "HEAD") {
      write(res, method, { status: 405, headers: { Allow: "GET, HEAD", "Content-Type": "text/plain" }, body: "Method not allowed" })
      return
    }
    const raw = path.slice(open ? OPEN_PREFIX.length : CLICK_PREFIX.length)
    // tokens are base64url: no escapes, no slashes; anything longer than a token cannot verify
    const token = raw.length > TOKEN_MAX || raw.includes("/") ? "" : raw
    const ua = req.headers["user-agent"]
    const hit = {
      method,
      ip: clientIp(req.socket.remoteAddress, req.headers["x-forwarded-for"], this.options.trustProxy),
      user_agent: ua,
    }
    write(res, method, open ? openReply(token, hit, this.responder) : await clickReply(token, hit, this.responder))
  }
}

function write(res: http.ServerResponse, method: string, reply: TrackingReply): void {
  const body = typeof reply.body === "string" ? Buffer.from(reply.body) : reply.body
  res.writeHead(reply.status, { ...reply.headers, "Content-Length": String(body.length) })
  res.end(method === "HEAD" ? undefined : body)
}
