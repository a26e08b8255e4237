/**
 * The starter library: six ready-to-edit templates that compile cleanly,
 * pass the lint once the store has a postal address, and look good as they
 * are (one coherent palette each, generous spacing, system fonts).
 *
 * Product blocks hold example ids (`prod_example_1`...): the admin swaps them
 * for real products (lint warns until it does); SAMPLE_RENDER_CONTEXT has
 * matching sample products so previews show something.
 */
import type { BlockInput, TemplateSettingsInput } from "./blocks"
import type { RenderContext } from "./liquid"

export type StarterTemplate = {
  handle: "newsletter" | "sale" | "new-arrivals" | "abandoned-cart" | "thank-you" | "win-back"
  name: string
  description: string
  subject: string
  preheader: string
  doc: { version: 1; settings: TemplateSettingsInput; blocks: BlockInput[] }
}

/** Product ids in starters that stand for "pick your products". */
export const EXAMPLE_PRODUCT_IDS = ["prod_example_1", "prod_example_2", "prod_example_3", "prod_example_4"] as const

const header = (id = "header"): BlockInput => ({ id, type: "header", show_view_in_browser: true })

const footer = (text: string): BlockInput => ({
  id: "footer",
  type: "footer",
  text,
  address: "{{ store.address }}",
  unsubscribe_text: "Unsubscribe",
  preferences_text: "Manage preferences",
})

const SUBSCRIBED = "You're receiving this email because you subscribed to news from {{ store.name }}."

