import { quintile, RFM_GROUPS, rfmGrid, rfmGroup } from "../rfm"

describe("quintile", () => {
  it("maps percent ranks to 1-5 with the bottom always 1 and the top 5", () => {
    expect(quintile(0)).toBe(1)
    expect(quintile(0.19)).toBe(1)
    expect(quintile(0.2)).toBe(2)
    expect(quintile(0.5)).toBe(3)
    expect(quintile(0.79)).toBe(4)
    expect(quintile(0.8)).toBe(5)
    expect(quintile(1)).toBe(5)
    expect(quintile(NaN)).toBe(1)
  })
})

describe("rfmGroup", () => {
  it("places the classic corners", () => {
    expect(rfmGroup(5, 5)).toBe("champions")
    expect(rfmGroup(5, 1)).toBe("new")
    expect(rfmGroup(4, 3)).toBe("potential_loyalist")
    expect(rfmGroup(3, 4)).toBe("loyal")
    expect(rfmGroup(2, 4)).toBe("at_risk")
    expect(rfmGroup(1, 5)).toBe("cant_lose")
    expect(rfmGroup(2, 1)).toBe("hibernating")
    expect(rfmGroup(1, 1)).toBe("lost")
  })

  it("covers the whole grid with every group used", () => {
    const grid = rfmGrid()
    expect(grid).toHaveLength(25)
    expect(new Set(grid.map((c) => c.group))).toEqual(new Set(RFM_GROUPS))
  })

  it("never ranks a more recent customer in a colder group at the same frequency", () => {
    const warmth = ["lost", "hibernating", "at_risk", "cant_lose", "new", "potential_loyalist", "loyal", "champions"]
    for (let f = 1; f <= 5; f++) {
      for (let r = 1; r < 5; r++) {
        const older = rfmGroup(r, f)
        const newer = rfmGroup(r + 1, f)
        // cant_lose / at_risk customers who come back are never "lost" or "hibernating"
        expect(["lost", "hibernating"].includes(newer) && !["lost", "hibernating"].includes(older)).toBe(false)
        expect(warmth.indexOf(newer)).toBeGreaterThanOrEqual(warmth.indexOf(older) - 3)
      }
    }
  })
})
