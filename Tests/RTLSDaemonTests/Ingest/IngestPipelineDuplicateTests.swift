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
            maxClockSkewSeconds: 300, duplicateWindow: window, redeliverySeconds: 10)
        return (pipeline, ring, stats)
    }

    static let now = Timestamp(seconds: 1_763_900_000)
    static let first = Array(#"{"ts":1763900000000,"tag":"t1","kind":"ble","rssi":-60}"#.utf8)
    static let second = Array(#"{"ts":1763900000001,"tag":"t1","kind":"ble","rssi":-60}"#.utf8)

    @Test func repeatedPayloadsInSteadyOperationAreAllKept() throws {
        let (pipeline, ring, stats) = try Self.pipeline(window: 1024)
        pipeline.connectionEstablished(at: Self.now)
        for i in 0..<3 {
            pipeline.handle(topic: "rtls/gw1/readings", payload: Self.first, receivedAt: Self.now.advanced(byMicroseconds: Int64(i) * 2_000_000))
        }
        #expect(ring.count == 3)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 0)
    }

    @Test func redeliveryAfterAReconnectIsDroppedAndCounted() throws {
        let (pipeline, ring, stats) = try Self.pipeline(window: 1024)
        pipeline.connectionEstablished(at: Self.now)
        pipeline.handle(topic: "rtls/gw1/readings", payload: Self.first, receivedAt: Self.now)
        pipeline.connectionEstablished(at: Self.now.advanced(byMicroseconds: 1_000_000))
        let later = Self.now.advanced(byMicroseconds: 1_500_000)
        pipeline.handle(topic: "rtls/gw1/readings", payload: Self.first, receivedAt: later)
        pipeline.handle(topic: "rtls/gw1/readings", payload: Self.second, receivedAt: later)
        pipeline.handle(topic: "rtls/gw2/readings", payload: Self.first, receivedAt: later)
        // After the window an identical payload is a new measurement.
        pipeline.handle(topic: "rtls/gw1/readings", payload: Self.first, receivedAt: later.advanced(byMicroseconds: 20_000_000))
        #expect(ring.count == 4)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 1)
        #expect(stats.messagesReceived.load(ordering: .relaxed) == 5)
    }

    @Test func windowZeroKeepsEveryMessage() throws {
        let (pipeline, ring, stats) = try Self.pipeline(window: 0)
        pipeline.handle(topic: "rtls/gw1/readings", payload: Self.first, receivedAt: Self.now)
        pipeline.connectionEstablished(at: Self.now)
        pipeline.handle(topic: "rtls/gw1/readings", payload: Self.first, receivedAt: Self.now)
        #expect(ring.count == 2)
        #expect(stats.duplicatesDropped.load(ordering: .relaxed) == 0)
    }
}
