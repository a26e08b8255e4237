import {
  escapeHtml,
  renderConfirmationEmail,
  renderConfirmResultPage,
  renderDonePage,
  renderErrorPage,
  renderPreferencesPage,
  renderUnsubscribeConfirmPage,
} from "../system-emails"

const EVIL = `<script>alert("x")</script>&'`

/** No raw markup from the input survives anywhere in the output. */
function expectEscaped(html: string) {
  expect(html).not.toContain("<script>")
  expect(html).not.toContain(`"x"`)
  expect(html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;")
}

function expectPage(html: string) {
  expect(html.startsWith("<!doctype html>")).toBe(true)
  expect(html).toContain('<html lang="en">')
  expect(html).toContain('<meta charset="utf-8">')
  expect(html).toContain('name="viewport"')
  expect(html).toContain("<main")
  expect(html).toContain("<h1")
  // inline styles only: no scripts, no external resources
  expect(html).not.toMatch(/<script|<link|<img|src=|javascript:/i)
}

describe("escapeHtml", () => {
  it("escapes the characters that matter in content and attributes", () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&\``)).toBe("&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&#96;")
  })

  it("renders nothing for null and undefined, and strings for the rest", () => {
    expect(escapeHtml(null)).toBe("")
    expect(escapeHtml(undefined)).toBe("")
    expect(escapeHtml(42)).toBe("42")
  })
})

describe("renderConfirmationEmail", () => {
  const base = {
    storeName: "Acme Shop",
    confirmUrl: "https://acme.test/marketing/confirm?token=abc.def",
    ttlHours: 48,
  }

  it("has a subject naming the store, the link in html and text, and the validity", () => {
    const email = renderConfirmationEmail({ ...base, firstName: "Jane", topicNames: ["Newsletter", "Offers"] })
    expect(email.subject).toBe("Confirm your subscription to Acme Shop")
    expect(email.html).toContain(`href="https://acme.test/marketing/confirm?token=abc.def"`)
    expect(email.text).toContain("https://acme.test/marketing/confirm?token=abc.def")
    expect(email.text).toContain("Hi Jane,")
    expect(email.text).toContain("Newsletter, Offers from Acme Shop")
    expect(email.text).toContain("2 days")
    expect(email.html).toContain("2 days")
    expect(email.text).toMatch(/ignore this email/)
    expect(email.html).toContain("Confirm subscription")
  })

  it("escapes every interpolated value in the html", () => {
    const email = renderConfirmationEmail({
      storeName: EVIL,
      confirmUrl: `https://acme.test/c?token=a"><script>alert("x")</script>`,
      firstName: EVIL,
      topicNames: [EVIL],
    })
    expect(email.html).not.toContain("<script>")
    expect(email.html).not.toContain(`a"><`)
    expect(email.html).toContain("&lt;script&gt;")
    // the text part is plain text: nothing to escape, nothing lost
    expect(email.text).toContain(EVIL)
  })

  it("words a missing name, topic list and validity sensibly", () => {
    const email = renderConfirmationEmail({ storeName: "Acme", confirmUrl: "https://a.test/c", ttlHours: 1 })
    expect(email.text.startsWith("Hi,")).toBe(true)
    expect(email.text).toContain("receive email from Acme")
    expect(email.text).toContain("1 hour")
    expect(renderConfirmationEmail({ storeName: "A", confirmUrl: "u", ttlHours: 36 }).text).toContain("36 hours")
  })
})

