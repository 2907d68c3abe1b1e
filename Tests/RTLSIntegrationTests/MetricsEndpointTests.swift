import Foundation
import Logging
import RTLSCore
import RTLSDaemon
import RTLSMQTT
import RTLSPostgres
import RTLSHTTP
import RTLSSystemd
import RTLSTestSupport
import Synchronization
import Testing

/// The `/metrics` endpoint of an in-process daemon against the real broker and database: what it
/// reports matches what was published and what PostgreSQL holds.
@Suite(.serialized) struct MetricsEndpointTests {
    @Test func scrapedCountersMatchTheStoredRowsAndTheRejectedMessages() async throws {
        guard let env = TestEnvironment.load("metricsEndpoint") else { return }
        let port = ProcessInfo.processInfo.environment["RTLSD_TEST_METRICS_PORT"].flatMap(Int.init) ?? 19_481
        let conninfo = try env.freshDatabase("metrics")
        var logger = Logger(label: "rtlsd-test")
        logger.logLevel = .error
        let daemon = try await Daemon.prepare(
            config: try env.config(
                conninfo: conninfo, clientID: "rtlsd-it-metrics-\(UInt32.random(in: 0...UInt32.max))",
                topic: "rtls-metrics/+gateway/readings",
                extra: "\n[metrics]\nlisten = \"127.0.0.1:\(port)\"\n"),
            logger: logger, handleSignals: false)
        async let finished = daemon.run()
        #expect(try await eventually(timeout: .seconds(15)) { daemon.stats.brokerUp.load(ordering: .relaxed) })

        let up = HTTPTestClient.samples(try HTTPTestClient.get("/metrics", port: port).body)
        #expect(up["rtlsd_mqtt_connected"] == 1)
        #expect(up["rtlsd_database_up"] == 1)
        #expect(try HTTPTestClient.get("/", port: port).status == 404)

        // 40 batch messages of 50 items (every 5th a sensor reading) and 300 single BLE readings.
        let baseMs = Int64(Date().timeIntervalSince1970 * 1000)
        let publisher = try await env.publisher("metrics")
        var sent = (ble: 0, sensor: 0, messages: 0)
        for message in 0..<40 {
            let items = (0..<50).map { i -> String in
                let ts = baseMs + Int64(message * 50 + i)
                if i % 5 == 4 {
                    sent.sensor += 1
                    return "{\"ts\":\(ts),\"tag\":\"m-\(i)\",\"metric\":\"temperature\",\"value\":21.5,\"unit\":\"C\"}"
                }
                sent.ble += 1
                return "{\"ts\":\(ts),\"tag\":\"m-\(i)\",\"kind\":\"ble\",\"rssi\":-60}"
            }
            try publisher.publish(
                topic: "rtls-metrics/gw-metrics/readings", text: "[" + items.joined(separator: ",") + "]")
            sent.messages += 1
        }
        for i in 0..<300 {
            let ts = baseMs + 10_000 + Int64(i)
            try publisher.publish(
                topic: "rtls-metrics/gw-metrics/readings",
                text: "{\"ts\":\(ts),\"tag\":\"s-\(i)\",\"kind\":\"ble\",\"rssi\":-70}")
            sent.ble += 1
            sent.messages += 1
        }
        let bad: [(reason: String, payload: String)] = [
            ("not_json", "not json at all"), ("not_json", "{\"ts\":1,"), ("not_json", "]"),
            ("missing_field", "{\"tag\":\"no-ts\",\"rssi\":-50}"), ("missing_field", "{\"tag\":\"no-ts-2\"}"),
        ]
        for (_, payload) in bad { try publisher.publish(topic: "rtls-metrics/gw-metrics/readings", text: payload) }
        sent.messages += bad.count
        #expect(await publisher.waitForPublishes(timeout: .seconds(30)))
        publisher.stop()

        let total = sent.ble + sent.sensor
        let db = try PGConnection(conninfo: conninfo)
        let rowsSQL = "SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)"
        #expect(try await eventually(timeout: .seconds(30)) { try db.scalar(rowsSQL) >= total })
        let rows = try db.scalar(rowsSQL)
        #expect(rows == total)

        // The rows are visible at COMMIT; the writer counts them just after: scrape until it has.
        let scrape = { HTTPTestClient.samples(try HTTPTestClient.get("/metrics", port: port).body) }
        _ = try await eventually(timeout: .seconds(10)) { try scrape()["rtlsd_writer_readings_written_total"] == Double(rows) }
        let s = try scrape()
        #expect(s["rtlsd_writer_readings_written_total"] == Double(rows))
        #expect(s["rtlsd_mqtt_messages_received_total"] == Double(sent.messages))
        #expect(s["rtlsd_ingest_readings_decoded_total{decoder=\"rtls-json\",kind=\"ble\"}"] == Double(sent.ble))
        #expect(s["rtlsd_ingest_readings_decoded_total{decoder=\"rtls-json\",kind=\"sensor\"}"] == Double(sent.sensor))
        for reason in Set(bad.map { $0.reason }) {
            let expected = Double(bad.filter { $0.reason == reason }.count)
            #expect(s["rtlsd_ingest_decode_errors_total{reason=\"\(reason)\"}"] == expected, "\(reason)")
        }
        #expect(s["rtlsd_ingest_messages_rejected_total"] == Double(bad.count))
        #expect(s["rtlsd_writer_write_failures_total"] == 0)
        #expect(s["rtlsd_writer_batch_size_readings_sum"] == Double(rows))
        #expect(s["rtlsd_writer_batch_size_readings_count"] == s["rtlsd_writer_batches_written_total"])
        #expect(s["rtlsd_writer_batch_commit_seconds_count"] == s["rtlsd_writer_batches_written_total"])
        #expect((s["rtlsd_ring_fill_ratio"] ?? -1) >= 0)

        await daemon.shutdown()
        #expect(try await finished)
        #expect(throws: HTTPTestClient.Failure.self) { try HTTPTestClient.get("/metrics", port: port) }
    }
}
