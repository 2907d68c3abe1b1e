import RTLSPostgres
import Testing

@Suite("MigrationFile and MigrationCatalog")
struct MigrationFileTests {
    @Test(
        "parses migration names",
        arguments: [
            ("001_reference.sql", 1, "reference", nil),
            ("003_timeseries.timescaledb.sql", 3, "timeseries", Storage.timescaledb),
            ("003_timeseries.partitioned.sql", 3, "timeseries", Storage.partitioned),
            ("120_add_zone_kind.sql", 120, "add_zone_kind", nil),
        ] as [(String, Int, String, Storage?)])
    func parses(fileName: String, version: Int, name: String, storage: Storage?) throws {
        let file = try #require(MigrationFile(fileName: fileName))
        #expect(file.version == version)
        #expect(file.name == name)
        #expect(file.storage == storage)
        #expect(file.variant == (storage?.rawValue ?? "common"))
    }

    @Test(
        "ignores other files",
        arguments: [
            "README.md", "001_reference.sql~", "abc_x.sql", "001_.sql", "001-x.sql",
            "002_Upper.sql", "_x.sql",
        ])
    func ignores(fileName: String) {
        #expect(MigrationFile(fileName: fileName) == nil)
    }

    @Test("groups versions in order and picks the file per storage")
    func catalog() throws {
        let names = ["003_ts.partitioned.sql", "001_a.sql", "003_ts.timescaledb.sql", "002_b.sql"]
        let catalog = try MigrationCatalog(directory: "/x", files: names.compactMap(MigrationFile.init(fileName:)))
        #expect(catalog.steps.map(\.version) == [1, 2, 3])
        #expect(catalog.steps[2].file(for: .timescaledb)?.fileName == "003_ts.timescaledb.sql")
        #expect(catalog.steps[2].file(for: .partitioned)?.fileName == "003_ts.partitioned.sql")
        #expect(catalog.steps[0].file(for: .partitioned)?.fileName == "001_a.sql")
    }

    @Test(
        "rejects unpaired variants and duplicate versions",
        arguments: [
            ["003_ts.partitioned.sql"],
            ["001_a.sql", "001_b.sql"],
            ["001_a.sql", "001_a.timescaledb.sql", "001_a.partitioned.sql"],
        ])
    func rejects(names: [String]) {
        let error = #expect(throws: DatabaseError.self) {
            try MigrationCatalog(directory: "/x", files: names.compactMap(MigrationFile.init(fileName:)))
        }
        #expect(error?.code == .invalidMigrations)
    }

    @Test("the repository's sql/ folder is a valid catalog with both variants for 003")
    func repositoryFolder() throws {
        let catalog = try MigrationCatalog(directory: TestDatabase.migrationsDirectory)
        #expect(catalog.steps.first?.version == 1)
        let timeseries = try #require(catalog.steps.first { $0.version == 3 })
        #expect(timeseries.files.count == 2)
        for file in catalog.steps.flatMap(\.files) { #expect(!(try catalog.sql(of: file)).isEmpty) }
    }
}
