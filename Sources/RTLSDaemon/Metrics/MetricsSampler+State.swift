import CoreMetrics
import Prometheus

extension MetricsSampler {
    /// A swift-metrics counter fed from a monotonic total: advances by the delta since last time.
    struct Cumulative {
        let counter: CoreMetrics.Counter
        var last: UInt64 = 0

        init(_ label: String, dimensions: [(String, String)] = [], factory: PrometheusMetricsFactory) {
            self.counter = CoreMetrics.Counter(label: label, dimensions: dimensions, factory: factory)
        }

        mutating func advance(to total: UInt64) {
            if total > self.last { self.counter.increment(by: Int64(clamping: total - self.last)) }
            self.last = total
        }
    }

    /// The instruments and what each counter has been advanced to. Names follow
    /// `rtlsd_<subsystem>_<name>_<unit>`; labels are decoder ids, kinds, reasons and rule ids only.
    struct State {
        let factory: PrometheusMetricsFactory
        var messagesReceived: Cumulative
        var messagesRejected: Cumulative
        var readingsSkewed: Cumulative
        var readingsWritten: Cumulative
        var batchesWritten: Cumulative
        var writeFailures: Cumulative
        var readingsAbandoned: Cumulative
        var labelledCounters: [LabelledKey: Cumulative] = [:]
        /// Gauges made on first use (those that exist only with a site).
        var namedGauges: [String: CoreMetrics.Gauge] = [:]
        let ringFullWait: CoreMetrics.FloatingPointCounter
        var ringFullWaitNanos: UInt64 = 0
        let batchSize: CoreMetrics.Recorder
        let batchCommit: CoreMetrics.Timer
        let ringFill: CoreMetrics.Gauge
        let spoolBytes: CoreMetrics.Gauge
        let activeAlerts: CoreMetrics.Gauge
        let mqttConnected: CoreMetrics.Gauge
        let databaseUp: CoreMetrics.Gauge
        let commitLag: CoreMetrics.Gauge
        let referenceCacheEntries: CoreMetrics.Gauge

        struct LabelledKey: Hashable {
            var name: String
            var labels: [String]
        }

        init(factory: PrometheusMetricsFactory) {
            self.factory = factory
            self.messagesReceived = Cumulative("rtlsd_mqtt_messages_received_total", factory: factory)
            self.messagesRejected = Cumulative("rtlsd_ingest_messages_rejected_total", factory: factory)
            self.readingsSkewed = Cumulative("rtlsd_ingest_readings_clock_skewed_total", factory: factory)
            self.readingsWritten = Cumulative("rtlsd_writer_readings_written_total", factory: factory)
            self.batchesWritten = Cumulative("rtlsd_writer_batches_written_total", factory: factory)
            self.writeFailures = Cumulative("rtlsd_writer_write_failures_total", factory: factory)
            self.readingsAbandoned = Cumulative("rtlsd_writer_readings_abandoned_total", factory: factory)
            self.ringFullWait = CoreMetrics.FloatingPointCounter(
                label: "rtlsd_ring_full_wait_seconds_total", factory: factory)
            self.batchSize = CoreMetrics.Recorder(
                label: "rtlsd_writer_batch_size_readings", aggregate: true, factory: factory)
            self.batchCommit = CoreMetrics.Timer(label: "rtlsd_writer_batch_commit_seconds", factory: factory)
            self.ringFill = CoreMetrics.Gauge(label: "rtlsd_ring_fill_ratio", factory: factory)
            self.spoolBytes = CoreMetrics.Gauge(label: "rtlsd_spool_size_bytes", factory: factory)
            self.activeAlerts = CoreMetrics.Gauge(label: "rtlsd_rules_alerts_active", factory: factory)
            self.mqttConnected = CoreMetrics.Gauge(label: "rtlsd_mqtt_connected", factory: factory)
            self.databaseUp = CoreMetrics.Gauge(label: "rtlsd_database_up", factory: factory)
            self.commitLag = CoreMetrics.Gauge(label: "rtlsd_writer_commit_lag_seconds", factory: factory)
            self.referenceCacheEntries = CoreMetrics.Gauge(
                label: "rtlsd_writer_reference_cache_entries", factory: factory)
        }

        /// Sets the gauge `name` (made on first use) to `value`.
        mutating func record(_ name: String, _ value: Int) {
            let gauge = self.namedGauges[name] ?? CoreMetrics.Gauge(label: name, factory: self.factory)
            gauge.record(value)
            self.namedGauges[name] = gauge
        }

        /// Advances the counter for `name` with these labels (made on first use) to `total`.
        mutating func advance(_ name: String, _ dimensions: [(String, String)], to total: UInt64) {
            let key = LabelledKey(name: name, labels: dimensions.flatMap { [$0.0, $0.1] })
            var counter = self.labelledCounters[key] ?? Cumulative(name, dimensions: dimensions, factory: self.factory)
            counter.advance(to: total)
            self.labelledCounters[key] = counter
        }
    }
}
