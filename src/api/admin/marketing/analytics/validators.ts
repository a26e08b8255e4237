import { z } from "@medusajs/framework/zod"
import { MAX_OVERVIEW_DAYS, REPORT_INTERVALS } from "../../../../modules/marketing/analytics-sql"

const DAY_MS = 86_400_000
/** the overview's period when none is given: today and the 29 days before it (UTC) */
export const DEFAULT_OVERVIEW_DAYS = 30

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/
const DATE_TIME = z.iso.datetime({ offset: true })
/** 2026-02-30 is not a day (Date would roll it over into March) */
const isCalendarDate = (v: string) => {
  const d = new Date(`${v}T00:00:00.000Z`)
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
}

/**
 * An ISO 8601 date-time (2026-01-31T09:00:00Z) or a date (2026-01-31, UTC).
 * A bare date as `to` means the end of that day, so from=2026-01-01&to=2026-01-31
 * is the whole of January.
 */
const isoDate = (field: "from" | "to") =>
  z
    .string()
    .max(40, `${field} is too long`)
    .refine((v) => (DATE_ONLY.test(v) ? isCalendarDate(v) : DATE_TIME.safeParse(v).success), {
      message: `${field} must be an ISO 8601 date or date-time such as 2026-01-31 or 2026-01-31T09:00:00Z`,
    })
    .transform((v) => {
      if (DATE_ONLY.test(v)) {
        const d = new Date(`${v}T00:00:00.000Z`)
        return field === "to" ? new Date(d.getTime() + DAY_MS) : d
      }
      return new Date(v)
    })
    .refine((d) => !Number.isNaN(d.getTime()), { message: `${field} is not a real date` })

const currency = z
  .string()
  .regex(/^[A-Za-z]{3}$/, "currency must be a 3-letter ISO 4217 code such as usd")
  .transform((v) => v.toLowerCase())

export const AdminGetOverviewParams = z
  .object({
    from: isoDate("from").optional(),
    to: isoDate("to").optional(),
    currency: currency.optional(),
  })
  .strict()
  .transform((q, ctx) => {
    const to = q.to ?? new Date()
    const from =
      q.from ?? (q.to ? new Date(to.getTime() - DEFAULT_OVERVIEW_DAYS * DAY_MS) : startOfUtcDay(to, DEFAULT_OVERVIEW_DAYS - 1))
    if (from.getTime() >= to.getTime()) {
      ctx.addIssue({ code: "custom", path: ["from"], message: `from (${from.toISOString()}) must be before to (${to.toISOString()})` })
      return z.NEVER
    }
    const days = (to.getTime() - from.getTime()) / DAY_MS
    if (days > MAX_OVERVIEW_DAYS) {
      ctx.addIssue({
        code: "custom",
        path: ["to"],
        message: `The period is ${Math.ceil(days)} days long; choose at most ${MAX_OVERVIEW_DAYS} days between from and to`,
      })
      return z.NEVER
    }
    return { from, to, currency: q.currency }
  })
export type AdminGetOverviewParamsType = z.infer<typeof AdminGetOverviewParams>

function startOfUtcDay(d: Date, daysBefore: number): Date {
  const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  return new Date(day.getTime() - daysBefore * DAY_MS)
}

export const AdminGetCampaignReportParams = z
  .object({
    interval: z.enum(REPORT_INTERVALS, { error: "interval must be hour or day" }).default("hour"),
  })
  .strict()
export type AdminGetCampaignReportParamsType = z.infer<typeof AdminGetCampaignReportParams>

export const AdminGetCampaignReportExportParams = z.object({}).strict()

export const AdminGetContactActivityParams = z
  .object({
    limit: z.coerce
      .number()
      .int("limit must be a whole number")
      .min(1, "limit must be at least 1")
      .max(200, "limit must be at most 200")
      .default(50),
    offset: z.coerce.number().int("offset must be a whole number").min(0, "offset must be 0 or more").default(0),
  })
  .strict()
export type AdminGetContactActivityParamsType = z.infer<typeof AdminGetContactActivityParams>

/** order_id=a,b or order_id[]=a&order_id[]=b (the query parser splits single values on commas) */
export const AdminGetAttributionsParams = z
  .object({
    order_id: z
      .union([z.string(), z.array(z.string())], { error: "order_id is required: order_id=order_1,order_2" })
      .transform((v) =>
        (Array.isArray(v) ? v : [v])
          .flatMap((s) => s.split(","))
          .map((s) => s.trim())
          .filter(Boolean)
      )
      .pipe(
        z
          .array(z.string().max(100, "an order id is longer than 100 characters"))
          .min(1, "order_id is required: order_id=order_1,order_2")
          .max(100, "ask for at most 100 orders at a time")
      ),
  })
  .strict()
export type AdminGetAttributionsParamsType = z.infer<typeof AdminGetAttributionsParams>
