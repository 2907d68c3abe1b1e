import Logging
import RTLSMQTT
import Synchronization
import Testing

@testable import RTLSDaemon

@Suite struct AlertPublisherTests {
    /// While the broker is away (here: a port nobody listens on), alerts queue up to the bound and the
    /// MQTT copies of further ones are dropped and counted instead of growing memory; a message the
    /// client refuses (a wildcard in the topic) is counted the same way, not lost silently.
    @Test func boundsWhatWaitsForTheBrokerAndCountsTheRest() throws {
        let client = try MosquittoClient(
            configuration: MQTTConfiguration(host: "127.0.0.1", port: 1, clientID: "alerts-bound-test", cleanSession: true),
            logger: Logger(label: "test"))
        try client.start()
        defer { client.stop() }
        let stats = PipelineStats()
        let output = AlertPublisher(client: client, stats: stats, logger: Logger(label: "test"), maxPending: 3)
        for n in 0..<5 { output.publish(topic: "rtls/alerts/critical", payload: Array("{\"n\":\(n)}".utf8)) }
        #expect(client.pendingPublishes == 3)
        #expect(stats.alertsNotPublished.load(ordering: .relaxed) == 2)
        output.publish(topic: "rtls/alerts/+", payload: [])
        #expect(stats.alertsNotPublished.load(ordering: .relaxed) == 3)
    }
}