describe("hosted pages", () => {
  it("confirm result: first time, again, and blocked", () => {
    const first = renderConfirmResultPage({ storeName: "Acme", outcome: "confirmed", preferencesUrl: "https://a/p?token=1" })
    expect(first.status).toBe(200)
    expectPage(first.html)
    expect(first.html).toContain("You&#39;re subscribed")
    expect(first.html).toContain('href="https://a/p?token=1"')

    const again = renderConfirmResultPage({ storeName: "Acme", outcome: "already_confirmed" })
    expect(again.html).toContain("already subscribed")

    const blocked = renderConfirmResultPage({ storeName: "Acme", outcome: "blocked" })
    expect(blocked.html).toContain("could not subscribe")
  })

  it("preference centre: a form with a labelled checkbox per topic and unsubscribe-all", () => {
    const page = renderPreferencesPage({
      storeName: "Acme",
      action: "preferences?token=abc",
      token: "abc",
      email: "j***@example.com",
      status: "subscribed",
      topics: [
        { handle: "news", name: "Newsletter", description: "Weekly", subscribed: true },
        { handle: "offers", name: "Offers", subscribed: false },
      ],
    })
    expectPage(page.html)
    expect(page.html).toContain('<form method="post" action="preferences?token=abc">')
    expect(page.html).toContain('<input type="hidden" name="token" value="abc">')
    expect(page.html).toMatch(/id="topic-0" name="topics" value="news" checked/)
    expect(page.html).toMatch(/id="topic-1" name="topics" value="offers"(?! checked)/)
    expect(page.html).toContain('<label for="topic-0"')
    expect(page.html).toContain('aria-describedby="topic-0-desc"')
    expect(page.html).toContain('name="unsubscribe_all" value="1"')
    expect(page.html).toContain('<label for="unsubscribe_all">')
    expect(page.html).toContain("j***@example.com")
    expect(page.html).not.toContain("preferences are saved")
  })

  it("preference centre: shows the saved notice and the unsubscribed state", () => {
    const page = renderPreferencesPage({
      storeName: "Acme",
      action: "p",
      token: "t",
      status: "unsubscribed",
      saved: true,
      topics: [{ handle: "news", name: "Newsletter", subscribed: true }],
    })
    expect(page.html).toContain('role="status"')
    expect(page.html).toContain("unsubscribed from all")
    expect(page.html).not.toMatch(/ checked/)
  })

  it("preference centre: escapes topics, token, action and address", () => {
    const page = renderPreferencesPage({
      storeName: EVIL,
      action: EVIL,
      token: EVIL,
      email: EVIL,
      status: "subscribed",
      topics: [{ handle: EVIL, name: EVIL, description: EVIL, subscribed: false }],
    })
    expectEscaped(page.html)
  })

  it("unsubscribe page: asks with a POST button and names the topic", () => {
    const page = renderUnsubscribeConfirmPage({
      storeName: "Acme",
      action: "unsubscribe?token=abc",
      token: "abc",
      email: "j***@example.com",
      topicName: "Offers",
      preferencesUrl: "https://a/p",
    })
    expectPage(page.html)
    expect(page.html).toContain('<form method="post" action="unsubscribe?token=abc">')
    expect(page.html).toContain('<button type="submit"')
    expect(page.html).toContain("“Offers” emails")
    expect(page.html).toContain('href="https://a/p"')

    const all = renderUnsubscribeConfirmPage({ storeName: "Acme", action: "u", token: "t" })
    expect(all.html).toContain("all our marketing email")
    expectEscaped(
      renderUnsubscribeConfirmPage({ storeName: EVIL, action: EVIL, token: EVIL, email: EVIL, topicName: EVIL }).html
    )
  })

  it("done page", () => {
    const page = renderDonePage({
      storeName: "Acme",
      title: "You're unsubscribed",
      message: "Bye",
      link: { href: "https://a/p", label: "Preferences" },
    })
    expect(page.status).toBe(200)
    expectPage(page.html)
    expect(page.html).toContain("Bye")
    expectEscaped(renderDonePage({ storeName: EVIL, title: EVIL, message: EVIL, link: { href: EVIL, label: EVIL } }).html)
  })

  it("error page: keeps 4xx/5xx statuses, defaults anything else to 400, and escapes the message", () => {
    const page = renderErrorPage({ storeName: "Acme", status: 400, message: "This link has expired." })
    expect(page.status).toBe(400)
    expectPage(page.html)
    expect(page.html).toContain('role="alert"')
    expect(page.html).toContain("This link has expired.")
    expect(renderErrorPage({ storeName: "A", status: 413, message: "m" }).html).toContain("Request too large")
    expect(renderErrorPage({ storeName: "A", status: 404, message: "m" }).status).toBe(404)
    expect(renderErrorPage({ storeName: "A", status: 500, message: "m" }).html).toContain("Something went wrong")
    expect(renderErrorPage({ storeName: "A", status: 200, message: "m" }).status).toBe(400)
    expectEscaped(renderErrorPage({ storeName: EVIL, status: 400, message: EVIL }).html)
  })
})
