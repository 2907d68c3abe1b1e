import RTLSCore

/// Why the site or rules file could not be loaded: file, line, key and reason.
///
/// `description` reads `config /etc/rtlsd/site.toml line 14: [[zone]] "ICU-3" polygon: needs at
/// least 3 points; fix the file and reload`.
public struct SiteConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadable = "unreadable"
            case syntax = "syntax"
            case missingKey = "missing_key"
            case wrongType = "wrong_type"
            case unknownKey = "unknown_key"
            case invalidValue = "invalid_value"
            case unknownReference = "unknown_reference"
            case duplicate = "duplicate"
        }
        private let base: Base

        /// The file cannot be read.
        public static let unreadable = Code(base: .unreadable)
        /// The file is not valid TOML.
        public static let syntax = Code(base: .syntax)
        /// A required key is absent.
        public static let missingKey = Code(base: .missingKey)
        /// A key has the wrong TOML type.
        public static let wrongType = Code(base: .wrongType)
        /// A key rtlsd does not know (usually a typo).
        public static let unknownKey = Code(base: .unknownKey)
        /// A value is out of range or malformed (duration, time of day, polygon).
        public static let invalidValue = Code(base: .invalidValue)
        /// A name refers to a zone, floor, building or gateway that is not defined.
        public static let unknownReference = Code(base: .unknownReference)
        /// A name or id is defined twice.
        public static let duplicate = Code(base: .duplicate)

        /// Stable snake_case name.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The file.
    public var path: String
    /// 1-based line, when known.
    public var line: Int?
    /// The table and key (`[[zone]] "ICU-3" polygon`).
    public var location: String
    /// What is wrong.
    public var detail: String

    /// Creates an error.
    public init(_ code: Code, path: String, line: Int?, location: String, detail: String) {
        self.code = code
        self.path = path
        self.line = line
        self.location = location
        self.detail = detail
    }

    public var description: String {
        let at = self.line.map { " line \($0)" } ?? ""
        let place = self.location.isEmpty ? "" : "\(self.location): "
        return "config \(self.path)\(at): \(place)\(self.detail); fix the file and reload"
    }

    static func code(for site: SiteError.Code) -> Code {
        switch site {
        case .duplicateName: .duplicate
        case .unknownReference: .unknownReference
        default: .invalidValue
        }
    }
}
