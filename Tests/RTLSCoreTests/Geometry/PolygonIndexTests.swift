import RTLSCore
import Testing

@Suite struct PolygonIndexTests {
    @Test func nestedZoneWinsOverItsContainer() throws {
        let ward = try #require(TestSite.square(0, 0, 100, 100))
        let room = try #require(TestSite.square(10, 10, 20, 20))
        let index = PolygonIndex([(id: 7, polygon: ward), (id: 9, polygon: room)])
        #expect(index.lookup(Point(x: 15, y: 15)) == 9)
        #expect(index.lookup(Point(x: 50, y: 50)) == 7)
        #expect(index.lookup(Point(x: 150, y: 50)) == nil)
    }

    @Test func gridAgreesWithTestingEveryPolygon() throws {
        var rng = SplitMix(seed: 42)
        var entries: [(id: Int32, polygon: Polygon)] = []
        for i in 0..<400 {
            let x = Double(i % 20) * 5
            let y = Double(i / 20) * 5
            let w = 1 + rng.unit() * 6
            let h = 1 + rng.unit() * 6
            entries.append((Int32(i), try #require(TestSite.square(x, y, x + w, y + h))))
        }
        let index = PolygonIndex(entries)
        for _ in 0..<2000 {
            let p = Point(x: rng.unit() * 110, y: rng.unit() * 110)
            let brute = entries.filter { $0.polygon.contains(p) }
                .min { ($0.polygon.area, $0.id) < ($1.polygon.area, $1.id) }?.id
            #expect(index.lookup(p) == brute)
        }
    }
}

/// A deterministic generator so the test is repeatable.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func unit() -> Double { Double(self.next() >> 11) / Double(1 << 53) }
}
