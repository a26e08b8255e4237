import fc from "fast-check"
import { segmentRefreshOrder } from "../refresh-order"

describe("segmentRefreshOrder", () => {
  it("puts a segment after the segments it refers to", () => {
    expect(
      segmentRefreshOrder([
        { id: "c", refs: ["b"] },
        { id: "b", refs: ["a"] },
        { id: "a", refs: [] },
        { id: "d", refs: [] },
      ])
    ).toEqual(["a", "d", "b", "c"])
  })

  it("ignores references to segments it is not refreshing, and to itself", () => {
    expect(segmentRefreshOrder([{ id: "x", refs: ["static_1", "x"] }, { id: "y", refs: [] }])).toEqual(["x", "y"])
  })

  it("keeps every segment of a (corrupt) cycle rather than dropping it", () => {
    expect(segmentRefreshOrder([{ id: "a", refs: ["b"] }, { id: "b", refs: ["a"] }, { id: "c", refs: [] }])).toEqual([
      "c",
      "a",
      "b",
    ])
  })

  it("on any acyclic graph, returns each segment once, after its references", () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(20), { maxLength: 4 }), { maxLength: 20 }), (edges) => {
        // only refer to lower indexes: acyclic by construction
        const segments = edges.map((refs, i) => ({ id: `s${i}`, refs: refs.filter((r) => r < i).map((r) => `s${r}`) }))
        const shuffled = [...segments].reverse()
        const order = segmentRefreshOrder(shuffled)
        expect([...order].sort()).toEqual(segments.map((s) => s.id).sort())
        const at = new Map(order.map((id, i) => [id, i]))
        for (const s of segments) {
          for (const r of s.refs) {
            expect(at.get(r)!).toBeLessThan(at.get(s.id)!)
          }
        }
      })
    )
  })
})