export const STARTER_TEMPLATES: readonly StarterTemplate[] = [
  {
    handle: "newsletter",
    name: "Newsletter",
    description: "A calm editorial layout: a lead story, a few picks and a clear call to action.",
    subject: "What's new at {{ store.name }} this month",
    preheader: "Stories, new favourites and what we're working on.",
    doc: {
      version: 1,
      settings: {
        background_color: "#f4f4f5",
        text_color: "#3f3f46",
        heading_color: "#18181b",
        link_color: "#4f46e5",
        button_color: "#18181b",
        accent_color: "#4f46e5",
      },
      blocks: [
        header(),
        { id: "title", type: "heading", text: "Hello {{ contact.first_name | default: \"there\" }},", level: 1 },
        {
          id: "intro",
          type: "text",
          content:
            "<p>Here's what has been happening at {{ store.name }} this month: a few things we're proud of, some new favourites and a story from the workshop.</p>",
        },
        { id: "divider-1", type: "divider" },
        { id: "story-title", type: "heading", text: "From the workshop", level: 2 },
        {
          id: "story",
          type: "text",
          content:
            "<p>Every piece we make starts as a sketch on the bench. This month we're sharing how our newest collection came together, from the first sample to the finished product.</p><ul><li>Materials we chose, and why</li><li>What we changed after your feedback</li><li>What's coming next</li></ul>",
        },
        { id: "story-cta", type: "button", label: "Read the story", href: "{{ store.url }}", align: "left" },
        { id: "divider-2", type: "divider" },
        { id: "picks-title", type: "heading", text: "This month's picks", level: 2 },
        {
          id: "picks",
          type: "product",
          product_ids: [EXAMPLE_PRODUCT_IDS[0], EXAMPLE_PRODUCT_IDS[1]],
          layout: "grid",
          columns: 2,
          button_label: "View",
        },
        {
          id: "social",
          type: "social",
          links: [
            { network: "instagram", url: "https://instagram.com/" },
            { network: "facebook", url: "https://facebook.com/" },
          ],
        },
        footer(SUBSCRIBED),
      ],
    },
  },
  {
    handle: "sale",
    name: "Sale",
    description: "A bold announcement with a coupon code, best sellers and an end date.",
    subject: "Our biggest sale starts now: 20% off everything",
    preheader: "Use code SALE20 at checkout. Ends Sunday at midnight.",
    doc: {
      version: 1,
      settings: {
        background_color: "#fff7ed",
        text_color: "#44403c",
        heading_color: "#1c1917",
        muted_color: "#78716c",
        link_color: "#c2410c",
        button_color: "#c2410c",
        accent_color: "#c2410c",
        border_color: "#fed7aa",
        border_radius: 10,
      },
      blocks: [
        header(),
        { id: "title", type: "heading", text: "20% off everything", level: 1, align: "center" },
        {
          id: "intro",
          type: "text",
          align: "center",
          content:
            "<p>{{ contact.first_name | default: \"Hi\" }}, for a few days only, everything in the store is 20% off. Stock up on the things you love before they're gone.</p>",
        },
        {
          id: "coupon",
          type: "coupon",
          caption: "Your code",
          code: "SALE20",
          note: "Enter it at checkout. Ends Sunday at midnight.",
        },
        { id: "cta", type: "button", label: "Shop the sale", href: "{{ store.url }}", full_width: false },
        { id: "best-title", type: "heading", text: "Best sellers", level: 2, align: "center" },
        {
          id: "best",
          type: "product",
          product_ids: [...EXAMPLE_PRODUCT_IDS.slice(0, 3)],
          layout: "grid",
          columns: 3,
          button_label: "",
        },
        footer(SUBSCRIBED),
      ],
    },
  },
  {
    handle: "new-arrivals",
    name: "New arrivals",
    description: "Introduce new products with large cards and a short story.",
    subject: "Just landed: new arrivals at {{ store.name }}",
    preheader: "Be the first to see what's new this season.",
    doc: {
      version: 1,
      settings: {
        background_color: "#f0fdfa",
        text_color: "#334155",
        heading_color: "#0f172a",
        muted_color: "#64748b",
        link_color: "#0f766e",
        button_color: "#0f766e",
        accent_color: "#0f766e",
        border_color: "#ccfbf1",
      },
      blocks: [
        header(),
        { id: "title", type: "heading", text: "Fresh in this week", level: 1 },
        {
          id: "intro",
          type: "text",
          content:
            "<p>We've been counting down to this one. Our newest pieces are here, and we think you'll find a new favourite among them.</p>",
        },
        {
          id: "arrivals",
          type: "product",
          product_ids: [EXAMPLE_PRODUCT_IDS[0], EXAMPLE_PRODUCT_IDS[1]],
          layout: "card",
          show_description: true,
          button_label: "Take a look",
        },
        { id: "cta", type: "button", label: "See everything new", href: "{{ store.url }}" },
        footer(SUBSCRIBED),
      ],
    },
  },
  {
    handle: "abandoned-cart",
    name: "Abandoned cart",
    description: "A friendly reminder with the cart's items and a one-click way back.",
    subject: "You left something in your cart",
    preheader: "Your items are saved. Pick up right where you left off.",
    doc: {
      version: 1,
      settings: {
        background_color: "#f4f4f5",
        text_color: "#3f3f46",
        heading_color: "#18181b",
        link_color: "#4f46e5",
        button_color: "#4f46e5",
        accent_color: "#4f46e5",
      },
      blocks: [
        header(),
        { id: "title", type: "heading", text: "Still thinking it over?", level: 1 },
        {
          id: "intro",
          type: "text",
          content:
            "<p>Hi {{ contact.first_name | default: \"there\" }}, we saved your cart so you can pick up where you left off. Here's what's waiting for you:</p>",
        },
        { id: "items", type: "line_items", source: "cart", total_label: "Subtotal" },
        { id: "cta", type: "button", label: "Return to your cart", href: "{{ cart.recovery_url }}", full_width: true },
        {
          id: "help",
          type: "text",
          font_size: 14,
          content:
            "<p>Questions about sizing, shipping or returns? Just reply to this email and we'll help.</p>",
        },
        footer("You're receiving this email because you started a checkout at {{ store.name }}."),
      ],
    },
  },
  {
    handle: "thank-you",
    name: "Thank you",
    description: "A warm post-purchase thank-you with the order summary.",
    subject: "Thank you for your order, {{ contact.first_name | default: \"friend\" }}",
    preheader: "Here's a summary of order #{{ order.display_id }}.",
    doc: {
      version: 1,
      settings: {
        background_color: "#f5f5f4",
        text_color: "#44403c",
        heading_color: "#1c1917",
        muted_color: "#78716c",
        link_color: "#15803d",
        button_color: "#166534",
        accent_color: "#15803d",
        border_color: "#e7e5e4",
      },
      blocks: [
        header(),
        { id: "title", type: "heading", text: "Thank you!", level: 1 },
        {
          id: "intro",
          type: "text",
          content:
            "<p>{{ contact.first_name | default: \"Hi\" }}, thank you for shopping with {{ store.name }}. We're getting order <strong>#{{ order.display_id }}</strong> ready and will let you know as soon as it ships.</p>",
        },
        { id: "items", type: "line_items", source: "order", total_label: "Total" },
        { id: "cta", type: "button", label: "View your order", href: "{{ order.url }}" },
        {
          id: "note",
          type: "text",
          font_size: 14,
          content: "<p>Placed on {{ order.created_at | date: \"long\" }}. Reply to this email if anything needs changing.</p>",
        },
        footer("You're receiving this email because you placed an order at {{ store.name }}."),
      ],
    },
  },
  {
    handle: "win-back",
    name: "Win-back",
    description: "Invite lapsed customers back with a personal note and an incentive.",
    subject: "We miss you, {{ contact.first_name | default: \"friend\" }}",
    preheader: "Here's 15% off to welcome you back.",
    doc: {
      version: 1,
      settings: {
        background_color: "#fdf2f8",
        text_color: "#3f3f46",
        heading_color: "#18181b",
        muted_color: "#71717a",
        link_color: "#be185d",
        button_color: "#be185d",
        accent_color: "#be185d",
        border_color: "#fbcfe8",
        border_radius: 12,
      },
      blocks: [
        header(),
        { id: "title", type: "heading", text: "It's been a while", level: 1, align: "center" },
        {
          id: "intro",
          type: "text",
          align: "center",
          content:
            "<p>{{ contact.first_name | default: \"Hi\" }}, we noticed you haven't stopped by in a while, and a lot has changed. Come see what's new, with a little thank-you from us.</p>",
        },
        {
          id: "coupon",
          type: "coupon",
          caption: "15% off your next order",
          code: "{{ coupon_code | default: \"COMEBACK15\" }}",
          note: "Valid for 14 days on your next order.",
        },
        { id: "cta", type: "button", label: "Come back and save", href: "{{ store.url }}" },
        { id: "picks-title", type: "heading", text: "Picked for you", level: 2, align: "center" },
        {
          id: "picks",
          type: "product",
          product_ids: [EXAMPLE_PRODUCT_IDS[2], EXAMPLE_PRODUCT_IDS[3]],
          layout: "grid",
          columns: 2,
          button_label: "Shop",
        },
        footer(SUBSCRIBED),
      ],
    },
  },
]

