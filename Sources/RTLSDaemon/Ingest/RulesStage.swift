public import Logging
public import RTLSCore
public import Synchronization

/// Location resolution and alert rules, inline on the ingest path.
///
/// The engine's per-tag state is owned by whoever holds the lock: the MQTT thread for each message
/// (one lock per message, not per reading) and the sweep timer once a second. Outputs go to the
/// log (one line per alert, journald fields via metadata), to an optional MQTT topic for paging
/// systems, and to the `events` ring the writer stores (alerts, zone events, current locations).
public final class RulesStage: Sendable {
    struct State: ~Copyable {
        var engine: RuleEngine
        var output = EngineOutput()
        var activeAlerts: Set<UInt64> = []
        /// Alerts and zone events not yet taken by the writer, in order.
        var pending = EngineOutput()
        /// Newest location per tag not yet taken by the writer (the table keeps one row per tag).
        var pendingLocations: [TagID: AssetLocation] = [:]
        var droppedEvents: UInt64 = 0
        /// Events the write-ahead log could not take, and when that was last logged.
        var eventsNotLogged: UInt64 = 0
        var notLoggedReported = OncePerInterval()
        /// Alerts fired and cleared so far, by rule and kind (for metrics).
        var alertTallies: [AlertTallyKey: UInt64] = [:]
        /// What has been logged about `[location] max_unknown_tags`.
        var tagCap = TagCapReport()
        /// Open alerts for acknowledgement, and the escalation clock (`[alerts] escalate_after`).
        var escalation: AlertEscalation
        /// Acknowledgement commands refused (bad JSON, alert not open), and when that was last logged.
        var ackRefused: UInt64 = 0
        var ackRefusedReported = OncePerInterval()
        /// Events since the last checkpoint, for a start after a crash (`[spool] state_checkpoint_interval`).
        var journal: EngineJournal?
        var journalFailures: UInt64 = 0
        var journalFailureReported = OncePerInterval()
    }

    /// Alerts and zone events are held for the writer up to this many; beyond it they are counted
    /// as dropped (the log line of each alert has already been written).
    static let maxPendingEvents = 1_000_000

    let state: Mutex<State>
    /// The writer's side of ``State/pendingLocations``: ``takeEvents(into:)`` swaps the two so the
    /// rules lock is not held while the locations are copied (both keep their capacity).
    private let takenLocations = Mutex<[TagID: AssetLocation]>([:])
    let logger: Logger
    private let alertTopicPrefix: String?
    private let publisher: Mutex<(@Sendable (String, [UInt8]) -> Void)?> = Mutex(nil)
    private let active = Atomic<Int>(0)
    /// Appends an output to the write-ahead log before anything else sees it (`[spool] write_ahead`).
    private let logAhead: (@Sendable (EngineOutput) throws(SpoolError) -> Void)?
    /// Where escalations are published (`[alerts] escalation_topic`).
    let escalationTopic: String?
    /// Alerts fired and cleared, zone events and location updates produced so far.
    public let alertsFired = Atomic<UInt64>(0)
    public let alertsCleared = Atomic<UInt64>(0)
    public let zoneEvents = Atomic<UInt64>(0)
    /// Usage sessions closed so far.
    public let usageSessions = Atomic<UInt64>(0)

    /// Creates the stage around a built engine.
    /// - Parameters:
    ///   - alertTopicPrefix: e.g. `rtls/alerts/site1`; alerts go to `<prefix>/<severity>`.
    ///   - logAhead: with the write-ahead log, appends each output (alerts, zone events, locations)
    ///     to it before the alerts are logged or published, under the stage's lock — so what the
    ///     writer takes was logged first, and a crash loses none of it.
    ///   - escalateAfter: escalate unacknowledged critical alerts after this long (nil: never).
    ///   - escalationTopic: where escalations are published as JSON (nil: not published).
    public init(
        engine: RuleEngine, logger: Logger, alertTopicPrefix: String?,
        logAhead: (@Sendable (EngineOutput) throws(SpoolError) -> Void)? = nil,
        escalateAfter: Duration? = nil, escalationTopic: String? = nil
    ) {
        self.logAhead = logAhead
        self.escalationTopic = escalationTopic
        self.state = Mutex(State(engine: engine, escalation: AlertEscalation(after: escalateAfter)))
        self.logger = logger
        self.alertTopicPrefix = alertTopicPrefix
    }

