/**
 * RFM: recency, frequency and monetary value scored 1-5 within the store's
 * own customers (5 = most recent / most orders / most spent), and the
 * classic groups read off the recency x frequency grid.
 */
export const RFM_GROUPS = [
  "champions",
  "loyal",
  "potential_loyalist",
  "new",
  "at_risk",
  "cant_lose",
  "hibernating",
  "lost",
] as const
export type RfmGroup = (typeof RFM_GROUPS)[number]

/**
 * Score 1-5 from a percent rank in [0, 1] (the share of customers strictly
 * below): ties share a score, and the lowest value always scores 1, so a
 * store where half the customers bought once gives them all F = 1.
 */
export function quintile(percentRank: number): number {
  if (!(percentRank >= 0)) {
    return 1
  }
  return Math.min(5, Math.floor(percentRank * 5) + 1)
}

/** The group of a recency and frequency score (each 1-5). */
export function rfmGroup(recency: number, frequency: number): RfmGroup {
  if (recency >= 4) {
    if (frequency >= 4) return "champions"
    if (frequency >= 2) return "potential_loyalist"
    return "new"
  }
  if (recency === 3) {
    return frequency >= 3 ? "loyal" : "hibernating"
  }
  if (frequency === 5) return "cant_lose"
  if (frequency >= 3) return "at_risk"
  return recency === 2 ? "hibernating" : "lost"
}

/** Every (recency, frequency, group) cell, for building the SQL lookup. */
export function rfmGrid(): { recency: number; frequency: number; group: RfmGroup }[] {
  const cells: { recency: number; frequency: number; group: RfmGroup }[] = []
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      cells.push({ recency: r, frequency: f, group: rfmGroup(r, f) })
    }
  }
  return cells
}
