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
        #expect(out.locations.count == readings.count)
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
        readings += (0..<40).map { TestSite.ble("pump1", "gw-icu", -55, 5.5 + Double($0) * 0.5) }
        let out = TestSite.run(&engine, readings)
        let entered = out.zoneEvents.filter { $0.transition == .enter }
        #expect(entered.map { $0.zone.string } == ["ICU-3", "WARD", "ICU-3"])
        // BLE needs two window closes to take it back, not the next advertisement.
        #expect(try #require(entered.last).time >= TestSite.at(10))
    }

    @Test func aGatewayNotHeardForAWindowStopsCounting() {
        var tracker = BLERoomTracker()
        let options = LocationOptions()
        #expect(tracker.observe(gateway: 0, zone: 0, rssi: -50, time: 0, options: options) == 0)
        // Only gateway 1 is heard from now on, weaker than gateway 0's last value.
        var zone: Int32 = 0
        for i in 1...40 {
            zone = tracker.observe(gateway: 1, zone: 1, rssi: -80, time: Int64(i) * 500_000, options: options)
        }
        #expect(zone == 1)
    }
}
