import RTLSPostgres
import Testing

@Suite("LedgerRetention")
struct LedgerRetentionTests {
    @Test("old rows of this instance go, except ranges its log still holds and its newest row; other instances' stay")
    func prunesWhatNothingCanReplay() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            try connection.execute(
                """
                INSERT INTO ingest_batches
                    (instance, batch_id, committed_at, location_rows, sensor_rows, wal_id, wal_first, wal_last)
                VALUES ('a', 1, now() - interval '40 days', 1, 0, NULL, NULL, NULL),
                       ('a', 2, now() - interval '1 day',   1, 0, NULL, NULL, NULL),
                       ('a', 3, now() - interval '40 days', 1, 0, 42, 1, 100),
                       ('a', 4, now() - interval '40 days', 1, 0, 42, 101, 200),
                       ('b', 5, now() - interval '40 days', 1, 0, 7, 1, 100),
                       ('a', 6, now() - interval '2 days',  1, 0, 42, 201, 300),
                       ('b', 9, now() - interval '40 days', 1, 0, NULL, NULL, NULL),
                       ('c', 10, now() - interval '40 days', 1, 0, NULL, NULL, NULL)
                """)
            let deleted = try LedgerRetention(days: 30).run(
                on: connection, instance: "a", writeAheadLogID: 42, oldestLogged: 150)
            #expect(deleted == 2)
            #expect(
                try connection.query("SELECT batch_id FROM ingest_batches ORDER BY batch_id")
                    == [["2"], ["4"], ["5"], ["6"], ["9"], ["10"]])
            // Without a log only rows without a range are pruned by age; other instances' rows stay.
            #expect(
                try LedgerRetention(days: 1).run(on: connection, instance: "a", writeAheadLogID: nil, oldestLogged: nil)
                    == 1)
            #expect(
                try connection.query("SELECT batch_id FROM ingest_batches ORDER BY batch_id")
                    == [["4"], ["5"], ["6"], ["9"], ["10"]])
            // An instance's newest row stays however old: it is the floor for its next batch ids.
            #expect(
                try LedgerRetention(days: 1).run(on: connection, instance: "c", writeAheadLogID: nil, oldestLogged: nil)
                    == 0)
        }
    }
}
