import RTLSCore
import Testing

/// After a crash: the last checkpoint brought up to date with the engine journal (what the engine
/// emitted after it) gives the state the killed run had (Daemon: `engine-checkpoint.<g>` and
/// `engine-journal.<g>`).
@Suite struct EngineSnapshotJournalTests {
    static let restricted = RuleSpec(id: "vent-in-ward", condition: .zoneEnter(zones: ["WARD"]), severity: .critical)

    @Test func anAlertFiredAfterTheCheckpointStaysOpenUnderItsID() throws {
        var engine = try TestSite.engine([Self.restricted])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1)])
        var recovered = engine.snapshot(at: TestSite.at(2))  // the checkpoint: vent07 outside the ward
        let journal = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 3)])  // then it enters: fired
        #expect(journal.alerts.map(\.state) == [.fired] && journal.zoneEvents.count == 2)
        recovered.apply(journal, at: TestSite.at(3))
        #expect(recovered.openAlerts == 1)
        #expect(recovered.escalation.map(\.alert.alertID) == journal.alerts.map(\.alertID))

        // Control: the checkpoint alone fires again for the condition that never stopped.
        var bare = try TestSite.engine([Self.restricted], at: TestSite.at(60))
        bare.restore(try Self.checkpointBefore(), now: TestSite.at(60))
        #expect(TestSite.run(&bare, [TestSite.uwb("vent07", 15, 6, 61)]).alerts.map(\.state) == [.fired])

        var next = try TestSite.engine([Self.restricted], at: TestSite.at(60))
        next.restore(recovered, now: TestSite.at(60))
        #expect(next.location(of: "vent07")?.zone == "WARD")
        #expect(next.openAlertIDs == journal.alerts.map(\.alertID))
        #expect(TestSite.run(&next, [TestSite.uwb("vent07", 15, 6, 61)]).alerts.isEmpty)
        let back = TestSite.run(&next, [TestSite.uwb("vent07", 5, 5, 62)])
        #expect(back.alerts.map(\.state) == [.cleared] && back.alerts.first?.alertID == journal.alerts.first?.alertID)
    }

    /// The checkpoint of the first test, taken before vent07 entered the ward.
    static func checkpointBefore() throws -> EngineSnapshot {
        var engine = try TestSite.engine([Self.restricted])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1)])
        return engine.snapshot(at: TestSite.at(2))
    }

    @Test func anAlertClearedAfterTheCheckpointIsClosed() throws {
        var engine = try TestSite.engine([Self.restricted])
        let fired = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 1)])
        var recovered = engine.snapshot(at: TestSite.at(2))
        #expect(recovered.openAlerts == 1)
        let cleared = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 3)])
        #expect(cleared.alerts.map(\.state) == [.cleared])
        recovered.apply(cleared, at: TestSite.at(3))
        #expect(recovered.openAlerts == 0 && recovered.escalation.isEmpty)
        var next = try TestSite.engine([Self.restricted], at: TestSite.at(60))
        next.restore(recovered, now: TestSite.at(60))
        #expect(next.openAlertIDs.isEmpty)
        // Back into the ward: a new alert, not the old id.
        let again = TestSite.run(&next, [TestSite.uwb("vent07", 15, 5, 61)]).alerts
        #expect(again.map(\.state) == [.fired] && again.first?.alertID != fired.alerts.first?.alertID)
    }

    @Test func applyingEventsTheCheckpointHoldsChangesNothing() throws {
        var engine = try TestSite.engine([Self.restricted])
        _ = TestSite.run(&engine, [TestSite.uwb("vent07", 5, 5, 1)])
        let before = engine.snapshot(at: TestSite.at(2))
        let journal = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 3)])
        var once = before
        once.apply(journal, at: TestSite.at(3))
        var twice = once
        twice.apply(journal, at: TestSite.at(3))
        #expect(twice == once)
    }

    @Test func aTagUnknownToTheCheckpointIsAddedWithItsAlert() throws {
        var engine = try TestSite.engine([Self.restricted])
        var recovered = engine.snapshot(at: TestSite.at(0))
        recovered.tags.removeAll()
        let journal = TestSite.run(&engine, [TestSite.uwb("stranger", 15, 5, 3)])
        recovered.apply(journal, at: TestSite.at(3))
        #expect(recovered.tags.map(\.tag) == ["stranger"] && recovered.tags.first?.zone == "WARD")
        #expect(recovered.openAlerts == journal.alerts.count(where: { $0.state == .fired }))
        #expect(recovered.nextAlertID > journal.alerts.map(\.alertID).max() ?? 0)
    }

    @Test func acknowledgementsAndEscalationsAreKept() throws {
        var engine = try TestSite.engine([Self.restricted])
        var recovered = engine.snapshot(at: TestSite.at(0))
        var journal = TestSite.run(&engine, [TestSite.uwb("vent07", 15, 5, 3)])
        let alert = try #require(journal.alerts.first)
        recovered.apply(journal, at: TestSite.at(3))
        journal.removeAll()
        journal.alertActions = [AlertAction(kind: .acknowledged, time: TestSite.at(4), actor: "nurse-7", alert: alert)]
        recovered.apply(journal, at: TestSite.at(4))
        #expect(recovered.escalation.map(\.acknowledged) == [true])
        #expect(recovered.escalation.first?.firedAt == TestSite.at(3).microseconds)

        // An unacknowledged critical alert restored into the escalation policy escalates once due.
        var policy = AlertEscalation(after: .seconds(60))
        var unacknowledged = recovered.escalation
        unacknowledged[0].acknowledged = false
        policy.restore(unacknowledged)
        var actions: [AlertAction] = []
        policy.due(now: TestSite.at(62), into: &actions)
        #expect(actions.isEmpty)
        policy.due(now: TestSite.at(63), into: &actions)
        #expect(actions.map(\.kind) == [.escalated] && actions.first?.alert.alertID == alert.alertID)
        // The acknowledged one does not.
        var acknowledged = AlertEscalation(after: .seconds(60))
        acknowledged.restore(recovered.escalation)
        actions.removeAll()
        acknowledged.due(now: TestSite.at(600), into: &actions)
        #expect(actions.isEmpty)
    }
}
