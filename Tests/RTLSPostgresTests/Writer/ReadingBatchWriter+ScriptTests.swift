import RTLSCore
import RTLSPostgres
import Testing

/// The one-round-trip path (every name cached): same rows, same ledger, same refusals as the
/// step-by-step path.
@Suite("ReadingBatchWriter one-round-trip script")
struct ReadingBatchWriterScriptTests {
    static func locations(of readings: [Reading]) -> EngineOutput {
        var events = EngineOutput()
        events.locations = readings.filter { !$0.isSensor }.map { r in
            AssetLocation(
                tag: r.tag, asset: SiteName(), zoneIndex: 0, zone: "ward-1", floor: SiteName(), method: .ble,
                time: r.time, gateway: r.gateway, since: r.time)
        }
        return events
    }

    @Test("a cached batch is stored once: a replay is skipped and another batch under its id is refused")
    func cachedBatchLedger() throws {
        try TestDatabase.withMigratedSchema { (connection: PGConnection, _: String) throws in
            // A quote and a backslash in the instance name: the script carries it as a literal.
            let writer = ReadingBatchWriter(connection: connection, instance: "o'hare\\1", writeAheadLogID: 3)
            var first = ReadingBatchWriterTests.readings(40)
            for i in first.indices { first[i].sequence = UInt64(i + 1) }
            _ = try writer.write(first, events: Self.locations(of: first), batchID: 1)  // resolves the names
            let second = first.map { r in
                var r = r
                r.time = r.time.advanced(byMicroseconds: 60_000_000)
                r.sequence += 40
                return r
            }
            let stored = try writer.write(second, events: Self.locations(of: second), batchID: 2)
            #expect(stored.resolvedReferences == 0)
            #expect(!stored.alreadyCommitted && !stored.idInUse)
            #expect(stored.locationRows == 32 && stored.sensorRows == 8)
            #expect(stored.assetLocationsUpdated == 32)  // 32 location readings of 32 tags
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["64"]])
            #expect(try connection.query("SELECT count(*) FROM sensor_readings") == [["16"]])
            #expect(
                try connection.query("SELECT instance, wal_id, wal_first, wal_last FROM ingest_batches WHERE batch_id = 2")
                    == [["o'hare\\1", "3", "41", "80"]])

            #expect(try writer.write(second, events: Self.locations(of: second), batchID: 2).alreadyCommitted)
            #expect(try writer.write(first, batchID: 2).idInUse)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["64"]])
            #expect(try connection.query("SELECT count(*) FROM ingest_batches") == [["2"]])
            #expect(!connection.isInTransaction)
        }
    }

    @Test("a refused row fails the whole script: nothing of the batch, ledger row included, is stored")
    func refusedRowStoresNothing() throws {
        try TestDatabase.withMigratedSchema { (connection: PGConnection, _: String) throws in
            let writer = ReadingBatchWriter(connection: connection)
            let batch = ReadingBatchWriterTests.readings(20)
            _ = try writer.write(batch, batchID: 1)
            try connection.execute("ALTER TABLE location_readings ADD CONSTRAINT no_faint CHECK (rssi IS NULL OR rssi > -80)")
            var later = batch.map { r in
                var r = r
                r.time = r.time.advanced(byMicroseconds: 60_000_000)
                return r
            }
            later[7].rssi = -85  // one location reading the constraint refuses
            let error = try #require(throws: DatabaseError.self) { try writer.write(later, batchID: 2) }
            #expect(error.sqlState == "23514")
            #expect(ReadingBatchWriter.isPermanent(error, on: connection))
            #expect(!connection.isInTransaction)
            #expect(try connection.query("SELECT count(*) FROM ingest_batches WHERE batch_id = 2") == [["0"]])
            #expect(try connection.query("SELECT count(*) FROM sensor_readings") == [["4"]])
        }
    }

    @Test("location rows streamed in many pieces arrive whole and in order")
    func streamedPieces() throws {
        try TestDatabase.withMigratedSchema { (connection: PGConnection, _: String) throws in
            let writer = ReadingBatchWriter(connection: connection)
            let first = ReadingBatchWriterTests.readings(3_000)  // 2,400 location rows: ~8 pieces
            _ = try writer.write(first, batchID: 1)
            let second = first.map { r in
                var r = r
                r.time = r.time.advanced(byMicroseconds: 3_600_000_000)
                return r
            }
            let stored = try writer.write(second, batchID: 2)
            #expect(stored.resolvedReferences == 0 && stored.locationRows == 2_400)
            func digest(_ comparison: String) -> String {
                """
                SELECT count(*), sum(rssi), sum(x), sum(antenna), string_agg(tag_id::text, ',' ORDER BY time)
                FROM location_readings WHERE time \(comparison) to_timestamp($1::float8)
                """
            }
            let cut = String(ReadingBatchWriterTests.base.microseconds / 1_000_000 + 1_800)  // half an hour on
            let early = try connection.query(digest("<"), [cut])
            let late = try connection.query(digest(">="), [cut])
            #expect(early.first?.first == "2400")
            #expect(early == late)
        }
    }
}
