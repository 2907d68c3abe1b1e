import RTLSPostgres
import Testing

@Suite("LedgerRetention")
struct LedgerRetentionTests {
    @Test("old rows go, except ranges this rtlsd's write-ahead log still holds and other logs' rows")
    func prunesWhatNothingCanReplay() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            try connection.execute(
                """
                INSERT INTO ingest_batches (batch_id, committed_at, location_rows, sensor_rows, wal_id, wal_first, wal_last)
                VALUES (1, now() - interval '40 days', 1, 0, NULL, NULL, NULL),
                       (2, now() - interval '1 day',   1, 0, NULL, NULL, NULL),
                       (3, now() - interval '40 days', 1, 0, 42, 1, 100),
                       (4, now() - interval '40 days', 1, 0, 42, 101, 200),
                       (5, now() - interval '40 days', 1, 0, 7, 1, 100),
                       (6, now() - interval '2 days',  1, 0, 42, 201, 300)
                """)
            let deleted = try LedgerRetention(days: 30).run(on: connection, writeAheadLogID: 42, oldestLogged: 150)
            #expect(deleted == 2)
            #expect(
                try connection.query("SELECT batch_id FROM ingest_batches ORDER BY batch_id")
                    == [["2"], ["4"], ["5"], ["6"]])
            // Without a log only rows without a range are pruned by age; another log's rows stay.
            #expect(try LedgerRetention(days: 1).run(on: connection, writeAheadLogID: nil, oldestLogged: nil) == 1)
            #expect(
                try connection.query("SELECT batch_id FROM ingest_batches ORDER BY batch_id") == [["4"], ["5"], ["6"]])
        }
    }
}
