import { isIPv4, isIPv6 } from "node:net"

/**
 * What we keep of a reader's IP address on an open or click event.
 * "truncated" is the usual GDPR compromise (what Google Analytics did): the
 * address still shows the network/region, but no longer one household.
 */
export type IpMode = "full" | "truncated" | "none"

/** A parsed address: 4 bytes for IPv4 (IPv4-mapped IPv6 included), 16 for IPv6. */
export function parseIp(ip: string | null | undefined): Uint8Array | null {
  if (typeof ip !== "string") {
    return null
  }
  let s = ip.trim()
  // a zone id (fe80::1%eth0) names the receiving interface, not the reader
  const zone = s.indexOf("%")
  if (zone >= 0) {
    s = s.slice(0, zone)
  }
  if (isIPv4(s)) {
    return Uint8Array.from(s.split(".").map(Number))
  }
  if (!isIPv6(s)) {
    return null
  }
  const bytes = parseIPv6(s)
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket (Node reports
  // IPv4 peers this way), so it is handled as the IPv4 address it is
  if (bytes.subarray(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
    return bytes.slice(12)
  }
  return bytes
}

/** 16 bytes of an address `net.isIPv6` accepted (and without a zone id). */
function parseIPv6(s: string): Uint8Array {
  const bytes = new Uint8Array(16)
  const groups = (part: string): number[] => {
    if (!part) {
      return []
    }
    const out: number[] = []
    for (const g of part.split(":")) {
      if (g.includes(".")) {
        const [a, b, c, d] = g.split(".").map(Number)
        out.push((a << 8) | b, (c << 8) | d)
      } else {
        out.push(parseInt(g, 16))
      }
    }
    return out
  }
  const gap = s.indexOf("::")
  const head = gap >= 0 ? groups(s.slice(0, gap)) : groups(s)
  const tail = gap >= 0 ? groups(s.slice(gap + 2)) : []
  const all = [...head, ...new Array(8 - head.length - tail.length).fill(0), ...tail]
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8
    bytes[i * 2 + 1] = g & 0xff
  })
  return bytes
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of 2+ zero groups as "::". */
export function formatIp(bytes: Uint8Array): string {
  if (bytes.length === 4) {
    return Array.from(bytes).join(".")
  }
  const groups: number[] = []
  for (let i = 0; i < 16; i += 2) {
    groups.push((bytes[i] << 8) | bytes[i + 1])
  }
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && groups[j] === 0) {
      j++
    }
    if (j - i > bestLen) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestLen < 2) {
    return hex.join(":")
  }
  return `${hex.slice(0, bestStart).join(":")}::${hex.slice(bestStart + bestLen).join(":")}`
}

/**
 * The address to store for a tracking event, or null. Invalid input gives
 * null in every mode: a header value that is not an address is not worth
 * keeping. "full" returns the canonical spelling (IPv4-mapped IPv6 as plain
 * IPv4) so one reader's hits compare equal; "truncated" zeroes the last
 * IPv4 octet, or keeps the first 48 bits of IPv6 (the site prefix; the
 * remaining 80 bits identify a subnet and host).
 */
export function privacyIp(ip: string | null | undefined, mode: IpMode): string | null {
  if (mode === "none") {
    return null
  }
  const bytes = parseIp(ip)
  if (!bytes) {
    return null
  }
  if (mode === "full") {
    return formatIp(bytes)
  }
  const kept = bytes.length === 4 ? 3 : 6
  const truncated = new Uint8Array(bytes.length)
  truncated.set(bytes.subarray(0, kept))
  return formatIp(truncated)
}
