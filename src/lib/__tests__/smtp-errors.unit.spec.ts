import {
  classifySmtpError,
  formatSmtpFailure,
  parseSmtpFailures,
  smtpFailureKind,
} from "../smtp-errors"

// shaped like nodemailer's errors (lib/smtp-connection _formatError)
function smtpErr(props: Record<string, unknown>, message = "Recipient command failed") {
  return Object.assign(new Error(message), props)
}

describe("classifySmtpError", () => {
  it("4xx replies are transient, with the reply code and enhanced status", () => {
    const c = classifySmtpError(
      smtpErr({
        code: "EENVELOPE",
        response: "451 4.3.0 Mailbox temporarily unavailable",
        responseCode: 451,
        command: "RCPT TO",
      })
    )
    expect(c).toEqual({
      kind: "transient",
      code: 451,
      enhancedStatus: "4.3.0",
      message: "451 4.3.0 Mailbox temporarily unavailable (RCPT TO)",
    })
  })

  it("5xx replies on the envelope or message are permanent", () => {
    expect(
      classifySmtpError(smtpErr({ code: "EENVELOPE", response: "550 5.1.1 No such user", responseCode: 550 }))
    ).toMatchObject({ kind: "permanent", code: 550, enhancedStatus: "5.1.1" })
    expect(
      classifySmtpError(smtpErr({ code: "EMESSAGE", response: "554 5.7.1 Message rejected as spam", responseCode: 554 }))
    ).toMatchObject({ kind: "permanent", code: 554 })
    expect(classifySmtpError(smtpErr({ code: "EMESSAGE", response: "552 Message too big" }))).toMatchObject({
      kind: "permanent",
      code: 552,
    })
  })

  it("reads the code from the response text when responseCode is missing", () => {
    expect(classifySmtpError({ response: "421 Service not available" })).toMatchObject({
      kind: "transient",
      code: 421,
    })
  })

  it("authentication replies are transient: they are about our credentials, not the recipient", () => {
    expect(
      classifySmtpError(
        smtpErr({ code: "EAUTH", response: "535 5.7.8 Authentication credentials invalid", responseCode: 535 }, "Invalid login")
      )
    ).toMatchObject({ kind: "transient", code: 535 })
    expect(
      classifySmtpError(smtpErr({ code: "EENVELOPE", response: "530 5.7.0 Authentication required", responseCode: 530 }))
    ).toMatchObject({ kind: "transient", code: 530 })
  })

  it.each(["ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "ESOCKET", "ECONNECTION", "EDNS", "ETLS", "EPROTOCOL"])(
    "%s without a reply is transient",
    (code) => {
      const c = classifySmtpError(smtpErr({ code }, "connect ECONNREFUSED 127.0.0.1:25"))
      expect(c.kind).toBe("transient")
      expect(c.code).toBeUndefined()
      expect(c.message).toContain("ECONNREFUSED 127.0.0.1:25")
    }
  )

  it("puts nodemailer's code in front of a socket message that does not name it", () => {
    expect(classifySmtpError(smtpErr({ code: "ETIMEDOUT" }, "Greeting never received")).message).toBe(
      "ETIMEDOUT Greeting never received"
    )
  })

  it("an envelope nodemailer refused before sending is permanent", () => {
    expect(classifySmtpError(smtpErr({ code: "EENVELOPE" }, "No recipients defined"))).toEqual({
      kind: "permanent",
      message: "EENVELOPE No recipients defined",
    })
  })

  it("anything unknown is transient", () => {
    expect(classifySmtpError(new Error("something odd")).kind).toBe("transient")
    expect(classifySmtpError("boom")).toEqual({ kind: "transient", message: "boom" })
    expect(classifySmtpError(undefined).kind).toBe("transient")
  })

  it("all recipients refused: transient when any refusal is temporary, each one listed", () => {
    const rejectedErrors = [
      smtpErr({ code: "EENVELOPE", response: "550 5.1.1 No such user", responseCode: 550, command: "RCPT TO", recipient: "a@x.test" }),
      smtpErr({ code: "EENVELOPE", response: "451 4.7.1 Greylisted", responseCode: 451, command: "RCPT TO", recipient: "b@y.test" }),
    ]
    const err = smtpErr(
      { code: "EENVELOPE", response: "451 4.7.1 Greylisted", responseCode: 451, command: "RCPT TO", rejectedErrors },
      "Can't send mail - all recipients were rejected"
    )
    expect(classifySmtpError(err)).toEqual({
      kind: "transient",
      code: 451,
      enhancedStatus: "4.7.1",
      message: "550 5.1.1 No such user (RCPT TO a@x.test); 451 4.7.1 Greylisted (RCPT TO b@y.test)",
    })
    expect(classifySmtpError({ ...err, rejectedErrors: [rejectedErrors[0]] })).toMatchObject({
      kind: "permanent",
      code: 550,
    })
  })

  it("multi-line replies become one line", () => {
    const c = classifySmtpError({ response: "550-5.7.1 Blocked\n550 5.7.1 See https://x.test", responseCode: 550 })
    expect(c.message).toBe("550-5.7.1 Blocked 550 5.7.1 See https://x.test")
    expect(c.enhancedStatus).toBe("5.7.1")
  })
})

describe("formatSmtpFailure / parseSmtpFailures / smtpFailureKind", () => {
  const permanent = formatSmtpFailure({ kind: "permanent", code: 550, message: "550 5.1.1 No such user (RCPT TO)" })
  const transient = formatSmtpFailure({ kind: "transient", message: "ESOCKET connect ECONNREFUSED 127.0.0.1:25" })

  it("formats a one-line message with the kind first", () => {
    expect(permanent).toBe("SMTP permanent: 550 5.1.1 No such user (RCPT TO)")
    expect(formatSmtpFailure({ kind: "transient", message: "a\r\nb" })).toBe("SMTP transient: a b")
  })

  it("reads what createNotifications throws (one block per failed notification)", () => {
    // the exact shape @medusajs/notification 2.21 produces: MedusaError per entry,
    // then promiseAll({ aggregateErrors: true }) joins the messages with EOL
    const thrown = new Error(
      [
        `Failed to send notification with id noti_01A:\n${permanent}`,
        `Failed to send notification with id noti_01B:\n${transient}`,
      ].join("\n")
    )
    expect(parseSmtpFailures(thrown.message)).toEqual([
      { notificationId: "noti_01A", kind: "permanent", code: 550, message: "550 5.1.1 No such user (RCPT TO)" },
      {
        notificationId: "noti_01B",
        kind: "transient",
        code: undefined,
        message: "ESOCKET connect ECONNREFUSED 127.0.0.1:25",
      },
    ])
    expect(smtpFailureKind(thrown)).toBe("transient")
    expect(smtpFailureKind(new Error(`Failed to send notification with id noti_1:\n${permanent}`))).toBe("permanent")
  })

  it("uses .kind when the provider's own error is at hand", () => {
    expect(smtpFailureKind(Object.assign(new Error("whatever"), { kind: "permanent" }))).toBe("permanent")
    expect(smtpFailureKind(permanent)).toBe("permanent")
  })

  it("null for errors that are not SMTP delivery failures", () => {
    expect(smtpFailureKind(new Error("Could not find a notification provider for channel: email"))).toBeNull()
    expect(smtpFailureKind(undefined)).toBeNull()
    expect(parseSmtpFailures("")).toEqual([])
  })
})
