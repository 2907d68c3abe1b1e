import Testing

@testable import rtls_sim

@Suite struct FacilityTests {
    static func summary(_ f: Facility) -> [String] {
        f.rooms.map { "\($0.name) \($0.gateway) \($0.kind)" }
            + f.assets.map { "\($0.tag) \($0.name) \($0.room) \($0.battery) \($0.nextMoveAt)" }
            + f.fridges.map { "\($0.sensor) \($0.room)" }
            + f.gpsTrackers.map { "\($0.tag) \($0.stop) \($0.battery) \($0.departAt)" }
    }

    @Test func theSameSeedBuildsTheSameFacility() {
        let a = Facility(buildings: 2, floors: 3, roomsPerFloor: 8, tags: 60, fridges: 4, gpsTrackers: 5, seed: 9)
        let b = Facility(buildings: 2, floors: 3, roomsPerFloor: 8, tags: 60, fridges: 4, gpsTrackers: 5, seed: 9)
        let c = Facility(buildings: 2, floors: 3, roomsPerFloor: 8, tags: 60, fridges: 4, gpsTrackers: 5, seed: 10)
        #expect(Self.summary(a) == Self.summary(b))
        #expect(Self.summary(a) != Self.summary(c))
        #expect(a.rooms.count == 48)
        #expect(a.assets.count == 60)
        #expect(a.gpsTrackers.count == 5)
    }

    @Test func gpsTrackersLeaveTheIndoorFacilityOfASeedUnchanged() {
        let without = Facility(buildings: 1, floors: 3, roomsPerFloor: 12, tags: 50, fridges: 4, seed: 42)
        let with = Facility(buildings: 1, floors: 3, roomsPerFloor: 12, tags: 50, fridges: 4, gpsTrackers: 6, seed: 42)
        #expect(Self.summary(without) == Self.summary(with).dropLast(6).map { $0 })
        #expect(Set(with.gpsTrackers.map(\.tag)).count == 6)
        #expect(with.gpsTrackers.map(\.assetClass).filter { $0 == "wheelchair" }.count == 3)
    }

    @Test(arguments: [BLEFormat.espresense, .minew, .theengs, .rtlsJSON])
    func namingKeepsIDsUniqueAndInTheVendorsShape(ble: BLEFormat) {
        var f = Facility(buildings: 2, floors: 2, roomsPerFloor: 6, tags: 30, fridges: 2, seed: 1)
        f.applyNaming(TrafficPlan(format: .vendor, ble: ble))
        #expect(Set(f.rooms.map(\.gateway)).count == f.rooms.count)
        #expect(Set(f.assets.map(\.tag)).count == f.assets.count)
        let hex = Set("0123456789ABCDEF")
        if ble == .minew {
            #expect(f.rooms.allSatisfy { $0.gateway.count == 12 && $0.gateway.allSatisfy(hex.contains) })
        }
        if ble == .minew || ble == .theengs {
            // Beacon MACs as rtlsd normalizes them (Theengs payloads carry them with colons).
            #expect(f.assets.allSatisfy { $0.tag.count == 12 && $0.tag.allSatisfy(hex.contains) })
        }
        if ble == .espresense {
            #expect(f.rooms.allSatisfy { $0.name == $0.name.lowercased() && $0.gateway == $0.name })
        }
    }
}
