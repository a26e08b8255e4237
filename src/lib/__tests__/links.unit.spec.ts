import {
  buildConfirmUrl,
  buildContactLinks,
  decodeTopicClaim,
  encodeTopicClaim,
  listUnsubscribeHeaders,
} from "../links"
import { verifyToken } from "../tokens"

const SECRET = "links-secret"

function tokenOf(url: string): string {
  return new URL(url).searchParams.get("token")!
}

describe("buildContactLinks", () => {
  it("builds signed unsubscribe, preferences and one-click links on the public URL", () => {
    const links = buildContactLinks({ publicUrl: "https://shop.example.com/", secret: SECRET, contactId: "mcon_1" })
    expect(links.unsubscribe_url).toMatch(/^https:\/\/shop\.example\.com\/marketing\/unsubscribe\?token=/)
    expect(links.preferences_url).toMatch(/^https:\/\/shop\.example\.com\/marketing\/preferences\?token=/)
    expect(links.one_click_url).toBe(links.unsubscribe_url)

    const unsub = verifyToken(tokenOf(links.unsubscribe_url), SECRET, "unsubscribe")
    expect(unsub).toEqual({ ok: true, payload: { p: "unsubscribe", s: "mcon_1", e: 0 } })
    const prefs = verifyToken(tokenOf(links.preferences_url), SECRET, "preferences")
    expect(prefs).toEqual({ ok: true, payload: { p: "preferences", s: "mcon_1", e: 0 } })
  })

  it("binds each token to its purpose", () => {
    const links = buildContactLinks({ publicUrl: "http://localhost:9000", secret: SECRET, contactId: "mcon_1" })
    expect(verifyToken(tokenOf(links.unsubscribe_url), SECRET, "preferences")).toEqual({
      ok: false,
      reason: "wrong_purpose",
    })
    expect(verifyToken(tokenOf(links.preferences_url), SECRET, "unsubscribe")).toEqual({
      ok: false,
      reason: "wrong_purpose",
    })
  })

  it("names the topic in the unsubscribe token when given one", () => {
    const links = buildContactLinks({
      publicUrl: "http://localhost:9000",
      secret: SECRET,
      contactId: "mcon_1",
      topicHandle: "weekly-news",
    })
    const result = verifyToken(tokenOf(links.one_click_url), SECRET, "unsubscribe")
    expect(result.ok && result.payload.x).toBe("weekly-news")
    // the preference link is the same whatever the topic
    expect(verifyToken(tokenOf(links.preferences_url), SECRET, "preferences")).toMatchObject({ ok: true })
  })

  it("keeps a path prefix of the public URL", () => {
    const links = buildContactLinks({ publicUrl: "https://example.com/api///", secret: SECRET, contactId: "mcon_1" })
    expect(links.unsubscribe_url.startsWith("https://example.com/api/marketing/unsubscribe?token=")).toBe(true)
  })

  it("never expires", () => {
    const links = buildContactLinks({ publicUrl: "http://x.test", secret: SECRET, contactId: "mcon_1" })
    const later = Date.now() + 20 * 365 * 24 * 3600 * 1000
    expect(verifyToken(tokenOf(links.unsubscribe_url), SECRET, "unsubscribe", later).ok).toBe(true)
  })
})

describe("listUnsubscribeHeaders", () => {
  it("gives the RFC 8058 header pair", () => {
    const links = buildContactLinks({ publicUrl: "https://x.test", secret: SECRET, contactId: "mcon_1" })
    expect(listUnsubscribeHeaders(links)).toEqual({
      "List-Unsubscribe": `<${links.one_click_url}>`,
      "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    })
  })
})

describe("buildConfirmUrl", () => {
  const NOW = Date.UTC(2026, 0, 1)

  it("signs a confirm token that expires after the ttl and names the topics", () => {
    const { url, token } = buildConfirmUrl({
      publicUrl: "https://shop.example.com",
      secret: SECRET,
      contactId: "mcon_1",
      topicHandles: ["news", "offers", "news"],
      ttlHours: 48,
      now: NOW,
    })
    expect(url).toBe(`https://shop.example.com/marketing/confirm?token=${token}`)
    const ok = verifyToken(token, SECRET, "confirm", NOW + 47 * 3600_000)
    expect(ok).toEqual({ ok: true, payload: { p: "confirm", s: "mcon_1", e: NOW / 1000 + 48 * 3600, x: "news,offers" } })
    expect(verifyToken(token, SECRET, "confirm", NOW + 49 * 3600_000)).toEqual({ ok: false, reason: "expired" })
    expect(verifyToken(token, SECRET, "unsubscribe", NOW)).toEqual({ ok: false, reason: "wrong_purpose" })
  })

  it("carries no claim without topics", () => {
    const { token } = buildConfirmUrl({ publicUrl: "http://x.test", secret: SECRET, contactId: "mcon_1", ttlHours: 1, now: NOW })
    const result = verifyToken(token, SECRET, "confirm", NOW)
    expect(result.ok && result.payload.x).toBeUndefined()
  })
})

describe("topic claims", () => {
  it("round-trip, without duplicates or blanks", () => {
    expect(encodeTopicClaim(["a", "", "b", "a"])).toBe("a,b")
    expect(encodeTopicClaim([])).toBeUndefined()
    expect(decodeTopicClaim("a, b,,a")).toEqual(["a", "b"])
    expect(decodeTopicClaim(null)).toEqual([])
    expect(decodeTopicClaim(undefined)).toEqual([])
  })
})
