import RTLSCore
import RTLSPostgres
import Testing

@Suite("PartitionMaintainer")
struct PartitionMaintainerTests {
    /// 2025-03-10T15:30:00Z.
    static let now = Timestamp(microseconds: 1_741_620_600_000_000)
    static let day: Int64 = 86_400_000_000

    static func partitions(of table: String, _ connection: PGConnection) throws -> [String] {
        try connection.query(
            """
            SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
            WHERE i.inhparent = $1::regclass ORDER BY 1
            """, [table]
        ).compactMap { $0[0] }
    }

    @Test("creates [today-1, today+N] for every table, idempotently")
    func createsAhead() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let maintainer = PartitionMaintainer(configuration: .init(daysAhead: 2))
            let first = try maintainer.run(on: connection, now: Self.now)
            #expect(first.tables == [
                "alert_actions", "alerts", "location_readings", "sensor_readings", "usage_logs", "zone_events",
            ])
            #expect(first.created.count == 6 * 4)
            #expect(
                try Self.partitions(of: "location_readings", connection) == [
                    "location_readings_default", "location_readings_p20250309", "location_readings_p20250310",
                    "location_readings_p20250311", "location_readings_p20250312",
                ])
            let second = try maintainer.run(on: connection, now: Self.now)
            #expect(second.created.isEmpty)
            #expect(second.dropped == 0)
        }
    }

    @Test("late rows wait in DEFAULT and move into their day's partition when it is created")
    func defaultPartition() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let maintainer = PartitionMaintainer(configuration: .init(daysAhead: 0))
            _ = try maintainer.run(on: connection, now: Self.now)
            // A reading 5 days in the future has no partition yet.
            let future = Self.now.microseconds + 5 * Self.day
            try connection.query(
                """
                INSERT INTO sensor_readings (time, received_at, tag_id, metric_id, value, flags)
                VALUES (timestamptz 'epoch' + $1::bigint * interval '1 microsecond', now(), 1, 1, 2.5, 0)
                """, [String(future)])
            #expect(
                try connection.query("SELECT tableoid::regclass::text FROM sensor_readings") == [
                    ["sensor_readings_default"]
                ])
            _ = try maintainer.run(on: connection, now: Timestamp(microseconds: future))
            #expect(
                try connection.query("SELECT tableoid::regclass::text, value FROM sensor_readings")
                    == [["sensor_readings_p20250315", "2.5"]])
        }
    }

    @Test("drops partitions older than the retention")
    func retention() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let config = PartitionMaintainer.Configuration(daysAhead: 1, retentionDays: ["location_readings": 3])
            _ = try PartitionMaintainer(configuration: config).run(on: connection, now: Self.now)
            let later = Timestamp(microseconds: Self.now.microseconds + 5 * Self.day)  // 2025-03-15
            let report = try PartitionMaintainer(configuration: config).run(on: connection, now: later)
            // First pass made 03-09 … 03-11, the second 03-14 … 03-16; cutoff 03-12 drops the first three.
            #expect(report.dropped == 3)
            #expect(
                try Self.partitions(of: "location_readings", connection) == [
                    "location_readings_default", "location_readings_p20250314", "location_readings_p20250315",
                    "location_readings_p20250316",
                ])
            // Tables without a retention entry keep everything.
            #expect(try Self.partitions(of: "alerts", connection).contains("alerts_p20250309"))
        }
    }
}
