import RTLSCore
import RTLSPostgres
import Testing

@Suite("ReadingBatchWriter")
struct ReadingBatchWriterTests {
    /// 2024-06-20T16:13:20.123456Z.
    static let base = Timestamp(microseconds: 1_718_900_000_123_456)

    /// `count` readings: every 5th a sensor reading, the rest location readings with varied fields.
    static func readings(_ count: Int) -> [Reading] {
        (0..<count).map { i in
            let time = base.advanced(byMicroseconds: Int64(i) * 1_001)
            var r = Reading(
                time: time, receivedAt: time.advanced(byMicroseconds: 250_000),
                kind: i.isMultiple(of: 5) ? .sensor : .ble,
                tag: TagID("tag-\(i % 50)") ?? "", gateway: i % 7 == 3 ? "" : GatewayID("gw-\(i % 5)") ?? "")
            if i.isMultiple(of: 5) {
                r.metric = i.isMultiple(of: 10) ? "temperature" : "humidity"
                r.unit = i.isMultiple(of: 10) ? "C" : "%"
                r.value = i.isMultiple(of: 15) ? nil : Double(i) / 8
            } else {
                r.rssi = i.isMultiple(of: 3) ? nil : -Float(i % 90)
                r.antenna = Int16(i % 4)
                r.x = Float(i) / 4
                r.lat = 52.5 + Double(i) / 1e7
                r.zone = i.isMultiple(of: 2) ? ZoneName("room-\(i % 3)") ?? "" : ""
                r.flags = i.isMultiple(of: 11) ? .clockSkewed : []
            }
            return r
        }
    }