    /// Where alert JSON is published (set once the MQTT client is up).
    public func setPublisher(_ publish: @escaping @Sendable (String, [UInt8]) -> Void) {
        self.publisher.withLock { $0 = publish }
    }

    /// Whether the stage publishes anything over MQTT (`[alerts] mqtt_topic_prefix` or
    /// `escalation_topic`): rtlsd then opens the alert output's connection.
    public var publishes: Bool { self.alertTopicPrefix != nil || self.escalationTopic != nil }

    /// The MQTT publisher, once set.
    var currentPublisher: (@Sendable (String, [UInt8]) -> Void)? { self.publisher.withLock { $0 } }

    /// Alerts currently in the fired state.
    public var activeAlertCount: Int { self.active.load(ordering: .relaxed) }

    /// The engine's counters: readings ignored for location, by reason (read by the metrics sampler).
    public var engineStatistics: EngineStatistics { self.state.withLock { $0.engine.statistics } }

    /// Unknown tags tracked and `[location] max_unknown_tags` (read by the metrics sampler).
    public var unknownTags: (tracked: Int, limit: Int) {
        self.state.withLock { ($0.engine.unknownTagCount, $0.engine.options.maxUnknownTags) }
    }

    /// Alerts fired and cleared so far, by rule, kind and state (read by the metrics sampler).
    public var alertTallies: [AlertTallyKey: UInt64] { self.state.withLock { $0.alertTallies } }

    /// Runs one message's readings through the engine (MQTT thread).
    public func process(_ readings: [Reading], gateway: GatewayID, receivedAt: Timestamp) {
        self.state.withLock { state in
            if !gateway.isEmpty { state.engine.gatewaySeen(gateway, at: receivedAt, into: &state.output) }
            let untracked = state.engine.statistics.untrackedReadings
            for reading in readings {
                state.engine.process(reading, into: &state.output)
                if !reading.gateway.isEmpty && reading.gateway != gateway {
                    state.engine.gatewaySeen(reading.gateway, at: receivedAt, into: &state.output)
                }
            }
            if state.engine.statistics.untrackedReadings != untracked { self.reportTagCap(&state, now: receivedAt) }
            self.emit(&state, now: receivedAt)
        }
    }

    /// Fires time-based rules (not seen, dwell, gateway offline, excursion durations).
    public func sweep(now: Timestamp) {
        self.state.withLock { state in
            state.engine.sweep(now: now, into: &state.output)
            state.escalation.due(now: now, into: &state.output.alertActions)
            self.emit(&state, now: now)
        }
    }

    /// The engine's state by name, for the next run (taken at a clean stop).
    public func snapshot(at now: Timestamp) -> EngineSnapshot {
        self.state.withLock { Self.snapshot(of: &$0, at: now) }
    }

    /// Takes over the state the last run left (before the first message): its open alerts stay
    /// open under their ids, so a condition still true raises no new alert.
    public func restore(_ snapshot: EngineSnapshot, now: Timestamp) -> RuleEngine.RestoreSummary {
        self.state.withLock { state in
            let summary = state.engine.restore(snapshot, now: now)
            state.activeAlerts = Set(state.engine.openAlertIDs)
            // Acknowledged stays acknowledged; an unacknowledged critical alert still escalates.
            state.escalation.restore(snapshot.escalation.filter { state.activeAlerts.contains($0.alert.alertID) })
            for id in state.activeAlerts { state.escalation.adopt(alertID: id, at: now) }
            self.active.store(state.activeAlerts.count, ordering: .relaxed)
            return summary
        }
    }

    /// Swaps in an engine built for new config (SIGHUP), taking over the running one's per-tag state
    /// under the lock; building `fresh` (site model, rules, tag table) happens before, without it,
    /// so intake waits only for the takeover.
    /// - Returns: how long the lock was held.
    public func swapIn(_ fresh: consuming RuleEngine) -> Duration {
        var next = fresh
        let clock = ContinuousClock()
        let began = clock.now
        self.state.withLock { state in
            next.takeOver(from: state.engine)
            state.engine = next
        }
        return clock.now - began
    }

