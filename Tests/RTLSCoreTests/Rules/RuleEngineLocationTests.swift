import RTLSCore
import Testing

@Suite struct RuleEngineLocationTests {
    @Test func rfidAntennaMapsToItsZoneAndUnmappedPortFallsBackToTheReaderZone() throws {
        var engine = try TestSite.engine([])
        var out = TestSite.run(&engine, [TestSite.rfid("pump1", "rdr-1", antenna: 2, 1)])
        #expect(out.locations.last?.zone == "WARD")
        #expect(out.locations.last?.method == .rfid)
        out = TestSite.run(&engine, [TestSite.rfid("pump1", "rdr-1", antenna: 7, 2)])
        #expect(out.locations.last?.zone == "DOCK")
        #expect(out.zoneEvents.map(\.transition) == [.exit, .enter])
        #expect(out.zoneEvents.map { $0.zone.string } == ["WARD", "DOCK"])
    }

    /// A TID next to an EPC travels as an identifier reading whose `zone` holds the TID's bytes: the engine
    /// must not take it for a sighting (here the bytes spell a real zone, WARD).
    @Test func identifierReadingIsNotASighting() throws {
        var engine = try TestSite.engine([])
        var out = TestSite.run(&engine, [TestSite.rfid("pump1", "rdr-1", antenna: 1, 1)])
        #expect(out.locations.last?.zone == "DOCK")
        var tid = TestSite.rfid("pump1", "rdr-1", antenna: 1, 2)
        tid.kind = .sensor
        tid.antenna = nil
        tid.flags.insert(.identifier)
        tid.metric = TagIdentifierScheme.tid
        tid.zone = "WARD"
        let before = engine.statistics.readings
        out = TestSite.run(&engine, [tid])
        #expect(out.locations.isEmpty && out.zoneEvents.isEmpty)
        #expect(engine.location(of: "pump1")?.zone == "DOCK")
        #expect(engine.statistics.readings == before)
    }

    @Test func uwbPointIsLookedUpOnTheGatewaysFloor() throws {
        var engine = try TestSite.engine([])
        var out = TestSite.run(&engine, [TestSite.uwb("bed4", 3, 3, 1, gw: "uwb-2")])
        #expect(out.locations.last?.zone == "SOILED")
        #expect(out.locations.last?.floor == "L2")
        out = TestSite.run(&engine, [TestSite.uwb("bed4", 3, 3, 2, gw: "uwb-1")])
        #expect(out.locations.last?.zone == "ICU-3")
        out = TestSite.run(&engine, [TestSite.uwb("bed4", 50, 50, 3, gw: "uwb-1")])
        #expect(out.locations.last?.zoneIndex == nil)
        #expect(out.locations.last?.floor == "L1")
        #expect(out.zoneEvents.map(\.transition) == [.exit])
    }

    @Test func gpsPointIsLookedUpInGeofences() throws {
        var engine = try TestSite.engine([])
        var r = Reading(time: TestSite.at(1), receivedAt: TestSite.at(1), kind: .gps, tag: "pump1")
        r.lat = 47.35
        r.lon = 8.55
        var out = TestSite.run(&engine, [r])
        #expect(out.locations.last?.zone == "CAMPUS")
        #expect(out.locations.last?.method == .gps)
        r.time = TestSite.at(2)
        r.lat = 47.5
        out = TestSite.run(&engine, [r])
        #expect(out.locations.last?.zoneIndex == nil)
        #expect(out.zoneEvents.first?.transition == .exit)
    }

    @Test func zoneNamedByTheReadingWins() throws {
        var engine = try TestSite.engine([])
        var qr = Reading(time: TestSite.at(1), receivedAt: TestSite.at(1), kind: .qr, tag: "bed4", gateway: "scanner")
        qr.zone = "SOILED"
        var region = Reading(time: TestSite.at(1), receivedAt: TestSite.at(1), kind: .gps, tag: "pump1")
        region.zone = "WARD"  // an OwnTracks region: the device says where it is
        let out = TestSite.run(&engine, [qr, region])
        #expect(out.locations.map { $0.zone.string } == ["SOILED", "WARD"])
        #expect(out.locations.map(\.method) == [.qr, .reported])
    }

    /// Room nodes (ESPresense) name their own room, and every node that overhears a tag reports it:
    /// each is one BLE gateway for the window rule, so an overhearing node does not move the tag.
    @Test func roomNodesAreBLEGatewaysOfTheirRoom() throws {
        var engine = try TestSite.engine([])
        var readings: [Reading] = []
        for i in 0..<24 {
            let s = Double(i) * 0.5
            var own = TestSite.ble("pump1", "", -55, s)
            own.zone = "ICU-3"
            var overheard = TestSite.ble("pump1", "", -75, s + 0.25)
            overheard.zone = "WARD"
            readings += [own, overheard]
        }
        let out = TestSite.run(&engine, readings)
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
        #expect(out.locations.allSatisfy { $0.method == .ble && $0.zone == "ICU-3" })
        #expect(engine.statistics.locatingReadings > 0)
    }

    @Test func unknownTagsAreLocatedWithoutAnAsset() throws {
        var engine = try TestSite.engine([RuleSpec(id: "any-enter", condition: .zoneEnter(zones: ["ICU-3"]))])
        let out = TestSite.run(
            &engine,
            [1, 3.5, 6].map { TestSite.ble("stranger", "gw-icu", -60, $0) })
        #expect(out.locations.first?.zone == "ICU-3")
        #expect(out.locations.first?.asset.isEmpty == true)
        #expect(out.zoneEvents.count == 1)
        #expect(out.alerts.isEmpty)
        #expect(engine.trackedTagCount == 6)
    }

    @Test func unknownGatewayOrZoneNameLeavesLocationUnchangedAndIsCounted() throws {
        var engine = try TestSite.engine([])
        var named = TestSite.ble("pump1", "gw-icu", -60, 7)
        named.zone = "NOWHERE"
        let out = TestSite.run(
            &engine,
            [
                TestSite.ble("pump1", "gw-icu", -60, 1), TestSite.ble("pump1", "gw-icu", -60, 3.5),
                TestSite.ble("pump1", "gw-icu", -60, 6),
                TestSite.ble("pump1", "gw-x", -40, 7), named,
            ])
        #expect(out.locations.count == 1)
        #expect(engine.statistics.unresolvedReadings == 2)
        #expect(engine.location(of: "pump1")?.zone == "ICU-3")
    }
}
