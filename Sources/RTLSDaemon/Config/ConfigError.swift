/// A configuration file that rtlsd cannot use; it refuses to start and says where and why.
///
/// Reads like: `config /etc/rtlsd/rtlsd.toml line 14: [mqtt] qos = 3 must be 0, 1 or 2`.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The reason, compared in tests.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadable, syntax, unknownKey, missingKey, wrongType, invalidValue
        }
        private let base: Base
        /// The file cannot be read.
        public static let unreadable = Code(base: .unreadable)
        /// The file is not valid TOML.
        public static let syntax = Code(base: .syntax)
        /// A key rtlsd does not know (often a typo).
        public static let unknownKey = Code(base: .unknownKey)
        /// A required key is absent.
        public static let missingKey = Code(base: .missingKey)
        /// A key has the wrong TOML type.
        public static let wrongType = Code(base: .wrongType)
        /// A key's value is out of range or inconsistent.
        public static let invalidValue = Code(base: .invalidValue)
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// The config file.
    public var file: String
    /// 1-based line in the file, when known.
    public var line: Int?
    /// The dotted key (`mqtt.qos`, `decoder[2].topic`), when the error concerns one.
    public var key: String?
    /// What is wrong, in words.
    public var reason: String

    /// Creates a config error.
    public init(_ code: Code, file: String, line: Int? = nil, key: String? = nil, reason: String) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.reason = reason
    }

    public var description: String {
        var s = "config \(self.file)"
        if let line { s += " line \(line)" }
        s += ": "
        if let key { s += "\(key) " }
        s += self.reason
        return s
    }
}
