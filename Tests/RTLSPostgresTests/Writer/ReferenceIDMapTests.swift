import Testing

@testable import RTLSPostgres

@Suite("ReferenceIDMap")
struct ReferenceIDMapTests {
    @Test("pending ids are visible, then kept on commit")
    func commit() {
        var map = ReferenceIDMap<String, Int32>()
        map.insertPending(7, for: "a")
        #expect(map["a"] == 7)
        #expect(map.pendingCount == 1 && map.count == 0)
        map.commitPending()
        #expect(map["a"] == 7)
        #expect(map.pendingCount == 0 && map.count == 1)
    }

    @Test("pending ids are forgotten on discard; committed ones stay")
    func discard() {
        var map = ReferenceIDMap<String, Int16>()
        map.insertPending(1, for: "kept")
        map.commitPending()
        map.insertPending(2, for: "dropped")
        map.discardPending()
        #expect(map["kept"] == 1)
        #expect(map["dropped"] == nil)
    }
}

@Suite("ReferenceIDMap bound")
struct ReferenceIDMapBoundTests {
    /// A map of `capacity` holding `keys` committed, in order.
    static func map(_ keys: [String], capacity: Int) -> ReferenceIDMap<String, Int32> {
        var map = ReferenceIDMap<String, Int32>(capacity: capacity)
        for (i, key) in keys.enumerated() {
            map.insertPending(Int32(i + 1), for: key)
            map.commitPending()
        }
        return map
    }

    @Test("a full map evicts the first entry not used since the hand passed; used ones stay")
    func secondChance() {
        var map = Self.map(["a", "b", "c"], capacity: 3)
        #expect(map.touch("a") == 1)
        map.insertPending(4, for: "d")
        map.commitPending()
        #expect(map.count == 3 && map.evictions == 1)
        #expect(map["a"] == 1 && map["b"] == nil && map["c"] == 3 && map["d"] == 4)
        // a's mark was cleared by the pass: with nothing used since, the next one goes in slot order.
        map.insertPending(5, for: "e")
        map.commitPending()
        #expect(map["c"] == nil && map["a"] == 1 && map["e"] == 5 && map.evictions == 2)
    }

    @Test("the bound holds under churn and evictions are counted")
    func churn() {
        var map = ReferenceIDMap<String, Int32>(capacity: 100)
        for batch in 0..<50 {
            for i in 0..<37 { map.insertPending(Int32(batch * 37 + i), for: "phone-\(batch)-\(i)") }
            map.commitPending()
            #expect(map.count <= 100)
        }
        #expect(map.count == 100)
        #expect(map.evictions == UInt64(50 * 37 - 100))
    }

    @Test("a tag used in every batch survives any amount of churn")
    func hotEntryStays() {
        var map = Self.map(["hot"], capacity: 10)
        for batch in 0..<100 {
            #expect(map.touch("hot") == 1, "batch \(batch)")
            for i in 0..<4 { map.insertPending(Int32(100 + i), for: "cold-\(batch)-\(i)") }
            map.commitPending()
        }
        #expect(map["hot"] == 1 && map.count == 10)
    }

    @Test("pending ids are never evicted before the commit, even past the bound")
    func pendingOvershoots() {
        var map = Self.map(["a", "b"], capacity: 2)
        for (i, key) in ["c", "d", "e"].enumerated() { map.insertPending(Int32(10 + i), for: key) }
        #expect(map["a"] == 1 && map["b"] == 2 && map["c"] == 10 && map["d"] == 11 && map["e"] == 12)
        map.commitPending()
        #expect(map.count == 2 && map.evictions == 3 && map.pendingCount == 0)
    }

    @Test("retain drops refused keys without counting evictions")
    func retain() {
        var map = Self.map(["gw-1", "gw-2", "gw-3"], capacity: 3)
        map.retain { $0 != "gw-2" }
        #expect(map.count == 2 && map["gw-2"] == nil && map["gw-3"] == 3 && map.evictions == 0)
        map.insertPending(9, for: "gw-9")
        map.commitPending()
        #expect(map.count == 3 && map.evictions == 0)
    }
}
