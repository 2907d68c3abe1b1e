public import RTLSCore
import Logging
import Synchronization

extension RulesStage {
    /// Handles a message on `[alerts] ack_topic` (MQTT thread): acknowledges the alert it names.
    /// A bad payload or an alert that is not open is counted and logged (at most once a minute).
    public func acknowledge(payload: [UInt8], receivedAt: Timestamp) {
        switch AckCommand.parse(payload) {
        case .success(let command):
            self.acknowledge(alertID: command.alertID, by: command.by, at: receivedAt)
        case .failure(let error):
            self.state.withLock { self.refuseAck(&$0, "acknowledgement refused: \(error.reason)", alertID: nil) }
        }
    }

    /// Acknowledges open alert `alertID`: stops its escalation, and stores the acknowledgement
    /// (who, when) in `alert_actions` with the next batch.
    @discardableResult
    public func acknowledge(alertID: UInt64, by actor: SiteName, at now: Timestamp) -> AlertEscalation.AckResult {
        self.state.withLock { state in
            let result = state.escalation.acknowledge(alertID, by: actor, at: now)
            switch result {
            case .acknowledged(let action):
                state.output.alertActions.append(action)
                self.emit(&state, now: now)
            case .alreadyAcknowledged:
                self.logger.notice(
                    "Alert already acknowledged; the first acknowledgement stands",
                    metadata: ["alert.id": "\(alertID)", "alert.actor": "\(actor)"])
            case .notOpen:
                self.refuseAck(&state, "acknowledgement refused: no open alert has this id (cleared, or never fired)", alertID: alertID)
            }
            return result
        }
    }

    /// Acknowledgement commands refused so far.
    public var acknowledgementsRefused: UInt64 { self.state.withLock { $0.ackRefused } }

    private func refuseAck(_ state: inout State, _ message: String, alertID: UInt64?) {
        state.ackRefused += 1
        guard state.ackRefusedReported.isDue() else { return }
        var metadata: Logger.Metadata = ["ack.refused_total": "\(state.ackRefused)"]
        if let alertID { metadata["alert.id"] = "\(alertID)" }
        self.logger.warning("\(message); further refusals within a minute are only counted", metadata: metadata)
    }

    /// Logs an acknowledgement or escalation and publishes escalations (under the stage's lock).
    func report(_ action: AlertAction) {
        let a = action.alert
        var metadata: Logger.Metadata = [
            "alert.id": "\(a.alertID)", "alert.action": "\(action.kind)", "rule": "\(a.ruleID)",
            "severity": "\(a.severity)",
        ]
        if !a.tag.isEmpty { metadata["tag"] = "\(a.tag)" }
        if !a.zone.isEmpty { metadata["zone"] = "\(a.zone)" }
        switch action.kind {
        case .acknowledged:
            metadata["alert.actor"] = "\(action.actor)"
            self.logger.notice("acknowledged by \(action.actor): \(a.ruleID.isEmpty ? "alert \(a.alertID)" : a.logMessage)", metadata: metadata)
        case .escalated:
            // One step above the alert's own entry (critical, PRIORITY 2): journald PRIORITY 1 (alert).
            metadata[LogKey.alertKind] = "\(a.kind)"
            metadata["journal.priority"] = "1"
            self.logger.critical("ESCALATED, not acknowledged: \(a.logMessage)", metadata: metadata)
            guard let topic = self.escalationTopic, let publish = self.currentPublisher else { return }
            publish(topic, Array(AlertJSON.encode(a, action: action).utf8))
        }
    }
}
