import http from "node:http"
import { signTrackingToken } from "../../../lib/tracking/tokens"
import { PIXEL_GIF, type HitRequest, type TrackedHit } from "../../../lib/tracking/respond"
import { TrackingListener } from "../tracking-listener"

const SECRET = "listener-secret"
const MESSAGE = "mmsg_0123456789abcdef0123456789abcdef"
const CAMPAIGN = "mcmp_01JABCDEFGHJKMNPQRSTVWXYZ"
const TARGET = "https://shop.example/new?utm_source=newsletter"

type Reply = { status: number; headers: http.IncomingHttpHeaders; body: Buffer }

function request(port: number, method: string, path: string, headers: Record<string, string> = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on("error", reject)
    req.end()
  })
}

describe("TrackingListener (real HTTP on a free port)", () => {
  const queued: { hit: TrackedHit; req: HitRequest }[] = []
  const listener = new TrackingListener(
    {
      secret: SECRET,
      store_name: "Acme",
      resolveLink: async (source, position) => (source === CAMPAIGN && position === 2 ? TARGET : null),
      queueHit: (hit, req) => {
        queued.push({ hit, req })
      },
    },
    { port: 0, host: "127.0.0.1", trustProxy: 1 }
  )
  let port = 0
  const open = signTrackingToken({ kind: "open", message_id: MESSAGE }, SECRET)
  const click = signTrackingToken({ kind: "click", message_id: MESSAGE, source_id: CAMPAIGN, link: 2 }, SECRET)

  beforeAll(async () => {
    await listener.start()
    port = listener.port!
  })
  afterAll(() => listener.stop())
  beforeEach(() => {
    queued.length = 0
  })

  it("answers the pixel and queues the open with the client behind the trusted proxy", async () => {
    const r = await request(port, "GET", `/marketing/o/${open}.gif?x=1`, { "user-agent": "Thunderbird", "x-forwarded-for": "203.0.113.5" })
    expect(r.status).toBe(200)
    expect(r.headers["content-type"]).toBe("image/gif")
    expect(r.headers["cache-control"]).toContain("no-store")
    expect(r.body).toEqual(PIXEL_GIF)
    expect(queued).toEqual([
      { hit: { kind: "open", message_id: MESSAGE }, req: { method: "GET", ip: "203.0.113.5", user_agent: "Thunderbird" } },
    ])
  })

  it("redirects a click to the recorded URL only; HEAD gets headers and no body", async () => {
    const r = await request(port, "GET", `/marketing/c/${click}?url=https://evil.example`)
    expect(r.status).toBe(302)
    expect(r.headers.location).toBe(TARGET)
    const head = await request(port, "HEAD", `/marketing/c/${click}`)
    expect(head.status).toBe(302)
    expect(head.body.length).toBe(0)
    expect(queued.map((q) => q.req.method)).toEqual(["GET", "HEAD"])
  })

  it("refuses what is not a tracking hit: bad tokens, other paths, other methods, oversized tokens", async () => {
    const cases: [string, string, number][] = [
      ["GET", `/marketing/o/${open.slice(0, 20)}.gif`, 404],
      ["GET", `/marketing/c/${open}`, 404],
      ["GET", `/marketing/c/${click}/..%2F..%2Fadmin`, 404],
      ["GET", `/marketing/c/${"A".repeat(4000)}`, 404],
      ["GET", "/admin/marketing/contacts", 404],
      ["GET", "/", 404],
      ["POST", `/marketing/o/${open}.gif`, 405],
      ["DELETE", `/marketing/c/${click}`, 405],
    ]
    for (const [method, path, status] of cases) {
      const r = await request(port, method, path)
      expect([method, path.slice(0, 40), r.status]).toEqual([method, path.slice(0, 40), status])
      expect(r.headers.location).toBeUndefined()
    }
    expect(queued).toEqual([])
  })

  it("answers /health for load balancers", async () => {
    const r = await request(port, "GET", "/health")
    expect(r.status).toBe(200)
    expect(r.body.toString()).toBe("OK")
  })
})
