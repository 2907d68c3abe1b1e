import RTLSCore
import RTLSPostgres
import Testing

@Suite("ReadingBatchWriter allow-lists and tag cache bound")
struct ReadingBatchWriterPolicyTests {
    static let base = ReadingBatchWriterTests.base

    /// A location reading of `tag` from `gateway` in `zone`, `i` µs after the base time.
    static func reading(_ i: Int, tag: String, gateway: String, zone: String = "") -> Reading {
        let time = base.advanced(byMicroseconds: Int64(i))
        var r = Reading(
            time: time, receivedAt: time, kind: .ble, tag: TagID(tag) ?? TagID(), gateway: GatewayID(gateway) ?? GatewayID())
        r.zone = ZoneName(zone) ?? ZoneName()
        r.rssi = -60
        return r
    }

    @Test("an unknown gateway and zone: readings stored with NULL ids, no reference rows, counted and named")
    func unknownGatewayAndZone() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: Self.base)
            let writer = ReadingBatchWriter(connection: connection)
            writer.policy = ReferencePolicy(gateways: ["gw-site"], zones: ["ward-1"])
            var readings = (0..<10).map { Self.reading($0, tag: "tag-\($0 % 3)", gateway: "gw-site", zone: "ward-1") }
            readings += (10..<17).map { Self.reading($0, tag: "tag-\($0 % 3)", gateway: "gw-rogue", zone: "ward-x") }
            readings += (17..<20).map { Self.reading($0, tag: "tag-9", gateway: "gw-other") }
            var sensor = Self.reading(20, tag: "tag-9", gateway: "gw-rogue")
            sensor.metric = "temperature"
            sensor.value = 21.5
            readings.append(sensor)

            let result = try writer.write(readings, batchID: 1)
            #expect(result.locationRows == 20 && result.sensorRows == 1)
            #expect(result.unknown.gatewayReadings == 7 + 3 + 1)
            #expect(result.unknown.zoneReadings == 7)
            #expect(result.unknown.gateways == ["gw-rogue", "gw-other"])
            #expect(result.unknown.zones == ["ward-x"])
            #expect(writer.takeUnknownReferences() == result.unknown)
            #expect(writer.takeUnknownReferences().isEmpty)

            #expect(try connection.query("SELECT gateway FROM gateways ORDER BY gateway") == [["gw-site"]])
            #expect(try connection.query("SELECT name FROM zones ORDER BY name") == [["ward-1"]])
            #expect(
                try connection.query("SELECT count(*) FROM location_readings WHERE gateway_id IS NULL") == [["10"]])
            #expect(try connection.query("SELECT count(*) FROM location_readings WHERE zone_id IS NULL") == [["10"]])
            #expect(try connection.query("SELECT count(*) FROM sensor_readings WHERE gateway_id IS NULL") == [["1"]])
            // Tags are not subject to the allow-list: every reading is stored under its tag.
            #expect(try connection.query("SELECT count(*) FROM tags") == [["4"]])

            // The default policy makes rows for the same names.
            writer.policy = .any
            let again = try writer.write(readings, batchID: 2)
            #expect(again.unknown.isEmpty)
            #expect(try connection.query("SELECT count(*) FROM gateways") == [["3"]])
        }
    }

    @Test("a narrower policy forgets cached ids it no longer allows")
    func policyChangeForgetsCachedIDs() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: Self.base)
            let writer = ReadingBatchWriter(connection: connection)
            try writer.write([Self.reading(0, tag: "t", gateway: "gw-old")], batchID: 1)
            #expect(writer.cache.gatewayID("gw-old") != nil)
            writer.policy = ReferencePolicy(gateways: ["gw-new"])
            #expect(writer.cache.gatewayID("gw-old") == nil)
            let result = try writer.write([Self.reading(1, tag: "t", gateway: "gw-old")], batchID: 2)
            #expect(result.unknown.gatewayReadings == 1)
        }
    }

    @Test("past the tag bound the cache evicts, and an evicted tag comes back under its old id")
    func tagBound() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: Self.base)
            let writer = ReadingBatchWriter(connection: connection, tagCacheCapacity: 50)
            for batch in 0..<4 {
                let readings = (0..<40).map { Self.reading(batch * 40 + $0, tag: "phone-\(batch)-\($0)", gateway: "gw") }
                try writer.write(readings, batchID: Int64(batch + 1))
                #expect(writer.cache.count <= 50 + 1 + 0, "tags ≤ 50 plus one gateway")
            }
            #expect(writer.cache.tagEvictions == UInt64(4 * 40 - 50))
            #expect(writer.cache.tagID("phone-0-0") == nil)
            let result = try writer.write([Self.reading(1000, tag: "phone-0-0", gateway: "gw")], batchID: 10)
            #expect(result.resolvedReferences == 1)
            #expect(try connection.query("SELECT count(*) FROM tags") == [["160"]])
            #expect(
                try connection.query(
                    "SELECT count(DISTINCT l.tag_id) FROM location_readings l JOIN tags t ON t.id = l.tag_id WHERE t.tag = 'phone-0-0'")
                    == [["1"]])
        }
    }
}
