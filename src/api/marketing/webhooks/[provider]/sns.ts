import { readFile } from "node:fs/promises"
import { basename, join } from "node:path"
import type { Logger } from "@medusajs/framework/types"
import { isTrustedSnsCertUrl, type SnsMessage } from "../../../../lib/webhooks"

const certificates = new Map<string, Promise<string>>()

/**
 * Where SNS signing certificates come from: a local folder (by file name,
 * for offline tests and air-gapped setups), else AWS over https (only URLs
 * that passed the host check reach here), cached per URL.
 */
export function snsCertificateSource(dir: string): (url: string) => Promise<string> {
  return (url: string) => {
    const key = `${dir}|${url}`
    let pem = certificates.get(key)
    if (!pem) {
      pem = dir ? readFile(join(dir, basename(new URL(url).pathname)), "utf8") : fetchPem(url)
      pem.catch(() => certificates.delete(key))
      certificates.set(key, pem)
    }
    return pem
  }
}

async function fetchPem(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error" })
  if (!res.ok) {
    throw new Error(`Fetching the SNS signing certificate failed: HTTP ${res.status}`)
  }
  return await res.text()
}

/**
 * A verified SubscriptionConfirmation: confirm it by visiting SubscribeURL
 * (only an https URL on sns.<region>.amazonaws.com), in the background. In
 * offline mode (certificates from a folder) it is logged for a person to
 * open instead.
 */
export function confirmSnsSubscription(message: SnsMessage, offlineDir: string, logger: Logger): void {
  const url = message.SubscribeURL
  let trusted = false
  try {
    const u = new URL(url ?? "")
    trusted = u.protocol === "https:" && isTrustedSnsCertUrl(`https://${u.host}/x.pem`)
  } catch {
    trusted = false
  }
  if (!url || !trusted) {
    logger.warn(`SNS subscription confirmation for ${message.TopicArn} has no trusted SubscribeURL; ignored`)
    return
  }
  if (offlineDir) {
    logger.info(`SNS subscription to ${message.TopicArn} is waiting for confirmation: open ${url}`)
    return
  }
  fetch(url, { signal: AbortSignal.timeout(5000), redirect: "error" })
    .then((r) => logger.info(`SNS subscription to ${message.TopicArn} confirmed (HTTP ${r.status})`))
    .catch((e) => logger.warn(`SNS subscription to ${message.TopicArn} could not be confirmed: ${(e as Error).message}`))
}
