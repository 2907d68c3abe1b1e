import Testing

@testable import rtls_sim

/// The path-loss and wall model, the flutter noise, and the facility geometry it uses.
@Suite struct RadioModelTests {
    @Test func lossGrowsWithDistanceAndWalls() {
        let m = RadioModel()
        #expect(m.meanRSSI(distance: 1, walls: 0) == -59)
        #expect(m.meanRSSI(distance: 10, walls: 0) == -81)
        #expect(m.meanRSSI(distance: 10, walls: 1) == -87)
        // Two rooms away (16 m, two walls) is below the default sensitivity.
        #expect(m.meanRSSI(distance: 16, walls: 2) < m.sensitivityDBm)
    }

    @Test func flutterStaysWithinItsBound() {
        var m = RadioModel()
        m.flutterDB = 3
        var rng = SplitMix64(seed: 1)
        let values = (0..<2000).compactMap { _ in m.rssi(distance: 2, walls: 0, using: &rng) }
        let mean = m.meanRSSI(distance: 2, walls: 0)
        #expect(values.count == 2000)
        #expect(values.allSatisfy { abs($0 - mean) <= 3 })
        #expect(values.contains { $0 - mean > 2.5 } && values.contains { $0 - mean < -2.5 })
    }

    @Test func roomsAreFoundByPositionAlongTheFloor() {
        let f = Facility(buildings: 1, floors: 2, roomsPerFloor: 6, tags: 0, fridges: 0, seed: 1)
        let secondFloor = 6
        #expect(f.room(atX: 0.1, onFloorOf: secondFloor + 3) == secondFloor)
        #expect(f.room(atX: 8.5, onFloorOf: secondFloor) == secondFloor + 1)
        #expect(f.room(atX: 99, onFloorOf: secondFloor) == secondFloor + 5)
        #expect(f.floorRooms(of: 8) == 6..<12)
        #expect(f.walls(between: 6, 9) == 3)
    }
}
