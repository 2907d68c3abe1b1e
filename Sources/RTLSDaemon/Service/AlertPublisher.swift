import Logging
import RTLSCore
import RTLSMQTT
import Synchronization

/// The alert output's MQTT connection (`<client_id>-alerts`), with a bound on what waits for the
/// broker.
///
/// libmosquitto queues QoS 1 messages in memory without limit while the connection is down or the
/// broker refuses it (an ACL without `<client_id>-alerts`, say). Every alert is also in journald and
/// the `alerts` table, so past ``maxPending`` unacknowledged messages the MQTT copy of a new alert is
/// dropped — counted (`rtlsd_alerts_mqtt_dropped_total`) and logged at most once a minute — rather
/// than growing rtlsd's memory for as long as the broker stays away.
final class AlertPublisher: Sendable {
    /// Alerts that may wait for the broker at once (about 1 KB each).
    static let defaultMaxPending = 10_000

    let client: MosquittoClient
    let maxPending: Int
    private let stats: PipelineStats
    private let logger: Logger
    private let limiter = Mutex(RateLimiter<Bool>())

    init(client: MosquittoClient, stats: PipelineStats, logger: Logger, maxPending: Int = defaultMaxPending) {
        self.client = client
        self.stats = stats
        self.logger = logger
        self.maxPending = maxPending
    }

    /// Queues one alert message (QoS 1), or drops and counts it when ``maxPending`` wait already or
    /// the client refuses it. Thread-safe: the rules stage calls it from the MQTT thread, escalations
    /// from the sweep.
    func publish(topic: String, payload: [UInt8]) {
        let pending = self.client.pendingPublishes
        var refusal: String?
        if pending >= self.maxPending {
            refusal = "\(pending) alerts already wait for the broker on the alert connection (\(self.client.state))"
        } else {
            do {
                try self.client.publish(topic: topic, payload: payload, qos: .atLeastOnce)
            } catch {
                refusal = "\(error)"
            }
        }
        guard let refusal else { return }
        let dropped = self.stats.alertsNotPublished.add(1, ordering: .relaxed).newValue
        guard let suppressed = self.limiter.withLock({ $0.record(true, now: DaemonClock.now()) }) else { return }
        self.logger.warning(
            "Alert not published over MQTT: \(refusal); journald and the alerts table keep it",
            metadata: [
                "mqtt.topic": "\(topic)", "alerts.not_published": "\(dropped)",
                "alerts.not_published_since_last_line": "\(suppressed + 1)",
            ])
    }
}
