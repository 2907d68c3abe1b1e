import Testing

@testable import RTLSCore

@Suite struct JSONKeySetTests {
    /// Many short keys of equal length and first byte, so buckets are shared and chains are walked.
    static let names: [String] = (0..<32).map { i in "k" + String(UnicodeScalar(UInt8(65 + i % 26))) + "\(i / 26)" }

    @Test func findsEverySlotOfAFullSet() {
        let keys = Self.names.enumerated().map { JSONKey($0.element, slot: $0.offset) }
        let set = JSONKeySet(keys)
        for key in keys {
            #expect(set.slot(key.bytes) == key.slot)
        }
        #expect(set.slot(Array("kA".utf8)) == nil)
        #expect(set.slot(Array("kA00".utf8)) == nil)
        #expect(set.slot([]) == nil)
    }

    @Test(arguments: ["tag", "ta", "tags", "TAG", "t", "", "tagID", "tagId"])
    func matchesWholeKeysOnly(_ name: String) {
        let set = JSONKeySet([JSONKey("tag", slot: 0), JSONKey("tagID", slot: 1), JSONKey("", slot: 2)])
        let expected: Int? =
            switch name {
            case "tag": 0
            case "tagID": 1
            case "": 2
            default: nil
            }
        #expect(set.slot(Array(name.utf8)) == expected)
    }

    @Test func findsKeysInsideALargerBuffer() {
        let bytes = Array(#"{"rssi":1}"#.utf8)
        let set = JSONKeySet([JSONKey("rssi", slot: 0)])
        #expect(set.slot(bytes.span, 2, 6) == 0)
        #expect(set.slot(bytes.span, 2, 5) == nil)
    }
}
