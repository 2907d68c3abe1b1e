import Testing

@testable import rtls_sim

@Suite struct GPSTrackerTests {
    @Test func trackersTravelBetweenDistinctStopsAtTheirClassSpeed() {
        var rng = SplitMix64(seed: 3)
        var tracker = GPSTracker(index: 0, using: &rng)
        var stops: [Int] = [tracker.stop]
        var sim = 0.0
        var last = tracker.advance(to: 0, using: &rng)
        var fastest = 0.0
        while sim < 20_000 {
            sim += 1
            let p = tracker.advance(to: sim, using: &rng)
            let (de, dn) = (p.east - last.east, p.north - last.north)
            fastest = max(fastest, (de * de + dn * dn).squareRoot())
            last = p
            if !tracker.isMoving && tracker.stop != stops.last { stops.append(tracker.stop) }
        }
        #expect(stops.count > 3)
        #expect(zip(stops, stops.dropFirst()).allSatisfy { $0 != $1 })
        #expect(fastest <= tracker.metresPerS + 1e-9)
        #expect(fastest > tracker.metresPerS * 0.9)
    }
}