    @Test("a batch of 3000 readings lands with exact values, NULLs and microsecond times")
    func writesBatch() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: Self.base)
            let readings = Self.readings(3000)
            let writer = ReadingBatchWriter(connection: connection)
            let result = try writer.write(readings, batchID: 1)
            #expect(result.locationRows == 2400 && result.sensorRows == 600 && !result.alreadyCommitted)
            #expect(result.resolvedReferences == 50 + 5 + 3 + 2)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["2400"]])
            #expect(try connection.query("SELECT count(*) FROM sensor_readings") == [["600"]])
            #expect(
                try connection.query("SELECT location_rows, sensor_rows FROM ingest_batches WHERE batch_id = 1")
                    == [["2400", "600"]])

            // Reading 7: tag-7, gw-2, rssi -7, antenna 3, no zone (odd), x 1.75.
            let r7 = readings[7]
            let row = try connection.query(
                """
                SELECT (extract(epoch FROM l.time) * 1000000)::bigint,
                       (extract(epoch FROM l.received_at) * 1000000)::bigint,
                       t.tag, g.gateway, l.kind, l.flags, l.rssi, l.antenna, l.x, l.y, l.lat, l.zone_id, t.asset_id
                FROM location_readings l JOIN tags t ON t.id = l.tag_id LEFT JOIN gateways g ON g.id = l.gateway_id
                WHERE l.time = timestamptz 'epoch' + $1::bigint * interval '1 microsecond'
                """, [String(r7.time.microseconds)])
            #expect(
                row == [
                    [
                        String(r7.time.microseconds), String(r7.receivedAt.microseconds), "tag-7", "gw-2", "2", "0",
                        "-7", "3",
                        "1.75", nil, String(52.5 + 7 / 1e7), nil, nil,
                    ]
                ])
            // NULL gateway (i % 7 == 3), NULL rssi (i % 3 == 0), zone resolved by name.
            #expect(
                try connection.query(
                    "SELECT count(*) FROM location_readings WHERE gateway_id IS NULL") == [
                        [
                            String(
                                readings.filter { !$0.isSensor && $0.gateway.isEmpty }.count)
                        ]
                    ])
            #expect(
                try connection.query("SELECT count(*) FROM location_readings WHERE rssi IS NULL") == [
                    [
                        String(
                            readings.filter { !$0.isSensor && $0.rssi == nil }.count)
                    ]
                ])
            #expect(
                try connection.query(
                    "SELECT z.name, count(*) FROM location_readings l JOIN zones z ON z.id = l.zone_id "
                        + "GROUP BY 1 ORDER BY 1"
                )
                .map { $0[0] } == ["room-0", "room-1", "room-2"])

            // Time zone: binary timestamptz is UTC whatever the session's TimeZone.
            try connection.execute("SET TimeZone = 'Asia/Kolkata'")
            #expect(
                try connection.query("SELECT min(time)::text FROM location_readings")
                    == [["2024-06-20 21:43:20.124457+05:30"]])  // reading 1: base + 1001 µs
            #expect(
                try connection.query(
                    "SELECT to_char(min(time) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') "
                        + "FROM sensor_readings") == [["2024-06-20 16:13:20.123456"]])

            // Sensor rows: metric and unit recorded once, NULL values kept.
            #expect(
                try connection.query("SELECT name, unit FROM metrics ORDER BY name")
                    == [["humidity", "%"], ["temperature", "C"]])
            #expect(
                try connection.query("SELECT count(*) FROM sensor_readings WHERE value IS NULL") == [
                    [
                        String(
                            readings.filter { $0.isSensor && $0.value == nil }.count)
                    ]
                ])
            let r10 = readings[10]
            #expect(
                try connection.query(
                    """
                    SELECT s.value, m.name FROM sensor_readings s JOIN metrics m ON m.id = s.metric_id
                    WHERE s.time = timestamptz 'epoch' + $1::bigint * interval '1 microsecond'
                    """, [String(r10.time.microseconds)]) == [["1.25", "temperature"]])
            #expect(try connection.query("SELECT count(*) FROM tags WHERE asset_id IS NULL") == [["50"]])
            #expect(try connection.query("SELECT DISTINCT kind FROM gateways ORDER BY 1").count >= 1)

            // A second batch with the same names needs no lookups.
            let again = try writer.write(Array(readings.prefix(100)), batchID: 2)
            #expect(again.resolvedReferences == 0)
            #expect(writer.cache.count == 60)
        }
    }

    @Test("a batch id is written once; replays are skipped")
    func ledger() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let writer = ReadingBatchWriter(connection: connection)
            let batch = Self.readings(20)
            #expect(try !writer.isCommitted(batchID: 42))
            #expect(try !writer.write(batch, batchID: 42).alreadyCommitted)
            #expect(try writer.isCommitted(batchID: 42))
            let replay = try writer.write(batch, batchID: 42)
            #expect(replay.alreadyCommitted && replay.locationRows == 0)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["16"]])
            #expect(!connection.isInTransaction)
            #expect(try writer.write([], batchID: 43).locationRows == 0)
            #expect(try connection.query("SELECT count(*) FROM ingest_batches") == [["2"]])
        }
    }

    @Test("a failing batch leaves no rows, no ledger entry, no new tags and no cached ids")
    func rollback() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            try connection.execute(
                "ALTER TABLE location_readings ADD CONSTRAINT battery_range CHECK (battery IS NULL OR battery >= 0)")
            let writer = ReadingBatchWriter(connection: connection)
            try writer.write(Self.readings(10), batchID: 1)
            let knownBefore = writer.cache.count

            var bad = Reading(time: Self.base, receivedAt: Self.base, kind: .ble, tag: "new-tag", gateway: "new-gw")
            bad.battery = -5
            let error = try #require(throws: DatabaseError.self) {
                try writer.write(Self.readings(10) + [bad], batchID: 2)
            }
            #expect(error.code == .copyFailed)
            #expect(error.sqlState == "23514")
            #expect(!error.isTransient)
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["8"]])
            #expect(try !writer.isCommitted(batchID: 2))
            #expect(try connection.query("SELECT count(*) FROM tags WHERE tag = 'new-tag'") == [["0"]])
            #expect(writer.cache.tagID("new-tag") == nil && writer.cache.gatewayID("new-gw") == nil)
            #expect(writer.cache.pendingCount == 0 && writer.cache.count == knownBefore)

            // The same tag in a good batch gets a fresh id that really belongs to it.
            bad.battery = 50
            try writer.write([bad], batchID: 3)
            #expect(
                try connection.query(
                    "SELECT t.tag, g.gateway FROM location_readings l JOIN tags t ON t.id = l.tag_id "
                        + "JOIN gateways g ON g.id = l.gateway_id WHERE l.battery = 50") == [["new-tag", "new-gw"]])
        }
    }

    @Test("names with commas, quotes, braces and NUL are stored as tags")
    func awkwardNames() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let names = [#"a,"b"{c}\d"#, "NULL", "with\0nul", " "]
            let readings = names.map {
                Reading(time: Self.base, receivedAt: Self.base, kind: .qr, tag: TagID($0) ?? "")
            }
            try ReadingBatchWriter(connection: connection).write(readings, batchID: 9)
            // Inserted in sorted order (ReferenceResolver: no deadlock between daemons), so compare as sets.
            let stored = try connection.query("SELECT tag FROM tags").compactMap { $0[0] }
            #expect(Set(stored) == [#"a,"b"{c}\d"#, "NULL", "with\u{FFFD}nul", " "])
            #expect(try connection.query("SELECT count(DISTINCT tag_id) FROM location_readings") == [["4"]])
        }
    }

    @Test("a refused batch goes to dead_letter once and counts as committed")
    func deadLetter() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            try connection.execute(
                "ALTER TABLE location_readings ADD CONSTRAINT battery_range CHECK (battery IS NULL OR battery >= 0)")
            let writer = ReadingBatchWriter(connection: connection)
            var bad = Reading(time: Self.base, receivedAt: Self.base, kind: .ble, tag: "q\"t", gateway: "gw")
            bad.battery = -1
            let batch = Self.readings(5) + [bad]
            let error = try #require(throws: DatabaseError.self) { try writer.write(batch, batchID: 77) }
            #expect(try writer.deadLetter(batch, batchID: 77, error: error) == 6)
            #expect(try writer.isCommitted(batchID: 77))
            #expect(try writer.deadLetter(batch, batchID: 77, error: error) == 0)
            #expect(try writer.write(batch, batchID: 77).alreadyCommitted)
            let rows = try connection.query(
                "SELECT target, error, row_text FROM dead_letter WHERE batch_id = 77 "
                    + "ORDER BY row_text LIKE '%battery=-1%'")
            #expect(rows.count == 6)
            #expect(rows.filter { $0[0] == "sensor_readings" }.count == 1)  // reading 0 is a sensor reading
            let last = try #require(rows.last)
            #expect(last[1]?.hasPrefix("copy_failed: SQLSTATE 23514") == true)
            #expect(last[2]?.contains(#"tag="q\"t""#) == true)
            #expect(last[2]?.contains("battery=-1.0") == true)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["0"]])
        }
    }

    @Test("with a write-ahead log id each ledger row records the range its batch covers")
    func recordsWriteAheadRanges() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: Self.base)
            var readings = Self.readings(300)
            for i in readings.indices { readings[i].sequence = 1_001 + UInt64(i) }
            let writer = ReadingBatchWriter(connection: connection, writeAheadLogID: 42)
            try writer.write(Array(readings[0..<100]), batchID: 1)
            try writer.write(Array(readings[200..<300]), batchID: 2)
            // A replay under a known id changes nothing, and its range stays recorded once.
            #expect(try writer.write(Array(readings[0..<100]), batchID: 1).alreadyCommitted)
            try writer.write([], batchID: 3)
            #expect(
                try connection.query("SELECT batch_id, wal_id, wal_first, wal_last FROM ingest_batches ORDER BY batch_id")
                    == [["1", "42", "1001", "1100"], ["2", "42", "1201", "1300"], ["3", nil, nil, nil]])
            #expect(try writer.committedWriteAheadRanges(logID: 42, from: 1) == [1_001...1_100, 1_201...1_300])
            #expect(try writer.committedWriteAheadRanges(logID: 42, from: 1_150) == [1_201...1_300])
            #expect(try writer.committedWriteAheadRanges(logID: 7, from: 1).isEmpty)
            // How far the ledger reaches below a number (the failover window's loss check).
            #expect(try writer.highestWriteAheadNumber(logID: 42, below: 1_201) == 1_100)
            #expect(try writer.highestWriteAheadNumber(logID: 42, below: 5_000) == 1_300)
            #expect(try writer.highestWriteAheadNumber(logID: 42, below: 1_100) == nil)
            #expect(try writer.highestWriteAheadNumber(logID: 7, below: 5_000) == nil)
            // Without a log id nothing is recorded.
            try ReadingBatchWriter(connection: connection).write(Array(readings[100..<200]), batchID: 4)
            #expect(try connection.query("SELECT wal_id FROM ingest_batches WHERE batch_id = 4") == [[nil]])
        }
    }
}
