import {
  autoPauseReason,
  complaintPauseReason,
  CAMPAIGN_ACTIONS,
  CAMPAIGN_STATUSES,
  checkCampaignTransition,
  contactContext,
  countsFromRows,
  domainOf,
  formatFrom,
  isCampaignEditable,
  messageIdHeader,
  recipientContext,
  retryDelayMs,
  sendProgress,
  shouldRetry,
} from ".."
import { verifyToken } from "../../tokens"

describe("campaign lifecycle", () => {
  const allowed: Record<string, string[]> = {
    draft: ["schedule", "start", "cancel"],
    scheduled: ["unschedule", "start", "cancel"],
    sending: ["pause", "complete", "cancel"],
    paused: ["resume", "cancel"],
    sent: [],
    cancelled: [],
  }

  it.each(CAMPAIGN_STATUSES.map((s) => [s]))("%s allows exactly its actions", (status) => {
    const ok = CAMPAIGN_ACTIONS.filter((a) => checkCampaignTransition(status, a).ok)
    expect(ok).toEqual(allowed[status])
  })

  it("leads to the right status", () => {
    expect(checkCampaignTransition("draft", "schedule")).toEqual({ ok: true, to: "scheduled" })
    expect(checkCampaignTransition("scheduled", "start")).toEqual({ ok: true, to: "sending" })
    expect(checkCampaignTransition("sending", "pause")).toEqual({ ok: true, to: "paused" })
    expect(checkCampaignTransition("paused", "resume")).toEqual({ ok: true, to: "sending" })
    expect(checkCampaignTransition("sending", "complete")).toEqual({ ok: true, to: "sent" })
    expect(checkCampaignTransition("paused", "cancel")).toEqual({ ok: true, to: "cancelled" })
  })

  it("says why not, with a hint where there is one", () => {
    expect(checkCampaignTransition("sending", "start")).toEqual({
      ok: false,
      reason: "Cannot start the campaign: it is sending; it is already sending",
    })
    expect(checkCampaignTransition("paused", "start")).toMatchObject({ reason: expect.stringMatching(/resume it instead/) })
    expect(checkCampaignTransition("sent", "cancel")).toMatchObject({ reason: "Cannot cancel the campaign: it has been sent" })
    expect(checkCampaignTransition("draft", "nope" as any)).toMatchObject({ ok: false, reason: 'Unknown campaign action "nope"' })
  })

  it("only drafts and scheduled campaigns are editable", () => {
    expect(CAMPAIGN_STATUSES.filter(isCampaignEditable)).toEqual(["draft", "scheduled"])
  })
})

describe("retries and the error breaker", () => {
  const policy = { maxAttempts: 4, baseDelayMs: 1_000, maxDelayMs: 5_000 }

  it("backs off exponentially with jitter in [half, full] of the step, capped", () => {
    expect(retryDelayMs(1, policy, 0)).toBe(500)
    expect(retryDelayMs(1, policy, 0.999999)).toBe(1_000)
    expect(retryDelayMs(2, policy, 0)).toBe(1_000)
    expect(retryDelayMs(3, policy, 0.5)).toBe(3_000)
    expect(retryDelayMs(10, policy, 0.999999)).toBe(5_000)
    for (let i = 0; i < 200; i++) {
      const d = retryDelayMs(2, policy)
      expect(d).toBeGreaterThanOrEqual(1_000)
      expect(d).toBeLessThanOrEqual(2_000)
    }
  })

  it("retries until the last attempt", () => {
    expect([1, 2, 3, 4, 5].map((n) => shouldRetry(n, policy))).toEqual([true, true, true, false, false])
  })

  it("pauses only past the rate and the minimum sample", () => {
    const p = { maxErrorRate: 0.1, minSample: 100 }
    expect(autoPauseReason({ sent: 50, failed: 49 }, p)).toBeNull()
    expect(autoPauseReason({ sent: 90, failed: 10 }, p)).toBeNull()
    expect(autoPauseReason({ sent: 89, failed: 11 }, p)).toBe(
      "Paused automatically: 11 of 100 messages failed (11%, above the 10% limit). Check the sending provider, then resume."
    )
    expect(autoPauseReason({ sent: 0, failed: 0 }, { maxErrorRate: 0, minSample: 0 })).toBeNull()
  })
})

