import RTLSCore
import Testing

/// A clean stop leaves the engine's state; the next start takes it over (Daemon: `engine-state`).
@Suite struct RuleEngineSnapshotTests {
    static let restricted = RuleSpec(id: "vent-in-ward", condition: .zoneEnter(zones: ["WARD"]))

    /// The file codec lives in RTLSDaemon (EngineStateFileTests); here the snapshot goes as is.
    static func roundTrip(_ snapshot: EngineSnapshot) throws -> EngineSnapshot { snapshot }

    @Test func aRestartKeepsAnOpenAlertOpenUnderItsID() throws {
        var engine = try TestSite.engine([Self.restricted])
        let fired = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1), TestSite.uwb("vent07", 15, 5, 2)]).alerts
        #expect(fired.map(\.state) == [.fired])
        let saved = try Self.roundTrip(engine.snapshot(at: TestSite.at(3)))
        #expect(saved.openAlerts == 1)

        // Without the state, the next run fires again for a condition that never stopped.
        var fresh = try TestSite.engine([Self.restricted], at: TestSite.at(60))
        #expect(TestSite.run(&fresh, [TestSite.uwb("vent07", 15, 5, 61)]).alerts.map(\.state) == [.fired])

        var next = try TestSite.engine([Self.restricted], at: TestSite.at(60))
        let summary = next.restore(saved, now: TestSite.at(60))
        #expect(summary.tags == 5 && summary.openAlerts == 1 && summary.droppedAlerts == 0 && summary.droppedTags == 0)
        #expect(next.openAlertIDs == fired.map(\.alertID))
        #expect(next.location(of: "vent07")?.zone == "WARD")
        #expect(TestSite.run(&next, [TestSite.uwb("vent07", 15, 6, 61)]).alerts.isEmpty)
        let back = TestSite.run(&next, [TestSite.uwb("vent07", 5, 5, 62)])
        #expect(back.alerts.map(\.state) == [.cleared])
        #expect(back.alerts.first?.alertID == fired.first?.alertID)
    }

    @Test func theStoppedTimeDoesNotCountTowardsNotSeen() throws {
        let rule = RuleSpec(id: "lost", condition: .notSeen(after: .seconds(120)))
        var engine = try TestSite.engine([rule])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1)])
        let saved = try Self.roundTrip(engine.snapshot(at: TestSite.at(100)))
        // Stopped for 900 s: vent07 counts as last seen at 1 + 900 s.
        var next = try TestSite.engine([rule], at: TestSite.at(1_000))
        next.restore(saved, now: TestSite.at(1_000))
        #expect(!TestSite.sweep(&next, 1_010).alerts.contains { $0.tag == "vent07" })
        #expect(TestSite.sweep(&next, 1_030).alerts.contains { $0.tag == "vent07" && $0.state == .fired })
    }

    @Test func alertsOfRemovedRulesAndUnknownGatewaysAreDroppedAndCounted() throws {
        let offline = RuleSpec(id: "gw-offline", condition: .gatewayOffline(after: .seconds(120), gateways: []))
        var engine = try TestSite.engine([Self.restricted, offline])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 1)])
        #expect(TestSite.sweep(&engine, 200).alerts.count == 6)
        let saved = try Self.roundTrip(engine.snapshot(at: TestSite.at(201)))
        var next = try TestSite.engine([offline], at: TestSite.at(300))
        let summary = next.restore(saved, now: TestSite.at(300))
        #expect(summary.openAlerts == 6)
        #expect(summary.droppedAlerts == 1)
        #expect(TestSite.sweep(&next, 301).alerts.isEmpty)
        var later = try TestSite.engine([Self.restricted, offline], at: TestSite.at(300))
        #expect(later.restore(saved, now: TestSite.at(300)).openAlerts == 7)
        #expect(Set(later.openAlertIDs).count == 7)
        #expect(later.openAlertIDs.allSatisfy { $0 < saved.nextAlertID })
        var out = EngineOutput()
        later.gatewaySeen("gw-icu", at: TestSite.at(301), into: &out)
        #expect(out.alerts.map(\.state) == [.cleared])
    }

    @Test func newAlertIDsContinueAfterTheSnapshot() throws {
        var engine = try TestSite.engine([Self.restricted])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 1)])
        let saved = engine.snapshot(at: TestSite.at(2))
        // A clock stepped back at the next start must not reuse ids.
        var next = try TestSite.engine([Self.restricted], at: TestSite.at(-3_600))
        next.restore(saved, now: TestSite.at(-3_600))
        let fired = TestSite.run(&next, [TestSite.uwb("pump1", 15, 5, 3)]).alerts
        #expect(fired.count == 1)
        #expect((fired.first?.alertID ?? 0) >= saved.nextAlertID)
    }
}
