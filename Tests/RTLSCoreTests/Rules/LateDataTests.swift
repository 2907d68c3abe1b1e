import RTLSCore
import Testing

@Suite struct LateDataTests {
    @Test func lateReadingNeverMovesATagBack() throws {
        var engine = try TestSite.engine([])
        let out = TestSite.run(
            &engine,
            [
                TestSite.rfid("pump1", "rdr-1", antenna: 1, 10), TestSite.rfid("pump1", "rdr-1", antenna: 2, 20),
                // A reader replays its buffer after reconnecting: older sightings arrive now.
                TestSite.rfid("pump1", "rdr-1", antenna: 1, 12), TestSite.rfid("pump1", "rdr-1", antenna: 1, 15),
            ])
        #expect(engine.location(of: "pump1")?.zone == "WARD")
        #expect(out.zoneEvents.map { $0.zone.string } == ["DOCK", "DOCK", "WARD"])
        #expect(out.locations.count == 2)
        #expect(engine.statistics.lateReadings == 2)
    }

    @Test func readingWithTheSameTimeIsAccepted() throws {
        var engine = try TestSite.engine([])
        _ = TestSite.run(
            &engine, [TestSite.rfid("pump1", "rdr-1", antenna: 1, 10), TestSite.rfid("pump1", "rdr-1", antenna: 2, 10)])
        #expect(engine.location(of: "pump1")?.zone == "WARD")
        #expect(engine.statistics.lateReadings == 0)
    }

    @Test func lateReadingDoesNotRaiseZoneAlertsOrOldBattery() throws {
        var engine = try TestSite.engine([
            RuleSpec(id: "theft", condition: .restrictedZone(zones: ["DOCK"])),
            RuleSpec(id: "battery", condition: .lowBattery(below: 20, clearAt: 25)),
        ])
        var late = TestSite.rfid("pump1", "rdr-1", antenna: 1, 5)
        late.battery = 10
        var current = TestSite.rfid("pump1", "rdr-1", antenna: 2, 10)
        current.battery = 50
        let out = TestSite.run(&engine, [current, late])
        #expect(out.alerts.isEmpty)
    }

    @Test func lateDataStillKeepsTheTagSeen() throws {
        var engine = try TestSite.engine([RuleSpec(id: "missing", condition: .notSeen(after: .seconds(60)))])
        // A sensor reading moves last-seen ahead; a location reading from before it is still applied.
        _ = TestSite.run(
            &engine,
            [TestSite.sensor("pump1", "temperature", 20, 100), TestSite.rfid("pump1", "rdr-1", antenna: 1, 90)])
        #expect(engine.location(of: "pump1")?.zone == "DOCK")
        let out = TestSite.sweep(&engine, 159)
        #expect(!out.alerts.contains { $0.asset == "PUMP-1" })
    }
}

/// Arbitration across technologies: ordering is per confidence, not per tag across sources.
@Suite struct ArbitrationTests {
    /// BLE places the pump in the ICU; a dock portal read stamped just before a BLE report (which
    /// carries receive time) arrives after it: the read still places the tag and fires the rule.
    @Test func aPortalReadArrivingAfterABLEReportStillPlacesTheTag() throws {
        var engine = try TestSite.engine([RuleSpec(id: "theft", condition: .restrictedZone(zones: ["DOCK"]))])
        var readings = (0...20).map { TestSite.ble("pump1", "gw-icu", -60, Double($0) * 0.5) }
        readings.append(TestSite.ble("pump1", "gw-icu", -60, 12))
        readings.append(TestSite.rfid("pump1", "rdr-1", antenna: 1, 11.8))
        let out = TestSite.run(&engine, readings)
        #expect(engine.location(of: "pump1")?.zone == "DOCK")
        #expect(out.alerts.map { $0.ruleID.string } == ["theft"])
        #expect(engine.statistics.lateReadings == 0 && engine.statistics.staleReadings == 0)
        // The next BLE estimates (still overhearing the ICU) do not pull it back at once.
        let after = TestSite.run(&engine, (1...10).map { TestSite.ble("pump1", "gw-icu", -60, 12 + Double($0) * 0.5) })
        #expect(after.zoneEvents.isEmpty && after.alerts.isEmpty)
        #expect(engine.statistics.outrankedReadings == 10)
    }

    /// A portal read replayed minutes late (a reader's buffer after a reconnect) is stale: counted,
    /// and the tag stays where newer evidence put it.
    @Test func aReplayOlderThanTheWindowIsStale() throws {
        var engine = try TestSite.engine([])
        var readings = (0...20).map { TestSite.ble("pump1", "gw-icu", -60, 300 + Double($0) * 0.5) }
        readings.append(TestSite.rfid("pump1", "rdr-1", antenna: 1, 10))
        _ = TestSite.run(&engine, readings)
        #expect(engine.location(of: "pump1")?.zone == "ICU-3")
        #expect(engine.statistics.staleReadings == 1)
        #expect(engine.statistics.ignoredByReason.first { $0.reason == "stale" }?.count == 1)
    }
}
