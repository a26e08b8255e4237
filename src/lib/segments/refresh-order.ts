/**
 * The order to refresh dynamic segments in: a segment after every segment it
 * refers to, so "member of segment X" reads X's fresh membership. Ties keep
 * the input order. References to segments not in the list (static or
 * deleted) impose nothing. Saved rules cannot form cycles (validation
 * rejects them), but if stored data ever did, the segments in the cycle are
 * appended in input order rather than dropped.
 */
export function segmentRefreshOrder(segments: readonly { id: string; refs: readonly string[] }[]): string[] {
  const ids = new Set(segments.map((s) => s.id))
  const pending = new Map(segments.map((s) => [s.id, new Set(s.refs.filter((r) => ids.has(r) && r !== s.id))]))
  const order: string[] = []
  let progressed = true
  while (pending.size && progressed) {
    progressed = false
    for (const s of segments) {
      const deps = pending.get(s.id)
      if (deps && deps.size === 0) {
        order.push(s.id)
        pending.delete(s.id)
        for (const other of pending.values()) {
          other.delete(s.id)
        }
        progressed = true
      }
    }
  }
  return [...order, ...segments.filter((s) => pending.has(s.id)).map((s) => s.id)]
}
