import TOMLKit

/// One table of a config file (`[mqtt]`, or the n-th `[[zone]]`) with typed reads whose errors
/// name the file, the line and the key, thrown as the loader's own error (see ``TOMLReadError``).
///
/// Unknown keys are refused either as those never read (``rejectUnknownKeys(allowed:)`` without
/// `allowed`, after the reads) or as those outside a given set: a typo such as `qoss = 1` must not
/// pass silently.
struct TOMLSection<Failure: TOMLReadError> {
    let table: TOMLTable
    /// Table name without brackets (`zone`).
    let name: String
    /// Position in its array of tables, `nil` for a plain table.
    let occurrence: Int?
    let file: String
    let lines: TOMLLineIndex
    /// A label such as the element's name, once known (`"ICU-3"`); it replaces `#n` in errors.
    var label: String
    private(set) var consumed: Set<String> = []

    init(
        table: TOMLTable, name: String, occurrence: Int? = nil, file: String, lines: TOMLLineIndex, label: String = ""
    ) {
        self.table = table
        self.name = name
        self.occurrence = occurrence
        self.file = file
        self.lines = lines
        self.label = label
    }

    /// Where `key` sits, as errors name it: `[mqtt] qos`, `[[zone]] "ICU-3" polygon`, `[[decoder]] #2`.
    func place(_ key: String?) -> String {
        var place = self.occurrence == nil ? "[\(self.name)]" : "[[\(self.name)]]"
        if !self.label.isEmpty {
            place += " \"\(self.label)\""
        } else if let occurrence = self.occurrence {
            place += " #\(occurrence + 1)"
        }
        if let key { place += " \(key)" }
        return place
    }

    /// The loader's error with `code` at `key` (or at the table when `key` is `nil`).
    func error(_ code: Failure.Code, key: String?, _ detail: String) -> Failure {
        Failure(code, file: self.file, line: self.line(key), place: self.place(key), detail: detail)
    }

    /// The loader's error for `problem` at `key`.
    func error(_ problem: TOMLProblem, key: String?) -> Failure {
        Failure(problem, file: self.file, line: self.line(key), place: self.place(key))
    }

    private func line(_ key: String?) -> Int? {
        self.lines.line(table: self.name, occurrence: self.occurrence, key: key)
    }

    /// The raw value of `key`, which now counts as read.
    mutating func value(_ key: String) -> (any TOMLValueConvertible)? {
        self.consumed.insert(key)
        return self.table[key]
    }

    /// Refuses keys outside `allowed`, or when `allowed` is `nil`, keys never read.
    /// - Throws: `unknownKey` for the first such key in sorted order.
    func rejectUnknownKeys(allowed: Set<String>? = nil) throws(Failure) {
        let known = allowed ?? self.consumed
        for key in self.table.keys.sorted() where !known.contains(key) {
            throw self.error(.unknownKey(known: known.sorted()), key: key)
        }
    }

    /// A string, `nil` when absent.
    mutating func string(_ key: String) throws(Failure) -> String? {
        guard let value = self.value(key) else { return nil }
        guard let s = value.string else {
            throw self.error(.wrongType(found: "\(value.type)", expected: "a string"), key: key)
        }
        return s
    }

    /// A string that must be present.
    mutating func requiredString(_ key: String) throws(Failure) -> String {
        guard let s = try self.string(key) else { throw self.error(.missingKey, key: key) }
        return s
    }

    /// A string, `nil` when absent or empty.
    mutating func nonEmptyString(_ key: String) throws(Failure) -> String? {
        guard let s = try self.string(key), !s.isEmpty else { return nil }
        return s
    }

    /// One of `allowed`, `def` when absent.
    mutating func choice(_ key: String, default def: String, allowed: [String]) throws(Failure) -> String {
        let s = try self.string(key) ?? def
        guard allowed.contains(s) else {
            let list = allowed.map { "\"\($0)\"" }.joined(separator: ", ")
            throw self.error(.invalidValue("= \"\(s)\" must be one of \(list)"), key: key)
        }
        return s
    }

    /// An integer within `range`, `nil` when absent.
    mutating func int(_ key: String, range: ClosedRange<Int>) throws(Failure) -> Int? {
        guard let value = self.value(key) else { return nil }
        guard let i = value.int else {
            throw self.error(.wrongType(found: "\(value.type)", expected: "an integer"), key: key)
        }
        guard range.contains(i) else {
            let bounds = "between \(range.lowerBound) and \(range.upperBound)"
            throw self.error(.invalidValue("= \(i) must be \(bounds)"), key: key)
        }
        return i
    }

    /// A boolean, `nil` when absent.
    mutating func bool(_ key: String) throws(Failure) -> Bool? {
        guard let value = self.value(key) else { return nil }
        guard let b = value.bool else {
            throw self.error(.wrongType(found: "\(value.type)", expected: "true or false"), key: key)
        }
        return b
    }

    /// An integer or a finite float, `nil` when absent.
    mutating func number(_ key: String) throws(Failure) -> Double? {
        guard let value = self.value(key) else { return nil }
        if let i = value.int { return Double(i) }
        guard let d = value.double, d.isFinite else {
            throw self.error(.wrongType(found: "\(value.type)", expected: "a number"), key: key)
        }
        return d
    }

    /// A number that must be present.
    mutating func requiredNumber(_ key: String) throws(Failure) -> Double {
        guard let n = try self.number(key) else { throw self.error(.missingKey, key: key) }
        return n
    }
}
