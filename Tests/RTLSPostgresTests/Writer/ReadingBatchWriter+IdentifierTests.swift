import RTLSCore
import RTLSPostgres
import Testing

/// RFID TIDs (identifier readings from the Impinj and Zebra decoders) land in `tag_identifiers`, in the
/// batch's transaction, on both write paths, and a replay or an older sighting changes nothing it should not.
@Suite("ReadingBatchWriter tag identifiers")
struct ReadingBatchWriterIdentifierTests {
    /// 2024-06-20T16:13:20Z.
    static let base = Timestamp(microseconds: 1_718_900_000_000_000)

    /// Decodes one Impinj tag inventory event per (EPC, TID) pair at `base` + `seconds`, and one Zebra tag
    /// data event for `zebraEPC` with `zebraTID`.
    static func readings(_ pairs: [(String, String)], zebra: (String, String), seconds: Int) throws -> [Reading] {
        let time = base.advanced(byMicroseconds: Int64(seconds) * 1_000_000)
        let context = DecodeContext(receivedAt: time, topicGateway: "r700-dock")
        var output = DecodeOutput()
        var readings: [Reading] = []
        for (i, (epc, tid)) in pairs.enumerated() {
            let event = """
                {"timestamp": "\(time.advanced(byMicroseconds: Int64(i)).rfc3339)", "eventType": "tagInventory",
                 "tagInventoryEvent": {"epcHex": "\(epc)", "tidHex": "\(tid)", "antennaPort": 1, "peakRssiCdbm": -5000}}
                """
            output.reset()
            try ImpinjR700Decoder().decode(
                topic: "impinj/r700-dock/events", payload: Array(event.utf8), context: context, into: &output)
            readings += output.readings
        }
        let event = """
            {"timestamp": "\(time.rfc3339)", "data": {"idHex": "\(zebra.0)", "antenna": 2, "peakRssi": -55, "TID": "\(zebra.1)"}}
            """
        let zebraContext = DecodeContext(receivedAt: time, topicGateway: "fx9600-dock")
        output.reset()
        try ZebraFXDecoder().decode(topic: "zebra/fx9600-dock/data", payload: Array(event.utf8), context: zebraContext, into: &output)
        readings += output.readings
        return readings
    }

    static func rows(_ connection: PGConnection) throws -> [[String?]] {
        try connection.query(
            """
            SELECT t.tag, i.scheme, i.value,
                   (extract(epoch FROM i.first_seen) * 1000000)::bigint - 1718900000000000,
                   (extract(epoch FROM i.last_seen) * 1000000)::bigint - 1718900000000000
            FROM tag_identifiers i JOIN tags t ON t.id = i.tag_id ORDER BY t.tag, i.value
            """)
    }

    @Test("TIDs are stored per tag with first and last seen; replays and older readings change only what they must")
    func storesTIDs() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: Self.base)
            let writer = ReadingBatchWriter(connection: connection)
            let first = try Self.readings(
                [("E200000000000000000000A1", "E2801160200074CF085909A1"), ("E200000000000000000000B2", "e2801160200074cf085909b2")],
                zebra: ("e200000000000000000000c3", "e2801160200074cf085909c3"), seconds: 0)
            #expect(first.count { $0.isIdentifier } == 3)
            // Names not cached yet: the step-by-step path.
            let stored = try writer.write(first, batchID: 1)
            #expect(stored.identifierRows == 3 && stored.locationRows == 3 && stored.sensorRows == 0)
            #expect(try connection.query("SELECT location_rows, sensor_rows FROM ingest_batches") == [["3", "0"]])
            #expect(
                try Self.rows(connection) == [
                    ["E200000000000000000000A1", "tid", "E2801160200074CF085909A1", "0", "0"],
                    ["E200000000000000000000B2", "tid", "E2801160200074CF085909B2", "1", "1"],
                    ["E200000000000000000000C3", "tid", "E2801160200074CF085909C3", "0", "0"],
                ])

            // All names cached: the one-round-trip script. A1's TID twice (one row), and a second chip
            // answering with A1's EPC (a cloned tag): a row of its own.
            let second = try Self.readings(
                [("E200000000000000000000A1", "E2801160200074CF085909A1"), ("E200000000000000000000A1", "E2801160200074CF085909A1"),
                 ("E200000000000000000000A1", "E2801160200074CF0859FFFF")],
                zebra: ("e200000000000000000000c3", "e2801160200074cf085909c3"), seconds: 60)
            let again = try writer.write(second, batchID: 2)
            #expect(again.resolvedReferences == 0 && again.identifierRows == 3)
            #expect(try writer.write(second, batchID: 2).alreadyCommitted)
            // An older sighting only moves first_seen back.
            let older = try Self.readings(
                [("E200000000000000000000B2", "E2801160200074CF085909B2")],
                zebra: ("e200000000000000000000c3", "e2801160200074cf085909c3"), seconds: -30)
            _ = try writer.write(older, batchID: 3)
            #expect(
                try Self.rows(connection) == [
                    ["E200000000000000000000A1", "tid", "E2801160200074CF085909A1", "0", "60000001"],
                    ["E200000000000000000000A1", "tid", "E2801160200074CF0859FFFF", "60000002", "60000002"],
                    ["E200000000000000000000B2", "tid", "E2801160200074CF085909B2", "-30000000", "1"],
                    ["E200000000000000000000C3", "tid", "E2801160200074CF085909C3", "-30000000", "60000000"],
                ])
            // Ten seconds after the last write of C3's TID: last_seen would move by less than a minute, the
            // writer leaves the row alone (TagIdentifierUpsert.lastSeenStep).
            let soon = try Self.readings([], zebra: ("e200000000000000000000c3", "e2801160200074cf085909c3"), seconds: 70)
            #expect(try writer.write(soon, batchID: 4).identifierRows == 0)
            #expect(try Self.rows(connection)[3] == ["E200000000000000000000C3", "tid", "E2801160200074CF085909C3", "-30000000", "60000000"])
            // The identifier rows are neither sightings nor metrics.
            #expect(try connection.query("SELECT count(*) FROM location_readings") == [["10"]])
            #expect(try connection.query("SELECT count(*) FROM sensor_readings") == [["0"]])
            #expect(try connection.query("SELECT count(*) FROM metrics WHERE name = 'tid'") == [["0"]])
            #expect(try connection.query("SELECT count(*) FROM zones") == [["0"]])
        }
    }
}
