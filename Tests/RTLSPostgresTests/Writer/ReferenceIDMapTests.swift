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
