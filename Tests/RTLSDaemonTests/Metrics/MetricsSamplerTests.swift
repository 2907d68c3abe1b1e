import RTLSCore
import RTLSDaemon
import RTLSSystemd
import RTLSTestSupport
import Synchronization
import Testing

/// The sampler turns the pipeline's counters into Prometheus series, advancing by deltas.
@Suite struct MetricsSamplerTests {
    static func reading(_ kind: SourceKind, _ tag: String) -> Reading {
        Reading(
            time: Timestamp(milliseconds: 1_000), receivedAt: Timestamp(milliseconds: 1_000), kind: kind,
            tag: TagID(tag) ?? TagID())
    }

    @Test func countersGaugesAndHistogramsFollowThePipeline() {
        let stats = PipelineStats()
        let ring = SPSCRing<Reading>(minimumCapacity: 8)
        let sampler = MetricsSampler(stats: stats, ring: ring, rules: nil, spoolBytes: { 4_096 })
        for i in 0..<2 { #expect(ring.push(Self.reading(.ble, "t\(i)"))) }
        stats.messagesReceived.add(5, ordering: .relaxed)
        stats.readingsWritten.add(40, ordering: .relaxed)
        stats.writeFailures.add(1, ordering: .relaxed)
        stats.brokerUp.store(true, ordering: .relaxed)
        stats.countRejection(reason: "not_json")
        stats.countRejection(reason: "not_json")
        stats.countRejection(reason: "too_large")
        stats.tallies.countDecoded(
            decoderID: "rtls-json",
            readings: [Self.reading(.ble, "a"), Self.reading(.ble, "b"), Self.reading(.rfid, "c")])
        stats.tallies.countDecoded(decoderID: "zebra-fx", readings: [Self.reading(.rfid, "d")])
        stats.tallies.recordBatch(rows: 30, commit: .milliseconds(3))
        stats.tallies.recordBatch(rows: 10, commit: .milliseconds(30))
        stats.tallies.addRingFullWait(.milliseconds(1_500))

        var s = HTTPTestClient.samples(sampler.render())
        #expect(s["rtlsd_mqtt_messages_received_total"] == 5)
        #expect(s["rtlsd_writer_readings_written_total"] == 40)
        #expect(s["rtlsd_writer_write_failures_total"] == 1)
        #expect(s["rtlsd_ingest_decode_errors_total{reason=\"not_json\"}"] == 2)
        #expect(s["rtlsd_ingest_decode_errors_total{reason=\"too_large\"}"] == 1)
        #expect(s["rtlsd_ingest_readings_decoded_total{decoder=\"rtls-json\",kind=\"ble\"}"] == 2)
        #expect(s["rtlsd_ingest_readings_decoded_total{decoder=\"rtls-json\",kind=\"rfid\"}"] == 1)
        #expect(s["rtlsd_ingest_readings_decoded_total{decoder=\"zebra-fx\",kind=\"rfid\"}"] == 1)
        #expect(s["rtlsd_ring_full_wait_seconds_total"] == 1.5)
        #expect(s["rtlsd_ring_fill_ratio"] == 2.0 / Double(ring.capacity))
        #expect(s["rtlsd_spool_size_bytes"] == 4_096)
        #expect(s["rtlsd_mqtt_connected"] == 1)
        #expect(s["rtlsd_database_up"] == 0)
        #expect(s["rtlsd_rules_alerts_active"] == 0)
        #expect(s["rtlsd_writer_batch_size_readings_count"] == 2)
        #expect(s["rtlsd_writer_batch_size_readings_sum"] == 40)
        #expect(s["rtlsd_writer_batch_size_readings_bucket{le=\"10.0\"}"] == 1)
        #expect(s["rtlsd_writer_batch_commit_seconds_count"] == 2)
        #expect(s["rtlsd_writer_batch_commit_seconds_bucket{le=\"0.005\"}"] == 1)

        // A second scrape advances by the deltas only, and batches are counted once.
        stats.readingsWritten.add(2, ordering: .relaxed)
        stats.countRejection(reason: "too_large")
        s = HTTPTestClient.samples(sampler.render())
        #expect(s["rtlsd_writer_readings_written_total"] == 42)
        #expect(s["rtlsd_ingest_decode_errors_total{reason=\"too_large\"}"] == 2)
        #expect(s["rtlsd_writer_batch_size_readings_count"] == 2)
    }

    @Test func unknownGatewayAndZoneReadingsAreExposed() {
        let stats = PipelineStats()
        let sampler = MetricsSampler(stats: stats, ring: SPSCRing<Reading>(minimumCapacity: 8), rules: nil)
        var text = sampler.render()
        #expect(text.contains("\nrtlsd_writer_readings_unknown_gateway_total 0\n"))
        #expect(text.contains("\nrtlsd_writer_readings_unknown_zone_total 0\n"))
        stats.readingsUnknownGateway.add(22, ordering: .relaxed)
        stats.readingsUnknownZone.add(4, ordering: .relaxed)
        text = sampler.render()
        #expect(text.contains("# TYPE rtlsd_writer_readings_unknown_gateway_total counter\n"))
        #expect(text.contains("\nrtlsd_writer_readings_unknown_gateway_total 22\n"))
        #expect(text.contains("# TYPE rtlsd_writer_readings_unknown_zone_total counter\n"))
        #expect(text.contains("\nrtlsd_writer_readings_unknown_zone_total 4\n"))
        stats.readingsUnknownGateway.add(1, ordering: .relaxed)
        let s = HTTPTestClient.samples(sampler.render())
        #expect(s["rtlsd_writer_readings_unknown_gateway_total"] == 23)
        #expect(s["rtlsd_writer_readings_unknown_zone_total"] == 4)
    }

    @Test func twoSamplersDoNotShareSeries() {
        let first = PipelineStats()
        let second = PipelineStats()
        let ring = SPSCRing<Reading>(minimumCapacity: 8)
        first.messagesReceived.add(7, ordering: .relaxed)
        let a = HTTPTestClient.samples(MetricsSampler(stats: first, ring: ring, rules: nil).render())
        let b = HTTPTestClient.samples(MetricsSampler(stats: second, ring: ring, rules: nil).render())
        #expect(a["rtlsd_mqtt_messages_received_total"] == 7)
        #expect(b["rtlsd_mqtt_messages_received_total"] == 0)
    }

    @Test func batchesPendingForTheSamplerAreBounded() {
        let tallies = MetricTallies()
        for _ in 0..<10_000 { tallies.recordBatch(rows: 1, commit: .zero) }
        let taken = tallies.takeBatches()
        #expect(!taken.isEmpty && taken.count <= 4_096)
        #expect(tallies.takeBatches().isEmpty)
    }
}
