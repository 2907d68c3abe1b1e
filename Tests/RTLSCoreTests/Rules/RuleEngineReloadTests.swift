import RTLSCore
import Testing

@Suite struct RuleEngineReloadTests {
    static let exitRule = RuleSpec(id: "vent-leaves-icu", condition: .zoneExit(zones: ["ICU-3"]))

    @Test func rebuildKeepsLocationAndOpenAlerts() throws {
        var engine = try TestSite.engine([Self.exitRule])
        let fired = TestSite.run(
            &engine,
            [
                TestSite.uwb("vent07", 5, 5, 1), TestSite.uwb("vent07", 15, 5, 2),
                TestSite.uwb("stranger", 15, 5, 2),
            ]
        ).alerts
        #expect(fired.count == 1)
        var next = try engine.rebuilt(
            site: try TestSite.site(),
            rules: [Self.exitRule, RuleSpec(id: "bat", condition: .lowBattery(below: 20, clearAt: 25))],
            options: LocationOptions(), now: TestSite.at(3))
        #expect(next.location(of: "vent07")?.zone == "WARD")
        #expect(next.location(of: "stranger")?.zone == "WARD")
        // An older reading is still late after the reload.
        _ = TestSite.run(&next, [TestSite.uwb("vent07", 5, 5, 1.5)])
        #expect(next.statistics.lateReadings == 1)
        let back = TestSite.run(&next, [TestSite.uwb("vent07", 5, 5, 10)])
        #expect(back.alerts.map(\.state) == [.cleared])
        #expect(back.alerts.first?.alertID == fired.first?.alertID)
        #expect(back.zoneEvents.map(\.transition) == [.exit, .enter])
    }

    @Test func zoneRemovedFromTheSiteLeavesTagsOutside() throws {
        var engine = try TestSite.engine([])
        _ = TestSite.run(&engine, [TestSite.uwb("bed4", 3, 3, 1, gw: "uwb-2")])
        var site = SiteModel(facility: "smaller")
        try site.addBuilding(name: "Main")
        try site.addFloor(name: "L2", building: "Main")
        try site.addAsset(name: "BED-4", tag: "bed4")
        let next = try engine.rebuilt(site: site, rules: [], options: LocationOptions(), now: TestSite.at(2))
        let location = try #require(next.location(of: "bed4"))
        #expect(location.zoneIndex == nil)
        #expect(location.floor == "L2")
    }

    @Test func badRulesLeaveTheOldEngineUsable() throws {
        var engine = try TestSite.engine([Self.exitRule])
        #expect(throws: RuleError.self) {
            _ = try engine.rebuilt(
                site: try TestSite.site(), rules: [RuleSpec(id: "x", condition: .zoneEnter(zones: ["MOON"]))],
                options: LocationOptions(), now: TestSite.at(1))
        }
        #expect(TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1)]).locations.count == 1)
    }
}

@Suite struct RuleEngineReloadGatewayTests {
    @Test func openGatewayAlertSurvivesAReloadAndClearsOnce() throws {
        let rule = RuleSpec(id: "gw-offline", condition: .gatewayOffline(after: .seconds(120), gateways: []))
        var engine = try TestSite.engine([rule])
        let fired = TestSite.sweep(&engine, 200).alerts
        #expect(fired.count == 6)
        var next = try engine.rebuilt(
            site: try TestSite.site(), rules: [rule], options: LocationOptions(), now: TestSite.at(300))
        #expect(TestSite.sweep(&next, 400).alerts.isEmpty)
        var out = EngineOutput()
        next.gatewaySeen("gw-icu", at: TestSite.at(401), into: &out)
        #expect(out.alerts.map(\.state) == [.cleared])
        #expect(fired.contains { $0.alertID == out.alerts.first?.alertID && $0.gateway == "gw-icu" })
    }

    @Test func unknownTagsBeyondTheCapAreCountedNotTracked() throws {
        var options = LocationOptions()
        options.maxUnknownTags = 2
        var engine = try RuleEngine(site: try TestSite.site(), rules: [], options: options, now: TestSite.t0)
        let readings = ["u1", "u2", "u3", "u1"].map { TestSite.rfid(TagID($0) ?? TagID(), "rdr-1", antenna: 1, 1) }
        let out = TestSite.run(&engine, readings)
        #expect(out.locations.count == 3)
        #expect(engine.statistics.untrackedReadings == 1)
        #expect(engine.location(of: "u3") == nil)
    }
}
