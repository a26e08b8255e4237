import fc from "fast-check"
import { BOT_AGENT_PATTERNS, BOT_RULES, classifyClick, classifyOpen, type HitContext } from "../bots"

const LATER = 3600

function open(over: Partial<HitContext> = {}): HitContext {
  return { user_agent: UA.chromeWindows, ip: "203.0.113.7", method: "GET", seconds_since_sent: LATER, ...over }
}

function click(over: Partial<Parameters<typeof classifyClick>[0]> = {}): Parameters<typeof classifyClick>[0] {
  return { ...open(), clicks_in_burst: 0, distinct_links_in_burst: 1, ...over }
}

const HUMAN = { bot: false, reason: null }
const bot = (reason: string) => ({ bot: true, reason })

const UA = {
  chromeWindows:
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  edge: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
  safariMac:
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  firefoxLinux: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  safariIphone:
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  appleMailIos: "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148",
  appleMailMac: "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)",
  chromeAndroid:
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
  samsung:
    "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S911B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
  cubot:
    "Mozilla/5.0 (Linux; Android 11; CUBOT KINGKONG 5 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Mobile Safari/537.36",
  cubotMixed:
    "Mozilla/5.0 (Linux; Android 10; Cubot X30) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.45 Mobile Safari/537.36",
  outlookWindows: "Microsoft Office/16.0 (Windows NT 10.0; Microsoft Outlook 16.0.17328; Pro)",
  outlookOld: "Mozilla/4.0 (compatible; ms-office; MSOffice 16)",
  thunderbird: "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:115.0) Gecko/20100101 Thunderbird/115.10.1",
  gmailProxy: "Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)",
  outlookIos: "Outlook-iOS/723.4027091.prod.iphone (4.2403.0)",
}

describe("BOT_AGENT_PATTERNS", () => {
  it("uses short snake_case reasons", () => {
    for (const { reason } of BOT_AGENT_PATTERNS) {
      expect(reason).toMatch(/^[a-z]+(?:_[a-z]+)*$/)
    }
  })

  it("keeps its patterns stateless (no global/sticky flags)", () => {
    for (const { pattern } of BOT_AGENT_PATTERNS) {
      expect(pattern.global || pattern.sticky).toBe(false)
    }
  })
})

