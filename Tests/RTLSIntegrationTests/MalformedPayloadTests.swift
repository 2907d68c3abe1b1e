import Foundation
import Logging
import RTLSDaemon
import RTLSMQTT
import RTLSPostgres
import Synchronization
import Testing

/// Bad input through the real broker: every bad message is counted by reason, the good readings
/// of the same run are all stored, and nothing crashes.
@Suite(.serialized) struct MalformedPayloadTests {
    @Test func badMessagesAreCountedByReasonAndGoodOnesAllStored() async throws {
        guard let env = TestEnvironment.load("malformedPayloads") else { return }
        let conninfo = try env.freshDatabase("malformed")
        var logger = Logger(label: "rtlsd-test")
        logger.logLevel = .error
        let daemon = try await Daemon.prepare(
            config: try env.config(conninfo: conninfo, clientID: "rtlsd-it-bad-\(UInt32.random(in: 0...UInt32.max))"),
            logger: logger, handleSignals: false)
        async let finished = daemon.run()
        #expect(try await eventually(timeout: .seconds(15)) { daemon.stats.brokerUp.load(ordering: .relaxed) })

        let publisher = try await env.publisher("bad")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let bad: [(String, [UInt8])] = [
            ("not_json", Array("this is not json".utf8)),
            ("not_json", Array("{\"ts\":1,\"tag\":\"x\"".utf8)),
            ("wrong_type", Array("{\"ts\":\(now),\"tag\":42}".utf8)),
            ("missing_field", Array("{\"tag\":\"no-ts\",\"rssi\":-50}".utf8)),
            ("too_large", Array(repeating: UInt8(ascii: " "), count: 2 << 20)),
            ("invalid_utf8", [0x7B, 0x22, 0x74, 0x61, 0x67, 0x22, 0x3A, 0x22, 0xFF, 0xFE, 0x22, 0x7D]),
            ("too_deep", Array((String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000)).utf8)),
        ]
        var good = 0
        for round in 0..<20 {
            for (_, payload) in bad {
                // Leading whitespace keeps each round's copy distinct (the redelivery filter would
                // otherwise drop byte-identical repeats) without changing why it is bad.
                let distinct = Array(repeating: UInt8(ascii: " "), count: round) + payload
                try publisher.publish(topic: "rtls/gw-bad/readings", payload: distinct)
            }
            // A batch with one bad item: the two good items are kept.
            let items = [
                "{\"ts\":\(now + Int64(round * 10)),\"tag\":\"good-a\",\"rssi\":-60}",
                "{\"ts\":\"yesterday\",\"tag\":\"bad-ts\"}",
                "{\"ts\":\(now + Int64(round * 10) + 1),\"tag\":\"good-b\",\"rssi\":-61}",
            ]
            try publisher.publish(topic: "rtls/gw-bad/readings", text: "[" + items.joined(separator: ",") + "]")
            // An impossible battery level: the field is NULL, the reading is kept and the field counted.
            try publisher.publish(
                topic: "rtls/gw-bad/readings", text: "{\"ts\":\(now + Int64(round)),\"tag\":\"t\",\"battery\":-5}")
            good += 3
        }
        #expect(await publisher.waitForPublishes(timeout: .seconds(30)))
        publisher.stop()

        let db = try PGConnection(conninfo: conninfo)
        #expect(try await eventually(timeout: .seconds(20)) { try db.scalar("SELECT count(*) FROM location_readings") >= good })
        await daemon.shutdown()
        #expect(try await finished)
        #expect(try db.scalar("SELECT count(*) FROM location_readings") == good)

        let reasons = daemon.stats.rejectionsByReason
        for reason in Set(bad.map(\.0)) {
            let expected = UInt64(bad.filter { $0.0 == reason }.count * 20)
            #expect(reasons[reason] == expected, "\(reason): \(reasons[reason] ?? 0) counted, \(expected) sent")
        }
        #expect(reasons["bad_timestamp"] == 20)
        #expect(reasons["out_of_range"] == nil)
        #expect(daemon.stats.nulledByReason["out_of_range"] == 20)
        #expect(
            try db.scalar(
                "SELECT count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id WHERE t.tag = 't' AND r.battery IS NULL")
                == 20)
        #expect(daemon.stats.itemsRejected.load(ordering: .relaxed) == 20)
        #expect(daemon.stats.messagesRejected.load(ordering: .relaxed) == UInt64(bad.count * 20))
    }
}
