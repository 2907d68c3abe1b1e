import RTLSCore
import Testing

@Suite struct BLERoomTrackerTests {
    /// A tag on the wall between two rooms: each gateway's raw RSSI swings ±3 dB around the same mean,
    /// out of phase, so the raw strongest gateway changes every second reading.
    static func boundaryReadings() -> [Reading] {
        (0..<240).map { i in
            let swing: Float = (i / 2) % 2 == 0 ? 3 : -3
            let icu = i % 2 == 0
            return TestSite.ble("vent07", icu ? "gw-icu" : "gw-ward", -70 + (icu ? swing : -swing), Double(i) * 0.5)
        }
    }

    @Test func pingPongBetweenAdjacentRoomsIsSuppressed() throws {
        let readings = Self.boundaryReadings()
        var naive: [GatewayID: Float] = [:]
        var naiveRoom = GatewayID()
        var naiveSwitches = 0
        for r in readings {
            naive[r.gateway] = r.rssi
            let best = naive.max { $0.value < $1.value || ($0.value == $1.value && $0.key.string > $1.key.string) }!.key
            if best != naiveRoom, !naiveRoom.isEmpty { naiveSwitches += 1 }
            naiveRoom = best
        }
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, readings)
        #expect(naiveSwitches > 50)
        #expect(out.zoneEvents.count == 1)
        #expect(out.zoneEvents.first?.transition == .enter)
        // The first 5 s (one window) the room is being confirmed: no location yet.
        #expect(engine.statistics.locatingReadings == 10)
        #expect(out.locations.count == readings.count - 10)
    }

    @Test func realMoveSwitchesAfterTheConfiguredWindows() throws {
        var readings: [Reading] = []
        for i in 0..<40 {
            let s = Double(i) * 0.5
            readings.append(TestSite.ble("vent07", i % 2 == 0 ? "gw-icu" : "gw-ward", i % 2 == 0 ? -60 : -85, s))
        }
        for i in 40..<120 {
            let s = Double(i) * 0.5
            readings.append(TestSite.ble("vent07", i % 2 == 0 ? "gw-icu" : "gw-ward", i % 2 == 0 ? -85 : -60, s))
        }
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, readings)
        let moves = out.zoneEvents.filter { $0.transition == .enter }.map { $0.zone.string }
        #expect(moves == ["ICU-3", "WARD"])
        let switchAt = try #require(out.zoneEvents.last?.time)
        // The swap happens at t = 20 s; two window closes (5 s windows) are needed after the lead builds up.
        #expect(switchAt >= TestSite.at(25))
        #expect(switchAt <= TestSite.at(40))
        #expect(engine.location(of: "vent07")?.zone == "WARD")
    }

    @Test func leadBelowTheMarginNeverSwitches() throws {
        var readings: [Reading] = [TestSite.ble("vent07", "gw-icu", -60, 0)]
        for i in 1..<200 {
            let icu = i % 2 == 0
            readings.append(TestSite.ble("vent07", icu ? "gw-icu" : "gw-ward", icu ? -70 : -67, Double(i) * 0.5))
        }
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, readings)
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
    }

    @Test func rfidFixIsAdoptedAndBLEMustBuildANewLead() throws {
        var engine = try TestSite.engine([])
        var readings = (0..<10).map { TestSite.ble("pump1", "gw-icu", -55, Double($0) * 0.5) }
        readings.append(TestSite.rfid("pump1", "rdr-1", antenna: 2, 5))  // portal puts it in WARD
        readings += (0..<60).map { TestSite.ble("pump1", "gw-icu", -55, 5.5 + Double($0) * 0.5) }
        let out = TestSite.run(&engine, readings)
        let entered = out.zoneEvents.filter { $0.transition == .enter }
        // BLE was still confirming the first room when the portal read placed the tag.
        #expect(entered.map { $0.zone.string } == ["WARD", "ICU-3"])
        // BLE does not move it back within the arbitration window (10 s); its smoothing learns
        // meanwhile, so it moves at the first reading after the window, not at the next one.
        #expect(try #require(entered.last).time == TestSite.at(15))
        #expect(engine.statistics.outrankedReadings == 19)
    }

    /// One weak sighting overheard by another room's gateway must not place a tag there: the first
    /// room is taken over a whole window, from every gateway heard in it.
    @Test func firstFixIsConfirmedOverAWindow() throws {
        var engine = try TestSite.engine([])
        var readings = [TestSite.ble("pump1", "gw-ward", -88, 0)]
        readings += (1...12).map { TestSite.ble("pump1", "gw-icu", -60, Double($0) * 0.5) }
        let out = TestSite.run(&engine, readings)
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
        #expect(try #require(out.zoneEvents.first).time == TestSite.at(5))
    }

    /// Back after a long silence, a first sighting overheard by another room's gateway does not move
    /// the tag: the old room has gone stale, and a new one must still lead at two window closes.
    @Test func anOverheardSightingAfterASilenceDoesNotMoveTheTag() throws {
        var engine = try TestSite.engine([])
        var readings = (0...12).map { TestSite.ble("pump1", "gw-icu", -60, Double($0) * 0.5) }
        readings.append(TestSite.ble("pump1", "gw-ward", -70, 300))  // 5 min later, overheard first
        readings += (1...12).map { TestSite.ble("pump1", "gw-icu", -58, 300 + Double($0) * 0.5) }
        let out = TestSite.run(&engine, readings)
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
        #expect(engine.location(of: "pump1")?.zone == "ICU-3")
    }

    /// A tag that advertises rarely (every 40 s) is located at its second sighting.
    @Test func aSlowAdvertiserIsLocatedAtItsSecondSighting() throws {
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, (0..<6).map { TestSite.ble("pump1", "gw-icu", -60, Double($0) * 40) })
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
        #expect(try #require(out.zoneEvents.first).time == TestSite.at(40))
        #expect(out.locations.count == 5)
    }

    @Test func aGatewayNotHeardForAWindowStopsCounting() {
        var tracker = BLERoomTracker()
        let options = LocationOptions()
        #expect(tracker.observe(gateway: 0, zone: 0, rssi: -50, time: 0, options: options) == nil)
        #expect(tracker.isLocating)
        #expect(tracker.observe(gateway: 0, zone: 0, rssi: -50, time: 5_000_000, options: options) == 0)
        // Only gateway 1 is heard from now on, weaker than gateway 0's last value.
        var zone: Int32? = 0
        for i in 1...40 {
            zone = tracker.observe(gateway: 1, zone: 1, rssi: -80, time: 5_000_000 + Int64(i) * 500_000, options: options)
        }
        #expect(zone == 1)
    }
}
