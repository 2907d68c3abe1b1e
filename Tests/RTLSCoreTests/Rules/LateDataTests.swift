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
