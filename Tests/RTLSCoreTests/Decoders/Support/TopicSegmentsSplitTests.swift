import Testing

@testable import RTLSCore

/// ``TopicSegments/split()`` answers as the one-segment-at-a-time lookups do, for topics that cross the
/// eight-byte steps of its scan at every position.
@Suite struct TopicSegmentsSplitTests {
    static let topics: [String] = {
        var topics = [
            "", "/", "//", "a", "a/", "/a", "ruuvi/C8:25:2D:8E:9C:2C/CB:B8:33:4C:88:4F",
            "ruuvi/C8:25:2D:8E:9C:2C/gw_status", "a/b/c/d/e/f/g/h", "é/ü/ß/€/x", "abcdefg/", "abcdefgh/",
            "abcdefghijklmnop/q", "a//////////////////b",
        ]
        // Every placement of up to three separators in a 20-byte topic.
        for i in 0..<20 {
            for j in i..<20 {
                var bytes = [UInt8](repeating: UInt8(ascii: "x"), count: 20)
                bytes[i] = UInt8(ascii: "/")
                bytes[j] = UInt8(ascii: "/")
                bytes[(i + j) / 2 + 3 < 20 ? (i + j) / 2 + 3 : 19] = UInt8(ascii: "/")
                topics.append(String(decoding: bytes, as: UTF8.self))
            }
        }
        return topics
    }()

    @Test(arguments: Self.topics)
    func splitMatchesTheSegmentLookups(_ topic: String) {
        let segments = TopicSegments(topic: topic)
        let split = segments.split()
        #expect(split.count == segments.count, "\(topic)")
        #expect(split.last == segments.rangeFromEnd(0), "\(topic)")
        for index in 0..<4 {
            #expect(split.range(index) == segments.range(index), "\(topic) segment \(index)")
        }
    }

    /// The word-at-a-time separator test flags exactly the `/` bytes, whatever their neighbours.
    @Test func slashesFlagsExactlyTheSeparators() {
        for position in 0..<8 {
            for value in 0...255 {
                for filler: UInt8 in [0x00, 0x2F, 0x2E, 0x30, 0xAF, 0xFF] {
                    var bytes = [UInt8](repeating: filler, count: 8)
                    bytes[position] = UInt8(value)
                    var w: UInt64 = 0
                    for k in 0..<8 { w |= UInt64(bytes[k]) << UInt64(8 * k) }
                    var expected: UInt64 = 0
                    for k in 0..<8 where bytes[k] == UInt8(ascii: "/") { expected |= 0x80 << UInt64(8 * k) }
                    #expect(TopicSegments.Split.slashes(w) == expected, "\(bytes)")
                }
            }
        }
    }
}
