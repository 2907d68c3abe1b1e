import Foundation
import RTLSSystemd
public import Logging
import RTLSCore
public import RTLSMQTT
public import ServiceLifecycle
import Synchronization

/// Subscribes to the broker and feeds every message through the ``IngestPipeline`` on the MQTT
/// network thread. On graceful shutdown it disconnects cleanly, so the broker keeps the persistent
/// session and queues what arrives while rtlsd is away.
///
/// Alerts go out on a connection of their own (``alertConfiguration``), not on the intake
/// connection: on the intake connection every alert queued behind the PUBACKs of the messages
/// received before it, and under a flood the broker (mosquitto 2.0 reads one packet per connection
/// per pass of its loop) fell ~400 KB behind on that stream, so alerts raised on time reached
/// subscribers 10–13 s late (BENCHMARKS.md, "Alerts at full speed").
public struct IngestService: Service {
    let configuration: MQTTConfiguration
    /// The alert output's connection (`<client_id>-alerts`, clean session); nil when nothing is
    /// published (no `[alerts] mqtt_topic_prefix` or `escalation_topic`).
    let alertConfiguration: MQTTConfiguration?
    /// `[mqtt] intake_nice` as the file gives it (nil: ``DaemonConfig/MQTT/defaultIntakeNice``).
    let intakeNice: Int?
    let subscriptions: [MQTTSubscription]
    let pipeline: IngestPipeline
    let rules: RulesStage?
    let stats: PipelineStats
    let logger: Logger
    let onShutdownBegins: @Sendable () -> Void
    /// `[alerts] ack_topic`: its messages go to the rules stage as acknowledgements, not to a decoder.
    let ackTopic: String?

    /// Creates the service.
    public init(
        configuration: MQTTConfiguration, subscriptions: [MQTTSubscription], pipeline: IngestPipeline,
        rules: RulesStage? = nil, stats: PipelineStats, logger: Logger, onShutdownBegins: @escaping @Sendable () -> Void = {},
        ackTopic: String? = nil, intakeNice: Int? = nil
    ) {
        self.ackTopic = rules == nil ? nil : ackTopic
        self.configuration = configuration
        if let rules, rules.publishes {
            var alerts = configuration
            alerts.clientID = (configuration.clientID ?? "rtlsd") + "-alerts"
            alerts.cleanSession = true
            self.alertConfiguration = alerts
        } else {
            self.alertConfiguration = nil
        }
        self.intakeNice = intakeNice
        self.subscriptions = subscriptions
        self.pipeline = pipeline
        self.rules = rules
        self.stats = stats
        self.logger = logger
        self.onShutdownBegins = onShutdownBegins
    }

    public func run() async throws {
        let stats = self.stats
        let pipeline = self.pipeline
        let client = try MosquittoClient(configuration: self.configuration, logger: self.logger) { state in
            // On the network thread, before the new connection's first message.
            if case .connected = state { pipeline.connectionEstablished(at: DaemonClock.now()) }
            if case .disconnected = state { pipeline.connectionLost(at: DaemonClock.now()) }
            if case .subscribed = state {
                stats.brokerUp.store(true, ordering: .relaxed)
            } else {
                stats.brokerUp.store(false, ordering: .relaxed)
            }
        }
        let alertClient = try self.alertConfiguration.map { configuration throws(MQTTError) in
            try MosquittoClient(configuration: configuration, logger: self.logger) { state in
                switch state {
                case .connected, .subscribed: stats.alertBrokerUp.store(true, ordering: .relaxed)
                default: stats.alertBrokerUp.store(false, ordering: .relaxed)
                }
            }
        }
        if let alertClient {
            try alertClient.start(onThreadStart: self.threadSetup(named: "rtlsd-alerts"))
            let output = AlertPublisher(client: alertClient, stats: stats, logger: self.logger)
            self.rules?.setPublisher { topic, payload in output.publish(topic: topic, payload: payload) }
        }
        let ackTopic = self.ackTopic
        let rules = self.rules
        var subscriptions = self.subscriptions
        if let ackTopic, !subscriptions.contains(where: { $0.filter == ackTopic }) {
            subscriptions.append(MQTTSubscription(ackTopic, qos: .atLeastOnce))
        }
        do {
            try client.start(
                subscriptions: subscriptions,
                onMessage: { message in
                    if let ackTopic, message.topic == ackTopic {
                        rules?.acknowledge(payload: message.payload, receivedAt: DaemonClock.now())
                        return
                    }
                    pipeline.handle(
                        topic: message.topic, payload: message.payload, packetID: message.packetID,
                        receivedAt: DaemonClock.now())
                }, onThreadStart: self.threadSetup(named: "rtlsd-mqtt"))
        } catch {
            alertClient?.stop()  // a started client must be stopped
            throw error
        }
        try? await gracefulShutdown()
        self.onShutdownBegins()
        self.logger.info("Stopping MQTT intake: disconnecting so the broker keeps the session")
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let thread = Thread {
                // Connected until now: the DISCONNECT goes out after every queued PUBACK.
                let wasUp = stats.brokerUp.load(ordering: .relaxed)
                client.stop()
                if wasUp, case .stopped = client.state { pipeline.stoppedCleanly() }
                // After intake: alerts raised by the last messages still go out (the stop writes
                // what is queued, up to its grace period).
                alertClient?.stop()
                continuation.resume()
            }
            thread.start()
        }
        stats.brokerUp.store(false, ordering: .relaxed)
    }
}

extension IngestService {
    /// What a new MQTT network thread does first: takes its name (for `top -H`) and the nice value
    /// of `[mqtt] intake_nice`. A refusal is logged — a notice when the value is the default (as when
    /// rtlsd runs outside its unit without the privilege), a warning when the file asked for it —
    /// and the thread runs at the priority it inherited.
    func threadSetup(named name: String) -> @Sendable () -> Void {
        let nice = Int32(self.intakeNice ?? DaemonConfig.MQTT.defaultIntakeNice)
        let given = self.intakeNice != nil
        let logger = self.logger
        return {
            ThreadName.setCurrent(name)
            do {
                let now = try ThreadPriority.setCurrentThread(nice: nice)
                logger.debug("MQTT thread priority set", metadata: ["thread": "\(name)", "thread.nice": "\(now)"])
            } catch {
                let metadata: Logger.Metadata = ["thread": "\(name)", "config.key": "[mqtt] intake_nice"]
                if given {
                    logger.warning("\(error)", metadata: metadata)
                } else {
                    logger.notice("\(error)", metadata: metadata)
                }
            }
        }
    }
}
