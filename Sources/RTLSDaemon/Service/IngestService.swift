import Foundation
public import Logging
import RTLSCore
public import RTLSMQTT
public import ServiceLifecycle
import Synchronization

/// Subscribes to the broker and feeds every message through the ``IngestPipeline`` on the MQTT
/// network thread. On graceful shutdown it disconnects cleanly, so the broker keeps the persistent
/// session and queues what arrives while rtlsd is away.
public struct IngestService: Service {
    let configuration: MQTTConfiguration
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
        ackTopic: String? = nil
    ) {
        self.ackTopic = rules == nil ? nil : ackTopic
        self.configuration = configuration
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
        self.rules?.setPublisher { topic, payload in
            try? client.publish(topic: topic, payload: payload, qos: .atLeastOnce)
        }
        let ackTopic = self.ackTopic
        let rules = self.rules
        var subscriptions = self.subscriptions
        if let ackTopic, !subscriptions.contains(where: { $0.filter == ackTopic }) {
            subscriptions.append(MQTTSubscription(ackTopic, qos: .atLeastOnce))
        }
        try client.start(subscriptions: subscriptions) { message in
            if let ackTopic, message.topic == ackTopic {
                rules?.acknowledge(payload: message.payload, receivedAt: DaemonClock.now())
                return
            }
            pipeline.handle(
                topic: message.topic, payload: message.payload, packetID: message.packetID, receivedAt: DaemonClock.now())
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
                continuation.resume()
            }
            thread.start()
        }
        stats.brokerUp.store(false, ordering: .relaxed)
    }
}
