/// One file of the `sql/` folder, named `NNN_name.sql` (every storage) or `NNN_name.<storage>.sql`.
public struct MigrationFile: Sendable, Hashable {
    /// The number before the first underscore; files apply in ascending order.
    public let version: Int
    /// The part between the number and the extension(s), e.g. `timeseries`.
    public let name: String
    /// The storage this file is for, `nil` when it applies to every storage.
    public let storage: Storage?
    /// The file name, e.g. `003_timeseries.partitioned.sql`.
    public let fileName: String

    /// Parses a file name; returns `nil` for names that are not migrations (README.md, editor backups).
    ///
    /// Accepted: one or more digits, `_`, a name of `a-z`, `0-9`, `_`, optionally `.timescaledb` or
    /// `.partitioned`, then `.sql`.
    public init?(fileName: String) {
        guard fileName.hasSuffix(".sql") else { return nil }
        var stem = Substring(fileName.dropLast(4))
        var storage: Storage?
        for candidate in Storage.allCases where stem.hasSuffix(".\(candidate.rawValue)") {
            storage = candidate
            stem = stem.dropLast(candidate.rawValue.count + 1)
        }
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let name = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let version = Int(digits),
            !name.isEmpty,
            name.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") })
        else { return nil }
        self.version = version
        self.name = String(name)
        self.storage = storage
        self.fileName = fileName
    }

    /// `common`, `timescaledb` or `partitioned`: the value stored in `schema_migrations.variant`.
    public var variant: String { self.storage?.rawValue ?? "common" }
}
