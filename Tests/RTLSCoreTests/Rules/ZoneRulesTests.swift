import RTLSCore
import Testing

@Suite struct ZoneRulesTests {
    static let ventLeavesICU = RuleSpec(
        id: "vent-leaves-icu", condition: .zoneExit(zones: ["ICU-3"]), filter: AssetFilter(classes: ["ventilator"]),
        severity: .critical)
    static let pumpOnDock = RuleSpec(
        id: "pump-theft", condition: .restrictedZone(zones: ["DOCK"]), filter: AssetFilter(classes: ["pump"]))

    @Test func zoneExitFiresOnceClearsOnReturnAndReArms() throws {
        var engine = try TestSite.engine([Self.ventLeavesICU])
        var out = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1), TestSite.uwb("vent07", 6, 5, 2)])
        #expect(out.alerts.isEmpty)
        out = TestSite.run(&engine, (3..<10).map { TestSite.uwb("vent07", 15, 5, Double($0)) })
        #expect(out.alerts.count == 1)
        let fired = try #require(out.alerts.first)
        #expect(fired.kind == .zoneExit && fired.state == .fired && fired.severity == .critical)
        #expect(fired.zone == "ICU-3")
        #expect(fired.time == TestSite.at(3))
        #expect(fired.message == "ICU-VENT-07 left ICU-3 (last seen UWB uwb-1)")
        out = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 20), TestSite.uwb("vent07", 5, 6, 21)])
        #expect(out.alerts.map(\.state) == [.cleared])
        #expect(out.alerts.first?.alertID == fired.alertID)
        out = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 30)])
        #expect(out.alerts.map(\.state) == [.fired])
        #expect(out.alerts.first?.alertID != fired.alertID)
    }

    @Test func restrictedZoneAppliesOnlyToTheFilteredClass() throws {
        var engine = try TestSite.engine([Self.pumpOnDock])
        let out = TestSite.run(
            &engine,
            [
                TestSite.rfid("bed4", "rdr-1", antenna: 1, 1), TestSite.rfid("pump1", "rdr-1", antenna: 1, 1),
                TestSite.rfid("pump1", "rdr-1", antenna: 1, 2), TestSite.rfid("pump1", "rdr-1", antenna: 2, 3),
            ])
        #expect(out.alerts.map(\.state) == [.fired, .cleared])
        #expect(out.alerts.allSatisfy { $0.asset == "PUMP-1" && $0.kind == .restrictedZone })
        #expect(out.alerts.first?.severity == .critical)
        #expect(out.alerts.first?.message == "PUMP-1 entered restricted zone DOCK (last seen RFID rdr-1)")
    }

    @Test func groupAndNameFiltersCombine() throws {
        let rule = RuleSpec(
            id: "infusion-enter", condition: .zoneEnter(zones: ["WARD"]),
            filter: AssetFilter(groups: ["infusion"], assets: ["PUMP-1"]))
        var engine = try TestSite.engine([rule])
        let out = TestSite.run(&engine, [TestSite.uwb("pump1", 15, 5, 1), TestSite.uwb("bed4", 15, 5, 1)])
        #expect(out.alerts.count == 1)
        #expect(out.alerts.first?.kind == .zoneEnter && out.alerts.first?.severity == .info)
    }

    @Test func dwellFiresFromSweepAndClearsOnExit() throws {
        let rule = RuleSpec(id: "bed-soiled", condition: .dwell(zones: ["SOILED"], limit: .seconds(4 * 3600)))
        var engine = try TestSite.engine([rule])
        _ = TestSite.run(&engine, [TestSite.uwb("bed4", 1, 1, 10, gw: "uwb-2")])
        #expect(TestSite.sweep(&engine, 10 + 3 * 3600).alerts.isEmpty)
        let out = TestSite.sweep(&engine, 10 + 4 * 3600)
        #expect(out.alerts.map(\.kind) == [.dwell])
        #expect(out.alerts.first?.value == 14_400.0)
        #expect(TestSite.sweep(&engine, 10 + 5 * 3600).alerts.isEmpty)
        let left = TestSite.run(&engine, [TestSite.uwb("bed4", 9, 9, 20_000, gw: "uwb-2")])
        #expect(left.alerts.map(\.state) == [.cleared])
    }
}
