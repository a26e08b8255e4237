/**
 * Render throughput: prints renders/second (subject + HTML + text per render)
 * for a 3 KB raw template and for a block starter. Measures only; no timing
 * assertions (machines differ).
 */
import {
  compileTemplate,
  htmlLiquid,
  renderForRecipient,
  SAMPLE_RENDER_CONTEXT,
  STARTER_TEMPLATES,
  textLiquid,
  type CompiledTemplate,
  type RenderContext,
} from ".."

jest.setTimeout(60_000)

const RAW_TEMPLATE = `<html><body style="margin:0;background:#f4f4f5;font-family:Helvetica,Arial,sans-serif">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="background:#ffffff;border-radius:8px">
<tr><td style="padding:32px"><a href="{{ store.url }}" style="font-size:22px;font-weight:700;color:#18181b;text-decoration:none">{{ store.name }}</a></td></tr>
<tr><td style="padding:0 32px"><h1 style="margin:0;font-size:28px;color:#18181b">Hi {{ contact.first_name | default: "there" }},</h1></td></tr>
<tr><td style="padding:16px 32px;font-size:16px;line-height:1.6;color:#3f3f46">
{% if contact.orders_count > 1 %}<p>Thanks for being a regular: {{ contact.orders_count }} orders and {{ contact.total_spent | money }} so far.</p>
{% else %}<p>Thanks for joining us. Here is something to get you started.</p>{% endif %}
<p>Your last order was on {{ contact.last_order_at | date: "long" }}.</p></td></tr>
<tr><td style="padding:0 32px"><table role="presentation" width="100%" cellpadding="0" cellspacing="0">
{% for item in cart.items %}<tr><td style="padding:12px 0;border-bottom:1px solid #e4e4e7"><a href="{{ item.url }}" style="color:#18181b">{{ item.title }}</a><br><span style="color:#71717a;font-size:13px">Qty {{ item.quantity }}</span></td>
<td align="right" style="padding:12px 0;border-bottom:1px solid #e4e4e7">{{ item.total | money: cart.currency_code }}</td></tr>{% endfor %}
<tr><td style="padding:16px 0;font-weight:700">Total</td><td align="right" style="padding:16px 0;font-weight:700">{{ cart.total | money: cart.currency_code }}</td></tr>
</table></td></tr>
<tr><td align="center" style="padding:24px 32px"><a href="{{ cart.recovery_url }}" style="display:inline-block;background:#4f46e5;color:#ffffff;padding:14px 28px;border-radius:8px;text-decoration:none;font-weight:600">Return to your cart</a></td></tr>
<tr><td align="center" style="padding:0 32px 24px;font-size:15px;color:#3f3f46">Use <strong>{{ coupon_code | default: "WELCOME10" }}</strong> for 10% off.</td></tr>
</table>
<p style="font-size:12px;color:#71717a;line-height:1.6;padding:24px">{{ store.address }}<br>
<a href="{{ unsubscribe_url }}" style="color:#71717a">Unsubscribe</a> · <a href="{{ preferences_url }}" style="color:#71717a">Manage preferences</a></p>
</td></tr></table></body></html>`

function contexts(n: number): RenderContext[] {
  return Array.from({ length: n }, (_, i) => ({
    ...SAMPLE_RENDER_CONTEXT,
    contact: { ...SAMPLE_RENDER_CONTEXT.contact, email: `c${i}@example.com`, first_name: `Name${i}`, orders_count: i % 4 },
    unsubscribe_url: `https://shop.example.com/marketing/unsubscribe?token=t${i}`,
  }))
}

function measure(label: string, render: (ctx: RenderContext) => unknown, ctxs: RenderContext[]): number {
  for (let i = 0; i < 300; i++) {
    render(ctxs[i % ctxs.length])
  }
  const started = process.hrtime.bigint()
  let n = 0
  while (process.hrtime.bigint() - started < 700_000_000n) {
    for (let i = 0; i < 100; i++) {
      render(ctxs[n++ % ctxs.length])
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9
  const rate = Math.round(n / seconds)
  // eslint-disable-next-line no-console
  console.log(`${label}: ${rate.toLocaleString("en-US")} renders/s (${((seconds / n) * 1e6).toFixed(0)} µs each)`)
  return rate
}

describe("render throughput (prints only)", () => {
  it("measures renders per second", async () => {
    const ctxs = contexts(1000)
    const raw = await compileTemplate(
      { version: 1, mode: "html", html: RAW_TEMPLATE },
      { subject: "Hi {{ contact.first_name }}, your cart is waiting", preheader: "Return to your cart" }
    )
    const starter = STARTER_TEMPLATES.find((t) => t.handle === "newsletter")!
    const blocks = await compileTemplate(starter.doc, { subject: starter.subject, preheader: starter.preheader })

    const viaLiquidjs = (c: CompiledTemplate) => {
      const [s, h, t] = [textLiquid().parse(c.subject), htmlLiquid().parse(c.html), textLiquid().parse(c.text_template)]
      return (ctx: RenderContext) => [textLiquid().renderSync(s, ctx), htmlLiquid().renderSync(h, ctx), textLiquid().renderSync(t, ctx)]
    }
    const lines = [
      `raw HTML template ${(Buffer.byteLength(raw.html) / 1024).toFixed(1)} KB`,
      `block starter "newsletter" ${(Buffer.byteLength(blocks.html) / 1024).toFixed(1)} KB`,
    ]
    const rates = [
      measure(`${lines[0]}, renderForRecipient`, (ctx) => renderForRecipient(raw, ctx), ctxs),
      measure(`${lines[0]}, plain liquidjs renderSync`, viaLiquidjs(raw), ctxs),
      measure(`${lines[1]}, renderForRecipient`, (ctx) => renderForRecipient(blocks, ctx), ctxs),
      measure(`${lines[1]}, plain liquidjs renderSync`, viaLiquidjs(blocks), ctxs),
    ]
    expect(rates.every((r) => r > 0)).toBe(true)
    expect(renderForRecipient(raw, ctxs[7]).html).toContain("Hi Name7,")
  })
})