    /// Moves what the writer should store (alerts, zone events, newest location per tag) into
    /// `events`, emptying the stage's buffers. Called by the writer thread once per batch.
    public func takeEvents(into events: inout EngineOutput) {
        // The rules lock is what the MQTT thread takes for every message: hold it only to swap the
        // pending locations out (one per tag moved, up to every tracked tag), and copy them after.
        self.takenLocations.withLock { taken in
            self.state.withLock { state in
                events.alerts.append(contentsOf: state.pending.alerts)
                events.zoneEvents.append(contentsOf: state.pending.zoneEvents)
                events.usage.append(contentsOf: state.pending.usage)
                events.alertActions.append(contentsOf: state.pending.alertActions)
                state.pending.removeAll()
                swap(&state.pendingLocations, &taken)
            }
            events.locations.append(contentsOf: taken.values)
            taken.removeAll(keepingCapacity: true)
        }
    }

    func emit(_ state: inout State, now: Timestamp) {
        guard !state.output.isEmpty else { return }
        if let logAhead = self.logAhead {
            do {
                try logAhead(state.output)
            } catch {
                // Still stored on the normal path; only a crash before the next commit loses them.
                state.eventsNotLogged += UInt64(state.output.alerts.count + state.output.zoneEvents.count)
                if state.notLoggedReported.isDue() {
                    self.logger.error(
                        "Rule output not written to the write-ahead log (\(error)); it is stored with the next batch but a crash before then would lose it",
                        metadata: [LogKey.errorCode: "\(error.code)", "events.not_logged": "\(state.eventsNotLogged)"])
                }
            }
        }
        self.journal(&state, now: now)
        if state.pending.alerts.count + state.pending.zoneEvents.count < Self.maxPendingEvents {
            state.pending.alerts.append(contentsOf: state.output.alerts)
            state.pending.zoneEvents.append(contentsOf: state.output.zoneEvents)
            state.pending.usage.append(contentsOf: state.output.usage)
            state.pending.alertActions.append(contentsOf: state.output.alertActions)
        } else {
            state.droppedEvents += UInt64(state.output.alerts.count + state.output.zoneEvents.count)
            if state.droppedEvents == UInt64(state.output.alerts.count + state.output.zoneEvents.count) {
                self.logger.error("Alert/zone-event buffer full: the writer is not taking events; further events are counted and not stored")
            }
        }
        for location in state.output.locations {
            state.pendingLocations[location.tag] = location
        }
        for alert in state.output.alerts {
            let tallyKey = AlertTallyKey(rule: "\(alert.ruleID)", kind: alert.kind, fired: alert.state == .fired)
            state.alertTallies[tallyKey, default: 0] += 1
            if alert.state == .fired {
                state.activeAlerts.insert(alert.alertID)
                self.alertsFired.add(1, ordering: .relaxed)
            } else {
                state.activeAlerts.remove(alert.alertID)
                self.alertsCleared.add(1, ordering: .relaxed)
            }
            state.escalation.observe(alert, at: now)
            self.log(alert)
            self.publish(alert)
        }
        for action in state.output.alertActions { self.report(action) }
        self.active.store(state.activeAlerts.count, ordering: .relaxed)
        self.zoneEvents.add(UInt64(state.output.zoneEvents.count), ordering: .relaxed)
        self.usageSessions.add(UInt64(state.output.usage.count), ordering: .relaxed)
        state.output.removeAll()
    }

    private func log(_ alert: Alert) {
        var level: Logger.Level =
            switch alert.severity {
            case .critical: .critical
            case .warning: .warning
            case .info: .notice
            }
        if alert.state == .cleared { level = .notice }
        var metadata: Logger.Metadata = [
                LogKey.alertKind: "\(alert.kind)",
                "rule": "\(alert.ruleID)",
                "alert.id": "\(alert.alertID)",
                "asset": "\(alert.asset)",
                "tag": "\(alert.tag)",
                "zone": "\(alert.zone)",
                "severity": "\(alert.severity)",
                "state": "\(alert.state)",
            ]
        // GATEWAY in the journal (beside TAG and ZONE; GATEWAY_ID as on every other gateway line):
        // the gateway that last saw the tag, or the one that went silent.
        if !alert.gateway.isEmpty {
            metadata["gateway"] = "\(alert.gateway)"
            metadata[LogKey.gatewayID] = "\(alert.gateway)"
        }
        self.logger.log(level: level, "\(alert.logMessage)", metadata: metadata)
    }

    private func publish(_ alert: Alert) {
        guard let prefix = self.alertTopicPrefix, let publish = self.publisher.withLock({ $0 }) else { return }
        publish("\(prefix)/\(alert.severity)", Array(AlertJSON.encode(alert).utf8))
    }
}
