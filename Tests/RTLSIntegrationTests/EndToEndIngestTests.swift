import Foundation
import Logging
import RTLSCore
import RTLSDaemon
import RTLSMQTT
import RTLSPostgres
import Synchronization
import Testing

/// Real mosquitto + real PostgreSQL + the daemon in-process.
@Suite(.serialized) struct EndToEndIngestTests {
    /// Item `i` of the published set: every 7th is a sensor reading, the rest BLE sightings.
    static func item(_ i: Int, prefix: String, baseMs: Int64) -> String {
        let tag = "\(prefix)-\(i % 500)"
        let ts = baseMs + Int64(i)
        if i % 7 == 6 {
            return "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"metric\":\"temperature\",\"value\":\(Double(i % 100) / 4),\"unit\":\"C\"}"
        }
        if i % 1000 == 3 {
            // RFC 3339 with an offset instead of epoch ms; and x/y/z set.
            let seconds = Double(ts) / 1000
            let date = Date(timeIntervalSince1970: seconds + 7200)
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(secondsFromGMT: 0)
            f.dateFormat = "yyyy-MM-dd'T'HH:mm:ss.SSS"
            return "{\"ts\":\"\(f.string(from: date))+02:00\",\"tag\":\"\(tag)\",\"kind\":\"uwb\",\"x\":1.5,\"y\":-2.25,\"z\":0.5}"
        }
        return "{\"ts\":\(ts),\"tag\":\"\(tag)\",\"kind\":\"ble\",\"rssi\":\(-(i % 90) - 10),\"battery\":\(i % 101)}"
    }

    @Test func hundredThousandReadingsInMessagesOfOneAndFifty() async throws {
        guard let env = TestEnvironment.load("hundredThousandReadings") else { return }
        let conninfo = try env.freshDatabase("e2e")
        var logger = Logger(label: "rtlsd-test")
        logger.logLevel = ProcessInfo.processInfo.environment["RTLSD_TEST_LOG"].flatMap(Logger.Level.init(rawValue:)) ?? .warning
        let daemon = try await Daemon.prepare(
            config: try env.config(conninfo: conninfo, clientID: "rtlsd-it-e2e-\(UInt32.random(in: 0...UInt32.max))"),
            logger: logger, handleSignals: false)
        async let finished = daemon.run()
        #expect(try await eventually(timeout: .seconds(15)) { daemon.stats.brokerUp.load(ordering: .relaxed) })

        let total = 100_000
        let single = 50_000
        let baseMs: Int64 = 1_795_000_000_000
        let publisher = try await env.publisher("e2e")
        for i in 0..<single {
            try publisher.publish(topic: "rtls/gw-single/readings", text: Self.item(i, prefix: "e2e", baseMs: baseMs))
            if i % 2000 == 0 { _ = await publisher.waitForPublishes(atMost: 4000, timeout: .seconds(30)) }
        }
        var i = single
        while i < total {
            let items = (i..<min(i + 50, total)).map { Self.item($0, prefix: "e2e", baseMs: baseMs) }
            try publisher.publish(topic: "rtls/gw-batch/readings", text: "[" + items.joined(separator: ",") + "]")
            i += 50
        }
        #expect(await publisher.waitForPublishes(timeout: .seconds(60)))
        publisher.stop()

        let db = try PGConnection(conninfo: conninfo)
        let stored = try await eventually(timeout: .seconds(60)) {
            try db.scalar("SELECT (SELECT count(*) FROM location_readings) + (SELECT count(*) FROM sensor_readings)") >= total
        }
        #expect(stored)
        await daemon.shutdown()
        #expect(try await finished)

        let location = try db.scalar("SELECT count(*) FROM location_readings")
        let sensor = try db.scalar("SELECT count(*) FROM sensor_readings")
        #expect(location + sensor == total)
        #expect(sensor == (0..<total).filter { $0 % 7 == 6 }.count)
        #expect(try db.scalar("SELECT count(DISTINCT (tag_id, time)) FROM location_readings") == location)

        // Spot checks: values, exact µs time in UTC, NULLs for absent fields (reading 60,501: BLE, tag e2e-1).
        let n = 60_501
        let ble = try db.query(
            """
            SELECT (extract(epoch FROM l.time) * 1000000)::bigint, to_char(l.time AT TIME ZONE 'UTC', 'HH24:MI:SS.US'),
                   l.rssi, l.battery, l.kind, l.x IS NULL, l.lat IS NULL, l.antenna IS NULL, g.gateway
            FROM location_readings l JOIN tags t ON t.id = l.tag_id JOIN gateways g ON g.id = l.gateway_id
            WHERE t.tag = 'e2e-\(n % 500)' AND l.time = to_timestamp(\(baseMs + Int64(n)) / 1000.0)
            """)
        #expect(ble.count == 1)
        if let row = ble.first {
            let utc = Date(timeIntervalSince1970: Double(baseMs + Int64(n)) / 1000)
            let f = DateFormatter()
            f.locale = Locale(identifier: "en_US_POSIX")
            f.timeZone = TimeZone(secondsFromGMT: 0)
            f.dateFormat = "HH:mm:ss.SSS'000'"
            #expect(row[0] == String((baseMs + Int64(n)) * 1000))
            #expect(row[1] == f.string(from: utc))
            #expect(row[2] == String(-(n % 90) - 10))
            #expect(row[3] == String(n % 101))
            #expect(row[4] == String(SourceKind.ble.rawValue))
            #expect(row[5] == "t" && row[6] == "t" && row[7] == "t")
            #expect(row[8] == "gw-batch")
        }
        let uwb = try db.query(
            """
            SELECT l.x, l.y, l.z, l.rssi IS NULL, (extract(epoch FROM l.time) * 1000)::bigint
            FROM location_readings l JOIN tags t ON t.id = l.tag_id WHERE l.kind = \(SourceKind.uwb.rawValue)
            ORDER BY l.time LIMIT 1
            """)
        #expect(uwb.first?[0] == "1.5" && uwb.first?[1] == "-2.25" && uwb.first?[2] == "0.5" && uwb.first?[3] == "t")
        #expect(uwb.first?[4] == String(baseMs + 3))
        let fridge = try db.query(
            """
            SELECT s.value, m.name, m.unit FROM sensor_readings s JOIN metrics m ON m.id = s.metric_id
            JOIN tags t ON t.id = s.tag_id WHERE t.tag = 'e2e-6' AND s.time = to_timestamp(\(baseMs + 6) / 1000.0)
            """)
        #expect(fridge.first?[0] == "1.5" && fridge.first?[1] == "temperature" && fridge.first?[2] == "C")
        #expect(daemon.stats.readingsWritten.load(ordering: .relaxed) == UInt64(total))
    }
}
