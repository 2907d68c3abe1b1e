import TOMLKit

/// Typed, line-aware reads from one TOML table; remembers which keys were read so anything left
/// over can be refused as unknown (a typo such as `qoss = 1` must not pass silently).
struct TOMLSection {
    let table: TOMLTable
    let name: String
    let occurrence: Int
    let displayName: String
    let file: String
    let index: TOMLLineIndex
    private(set) var consumed: Set<String> = []

    init(table: TOMLTable, name: String, occurrence: Int = 0, isArrayItem: Bool = false, file: String, index: TOMLLineIndex) {
        self.table = table
        self.name = name
        self.occurrence = occurrence
        self.displayName = isArrayItem ? "[[\(name)]] #\(occurrence + 1)" : "[\(name)]"
        self.file = file
        self.index = index
    }

    func error(_ code: ConfigError.Code, key: String?, _ reason: String) -> ConfigError {
        let line = self.index.line(table: self.name, occurrence: self.occurrence, key: key)
        let keyText = key.map { "\(self.displayName) \($0)" } ?? self.displayName
        return ConfigError(code, file: self.file, line: line, key: keyText, reason: reason)
    }

    private mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        self.consumed.insert(key)
        return self.table[key]
    }

    mutating func string(_ key: String, default def: String? = nil) throws(ConfigError) -> String {
        guard let v = self.value(key) else {
            if let def { return def }
            throw self.error(.missingKey, key: key, "is required")
        }
        guard let s = v.string else { throw self.error(.wrongType, key: key, "must be a string") }
        return s
    }

    mutating func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard let v = self.value(key) else { return nil }
        guard let s = v.string else { throw self.error(.wrongType, key: key, "must be a string") }
        return s.isEmpty ? nil : s
    }

    mutating func int(_ key: String, default def: Int, range: ClosedRange<Int>) throws(ConfigError) -> Int {
        guard let v = self.value(key) else { return def }
        guard let i = v.int else { throw self.error(.wrongType, key: key, "must be an integer") }
        guard range.contains(i) else {
            throw self.error(.invalidValue, key: key, "= \(i) must be between \(range.lowerBound) and \(range.upperBound)")
        }
        return i
    }

    mutating func bool(_ key: String, default def: Bool) throws(ConfigError) -> Bool {
        guard let v = self.value(key) else { return def }
        guard let b = v.bool else { throw self.error(.wrongType, key: key, "must be true or false") }
        return b
    }

    mutating func choice(_ key: String, default def: String, allowed: [String]) throws(ConfigError) -> String {
        let s = try self.string(key, default: def)
        guard allowed.contains(s) else {
            throw self.error(
                .invalidValue, key: key,
                "= \"\(s)\" must be one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        return s
    }

    /// Refuses keys that were never read.
    func rejectUnknownKeys() throws(ConfigError) {
        for key in self.table.keys.sorted() where !self.consumed.contains(key) {
            throw self.error(.unknownKey, key: key, "is not a known key")
        }
    }
}