describe("complaint breaker", () => {
  const p = { maxComplaintRate: 0.003, minSample: 500 }

  it("waits for the minimum sample, then pauses above 0.3%", () => {
    expect(complaintPauseReason({ complaints: 5, delivered: 499, sent: 499 }, p)).toBeNull()
    expect(complaintPauseReason({ complaints: 3, delivered: 1000, sent: 1000 }, p)).toBeNull() // exactly 0.3%
    expect(complaintPauseReason({ complaints: 4, delivered: 1000, sent: 1000 }, p)).toBe(
      "Paused automatically: 4 spam complaints from 1000 delivered messages (0.4%, above the 0.3% limit). " +
        "Review the audience and content before resuming."
    )
  })

  it("counts against sent when the ESP reports no deliveries", () => {
    expect(complaintPauseReason({ complaints: 2, delivered: 0, sent: 500 }, p)).toMatch(/from 500 sent messages \(0\.4%/)
    expect(complaintPauseReason({ complaints: 0, delivered: 0, sent: 0 }, { maxComplaintRate: 0, minSample: 0 })).toBeNull()
  })

  it("prefers delivered over sent as the base", () => {
    // 2 of 600 delivered is 0.33%; of 2,000 sent it would be 0.1%
    expect(complaintPauseReason({ complaints: 2, delivered: 600, sent: 2000 }, p)).toMatch(/from 600 delivered/)
  })
})

describe("send progress", () => {
  it("counts by status, ignoring unknown ones", () => {
    const c = countsFromRows([
      { status: "sent", n: "40" },
      { status: "queued", n: 50 },
      { status: "failed", n: 10 },
      { status: "skipped", n: 7 },
      { status: "weird", n: 99 },
    ])
    expect(c).toMatchObject({ sent: 40, queued: 50, failed: 10, skipped: 7, total: 107 })
  })

  it("percent of sendable messages, rate and ETA", () => {
    const c = countsFromRows([
      { status: "sent", n: 30 },
      { status: "failed", n: 10 },
      { status: "queued", n: 50 },
      { status: "sending", n: 10 },
      { status: "skipped", n: 500 },
    ])
    expect(sendProgress(c, { sentInWindow: 120, windowSeconds: 60 })).toMatchObject({
      remaining: 60,
      percent: 40,
      rate_per_s: 2,
      eta_s: 30,
    })
    expect(sendProgress(c, null)).toMatchObject({ rate_per_s: null, eta_s: null })
    expect(sendProgress(countsFromRows([{ status: "sent", n: 3 }]))).toMatchObject({ percent: 100, eta_s: 0 })
    expect(sendProgress(countsFromRows([]))).toMatchObject({ percent: 100, remaining: 0 })
  })
})

describe("Message-ID and sender", () => {
  it("derives a stable Message-ID on the sender's domain", () => {
    expect(messageIdHeader("mmsg_abc123", "Shop <news@Shop.Example.com>")).toBe("mmsg_abc123@shop.example.com")
    expect(messageIdHeader("mmsg_abc123", "news@shop.test")).toBe(messageIdHeader("mmsg_abc123", "news@shop.test"))
    expect(messageIdHeader("mmsg_a<b>", "bad domain!")).toBe("mmsg_ab@localhost")
    expect(() => messageIdHeader("<>", "x.com")).toThrow(/message id/)
  })

  it("reads domains", () => {
    expect(domainOf("x.com.")).toBe("x.com")
    expect(domainOf("A <a@b.co>")).toBe("b.co")
  })

  it("quotes names and strips header breakers", () => {
    expect(formatFrom("Shop, Inc", "a@b.co")).toBe('"Shop, Inc" <a@b.co>')
    expect(formatFrom('Evil"\r\nBcc: x', "a@b.co")).toBe('"Evil Bcc: x" <a@b.co>')
    expect(formatFrom(null, "a@b.co")).toBe("a@b.co")
  })
})

describe("recipient context", () => {
  const shared = {
    store: { name: "Shop", url: "https://shop.test", address: "1 Road", currency: "eur" },
    publicUrl: "https://api.shop.test/",
    secret: "s3cret",
    topicHandle: "promotions",
    campaign: { name: "Autumn" },
  }

  it("turns database values into template values", () => {
    expect(
      contactContext({
        id: "mcon_1",
        email: "a@b.co",
        orders_count: "3",
        total_spent: "120.50",
        first_order_at: new Date("2024-01-02T03:04:05Z"),
        has_account: null,
      })
    ).toMatchObject({ orders_count: 3, total_spent: 120.5, avg_order_value: 0, first_order_at: "2024-01-02T03:04:05.000Z", has_account: false })
  })

  it("signs topic-scoped unsubscribe links and matching RFC 8058 headers", () => {
    const { context, headers } = recipientContext({ id: "mcon_1", email: "a@b.co", first_name: "Ann" }, shared)
    expect(context.contact.first_name).toBe("Ann")
    expect(context.campaign).toEqual({ name: "Autumn" })
    expect(headers["List-Unsubscribe"]).toBe(`<${context.unsubscribe_url}>`)
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click")
    const token = new URL(context.unsubscribe_url).searchParams.get("token")
    const verified = verifyToken(token, "s3cret", "unsubscribe")
    expect(verified).toMatchObject({ ok: true, payload: { s: "mcon_1", x: "promotions" } })
    expect(context.unsubscribe_url.startsWith("https://api.shop.test/marketing/unsubscribe?token=")).toBe(true)
  })
})
