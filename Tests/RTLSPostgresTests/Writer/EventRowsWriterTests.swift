@testable import RTLSCore
import RTLSPostgres
import Testing

/// Rule-engine output written by ``ReadingBatchWriter/write(_:events:batchID:)`` against real PostgreSQL.
@Suite("EventRowsWriter")
struct EventRowsWriterTests {
    /// 2024-06-20T16:13:20Z.
    static let base = Timestamp(microseconds: 1_718_900_000_000_000)

    static func at(_ seconds: Int64) -> Timestamp { Self.base.advanced(byMicroseconds: seconds * 1_000_000) }

    static func location(_ tag: TagID, zone: ZoneName, floor: SiteName = "", at seconds: Int64) -> AssetLocation {
        AssetLocation(
            tag: tag, asset: "", zoneIndex: zone.isEmpty ? nil : 0, zone: zone, floor: floor, method: .ble,
            time: Self.at(seconds), gateway: "gw-1", since: Self.at(seconds - 30))
    }

    static func zoneEvent(_ transition: ZoneEvent.Transition, _ tag: TagID, _ zone: ZoneName, at seconds: Int64)
        -> ZoneEvent
    {
        ZoneEvent(
            transition: transition, time: Self.at(seconds), tag: tag, asset: "", zoneIndex: 0, zone: zone,
            method: .rfid, gateway: "fx-1")
    }

    static let fired = Alert(
        alertID: 9_000_001, ruleID: "no-pumps-in-mri", kind: .restrictedZone, severity: .critical, state: .fired,
        time: at(10), tag: "pump-4", asset: "Infusion pump 4", zone: "MRI-1", gateway: "gw-mri", method: .ble)

    static var cleared: Alert {
        var a = Self.fired
        a.state = .cleared
        a.time = Self.at(70)
        return a
    }

    static let battery = Alert(
        alertID: 9_000_002, ruleID: "battery", kind: .lowBattery, severity: .warning, state: .fired, time: at(20),
        tag: "badge-1", value: 7.5, threshold: 10)

    static let gatewayDown = Alert(
        alertID: 9_000_003, ruleID: "gw-silent", kind: .gatewayOffline, severity: .warning, state: .fired,
        time: at(30), gateway: "gw-dead", value: 600)

