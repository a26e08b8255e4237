import fc from "fast-check"
import { signTrackingToken } from "../tokens"
import { clickReply, clientIp, openReply, PIXEL_GIF, type TrackedHit, type TrackingResponder } from "../respond"

const SECRET = "respond-secret"
const MESSAGE = "mmsg_0123456789abcdef0123456789abcdef"
const CAMPAIGN = "mcmp_01JABCDEFGHJKMNPQRSTVWXYZ"
const REQ = { method: "GET", ip: "203.0.113.9", user_agent: "Mozilla/5.0" }

function responder(links: Record<string, string> = {}, opts: { failLookup?: boolean } = {}) {
  const queued: TrackedHit[] = []
  const r: TrackingResponder = {
    secret: SECRET,
    store_name: "Acme <Shop>",
    resolveLink: async (source, position) => {
      if (opts.failLookup) {
        throw new Error("connection refused")
      }
      return links[`${source}:${position}`] ?? null
    },
    queueHit: (hit) => {
      queued.push(hit)
    },
  }
  return { r, queued }
}

const open = signTrackingToken({ kind: "open", message_id: MESSAGE }, SECRET)
const click = (link: number, source = CAMPAIGN) =>
  signTrackingToken({ kind: "click", message_id: MESSAGE, source_id: source, link }, SECRET)

describe("openReply", () => {
  it("answers the GIF, uncached, and queues one open for a valid token (with or without .gif)", () => {
    for (const token of [open, `${open}.gif`]) {
      const { r, queued } = responder()
      const reply = openReply(token, REQ, r)
      expect(reply.status).toBe(200)
      expect(reply.body).toEqual(PIXEL_GIF)
      expect(reply.headers["Content-Type"]).toBe("image/gif")
      expect(reply.headers["Cache-Control"]).toContain("no-store")
      expect(queued).toEqual([{ kind: "open", message_id: MESSAGE }])
    }
  })

  it("answers a 404 GIF and counts nothing for tampered, truncated, foreign or click tokens", () => {
    const other = signTrackingToken({ kind: "open", message_id: MESSAGE }, "another-secret")
    const tampered = open.slice(0, -2) + (open.endsWith("AA") ? "AB" : "AA")
    for (const token of ["", "x", open.slice(0, 10), tampered, other, click(1), "../../etc/passwd"]) {
      const { r, queued } = responder()
      const reply = openReply(token, REQ, r)
      expect(reply.status).toBe(404)
      expect(reply.body).toEqual(PIXEL_GIF)
      expect(queued).toEqual([])
    }
  })

  it("never throws and never counts an arbitrary string", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (token) => {
        const { r, queued } = responder()
        const reply = openReply(token, REQ, r)
        return reply.status === 404 && queued.length === 0
      })
    )
  })
})

describe("clickReply", () => {
  const links = { [`${CAMPAIGN}:3`]: "https://shop.example/sale?utm_source=newsletter" }

  it("redirects to the recorded URL only and queues the click", async () => {
    const { r, queued } = responder(links)
    const reply = await clickReply(click(3), REQ, r)
    expect(reply.status).toBe(302)
    expect(reply.headers.Location).toBe(links[`${CAMPAIGN}:3`])
    expect(reply.headers["Cache-Control"]).toContain("no-store")
    expect(queued).toEqual([{ kind: "click", message_id: MESSAGE, source_id: CAMPAIGN, link: 3 }])
  })

  it("answers a page, not a redirect, for bad tokens, unknown links and a database that cannot answer", async () => {
    const cases: [string, Parameters<typeof responder>, number, RegExp][] = [
      [open, [links], 404, /not valid/],
      ["%2F%2Fevil.com", [links], 404, /not valid/],
      [click(4), [links], 404, /no longer available/],
      [click(3, "mcmp_01JOTHERCAMPAIGN0000000"), [links], 404, /no longer available/],
      [click(3), [links, { failLookup: true }], 503, /try again/],
    ]
    for (const [token, args, status, text] of cases) {
      const { r, queued } = responder(...args)
      const reply = await clickReply(token, REQ, r)
      expect(reply.status).toBe(status)
      expect(reply.headers.Location).toBeUndefined()
      expect(reply.headers["Content-Type"]).toMatch(/^text\/html/)
      expect(reply.headers["Content-Security-Policy"]).toContain("default-src 'none'")
      expect(String(reply.body)).toMatch(text)
      // the store name is escaped in the page
      expect(String(reply.body)).toContain("Acme &lt;Shop&gt;")
      expect(queued).toEqual([])
    }
  })
})

describe("clientIp", () => {
  it("ignores X-Forwarded-For when no proxy is trusted", () => {
    expect(clientIp("198.51.100.7", "1.2.3.4", 0)).toBe("198.51.100.7")
  })

  it("reads one entry per trusted hop from the right, as Express does", () => {
    expect(clientIp("10.0.0.1", "203.0.113.9", 1)).toBe("203.0.113.9")
    expect(clientIp("10.0.0.1", "6.6.6.6, 203.0.113.9", 1)).toBe("203.0.113.9")
    expect(clientIp("10.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2", 2)).toBe("203.0.113.9")
    expect(clientIp("10.0.0.1", ["6.6.6.6", "203.0.113.9"], 1)).toBe("203.0.113.9")
  })

  it("stops at the first address when more hops are trusted than there are", () => {
    expect(clientIp("10.0.0.1", "203.0.113.9", 5)).toBe("203.0.113.9")
    expect(clientIp("10.0.0.1", undefined, 2)).toBe("10.0.0.1")
  })

  it("unwraps IPv4-mapped IPv6 socket addresses", () => {
    expect(clientIp("::ffff:127.0.0.1", undefined, 0)).toBe("127.0.0.1")
    expect(clientIp("::1", undefined, 0)).toBe("::1")
    expect(clientIp(undefined, undefined, 0)).toBeNull()
  })
})
