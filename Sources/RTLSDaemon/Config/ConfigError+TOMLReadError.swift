import Foundation

/// rtlsd.toml's words for what the shared TOML reader finds (`[mqtt] port must be an integer`).
extension ConfigError: TOMLReadError {
    init(_ code: Code, file: String, line: Int?, place: String, detail: String) {
        self.init(code, file: file, line: line, key: place.isEmpty ? nil : place, reason: detail)
    }

    static func words(for problem: TOMLProblem) -> (code: Code, detail: String) {
        switch problem {
        case .unreadable(let error): (.unreadable, "cannot be read (\(error.localizedDescription))")
        case .syntax(let message): (.syntax, message)
        case .notATable(let name): (.wrongType, "must be a table ([\(name)])")
        case .notAnArrayOfTables(let name): (.wrongType, "must be an array of tables ([[\(name)]])")
        case .arrayEntryNotATable: (.wrongType, "entries must be tables")
        case .unknownTable: (.unknownKey, "is not a known section or key")
        case .unknownKey: (.unknownKey, "is not a known key")
        case .missingKey: (.missingKey, "is required")
        case .wrongType(_, let expected): (.wrongType, "must be \(expected)")
        case .wrongShape(let detail): (.wrongType, detail)
        case .invalidValue(let detail): (.invalidValue, detail)
        }
    }
}