    @Test("alerts fired and cleared are stored with ids, names, message and details")
    func alerts() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let writer = ReadingBatchWriter(connection: connection)
            var events = EngineOutput()
            events.alerts = [Self.fired, Self.battery, Self.gatewayDown, Self.cleared]
            let result = try writer.write([], events: events, batchID: 1)
            #expect(result.alertRows == 4 && !result.alreadyCommitted)
            // pump-4, badge-1; gw-mri, gw-dead; MRI-1.
            #expect(result.resolvedReferences == 5)
            let rows = try connection.query(
                """
                SELECT (extract(epoch FROM a.time) * 1000000)::bigint, a.alert_id, a.rule, a.kind, a.severity, a.state,
                       t.tag, g.gateway, z.name, a.message,
                       a.details->>'value', a.details->>'threshold', a.details->>'method'
                FROM alerts a LEFT JOIN tags t ON t.id = a.tag_id LEFT JOIN gateways g ON g.id = a.gateway_id
                LEFT JOIN zones z ON z.id = a.zone_id ORDER BY a.time
                """)
            let expected: [[String?]] = [Self.fired, Self.battery, Self.gatewayDown, Self.cleared].map { a in
                [
                    String(a.time.microseconds), String(a.alertID), a.ruleID.string, a.kind.description,
                    a.severity.description, a.state.description, a.tag.isEmpty ? nil : a.tag.string,
                    a.gateway.isEmpty ? nil : a.gateway.string, a.zone.isEmpty ? nil : a.zone.string, a.message,
                    a.value.map { "\($0)" }, a.threshold.map { "\($0)" }, a.method.map { $0.description },
                ]
            }
            #expect(rows.count == 4)
            for (row, want) in zip(rows, expected) {
                // jsonb prints 7.5 / 10 / 600 as numbers: compare as Double.
                #expect(Array(row[0..<10]) == Array(want[0..<10]))
                #expect(row[10].flatMap(Double.init) == want[10].flatMap(Double.init))
                #expect(row[11].flatMap(Double.init) == want[11].flatMap(Double.init))
                #expect(row[12] == want[12])
            }
            #expect(
                try connection.query("SELECT count(*) FROM alerts WHERE details IS NULL") == [["0"]])
            #expect(
                try connection.query("SELECT state FROM alerts WHERE alert_id = 9000001 ORDER BY time")
                    == [["fired"], ["cleared"]])
        }
    }

    @Test("zone events are stored with tag, zone, event name and method; readings share the resolve")
    func zoneEvents() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let writer = ReadingBatchWriter(connection: connection)
            let reading = Reading(
                time: Self.at(5), receivedAt: Self.at(5), kind: .rfid, tag: "cart-1", gateway: "fx-1")
            var events = EngineOutput()
            events.zoneEvents = [
                Self.zoneEvent(.exit, "cart-1", "Hall", at: 5), Self.zoneEvent(.enter, "cart-1", "OR-2", at: 5),
                Self.zoneEvent(.enter, "cart-2", "OR-2", at: 6),
            ]
            let result = try writer.write([reading], events: events, batchID: 7)
            #expect(result.locationRows == 1 && result.zoneEventRows == 3)
            // cart-1, cart-2; fx-1; Hall, OR-2 — each looked up once although readings and events share them.
            #expect(result.resolvedReferences == 5)
            #expect(
                try connection.query(
                    """
                    SELECT t.tag, z.name, e.event, e.method, (extract(epoch FROM e.time) * 1000000)::bigint
                    FROM zone_events e JOIN tags t ON t.id = e.tag_id JOIN zones z ON z.id = e.zone_id
                    ORDER BY e.time, e.event DESC
                    """)
                    == events.zoneEvents.map { e in
                        [
                            e.tag.string, e.zone.string, e.transition.description, String(e.method.rawValue),
                            String(e.time.microseconds),
                        ]
                    })
            #expect(
                try connection.query(
                    "SELECT count(*) FROM location_readings l JOIN tags t ON t.id = l.tag_id WHERE t.tag = 'cart-1'")
                    == [["1"]])
        }
    }

    @Test("asset_locations keeps the newest location per tag, within a batch and across batches")
    func locationsUpsert() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            try connection.execute(
                """
                INSERT INTO facilities (name) VALUES ('H');
                INSERT INTO buildings (facility_id, name) VALUES (1, 'A'), (1, 'B');
                INSERT INTO floors (building_id, name) VALUES (1, 'L2'), (1, 'G'), (2, 'G')
                """)
            let writer = ReadingBatchWriter(connection: connection)
            var first = EngineOutput()
            first.locations = [
                Self.location("pump-1", zone: "ICU-1", floor: "L2", at: 100),
                Self.location("pump-1", zone: "ICU-2", floor: "L2", at: 160),  // newest of pump-1
                Self.location("pump-1", zone: "ICU-3", floor: "L2", at: 130),
                Self.location("pump-2", zone: "Lobby", floor: "G", at: 50),  // "G" names two floors
            ]
            #expect(try writer.write([], events: first, batchID: 1).assetLocationsUpdated == 2)

            var second = EngineOutput()
            second.locations = [
                Self.location("pump-1", zone: "ICU-9", at: 120),  // older than stored: ignored
                Self.location("pump-2", zone: "", at: 90),  // newer, outside every zone
                Self.location("pump-3", zone: "OR-1", at: 10),
            ]
            #expect(try writer.write([], events: second, batchID: 2).assetLocationsUpdated == 2)

            let rows = try connection.query(
                """
                SELECT t.tag, z.name, f.name, a.method,
                       (extract(epoch FROM a.since) * 1000000)::bigint,
                       (extract(epoch FROM a.last_seen) * 1000000)::bigint
                FROM asset_locations a JOIN tags t ON t.id = a.tag_id LEFT JOIN zones z ON z.id = a.zone_id
                LEFT JOIN floors f ON f.id = a.floor_id ORDER BY t.tag
                """)
            let ble = String(LocationMethod.ble.rawValue)
            func us(_ seconds: Int64) -> String { String(Self.at(seconds).microseconds) }
            #expect(
                rows == [
                    ["pump-1", "ICU-2", "L2", ble, us(130), us(160)],
                    ["pump-2", nil, nil, ble, us(60), us(90)],
                    ["pump-3", "OR-1", nil, ble, us(-20), us(10)],
                ])
        }
    }

    @Test("a replayed batch id writes no events a second time")
    func ledgerIdempotence() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let writer = ReadingBatchWriter(connection: connection)
            var events = EngineOutput()
            events.alerts = [Self.fired]
            events.zoneEvents = [Self.zoneEvent(.enter, "pump-4", "MRI-1", at: 10)]
            events.locations = [Self.location("pump-4", zone: "MRI-1", at: 10)]
            let first = try writer.write([], events: events, batchID: 42)
            #expect(first.alertRows == 1 && first.zoneEventRows == 1 && first.assetLocationsUpdated == 1)
            events.locations = [Self.location("pump-4", zone: "MRI-2", at: 99)]
            let replay = try writer.write([], events: events, batchID: 42)
            #expect(replay.alreadyCommitted && replay.alertRows == 0 && replay.zoneEventRows == 0)
            #expect(try connection.query("SELECT count(*) FROM alerts") == [["1"]])
            #expect(try connection.query("SELECT count(*) FROM zone_events") == [["1"]])
            #expect(
                try connection.query("SELECT z.name FROM asset_locations a JOIN zones z ON z.id = a.zone_id")
                    == [["MRI-1"]])
            #expect(try connection.query("SELECT count(*) FROM ingest_batches") == [["1"]])
        }
    }

    @Test("a failure in the last step rolls back readings, events, names and ledger; a retry then succeeds")
    func failureRollsBack() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            // Refuses every asset_locations row: the upsert, the batch's last statement, fails.
            try connection.execute("ALTER TABLE asset_locations ADD CONSTRAINT refuse CHECK (tag_id < 0)")
            let writer = ReadingBatchWriter(connection: connection)
            let reading = Reading(
                time: Self.at(10), receivedAt: Self.at(10), kind: .ble, tag: "pump-4", gateway: "gw-1")
            var events = EngineOutput()
            events.alerts = [Self.fired]
            events.zoneEvents = [Self.zoneEvent(.enter, "pump-4", "MRI-1", at: 10)]
            events.locations = [Self.location("pump-4", zone: "MRI-1", at: 10)]
            #expect(throws: DatabaseError.self) { try writer.write([reading], events: events, batchID: 5) }
            #expect(!connection.isInTransaction)
            #expect(writer.cache.count == 0 && writer.cache.pendingCount == 0)
            for table in ["location_readings", "alerts", "zone_events", "asset_locations", "ingest_batches", "tags",
                "zones", "gateways"]
            {
                #expect(try connection.query("SELECT count(*) FROM \(table)") == [["0"]], "\(table)")
            }

            try connection.execute("ALTER TABLE asset_locations DROP CONSTRAINT refuse")
            let retry = try writer.write([reading], events: events, batchID: 5)
            #expect(retry.locationRows == 1 && retry.alertRows == 1 && retry.assetLocationsUpdated == 1)
            #expect(
                try connection.query(
                    "SELECT t.tag FROM asset_locations a JOIN tags t ON t.id = a.tag_id") == [["pump-4"]])
        }
    }

    @Test("a refused batch's events go to dead_letter as text, once")
    func deadLetterEvents() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let writer = ReadingBatchWriter(connection: connection)
            var events = EngineOutput()
            events.alerts = [Self.battery]
            events.zoneEvents = [Self.zoneEvent(.exit, "cart-1", "OR-2", at: 5)]
            events.locations = [Self.location("cart-1", zone: "Hall", floor: "L1", at: 5)]
            let error = DatabaseError(.copyFailed, sqlState: "22P02", serverMessage: "bad row")
            #expect(try writer.deadLetter([], events: events, batchID: 8, error: error) == 3)
            #expect(try writer.deadLetter([], events: events, batchID: 8, error: error) == 0)
            let rows = try connection.query("SELECT target, row_text, error FROM dead_letter ORDER BY target")
            #expect(rows.map { $0[0] } == ["alerts", "asset_locations", "zone_events"])
            #expect(rows.allSatisfy { $0[2]?.contains("22P02") == true })
            let alertText = try #require(rows[0][1])
            #expect(alertText.contains("alert_id=\(Self.battery.alertID)") && alertText.contains("kind=low_battery"))
            #expect(alertText.contains("tag=\"badge-1\"") && alertText.contains("value=7.5"))
            #expect(rows[1][1]?.contains("floor=\"L1\"") == true)
            #expect(rows[2][1]?.contains("event=exit") == true && rows[2][1]?.contains("zone=\"OR-2\"") == true)
            #expect(try writer.isCommitted(batchID: 8))
        }
    }
}
