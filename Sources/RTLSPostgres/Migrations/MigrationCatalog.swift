import Foundation

/// The migrations found in a folder, grouped by version and checked for gaps in the variant pairs.
public struct MigrationCatalog: Sendable {
    /// One version: either one common file or one file per storage.
    public struct Step: Sendable, Hashable {
        /// The version number.
        public let version: Int
        /// The files of this version: one with `storage == nil`, or one for each ``Storage``.
        public let files: [MigrationFile]

        /// The file to apply for `storage`.
        public func file(for storage: Storage) -> MigrationFile? {
            self.files.first { $0.storage == nil || $0.storage == storage }
        }
    }

    /// The folder the files were read from.
    public let directory: String
    /// Versions in ascending order.
    public let steps: [Step]

    /// Groups already-parsed files; used by ``init(directory:)`` and by tests.
    ///
    /// - Throws: ``DatabaseError/Code-swift.struct/invalidMigrations`` when a version has two common
    ///   files, a common file and a variant, or only one of the two variants.
    public init(directory: String, files: [MigrationFile]) throws(DatabaseError) {
        self.directory = directory
        var byVersion: [Int: [MigrationFile]] = [:]
        for file in files { byVersion[file.version, default: []].append(file) }
        var steps: [Step] = []
        for version in byVersion.keys.sorted() {
            let group = (byVersion[version] ?? []).sorted { $0.fileName < $1.fileName }
            let common = group.filter { $0.storage == nil }
            let variants = Set(group.compactMap(\.storage))
            let valid =
                (common.count == 1 && group.count == 1)
                || (common.isEmpty && group.count == Storage.allCases.count && variants.count == group.count)
            guard valid else {
                throw DatabaseError(
                    .invalidMigrations, operation: "reading migrations in \(directory)",
                    serverMessage: "version \(version) has \(group.map(\.fileName).joined(separator: ", ")); "
                        + "expected one NNN_name.sql or one NNN_name.<storage>.sql per storage "
                        + "(\(Storage.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            steps.append(Step(version: version, files: group))
        }
        self.steps = steps
    }

    /// Lists `directory` and parses the migration file names in it.
    ///
    /// - Throws: ``DatabaseError/Code-swift.struct/invalidMigrations`` when the folder cannot be read,
    ///   holds no migration, or the variants do not pair up.
    public init(directory: String) throws(DatabaseError) {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw DatabaseError(
                .invalidMigrations, operation: "reading migrations in \(directory)",
                serverMessage: "the folder cannot be listed (\(error.localizedDescription))")
        }
        let files = names.compactMap(MigrationFile.init(fileName:))
        guard !files.isEmpty else {
            throw DatabaseError(
                .invalidMigrations, operation: "reading migrations in \(directory)",
                serverMessage: "no NNN_name.sql files found")
        }
        try self.init(directory: directory, files: files)
    }

    /// The SQL text of `file`.
    ///
    /// - Throws: ``DatabaseError/Code-swift.struct/invalidMigrations`` when it cannot be read as UTF-8.
    public func sql(of file: MigrationFile) throws(DatabaseError) -> String {
        let path = (self.directory as NSString).appendingPathComponent(file.fileName)
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else {
            throw DatabaseError(
                .invalidMigrations, operation: "reading \(path)",
                serverMessage: "the file cannot be read as UTF-8 text")
        }
        return text
    }
}
