import Logging
import RTLSCore
import Synchronization
import Testing

@testable import RTLSDaemon

@Suite struct IngestPipelineDuplicateTests {
    static func pipeline(window: Int) throws -> (IngestPipeline, SPSCRing<Reading>, PipelineStats) {
        let ring = SPSCRing<Reading>(minimumCapacity: 1024)
        let stats = PipelineStats()
        let route = DaemonConfig.DecoderRoute(
            pattern: try TopicPattern("rtls/+gateway/readings"), decoderID: "rtls-json", utcOffsetSeconds: 0)
        let pipeline = IngestPipeline(
            routes: [route], ring: ring, stats: stats, logger: Logger(label: "t"), maxMessageBytes: 1 << 20,
            maxClockSkewSeconds: 300, duplicateWindow: window)
        return (pipeline, ring, stats)
    }

    @Test func redeliveredMessageIsDroppedAndCounted() throws {
        let (pipeline, ring, stats) = try Self.pipeline(window: 1024)
        let now = Timestamp(seconds: 1_763_900_000)
        let first = Array(#"{"ts":1763900000000,"tag":"t1","kind":"ble","rssi":-60}"#.utf8)
        let second = Array(#"{"ts":1763900000001,"tag":"t1","kind":"ble","rssi":-60}"#.utf8)
        pipeline.handle(topic: "rtls/gw1/readings", payload: first, receivedAt: now)
        pipeline.handle(topic: "rtls/gw1/readings", payload: first, receivedAt: now)
        pipeline.handle(topic: "rtls/gw1/readings", payload: second, receivedAt: now)
        pipeline.handle(topic: "rtls/gw2/readings", payload: first, receivedAt: now)
        #expect(ring.count == 3)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 1)
        #expect(stats.messagesReceived.load(ordering: .relaxed) == 4)
    }

    @Test func windowZeroKeepsEveryMessage() throws {
        let (pipeline, ring, stats) = try Self.pipeline(window: 0)
        let payload = Array(#"{"ts":1763900000000,"tag":"t1","kind":"ble","rssi":-60}"#.utf8)
        for _ in 0..<3 {
            pipeline.handle(topic: "rtls/gw1/readings", payload: payload, receivedAt: Timestamp(seconds: 1_763_900_000))
        }
        #expect(ring.count == 3)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 0)
    }
}