/** A starter by handle. */
export function getStarterTemplate(handle: string): StarterTemplate | undefined {
  return STARTER_TEMPLATES.find((t) => t.handle === handle)
}

const SAMPLE_IMAGE = (n: number) => `https://placehold.co/600x600/e4e4e7/71717a/png?text=Product+${n}`

/**
 * A complete render context for previews without a real contact (the admin's
 * "preview as sample contact"), including the starters' example products.
 */
export const SAMPLE_RENDER_CONTEXT: RenderContext = {
  contact: {
    id: "mcon_sample",
    email: "ada@example.com",
    first_name: "Ada",
    last_name: "Lovelace",
    locale: "en-GB",
    timezone: "Europe/London",
    country_code: "gb",
    orders_count: 4,
    total_spent: 412.5,
    avg_order_value: 103.13,
    currency_code: "eur",
    first_order_at: "2023-11-20T09:12:00Z",
    last_order_at: "2024-05-14T17:40:00Z",
  },
  store: {
    name: "Acme Goods",
    url: "https://shop.example.com",
    address: "Acme Goods Ltd, 1 Market Street, London EC1A 1AA, United Kingdom",
    currency: "eur",
    locale: "en-GB",
    timezone: "Europe/London",
  },
  unsubscribe_url: "https://shop.example.com/marketing/unsubscribe?token=sample",
  preferences_url: "https://shop.example.com/marketing/preferences?token=sample",
  view_in_browser_url: "https://shop.example.com/marketing/view?token=sample",
  campaign: { name: "Sample campaign" },
  coupon_code: "WELCOME10",
  products: Object.fromEntries(
    EXAMPLE_PRODUCT_IDS.map((id, i) => [
      id,
      {
        id,
        title: ["Linen shirt", "Canvas tote", "Ceramic mug", "Wool throw"][i],
        description: [
          "Breathable linen in a relaxed fit.",
          "Sturdy cotton canvas with leather handles.",
          "Hand-glazed stoneware, 350 ml.",
          "Soft merino wool, 130 × 170 cm.",
        ][i],
        url: `https://shop.example.com/products/${id}`,
        image: SAMPLE_IMAGE(i + 1),
        price: [59, 24.5, 18, 89][i],
        compare_at_price: i === 0 ? 79 : null,
        currency_code: "eur",
      },
    ])
  ),
  cart: {
    id: "cart_sample",
    items: [
      { title: "Linen shirt", variant_title: "M / Sand", quantity: 1, price: 59, total: 59, image: SAMPLE_IMAGE(1), url: "https://shop.example.com/products/prod_example_1" },
      { title: "Canvas tote", quantity: 1, price: 24.5, total: 24.5, image: SAMPLE_IMAGE(2), url: "https://shop.example.com/products/prod_example_2" },
    ],
    items_count: 2,
    subtotal: 83.5,
    total: 83.5,
    currency_code: "eur",
    recovery_url: "https://shop.example.com/cart/recover?token=sample",
  },
  order: {
    id: "order_sample",
    display_id: 1042,
    created_at: "2024-06-01T07:30:00Z",
    items: [
      { title: "Linen shirt", variant_title: "M / Sand", quantity: 1, price: 59, total: 59, image: SAMPLE_IMAGE(1) },
      { title: "Ceramic mug", quantity: 2, price: 18, total: 36, image: SAMPLE_IMAGE(3) },
    ],
    subtotal: 95,
    shipping_total: 5,
    tax_total: 0,
    discount_total: 0,
    total: 100,
    currency_code: "eur",
    url: "https://shop.example.com/account/orders/1042",
  },
}
