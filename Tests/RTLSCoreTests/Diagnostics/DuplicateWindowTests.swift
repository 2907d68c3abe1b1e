import RTLSCore
import Testing

@Suite struct DuplicateWindowTests {
    @Test func fnv1aMatchesPublishedVectors() {
        // FNV-1a 64 of "" is the offset basis; of "a" is 0xaf63dc4c8601ec8c. The key hashes
        // topic + 0x00 + payload, so check it against a direct hash of those bytes.
        #expect(
            DuplicateWindow.key(topic: "a", payload: []) != DuplicateWindow.key(topic: "", payload: Array("a".utf8)))
        var direct: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in Array("a".utf8) { direct = (direct ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        #expect(direct == 0xAF63_DC4C_8601_EC8C)
        direct = (direct ^ 0) &* 0x0000_0100_0000_01B3
        #expect(DuplicateWindow.key(topic: "a", payload: []) == direct)
    }

    @Test func identicalMessageOnTheSameTopicIsDroppedOthersPass() {
        var window = DuplicateWindow(capacity: 16)
        let payload = Array(#"{"ts":1,"tag":"a"}"#.utf8)
        let d1 = window.isDuplicate(topic: "rtls/gw1/readings", payload: payload)
        #expect(!d1)
        let d2 = window.isDuplicate(topic: "rtls/gw1/readings", payload: payload)
        #expect(d2)
        let d3 = window.isDuplicate(topic: "rtls/gw2/readings", payload: payload)
        #expect(!d3)
        let d4 = window.isDuplicate(topic: "rtls/gw1/readings", payload: Array(#"{"ts":2,"tag":"a"}"#.utf8))
        #expect(!d4)
        #expect(window.dropped == 1)
    }

    @Test(arguments: [1, 3, 100])
    func oldKeysAreForgottenAfterCapacityNewOnes(capacity: Int) {
        var window = DuplicateWindow(capacity: capacity)
        let d5 = window.isDuplicate(key: 0)
        #expect(!d5)
        for k in 1...UInt64(capacity) {
            let fresh = !window.isDuplicate(key: k)
            #expect(fresh)
        }
        // key 0 was evicted by the capacity newer keys; the newest `capacity` are still remembered.
        let d6 = window.isDuplicate(key: 0)
        #expect(!d6)
        let d7 = window.isDuplicate(key: 0)
        #expect(d7)
        if capacity > 1 {
            let d8 = window.isDuplicate(key: UInt64(capacity))
            #expect(d8)
        }
        #expect(window.capacity == capacity)
    }
}
