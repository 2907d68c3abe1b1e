import RTLSCore
import Testing

@Suite struct AlertEscalationTests {
    static func alert(_ id: UInt64, _ severity: AlertSeverity, _ state: AlertState = .fired) -> Alert {
        Alert(
            alertID: id, ruleID: "r", kind: .restrictedZone, severity: severity, state: state, time: TestSite.t0,
            tag: "pump1", zone: "DOCK")
    }

    @Test func unacknowledgedCriticalEscalatesOnceAfterItsTime() {
        var e = AlertEscalation(after: .seconds(300))
        e.observe(Self.alert(1, .critical), at: TestSite.at(0))
        e.observe(Self.alert(2, .warning), at: TestSite.at(0))
        var actions: [AlertAction] = []
        e.due(now: TestSite.at(299), into: &actions)
        #expect(actions.isEmpty)
        e.due(now: TestSite.at(300), into: &actions)
        #expect(actions.map(\.kind) == [.escalated] && actions.map(\.alert.alertID) == [1])
        e.due(now: TestSite.at(900), into: &actions)
        #expect(actions.count == 1)
    }

    @Test func acknowledgedOrClearedAlertsDoNotEscalate() {
        var e = AlertEscalation(after: .seconds(300))
        e.observe(Self.alert(1, .critical), at: TestSite.at(0))
        e.observe(Self.alert(2, .critical), at: TestSite.at(0))
        let ack = e.acknowledge(1, by: "nurse-7", at: TestSite.at(100))
        guard case .acknowledged(let action) = ack else { Issue.record("not acknowledged: \(ack)"); return }
        #expect(action.actor == "nurse-7" && action.alert.zone == "DOCK" && action.time == TestSite.at(100))
        #expect(e.acknowledge(1, by: "someone", at: TestSite.at(101)) == .alreadyAcknowledged)
        e.observe(Self.alert(2, .critical, .cleared), at: TestSite.at(200))
        #expect(e.acknowledge(2, by: "x", at: TestSite.at(201)) == .notOpen)
        var actions: [AlertAction] = []
        e.due(now: TestSite.at(1000), into: &actions)
        #expect(actions.isEmpty)
    }

    @Test func escalationOffNeverEscalatesButStillAcknowledges() {
        var e = AlertEscalation(after: nil)
        e.observe(Self.alert(1, .critical), at: TestSite.at(0))
        var actions: [AlertAction] = []
        e.due(now: TestSite.at(100_000), into: &actions)
        #expect(actions.isEmpty)
        e.adopt(alertID: 9, at: TestSite.at(0))
        if case .acknowledged(let a) = e.acknowledge(9, by: "n", at: TestSite.at(1)) {
            #expect(a.alert.ruleID.isEmpty)
        } else {
            Issue.record("adopted alert not acknowledged")
        }
    }
}
