import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { MARKETING_MODULE } from "../../modules/marketing"
import type MarketingModuleService from "../../modules/marketing/service"
import { isValidEmail, normalizeEmail } from "../../lib/email"
import { ORDER_FACT_FIELDS, toOrderFacts } from "./record-order-facts"
import { CART_FACT_FIELDS, toCartFacts } from "./record-cart-facts"

const DEFAULT_PAGE = 1_000

export type BackfillContactsResult = {
  customers: number
  guest_emails: number
  /** orders recorded as facts (commerce metrics recomputed for their contacts) */
  orders: number
  /** carts with an address recorded as facts */
  carts: number
  created: number
  updated: number
  skipped_invalid: number
}

/**
 * Create contacts for every customer and every guest order address, and
 * record every order as facts behind their commerce metrics, reading
 * Medusa's data page by page through Query and writing each page in one
 * set-based upsert. Existing contacts keep their status; a customer's contact
 * gets linked. Undo removes the contacts this step created.
 */
export const backfillContactsStep = createStep(
  "backfill-contacts",
  async (input: { page_size?: number }, { container }) => {
    const PAGE = input.page_size ?? DEFAULT_PAGE
    const query = container.resolve(ContainerRegistrationKeys.QUERY)
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    const result: BackfillContactsResult = { customers: 0, guest_emails: 0, orders: 0, carts: 0, created: 0, updated: 0, skipped_invalid: 0 }
    const createdIds: string[] = []
    const customerEmails = new Set<string>()

    for (let skip = 0; ; skip += PAGE) {
      const { data, metadata } = await query.graph({
        entity: "customer",
        fields: ["id", "email", "first_name", "last_name", "phone", "has_account", "groups.id"],
        pagination: { skip, take: PAGE, order: { created_at: "ASC", id: "ASC" } },
      })
      const rows = data
        .filter((c: any) => c.email && isValidEmail(c.email))
        .map((c: any) => {
          customerEmails.add(normalizeEmail(c.email))
          return {
            email: c.email,
            first_name: c.first_name,
            last_name: c.last_name,
            phone: c.phone,
            customer_id: c.id,
          }
        })
      result.skipped_invalid += data.length - rows.length
      const out = await marketing.upsertContactsByEmail(rows, { source: "customer" })
      await marketing.setCustomerAttributes(
        data.map((c: any) => ({
          customer_id: c.id,
          has_account: !!c.has_account,
          customer_group_ids: (c.groups ?? []).map((g: any) => g.id),
        }))
      )
      result.customers += rows.length
      result.created += out.created
      result.updated += out.updated
      createdIds.push(...out.created_ids)
      logger.info(`[marketing] backfill: customers ${Math.min(skip + PAGE, metadata!.count)}/${metadata!.count}`)
      if (data.length < PAGE) {
        break
      }
    }

    const guestEmails = new Set<string>()
    for (let skip = 0; ; skip += PAGE) {
      const { data, metadata } = await query.graph({
        entity: "order",
        fields: [...ORDER_FACT_FIELDS, "shipping_address.first_name", "shipping_address.last_name"],
        pagination: { skip, take: PAGE, order: { created_at: "ASC", id: "ASC" } },
      })
      const guests = new Map<string, { email: string; first_name: string | null; last_name: string | null }>()
      for (const o of data as any[]) {
        if (!o.email) {
          continue
        }
        const email = normalizeEmail(o.email)
        if (customerEmails.has(email) || guestEmails.has(email)) {
          continue
        }
        if (!isValidEmail(email)) {
          result.skipped_invalid++
          continue
        }
        guestEmails.add(email)
        guests.set(email, {
          email,
          first_name: o.shipping_address?.first_name ?? null,
          last_name: o.shipping_address?.last_name ?? null,
        })
      }
      const out = await marketing.upsertContactsByEmail([...guests.values()], { source: "order" })
      result.created += out.created
      result.updated += out.updated
      createdIds.push(...out.created_ids)
      const facts = await marketing.recordOrderFacts(toOrderFacts(data))
      result.orders += facts.orders
      logger.info(`[marketing] backfill: orders ${Math.min(skip + PAGE, metadata!.count)}/${metadata!.count}`)
      if (data.length < PAGE) {
        break
      }
    }
    result.guest_emails = guestEmails.size

    for (let skip = 0; ; skip += PAGE) {
      const { data, metadata } = await query.graph({
        entity: "cart",
        fields: CART_FACT_FIELDS,
        filters: { email: { $ne: null } } as any,
        pagination: { skip, take: PAGE, order: { created_at: "ASC", id: "ASC" } },
      })
      const facts = await marketing.recordCartFacts(toCartFacts(data))
      result.carts += facts.carts
      logger.info(`[marketing] backfill: carts ${Math.min(skip + PAGE, metadata!.count)}/${metadata!.count}`)
      if (data.length < PAGE) {
        break
      }
    }
    logger.info(
      `[marketing] backfill done: ${result.customers} customers, ${result.guest_emails} guest addresses, ` +
        `${result.orders} orders recorded, ${result.created} contacts created, ${result.updated} updated`
    )
    return new StepResponse(result, createdIds)
  },
  async (createdIds, { container }) => {
    if (!createdIds?.length) {
      return
    }
    const marketing: MarketingModuleService = container.resolve(MARKETING_MODULE)
    await marketing.purgeContacts(createdIds)
  }
)
