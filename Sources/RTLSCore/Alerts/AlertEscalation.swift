/// Acknowledgement and escalation of open alerts: events in, actions out, clock injected.
///
/// Every fired alert is tracked until it clears, so any open alert can be acknowledged. A critical
/// alert not acknowledged `after` its firing (by the clock given to ``observe(_:at:)``, not device
/// time) escalates once. Pure: the rules stage owns one under its lock.
public struct AlertEscalation: Sendable {
    /// Escalate unacknowledged critical alerts after this long; `nil` never escalates.
    public var after: Duration?

    /// One open alert as the policy tracks it: kept in the engine state across restarts, so an
    /// acknowledged alert stays acknowledged and an unacknowledged critical one still escalates.
    public struct Entry: Sendable, Equatable {
        /// The alert as it fired.
        public var alert: Alert
        /// When it fired (rtlsd's clock, microseconds since 1970).
        public var firedAt: Int64
        public var acknowledged = false
        public var escalated = false

        /// Creates an entry.
        public init(alert: Alert, firedAt: Int64, acknowledged: Bool = false, escalated: Bool = false) {
            self.alert = alert
            self.firedAt = firedAt
            self.acknowledged = acknowledged
            self.escalated = escalated
        }
    }

    var open: [UInt64: Entry] = [:]
    /// Ids of open critical alerts not yet acknowledged or escalated, oldest first (what ``due(now:)`` scans).
    var pending: [UInt64] = []

    /// Creates the policy.
    public init(after: Duration?) { self.after = after }

    /// What ``acknowledge(_:by:at:)`` found.
    public enum AckResult: Sendable, Equatable {
        /// Recorded: store this action.
        case acknowledged(AlertAction)
        /// The alert was acknowledged before (the first acknowledgement stands).
        case alreadyAcknowledged
        /// No open alert has this id (it cleared, or never fired).
        case notOpen
    }

    /// Open alerts tracked.
    public var openCount: Int { self.open.count }

    /// Tracks a fired alert (wall time `now`) or forgets a cleared one.
    public mutating func observe(_ alert: Alert, at now: Timestamp) {
        switch alert.state {
        case .fired:
            self.open[alert.alertID] = Entry(alert: alert, firedAt: now.microseconds)
            if alert.severity == .critical, self.after != nil { self.pending.append(alert.alertID) }
        case .cleared:
            self.open[alert.alertID] = nil
        }
    }

    /// The open alerts tracked, oldest first (for the engine state file).
    public var entries: [Entry] {
        self.open.values.sorted { ($0.firedAt, $0.alert.alertID) < ($1.firedAt, $1.alert.alertID) }
    }

    /// Tracks the open alerts the previous run left with what it knew of them (acknowledged,
    /// escalated, when fired): a critical one not yet acknowledged escalates once it is due.
    public mutating func restore(_ entries: [Entry]) {
        for entry in entries.sorted(by: { $0.firedAt < $1.firedAt }) where self.open[entry.alert.alertID] == nil {
            self.open[entry.alert.alertID] = entry
            if entry.alert.severity == .critical, self.after != nil, !entry.acknowledged, !entry.escalated {
                self.pending.append(entry.alert.alertID)
            }
        }
    }

    /// Tracks an alert the previous run left open, known by id only (it can be acknowledged; it
    /// does not escalate, since its severity is not known).
    public mutating func adopt(alertID: UInt64, at now: Timestamp) {
        guard self.open[alertID] == nil else { return }
        let alert = Alert(alertID: alertID, ruleID: SiteName(), kind: .usage, severity: .info, state: .fired, time: now)
        self.open[alertID] = Entry(alert: alert, firedAt: now.microseconds)
    }

    /// Acknowledges open alert `id`.
    public mutating func acknowledge(_ id: UInt64, by actor: SiteName, at now: Timestamp) -> AckResult {
        guard var entry = self.open[id] else { return .notOpen }
        guard !entry.acknowledged else { return .alreadyAcknowledged }
        entry.acknowledged = true
        self.open[id] = entry
        return .acknowledged(AlertAction(kind: .acknowledged, time: now, actor: actor, alert: entry.alert))
    }

    /// Escalates the critical alerts that have waited `after` without acknowledgement, each once.
    public mutating func due(now: Timestamp, into actions: inout [AlertAction]) {
        guard let after = self.after, !self.pending.isEmpty else { return }
        let limit = after.microseconds
        var keep: [UInt64] = []
        for id in self.pending {
            guard var entry = self.open[id], !entry.acknowledged, !entry.escalated else { continue }
            if now.microseconds &- entry.firedAt >= limit {
                entry.escalated = true
                self.open[id] = entry
                actions.append(AlertAction(kind: .escalated, time: now, alert: entry.alert))
            } else {
                keep.append(id)
            }
        }
        self.pending = keep
    }
}

extension Duration {
    /// The duration in whole microseconds.
    var microseconds: Int64 {
        let (s, attos) = self.components
        return s &* 1_000_000 &+ attos / 1_000_000_000_000
    }
}
