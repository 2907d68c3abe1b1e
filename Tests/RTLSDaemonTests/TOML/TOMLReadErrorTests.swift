import Testing

@testable import RTLSDaemon

/// Each loader's words for each problem of the shared reader, side by side: rtlsd.toml's
/// (`ConfigError`) and site.toml / rules.toml's (`SiteConfigError`).
@Suite struct TOMLReadErrorTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var problem: TOMLProblem
        var config: (ConfigError.Code, String)
        var site: (SiteConfigError.Code, String)
        var testDescription: String { "\(self.problem)" }
    }

    static let rows: [Row] = [
        Row(problem: .syntax("expected ']'"), config: (.syntax, "expected ']'"),
            site: (.syntax, "not valid TOML: expected ']'")),
        Row(problem: .notATable("log"), config: (.wrongType, "must be a table ([log])"),
            site: (.wrongType, "must be a table [log]")),
        Row(problem: .notAnArrayOfTables("zone"), config: (.wrongType, "must be an array of tables ([[zone]])"),
            site: (.wrongType, "must be an array of tables [[zone]]")),
        Row(problem: .arrayEntryNotATable("zone"), config: (.wrongType, "entries must be tables"),
            site: (.wrongType, "must be an array of tables [[zone]]")),
        Row(problem: .unknownTable(known: ["a", "b"]), config: (.unknownKey, "is not a known section or key"),
            site: (.unknownKey, "unknown table; expected one of a, b")),
        Row(problem: .unknownKey(known: ["a", "b"]), config: (.unknownKey, "is not a known key"),
            site: (.unknownKey, "unknown key; expected one of a, b")),
        Row(problem: .missingKey, config: (.missingKey, "is required"), site: (.missingKey, "is required")),
        Row(problem: .wrongType(found: "integer", expected: "a string"), config: (.wrongType, "must be a string"),
            site: (.wrongType, "is a integer, expected a string")),
        Row(problem: .wrongShape("must be pairs"), config: (.wrongType, "must be pairs"),
            site: (.wrongType, "must be pairs")),
        Row(problem: .invalidValue("= 0 must be 1"), config: (.invalidValue, "= 0 must be 1"),
            site: (.invalidValue, "= 0 must be 1")),
    ]

    @Test(arguments: Self.rows) func eachLoaderWordsTheProblemItsOwnWay(_ row: Row) {
        let config = ConfigError.words(for: row.problem)
        #expect(config.code == row.config.0)
        #expect(config.detail == row.config.1)
        let site = SiteConfigError.words(for: row.problem)
        #expect(site.code == row.site.0)
        #expect(site.detail == row.site.1)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "no such file" }
    }

    @Test func unreadableFileKeepsTheSystemsReason() {
        #expect(ConfigError.words(for: .unreadable(Missing())).code == .unreadable)
        #expect(ConfigError.words(for: .unreadable(Missing())).detail.hasPrefix("cannot be read ("))
        #expect(SiteConfigError.words(for: .unreadable(Missing())) == (.unreadable, "cannot be read (no such file)"))
    }
}
