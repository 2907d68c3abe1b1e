import RTLSCore
import Testing

@Suite struct UsageRuleTests {
    static let power = RuleSpec(
        id: "pump-power",
        condition: .usage(
            UsageRule(
                signal: .power, metric: "power", onAbove: 5, offBelow: 2, startAfter: .seconds(10),
                endAfter: .seconds(20))),
        filter: AssetFilter(classes: ["pump"]))

    static func watts(_ values: [(Double, Double)]) -> [Reading] {
        values.map { TestSite.sensor("pump1", "power", $0.1, $0.0) }
    }

    @Test func blipShorterThanStartAfterIsNoSession() throws {
        var engine = try TestSite.engine([Self.power])
        var out = TestSite.run(&engine, Self.watts([(0, 12), (3, 0.5), (40, 0.4)]))
        out.usage += TestSite.sweep(&engine, 100).usage
        #expect(out.usage.isEmpty)
    }

    @Test func hysteresisAndEndAfterHoldTheSession() throws {
        var engine = try TestSite.engine([Self.power])
        // On at 100; a 10 s drop at 200 (shorter than end_after); 3 W at 300 is between the bounds.
        let out = TestSite.run(
            &engine, Self.watts([(100, 40), (150, 35), (200, 1), (210, 38), (300, 3), (400, 0.5), (410, 0.4), (430, 0.3)]))
        #expect(out.usage.count == 1)
        let s = try #require(out.usage.first)
        #expect(s.start == TestSite.at(100) && s.end == TestSite.at(400))
        #expect(s.signal == .power && s.asset == "PUMP-1" && s.assetClass == "pump" && s.ruleID == "pump-power")
    }

    @Test func valueBetweenBoundsDoesNotEndTheSession() throws {
        var engine = try TestSite.engine([Self.power])
        var out = TestSite.run(&engine, Self.watts([(0, 40), (20, 3), (30, 3), (60, 3)]))
        out.usage += TestSite.sweep(&engine, 200).usage
        #expect(out.usage.isEmpty)
    }

    @Test func sweepEndsASessionWhenThePlugFallsSilent() throws {
        var engine = try TestSite.engine([Self.power])
        // Device clock an hour behind the receive clock: the sweep measures from the arrival.
        var off = TestSite.sensor("pump1", "power", 0, 50)
        off.time = TestSite.at(50 - 3600)
        var on = TestSite.sensor("pump1", "power", 30, 0)
        on.time = TestSite.at(-3600)
        _ = TestSite.run(&engine, [on])
        #expect(TestSite.sweep(&engine, 9).usage.isEmpty)
        _ = TestSite.sweep(&engine, 11)  // opens (10 s held on)
        _ = TestSite.run(&engine, [off])
        #expect(TestSite.sweep(&engine, 69).usage.isEmpty)
        let closed = TestSite.sweep(&engine, 70).usage
        #expect(closed.map(\.start) == [TestSite.at(-3600)])
        #expect(closed.map(\.end) == [TestSite.at(50 - 3600)])
    }

    @Test func motionCounterChangesAreMovement() throws {
        let rule = RuleSpec(
            id: "motion",
            condition: .usage(UsageRule(signal: .motion, metric: "movement_counter", endAfter: .seconds(30))),
            filter: AssetFilter(classes: ["bed"]))
        var engine = try TestSite.engine([rule])
        let counts: [(Double, Double)] = [(40, 7), (50, 8), (60, 9), (70, 9), (90, 9), (120, 9)]
        let out = TestSite.run(&engine, counts.map { TestSite.sensor("bed4", "movement_counter", $0.1, $0.0) })
        #expect(out.usage.map(\.start) == [TestSite.at(50)])
        #expect(out.usage.map(\.end) == [TestSite.at(70)])
    }

    @Test func zoneSignalAndOpenSessionSurvivesSnapshot() throws {
        let rule = RuleSpec(
            id: "in-icu", condition: .usage(UsageRule(signal: .zone, zones: ["ICU-3"])),
            filter: AssetFilter(classes: ["ventilator"]))
        var engine = try TestSite.engine([rule])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 10)])
        let snapshot = engine.snapshot(at: TestSite.at(20))
        #expect(snapshot.openSessions == 1 && snapshot.openAlerts == 0)
        var next = try TestSite.engine([rule], at: TestSite.at(30))
        let summary = next.restore(snapshot, now: TestSite.at(30))
        #expect(summary.openSessions == 1 && summary.openAlerts == 0)
        #expect(next.openAlertIDs.isEmpty)
        let out = TestSite.run(&next, [TestSite.uwb("vent07", 15, 5, 40)])
        #expect(out.usage.map(\.start) == [TestSite.at(10)])
        #expect(out.usage.map(\.end) == [TestSite.at(40)])
        #expect(out.usage.map(\.zone) == ["ICU-3"])
    }

    @Test func aZoneKindCountsEveryZoneOfThatKind() throws {
        var site = SiteModel(facility: "Kinds")
        try site.addBuilding(name: "Main")
        try site.addFloor(name: "L1", building: "Main", level: 1)
        try site.addZone(name: "R1", floor: "L1", shape: .floor(try #require(TestSite.square(0, 0, 10, 10))), kind: "patient_room")
        try site.addZone(name: "R2", floor: "L1", shape: .floor(try #require(TestSite.square(10, 0, 20, 10))), kind: "patient_room")
        try site.addZone(name: "STORE", floor: "L1", shape: .floor(try #require(TestSite.square(20, 0, 30, 10))), kind: "storage")
        try site.addGateway(id: "uwb-1", zone: nil, floor: "L1")
        try site.addAsset(name: "BED-4", tag: "bed4", assetClass: "bed")
        var usage = UsageRule(signal: .zone)
        usage.zoneKinds = ["patient_room"]
        let rule = RuleSpec(id: "bed-in-room", condition: .usage(usage), filter: AssetFilter(classes: ["bed"]))
        var engine = try RuleEngine(site: site, rules: [rule], now: TestSite.at(0))
        // In R1 from 10, R2 from 20 (still a patient room: the same session), storage from 30.
        let out = TestSite.run(
            &engine, [TestSite.uwb("bed4", 5, 5, 10), TestSite.uwb("bed4", 15, 5, 20), TestSite.uwb("bed4", 25, 5, 30)])
        #expect(out.usage.map(\.start) == [TestSite.at(10)] && out.usage.map(\.end) == [TestSite.at(30)])
        #expect(out.usage.map(\.zone) == ["R1"])

        var unknown = UsageRule(signal: .zone)
        unknown.zoneKinds = ["operating_theatre"]
        #expect(throws: RuleError.self) {
            _ = try RuleEngine(site: site, rules: [RuleSpec(id: "x", condition: .usage(unknown))], now: TestSite.at(0))
        }
    }
}