describe("classifyOpen / classifyClick by user agent", () => {
  it.each(Object.entries(UA))("counts %s as a person", (_name, user_agent) => {
    expect(classifyOpen(open({ user_agent }))).toEqual(HUMAN)
    expect(classifyClick(click({ user_agent }))).toEqual(HUMAN)
  })

  it.each([
    ["Barracuda", "Barracuda Sentinel (EE)", "security_scanner"],
    ["Mimecast", "Mozilla/5.0 (compatible; Mimecast URL Protect)", "security_scanner"],
    ["Proofpoint", "Mozilla/5.0 (compatible; Proofpoint URL Defense)", "security_scanner"],
    ["Symantec", "Symantec Email Security.cloud", "security_scanner"],
    ["Broadcom", "Broadcom-MessageLabs/1.0", "security_scanner"],
    ["Trend Micro", "Mozilla/5.0 (compatible; Trend Micro Email Security)", "security_scanner"],
    ["TrendMicro", "TrendMicro-URL-Scanner/2.0", "security_scanner"],
    ["Cisco IronPort", "Cisco IronPort URL Filter", "security_scanner"],
    ["Cisco ESA", "Mozilla/5.0 (compatible; Cisco-ESA)", "security_scanner"],
    ["FireEye", "FireEye-ETP/1.0", "security_scanner"],
    ["Sophos", "Sophos Email Protection URL check", "security_scanner"],
    ["Forcepoint", "Forcepoint Email Security", "security_scanner"],
    [
      "BingPreview",
      "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) BingPreview/1.0b",
      "link_preview",
    ],
    ["Office Protocol Discovery", "Microsoft Office Protocol Discovery", "office_protocol_discovery"],
    ["Office Existence Discovery", "Microsoft Office Existence Discovery", "office_protocol_discovery"],
    ["Yahoo mail proxy", "YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html", "mail_prefetch"],
    ["Yahoo cache", "YahooCacheSystem; YahooWebServiceClient", "mail_prefetch"],
    ["Facebook unfurl", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "link_preview"],
    ["Slack unfurl", "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "link_preview"],
    ["WhatsApp unfurl", "WhatsApp/2.23.20.0 A", "link_preview"],
    ["python-requests", "python-requests/2.31.0", "http_library"],
    ["curl", "curl/8.4.0", "http_library"],
    ["wget", "Wget/1.21.4", "http_library"],
    ["Go", "Go-http-client/1.1", "http_library"],
    ["Java", "Java/17.0.2", "http_library"],
    ["okhttp", "okhttp/4.12.0", "http_library"],
    [
      "HeadlessChrome",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36",
      "headless_browser",
    ],
    ["Googlebot", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "bot_agent"],
    ["AhrefsBot", "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "bot_agent"],
    ["a crawler", "SomeCrawler/1.0", "bot_agent"],
    ["a spider", "Baiduspider+(+http://www.baidu.com/search/spider.htm)", "bot_agent"],
    ["a preview", "SkypeUriPreview Preview/0.5", "link_preview"],
    ["a generic preview", "ACME Link Preview 2.0", "bot_agent"],
    ["a scanner", "Mozilla/5.0 (compatible; URLScan/3.1)", "bot_agent"],
  ])("flags %s", (_name, user_agent, reason) => {
    expect(classifyOpen(open({ user_agent }))).toEqual(bot(reason))
    expect(classifyClick(click({ user_agent }))).toEqual(bot(reason))
  })
})

describe("classifyOpen", () => {
  it("counts Gmail's image proxy as a person opening the message", () => {
    expect(classifyOpen(open({ user_agent: UA.gmailProxy, ip: "66.249.84.1" }))).toEqual(HUMAN)
  })

  it("still flags a Gmail proxy fetch when another rule hits", () => {
    expect(classifyOpen(open({ user_agent: UA.gmailProxy, seconds_since_sent: 1 }))).toEqual(bot("prefetch"))
    expect(classifyOpen(open({ user_agent: UA.gmailProxy, method: "HEAD" }))).toEqual(bot("head_request"))
  })

  it("flags Apple Mail Privacy Protection by its bare agent", () => {
    expect(classifyOpen(open({ user_agent: "Mozilla/5.0" }))).toEqual(bot("apple_mpp"))
    expect(classifyOpen(open({ user_agent: " Mozilla/5.0 " }))).toEqual(bot("apple_mpp"))
  })

  it("does not take any agent starting with Mozilla/5.0 for MPP", () => {
    expect(classifyOpen(open({ user_agent: "Mozilla/5.0 (Macintosh)" }))).toEqual(HUMAN)
  })

  it.each(["17.58.101.12", "17.0.0.0", "17.255.255.255", "::ffff:17.58.101.12", "::FFFF:17.1.2.3", "::ffff:113a:650c"])(
    "flags an open from Apple's network %s as MPP, whatever the agent",
    (ip) => {
      expect(classifyOpen(open({ ip, user_agent: UA.appleMailIos }))).toEqual(bot("apple_mpp"))
    }
  )

  it.each(["16.255.255.255", "18.0.0.1", "117.1.2.3", "2620:149::17", "::17.1.2.3", "17.1.2", "garbage", "", null])(
    "does not count %p as Apple's network",
    (ip) => {
      expect(classifyOpen(open({ ip: ip as string | null, user_agent: UA.appleMailIos }))).toEqual(HUMAN)
    }
  )

  it("counts an open over IPv6 like any other", () => {
    expect(classifyOpen(open({ ip: "2001:db8:85a3::8a2e:370:7334" }))).toEqual(HUMAN)
    expect(classifyOpen(open({ ip: "2001:db8::1", seconds_since_sent: 0 }))).toEqual(bot("prefetch"))
  })

  it("flags opens within prefetch_open_seconds of sending", () => {
    expect(BOT_RULES.prefetch_open_seconds).toBe(2)
    expect(classifyOpen(open({ seconds_since_sent: 0 }))).toEqual(bot("prefetch"))
    expect(classifyOpen(open({ seconds_since_sent: 1.999 }))).toEqual(bot("prefetch"))
    expect(classifyOpen(open({ seconds_since_sent: 2 }))).toEqual(HUMAN)
    expect(classifyOpen(open({ seconds_since_sent: 2.5 }))).toEqual(HUMAN)
  })

  it("treats a hit before the send time (clock skew) as too soon, and unknown timing as no evidence", () => {
    expect(classifyOpen(open({ seconds_since_sent: -3 }))).toEqual(bot("prefetch"))
    expect(classifyOpen(open({ seconds_since_sent: null }))).toEqual(HUMAN)
    expect(classifyOpen(open({ seconds_since_sent: NaN }))).toEqual(HUMAN)
  })

  it("flags HEAD before anything else", () => {
    expect(classifyOpen(open({ method: "HEAD", user_agent: "curl/8.4.0", seconds_since_sent: 0 }))).toEqual(
      bot("head_request")
    )
  })

  it("does not flag a missing agent on an open", () => {
    expect(classifyOpen(open({ user_agent: null }))).toEqual(HUMAN)
  })

  it("names the agent before the network when both hit", () => {
    expect(classifyOpen(open({ user_agent: "curl/8.4.0", ip: "17.1.2.3" }))).toEqual(bot("http_library"))
  })
})

describe("classifyClick", () => {
  it("flags a click without a user agent", () => {
    expect(classifyClick(click({ user_agent: null }))).toEqual(bot("no_user_agent"))
    expect(classifyClick(click({ user_agent: "" }))).toEqual(bot("no_user_agent"))
    expect(classifyClick(click({ user_agent: "   " }))).toEqual(bot("no_user_agent"))
  })

  it("flags HEAD first", () => {
    expect(classifyClick(click({ method: "HEAD", user_agent: null }))).toEqual(bot("head_request"))
  })

  it("counts a POST from a browser as a person", () => {
    expect(classifyClick(click({ method: "POST" }))).toEqual(HUMAN)
  })

  it("flags clicks within scanner_click_seconds of sending", () => {
    expect(BOT_RULES.scanner_click_seconds).toBe(10)
    expect(classifyClick(click({ seconds_since_sent: 0 }))).toEqual(bot("too_soon_after_send"))
    expect(classifyClick(click({ seconds_since_sent: 9.99 }))).toEqual(bot("too_soon_after_send"))
    expect(classifyClick(click({ seconds_since_sent: 10 }))).toEqual(HUMAN)
    expect(classifyClick(click({ seconds_since_sent: null }))).toEqual(HUMAN)
  })

  it("flags a burst of distinct links", () => {
    expect(BOT_RULES.burst_links).toBe(3)
    expect(BOT_RULES.burst_window_s).toBe(5)
    expect(classifyClick(click({ clicks_in_burst: 2, distinct_links_in_burst: 3 }))).toEqual(bot("link_burst"))
    expect(classifyClick(click({ clicks_in_burst: 12, distinct_links_in_burst: 12 }))).toEqual(bot("link_burst"))
  })

  it("does not flag a person clicking twice, or the same link repeatedly", () => {
    expect(classifyClick(click({ clicks_in_burst: 1, distinct_links_in_burst: 2 }))).toEqual(HUMAN)
    expect(classifyClick(click({ clicks_in_burst: 6, distinct_links_in_burst: 1 }))).toEqual(HUMAN)
    // an inconsistent count with no other clicks is not a burst
    expect(classifyClick(click({ clicks_in_burst: 0, distinct_links_in_burst: 3 }))).toEqual(HUMAN)
  })

  it("does not apply Apple's network to clicks (MPP fetches images, not links)", () => {
    expect(classifyClick(click({ ip: "17.58.101.12", user_agent: UA.safariIphone }))).toEqual(HUMAN)
  })

  it("names the earlier rule when several hit", () => {
    expect(
      classifyClick(click({ user_agent: "Barracuda Sentinel (EE)", seconds_since_sent: 1, distinct_links_in_burst: 5, clicks_in_burst: 5 }))
    ).toEqual(bot("security_scanner"))
    expect(classifyClick(click({ seconds_since_sent: 1, distinct_links_in_burst: 5, clicks_in_burst: 5 }))).toEqual(
      bot("too_soon_after_send")
    )
  })
})

describe("verdicts (property)", () => {
  const hitArb = fc.record({
    user_agent: fc.option(fc.oneof(fc.constantFrom(...Object.values(UA), "Mozilla/5.0", "curl/8", "Barracuda"), fc.string()), {
      nil: null,
    }),
    ip: fc.option(fc.oneof(fc.ipV4(), fc.ipV6(), fc.string()), { nil: null }),
    method: fc.constantFrom("GET" as const, "HEAD" as const, "POST" as const),
    seconds_since_sent: fc.option(fc.oneof(fc.double({ noNaN: false }), fc.integer({ min: -5, max: 20 })), { nil: null }),
  })

  it("has a reason exactly when it says bot", () => {
    fc.assert(
      fc.property(hitArb, fc.nat(50), fc.nat(50), (hit, clicks, distinct) => {
        for (const v of [classifyOpen(hit), classifyClick({ ...hit, clicks_in_burst: clicks, distinct_links_in_burst: distinct })]) {
          expect(v.bot).toBe(v.reason !== null)
          if (v.reason !== null) {
            expect(v.reason).toMatch(/^[a-z]+(?:_[a-z]+)*$/)
          }
        }
      })
    )
  })

  it("always flags HEAD, whatever else", () => {
    fc.assert(
      fc.property(hitArb, (hit) => {
        expect(classifyOpen({ ...hit, method: "HEAD" })).toEqual(bot("head_request"))
        expect(classifyClick({ ...hit, method: "HEAD", clicks_in_burst: 0, distinct_links_in_burst: 1 })).toEqual(
          bot("head_request")
        )
      })
    )
  })
})
