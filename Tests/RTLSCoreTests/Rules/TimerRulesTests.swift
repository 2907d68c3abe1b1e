import RTLSCore
import Testing

@Suite struct TimerRulesTests {
    @Test func notSeenFiresOnceFromSweepClearsOnReadingAndReArms() throws {
        let rule = RuleSpec(
            id: "defib-missing", condition: .notSeen(after: .seconds(1800)),
            filter: AssetFilter(classes: ["defibrillator"]))
        var engine = try TestSite.engine([rule])
        // The first BLE room is confirmed over a whole window (96–98 s, decided at 100 s).
        _ = TestSite.run(&engine, [95, 97, 100].map { TestSite.ble("defib2", "gw-icu", -60, $0) })
        #expect(TestSite.sweep(&engine, 100 + 1799).alerts.isEmpty)
        let fired = TestSite.sweep(&engine, 100 + 1800).alerts
        #expect(fired.map(\.kind) == [.notSeen])
        #expect(fired.first?.zone == "ICU-3")
        #expect(
            fired.first?.message == "DEFIB-2 not seen for 30 min (limit 30 min, last in ICU-3 (last seen BLE gw-icu))")
        #expect(TestSite.sweep(&engine, 100 + 3600).alerts.isEmpty)
        let back = TestSite.run(&engine, [TestSite.ble("defib2", "gw-icu", -60, 4000)])
        #expect(back.alerts.map(\.state) == [.cleared])
        #expect(back.alerts.first?.alertID == fired.first?.alertID)
        #expect(TestSite.sweep(&engine, 4000 + 1800).alerts.map(\.state) == [.fired])
    }

    @Test func assetNeverSeenCountsFromEngineStart() throws {
        var engine = try TestSite.engine([RuleSpec(id: "missing", condition: .notSeen(after: .seconds(60)))])
        let out = TestSite.sweep(&engine, 60)
        #expect(out.alerts.count == 5)
        #expect(Set(out.alerts.map(\.alertID)).count == 5)
    }

    @Test func gatewayOfflineUsesReceiveTimeAndClearsOnAnyMessage() throws {
        let rule = RuleSpec(id: "gw-offline", condition: .gatewayOffline(after: .seconds(120), gateways: ["gw-icu"]))
        var engine = try TestSite.engine([rule])
        var r = TestSite.ble("stranger", "gw-icu", -70, 10)
        r.time = TestSite.at(-1000)  // no device clock: time is meaningless here
        _ = TestSite.run(&engine, [r])
        #expect(TestSite.sweep(&engine, 129).alerts.isEmpty)
        let fired = TestSite.sweep(&engine, 130).alerts
        #expect(fired.map(\.kind) == [.gatewayOffline])
        #expect(fired.first?.gateway == "gw-icu")
        #expect(fired.first?.message == "gateway gw-icu silent for 120 s")
        #expect(TestSite.sweep(&engine, 500).alerts.isEmpty)
        var out = EngineOutput()
        engine.gatewaySeen("gw-icu", at: TestSite.at(600), into: &out)
        #expect(out.alerts.map(\.state) == [.cleared])
        #expect(out.alerts.first?.alertID == fired.first?.alertID)
    }

    @Test func afterHoursUsesFacilityTimeAndClearsWhenTheWindowEnds() throws {
        // t0 is 15:06:40 UTC; with UTC+7 the facility clock reads 22:06:40.
        let rule = RuleSpec(id: "night", condition: .afterHours(fromMinute: 22 * 60, toMinute: 6 * 60))
        var engine = try TestSite.engine([rule], utcOffsetSeconds: 7 * 3600)
        var out = TestSite.run(&engine, [TestSite.uwb("pump1", 1, 1, 0, gw: "uwb-2"), TestSite.uwb("vent07", 1, 1, 0)])
        #expect(out.alerts.map { $0.asset.string } == ["PUMP-1"])
        #expect(out.alerts.first?.message == "PUMP-1 on floor L2 in SOILED outside its home floor after hours")
        #expect(TestSite.run(&engine, [TestSite.uwb("pump1", 2, 2, 60, gw: "uwb-2")]).alerts.isEmpty)
        out = TestSite.sweep(&engine, 8 * 3600)  // 06:06:40 facility time
        #expect(out.alerts.map(\.state) == [.cleared])
        #expect(TestSite.sweep(&engine, 8 * 3600 + 60).alerts.isEmpty)
    }

    @Test func afterHoursInsideTheDayIsQuiet() throws {
        let rule = RuleSpec(id: "night", condition: .afterHours(fromMinute: 22 * 60, toMinute: 6 * 60))
        var engine = try TestSite.engine([rule])
        let out = TestSite.run(&engine, [TestSite.uwb("pump1", 1, 1, 0, gw: "uwb-2")])
        #expect(out.alerts.isEmpty)
    }
}
