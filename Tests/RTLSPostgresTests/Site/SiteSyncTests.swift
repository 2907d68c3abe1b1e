import RTLSCore
import Testing

@testable import RTLSPostgres

@Suite("SiteSync: the site model in the reference tables, facility-scoped names")
struct SiteSyncTests {
    static func record(_ facility: String, timeZone: String = "Europe/Berlin", zones: [String] = ["ICU-3", "DOCK"])
        -> SiteRecord
    {
        SiteRecord(
            facility: facility, timeZone: timeZone, buildings: ["Main"],
            floors: [SiteRecord.Floor(name: "L3", building: "Main", level: 3)],
            zones: zones.map { name in
                SiteRecord.Zone(
                    name: name, floor: "L3", kind: name == "DOCK" ? "dock" : "room", restricted: name == "ICU-3",
                    shape: .floor, points: [(0, 0), (12, 0), (12, 8)])
            },
            gateways: [SiteRecord.Gateway(id: "gw-1", zone: zones.first)])
    }

    @Test("a second sync of the same site changes nothing; a changed site changes exactly what differs")
    func idempotentAndReload() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            let first = try SiteSync.sync(Self.record("St. Example"), on: connection)
            #expect(first.changed == 1 + 1 + 1 + 2 + 1)  // facility, building, floor, 2 zones, gateway
            let again = try SiteSync.sync(Self.record("St. Example"), on: connection)
            #expect(again == SiteSync.Result(facilityID: first.facilityID, changed: 0, adopted: false))
            #expect(
                try connection.query(
                    "SELECT name, kind, restricted::text, shape, polygon::text, in_site::text FROM zones ORDER BY name")
                    == [
                        ["DOCK", "dock", "false", "floor", "[[0.0, 0.0], [12.0, 0.0], [12.0, 8.0]]", "true"],
                        ["ICU-3", "room", "true", "floor", "[[0.0, 0.0], [12.0, 0.0], [12.0, 8.0]]", "true"],
                    ])
            #expect(try connection.query("SELECT timezone FROM facilities") == [["Europe/Berlin"]])

            // Reload: DOCK leaves the file, WARD-1 comes, the time zone changes.
            let changed = try SiteSync.sync(
                Self.record("St. Example", timeZone: "Europe/Zurich", zones: ["ICU-3", "WARD-1"]), on: connection)
            #expect(changed.facilityID == first.facilityID)
            #expect(changed.changed == 1 + 1 + 1)  // time zone, WARD-1 added, DOCK out of the site
            #expect(
                try connection.query("SELECT name, in_site::text FROM zones ORDER BY name")
                    == [["DOCK", "false"], ["ICU-3", "true"], ["WARD-1", "true"]])
            #expect(try connection.query("SELECT timezone FROM facilities") == [["Europe/Zurich"]])
        }
    }

    @Test("two facilities with the same zone and gateway names get their own rows; readings resolve to their own")
    func facilityScopedNames() throws {
        try TestDatabase.withMigratedSchema { connection, _ in
            _ = try PartitionMaintainer().run(on: connection, now: ReadingBatchWriterTests.base)
            let a = try SiteSync.sync(Self.record("Facility A"), on: connection)
            let b = try SiteSync.sync(Self.record("Facility B"), on: connection)
            #expect(a.facilityID != b.facilityID)
            #expect(try connection.query("SELECT count(*), count(DISTINCT name) FROM zones") == [["4", "2"]])

            for (instance, facility) in [("edge-a", a.facilityID), ("edge-b", b.facilityID)] {
                let writer = ReadingBatchWriter(connection: connection, instance: instance)
                writer.useFacility(facility)
                let readings = (0..<4).map {
                    ReadingBatchWriterPolicyTests.reading($0, tag: "tag-1", gateway: "gw-1", zone: "ICU-3")
                }
                try writer.write(readings, batchID: 1)
            }
            // Each facility's readings point at its own tag, gateway and zone rows.
            let rows = try connection.query(
                """
                SELECT f.name, count(*) FROM location_readings r JOIN tags t ON t.id = r.tag_id
                JOIN facilities f ON f.id = t.facility_id
                JOIN zones z ON z.id = r.zone_id AND z.facility_id = t.facility_id
                JOIN gateways g ON g.id = r.gateway_id AND g.facility_id = t.facility_id
                GROUP BY f.name ORDER BY f.name
                """)
            #expect(rows == [["Facility A", "4"], ["Facility B", "4"]])
            #expect(try connection.query("SELECT count(*) FROM tags") == [["2"]])
        }
    }

    @Test("rows from before migration 009 are adopted by the first facility that syncs")
    func adoption() throws {
        try TestDatabase.withSchema { connection, _ in
            let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
            let upTo8 = try MigrationCatalog(
                directory: catalog.directory, files: catalog.steps.filter { $0.version <= 8 }.flatMap(\.files))
            _ = try MigrationRunner(catalog: upTo8, mode: .off).run(on: connection)
            try connection.execute("INSERT INTO zones (name) VALUES ('ICU-3'); INSERT INTO tags (tag) VALUES ('t1')")
            _ = try MigrationRunner(catalog: catalog, mode: .off).run(on: connection)
            let result = try SiteSync.sync(Self.record("St. Example"), on: connection)
            #expect(result.adopted)
            #expect(try connection.query("SELECT name FROM facilities") == [["St. Example"]])
            #expect(
                try connection.query("SELECT count(*) FROM zones WHERE name = 'ICU-3' AND facility_id = $1", [
                    String(result.facilityID)
                ]) == [["1"]])
            let other = try SiteSync.sync(Self.record("Facility B"), on: connection)
            #expect(!other.adopted)
            #expect(try connection.query("SELECT count(*) FROM tags WHERE facility_id = $1", [String(result.facilityID)]) == [["1"]])
        }
    }
}
