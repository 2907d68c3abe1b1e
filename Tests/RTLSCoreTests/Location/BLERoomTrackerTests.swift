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
        // Until the first whole window (1–3 s) is decided the room is being confirmed: at 4 s, when
        // the ward gateway's sighting of 3.5 s (one message, through once the next begins) shows
        // that both gateways have reported past 3 s.
        #expect(engine.statistics.locatingReadings == 8)
        #expect(out.locations.count == readings.count - 8)
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
        // The swap happens at t = 20 s with a 25 dB lead: the window 20–22 s decides it (at 23 s,
        // half a window after its end).
        #expect(switchAt == TestSite.at(23))
        #expect(engine.location(of: "vent07")?.zone == "WARD")
    }

    @Test func leadBelowTheMarginNeverSwitches() throws {
        var readings = (0..<12).map { TestSite.ble("vent07", "gw-icu", -60, Double($0) * 0.5) }
        for i in 12..<200 {
            let icu = i % 2 == 0
            readings.append(TestSite.ble("vent07", icu ? "gw-icu" : "gw-ward", icu ? -70 : -67, Double(i) * 0.5))
        }
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, readings)
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
    }

    @Test func rfidFixIsAdoptedAndBLEMustBuildANewLead() throws {
        var engine = try TestSite.engine([])
        var readings = (0..<6).map { TestSite.ble("pump1", "gw-icu", -55, Double($0) * 0.5) }
        readings.append(TestSite.rfid("pump1", "rdr-1", antenna: 2, 3))  // portal puts it in WARD
        readings += (0..<60).map { TestSite.ble("pump1", "gw-icu", -55, 3.5 + Double($0) * 0.5) }
        let out = TestSite.run(&engine, readings)
        let entered = out.zoneEvents.filter { $0.transition == .enter }
        // BLE was still confirming the first room when the portal read placed the tag.
        #expect(entered.map { $0.zone.string } == ["WARD", "ICU-3"])
        // BLE does not move it back within the arbitration window (10 s); its smoothing learns
        // meanwhile, so it moves at the first reading after the window, not at the next one.
        #expect(try #require(entered.last).time == TestSite.at(13))
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
        // The window 1–3 s waits for the ward gateway, which heard the tag at 0 s and then fell
        // silent, until the maximum delay (half a window): decided by the sighting of 4 s.
        #expect(try #require(out.zoneEvents.first).time == TestSite.at(4))
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

    /// A tag that advertises rarely (every 40 s) is located at its third sighting: the second one's
    /// window is the first whole one, decided when the third arrives.
    @Test func aSlowAdvertiserIsLocated() throws {
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, (0..<6).map { TestSite.ble("pump1", "gw-icu", -60, Double($0) * 40) })
        #expect(out.zoneEvents.map { $0.zone.string } == ["ICU-3"])
        #expect(try #require(out.zoneEvents.first).time == TestSite.at(80))
        #expect(out.locations.count == 4)
    }

    /// A lead between the margin (4 dB) and the fast margin (10 dB) needs two windows.
    @Test func aModerateLeadSwitchesAfterTwoWindows() throws {
        var readings: [Reading] = []
        for i in 0..<40 {
            readings.append(TestSite.ble("vent07", i % 2 == 0 ? "gw-icu" : "gw-ward", i % 2 == 0 ? -60 : -70, Double(i) * 0.5))
        }
        for i in 40..<80 {
            readings.append(TestSite.ble("vent07", i % 2 == 0 ? "gw-icu" : "gw-ward", i % 2 == 0 ? -66 : -60, Double(i) * 0.5))
        }
        var engine = try TestSite.engine([])
        let out = TestSite.run(&engine, readings)
        #expect(out.zoneEvents.filter { $0.transition == .enter }.map { $0.zone.string } == ["ICU-3", "WARD"])
        // Windows 20–22 and 22–24 s lead by 6 dB; the second is decided at 25 s.
        #expect(try #require(out.zoneEvents.last).time == TestSite.at(25))
    }

    /// Gateways upload in batches: a sighting stamped before another gateway's newer one still
    /// counts while its window is open, and one for a window already decided is late.
    @Test func sightingsCountByWindowNotByArrival() throws {
        var engine = try TestSite.engine([])
        var readings = (0..<12).map { TestSite.ble("pump1", "gw-icu", -60, Double($0) * 0.5) }  // 0–5.5 s
        // The ward gateway's batch for 6–7.5 s arrives after the ICU gateway's 6–7.5 s readings …
        readings += (12..<16).map { TestSite.ble("pump1", "gw-icu", -75, Double($0) * 0.5) }
        readings += (12..<16).map { TestSite.ble("pump1", "gw-ward", -55, Double($0) * 0.5) }
        // … and both go on; a sighting of 1 s (window 0–2 s, decided long ago) comes last.
        readings += (16..<24).map { TestSite.ble("pump1", $0 % 2 == 0 ? "gw-icu" : "gw-ward", $0 % 2 == 0 ? -75 : -55, Double($0) * 0.5) }
        readings.append(TestSite.ble("pump1", "gw-ward", -40, 1))
        let out = TestSite.run(&engine, readings)
        // The ward's 20 dB lead in window 6–8 s (all of it, although it came after 7.5 s) moves it at 9 s.
        #expect(out.zoneEvents.filter { $0.transition == .enter }.map { $0.zone.string } == ["ICU-3", "WARD"])
        #expect(try #require(out.zoneEvents.last).time == TestSite.at(9))
        #expect(engine.statistics.lateReadings == 1)
    }

    @Test func aRoomNotHeardForTwoWindowsGivesWay() {
        var tracker = BLERoomTracker()
        let options = LocationOptions()
        #expect(tracker.observe(gateway: 0, zone: 0, rssi: -50, time: 0, options: options) == .locating)
        #expect(tracker.isLocating)
        // The window 0–2 s was not whole (the tag was first heard at its start): still locating.
        #expect(tracker.observe(gateway: 0, zone: 0, rssi: -50, time: 5_000_000, options: options) == .locating)
        // Only gateway 1 is heard from now on, 30 dB weaker than gateway 0 was.
        var decisions: [BLERoomTracker.Decision] = []
        for i in 1...20 {
            decisions.append(
                tracker.observe(gateway: 1, zone: 1, rssi: -80, time: 5_000_000 + Int64(i) * 500_000, options: options))
        }
        // 4–6 s (gateway 0 at -50) is the first fix at 7 s; 6–8 and 8–10 s lead (room 0 unheard): room 1 at 11 s.
        #expect(decisions[3] == .room(0))
        #expect(decisions[11] == .room(1))
        #expect(decisions[10] == .room(0))
        #expect(decisions.last == .room(1))
        #expect(!tracker.isLocating)
        // A sighting for a window decided long ago changes nothing.
        #expect(tracker.observe(gateway: 0, zone: 0, rssi: -30, time: 1_000_000, options: options) == .late)
    }
}
