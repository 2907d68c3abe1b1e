import CoreMetrics
public import Prometheus
public import RTLSCore
import Synchronization

/// Turns the daemon's own counters (``PipelineStats``, ``MetricTallies``, ``RulesStage``) into
/// swift-metrics instruments on a Prometheus registry of its own, once per scrape: the hot path
/// keeps its relaxed atomics and never calls a metrics API, and counters advance by the delta
/// since the previous sample.
///
/// Each daemon has its own registry (no global `MetricsSystem.bootstrap`), so several daemons in one
/// test process do not share or clash over metrics.
public final class MetricsSampler: Sendable {
    /// Where the instruments live; ``render()`` emits it.
    public let registry: PrometheusCollectorRegistry
    private let stats: PipelineStats
    private let ring: SPSCRing<Reading>
    private let rules: RulesStage?
    private let spoolBytes: @Sendable () -> Int
    /// The maintenance service's figures, when it runs (see `MetricsSampler+Maintenance.swift`).
    let maintenance: MaintenanceStats?
    private let state: Mutex<State>

    /// Histogram buckets for `rtlsd_writer_batch_size_readings`.
    static let batchSizeBuckets: [Double] = [1, 10, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000]
    /// Histogram buckets for `rtlsd_writer_batch_commit_seconds`.
    static let commitBuckets: [Duration] = [
        .milliseconds(1), .microseconds(2_500), .milliseconds(5), .milliseconds(10), .milliseconds(25),
        .milliseconds(50), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1),
        .milliseconds(2_500), .seconds(5), .seconds(10),
    ]

    /// Creates the instruments on a new registry.
    /// - Parameters:
    ///   - stats: The pipeline's counters.
    ///   - ring: The reading ring (for its fill).
    ///   - rules: The rules stage, when configured (alerts by rule and kind, active alerts).
    ///   - spoolBytes: Bytes waiting in the on-disk spool; 0 until the daemon has a spool.
    ///   - maintenance: The maintenance service's figures, when it runs.
    public init(
        stats: PipelineStats, ring: SPSCRing<Reading>, rules: RulesStage?,
        spoolBytes: @escaping @Sendable () -> Int = { 0 }, maintenance: MaintenanceStats? = nil
    ) {
        self.maintenance = maintenance
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.valueHistogramBuckets["rtlsd_writer_batch_size_readings"] = Self.batchSizeBuckets
        factory.durationHistogramBuckets["rtlsd_writer_batch_commit_seconds"] = Self.commitBuckets
        self.registry = registry
        self.stats = stats
        self.ring = ring
        self.rules = rules
        self.spoolBytes = spoolBytes
        self.state = Mutex(State(factory: factory))
    }

    /// Samples every source and returns the Prometheus text exposition.
    public func render() -> String {
        self.sample()
        return self.registry.emitToString()
    }

    /// Brings every instrument up to date with the counters.
    public func sample() {
        let stats = self.stats
        let reasons = stats.rejectionsByReason
        let nulled = stats.nulledByReason
        let decoded = stats.tallies.decodedByDecoderAndKind
        let batches = stats.tallies.takeBatches()
        let alerts = self.rules?.alertTallies ?? [:]
        let ignored = self.rules?.engineStatistics.ignoredByReason ?? []
        let unknownTags = self.rules?.unknownTags
        let fill = Double(self.ring.count) / Double(max(1, self.ring.capacity))
        self.state.withLock { state in
            state.messagesReceived.advance(to: stats.messagesReceived.load(ordering: .relaxed))
            state.messagesRejected.advance(to: stats.messagesRejected.load(ordering: .relaxed))
            state.readingsSkewed.advance(to: stats.readingsSkewed.load(ordering: .relaxed))
            state.readingsWritten.advance(to: stats.readingsWritten.load(ordering: .relaxed))
            state.batchesWritten.advance(to: stats.batchesWritten.load(ordering: .relaxed))
            state.writeFailures.advance(to: stats.writeFailures.load(ordering: .relaxed))
            state.readingsAbandoned.advance(to: stats.readingsAbandoned.load(ordering: .relaxed))
            state.advance(
                "rtlsd_write_ahead_append_failures_total", [], to: stats.writeAheadFailures.load(ordering: .relaxed))
            state.advance(
                "rtlsd_write_ahead_readings_left_total", [], to: stats.readingsLeftInLog.load(ordering: .relaxed))
            state.advance(
                "rtlsd_write_ahead_readings_caught_up_total", [], to: stats.readingsCaughtUp.load(ordering: .relaxed))
            state.advance(
                "rtlsd_write_ahead_failover_replayed_readings_total", [],
                to: stats.readingsFailoverReplayed.load(ordering: .relaxed))
            state.advance(
                "rtlsd_write_ahead_failover_lost_readings_total", [],
                to: stats.readingsFailoverLost.load(ordering: .relaxed))
            state.record("rtlsd_write_ahead_backlog_readings", Int(stats.writeAheadBacklogReadings.load(ordering: .relaxed)))
            state.advance(
                "rtlsd_writer_readings_unknown_gateway_total", [],
                to: stats.readingsUnknownGateway.load(ordering: .relaxed))
            state.advance(
                "rtlsd_writer_readings_unknown_zone_total", [], to: stats.readingsUnknownZone.load(ordering: .relaxed))
            state.advance(
                "rtlsd_writer_reference_cache_evictions_total", [],
                to: stats.referenceCacheEvictions.load(ordering: .relaxed))
            state.advance("rtlsd_alerts_mqtt_dropped_total", [], to: stats.alertsNotPublished.load(ordering: .relaxed))
            if self.rules?.publishes == true {
                state.record("rtlsd_alerts_mqtt_connected", stats.alertBrokerUp.load(ordering: .relaxed) ? 1 : 0)
            }
            state.referenceCacheEntries.record(stats.referenceCacheEntries.load(ordering: .relaxed))
            for (reason, count) in reasons {
                state.advance("rtlsd_ingest_decode_errors_total", [("reason", reason)], to: count)
            }
            for (reason, count) in nulled {
                state.advance("rtlsd_ingest_fields_nulled_total", [("reason", reason)], to: count)
            }
            for (key, count) in decoded {
                let labels = [("decoder", key.decoder), ("kind", "\(key.kind)")]
                state.advance("rtlsd_ingest_readings_decoded_total", labels, to: count)
            }
            for (reason, count) in ignored {
                state.advance("rtlsd_location_readings_ignored_total", [("reason", reason)], to: count)
            }
            if let unknownTags {
                state.record("rtlsd_location_unknown_tags", unknownTags.tracked)
                state.record("rtlsd_location_unknown_tags_limit", unknownTags.limit)
            }
            for (key, count) in alerts {
                let name = key.fired ? "rtlsd_rules_alerts_fired_total" : "rtlsd_rules_alerts_cleared_total"
                state.advance(name, [("rule", key.rule), ("kind", "\(key.kind)")], to: count)
            }
            let waited = stats.tallies.ringFullWaitNanoseconds.load(ordering: .relaxed)
            if waited > state.ringFullWaitNanos {
                state.ringFullWait.increment(by: Double(waited - state.ringFullWaitNanos) / 1e9)
                state.ringFullWaitNanos = waited
            }
            for batch in batches {
                state.batchSize.record(batch.rows)
                state.batchCommit.recordNanoseconds(Self.nanoseconds(batch.commit))
            }
            state.ringFill.record(fill)
            state.spoolBytes.record(self.spoolBytes())
            state.activeAlerts.record(self.rules?.activeAlertCount ?? 0)
            state.mqttConnected.record(stats.brokerUp.load(ordering: .relaxed) ? 1 : 0)
            state.databaseUp.record(stats.databaseUp.load(ordering: .relaxed) ? 1 : 0)
            let lag = stats.lastCommitLagMicroseconds.load(ordering: .relaxed)
            state.commitLag.record(Double(max(0, lag)) / 1e6)
            if let maintenance = self.maintenance { Self.sample(maintenance, into: &state) }
        }
    }

    private static func nanoseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
