import RTLSCore
import RTLSPostgres
import Testing

/// The ledger keyed by (instance, batch id): instances never collide, an id held by a different
/// batch is refused (never skipped), and a live instance's name cannot be taken twice.
@Suite("ReadingBatchWriter ledger identity")
struct ReadingBatchWriterLedgerTests {
    static func unique(_ name: String) -> String { "\(name)-\(UInt32.random(in: 0...UInt32.max))" }

    @Test("two instances may use the same batch id; both batches are stored")
    func instancesDoNotCollide() throws {
        try TestDatabase.withMigratedSchema { (connection: PGConnection, _: String) throws in
            let a = ReadingBatchWriter(connection: connection, instance: "edge-a")
            let b = ReadingBatchWriter(connection: connection, instance: "edge-b")
            let batch = ReadingBatchWriterTests.readings(20)
            #expect(try !a.write(batch, batchID: 7).alreadyCommitted)
            #expect(try !b.write(batch, batchID: 7).alreadyCommitted)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["32"]])
            #expect(try a.highestBatchID() == 7)
            #expect(
                try connection.query("SELECT instance, ledger_rows FROM rtlsd_instances ORDER BY instance")
                    == [["edge-a", "1"], ["edge-b", "1"]])
        }
    }

    @Test("an id held by a different batch is refused as in use, and nothing is written")
    func idHeldByAnotherBatch() throws {
        try TestDatabase.withMigratedSchema { (connection: PGConnection, _: String) throws in
            let writer = ReadingBatchWriter(connection: connection, instance: "edge-a")
            let first = ReadingBatchWriterTests.readings(20)
            // Same size, other readings: counts alone could not tell them apart.
            let other = first.map { r in
                var r = r
                r.time = r.time.advanced(byMicroseconds: 3_600_000_000)
                return r
            }
            _ = try writer.write(first, batchID: 9)
            let result = try writer.write(other, batchID: 9)
            #expect(result.idInUse && !result.alreadyCommitted)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["16"]])
            #expect(!connection.isInTransaction)
            // The same batch again is a replay.
            #expect(try writer.write(first, batchID: 9).alreadyCommitted)
            // Written under the next id above the ledger's highest, it is stored.
            #expect(try !writer.write(other, batchID: try writer.highestBatchID() + 1).idInUse)
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["32"]])
        }
    }

    @Test("a live instance's name cannot be claimed by a second session; rows from before 007 are adopted")
    func claim() throws {
        guard let dsn = TestDatabase.dsn else { return }
        try TestDatabase.withMigratedSchema { (connection: PGConnection, schema: String) throws in
            let name = Self.unique("edge")
            try connection.execute(
                "INSERT INTO ingest_batches (instance, batch_id, location_rows, sensor_rows) VALUES ('', 1718900000123456, 5, 0)")
            let first = ReadingBatchWriter(connection: connection, instance: name)
            #expect(try first.claimInstance())
            #expect(try first.highestBatchID() == 1_718_900_000_123_456)
            let other = try PGConnection(conninfo: "\(dsn) options='-c search_path=\(schema),public'")
            #expect(try !ReadingBatchWriter(connection: other, instance: name).claimInstance())
            #expect(try ReadingBatchWriter(connection: other, instance: Self.unique("edge")).claimInstance())
            // The session ends: the name is free again.
            try connection.reset()
            #expect(try ReadingBatchWriter(connection: other, instance: name).claimInstance())
        }
    }
}
