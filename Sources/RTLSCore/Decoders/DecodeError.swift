/// Why a payload (or one item of a batched payload) could not be turned into readings.
///
/// A struct with an extensible ``Code`` so adding a reason breaks no caller; `field` says where in
/// the payload the problem was (`data.antenna`, `[3].ts`). Payload bytes never go in here.
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The reason, compared in tests and used as a metric label.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case notJSON = "not_json"
            case tooLarge = "too_large"
            case tooDeep = "too_deep"
            case invalidUTF8 = "invalid_utf8"
            case missingField = "missing_field"
            case wrongType = "wrong_type"
            case outOfRange = "out_of_range"
            case badTimestamp = "bad_timestamp"
            case idTooLong = "id_too_long"
            case unsupportedEvent = "unsupported_event"
            case noDecoder = "no_decoder"
            case empty = "empty"
            case controlCharacter = "control_character"
        }
        private let base: Base

        /// The payload is not well-formed JSON (or not the format the decoder expects).
        public static let notJSON = Code(base: .notJSON)
        /// The payload is larger than the configured limit.
        public static let tooLarge = Code(base: .tooLarge)
        /// JSON nesting deeper than the scanner allows.
        public static let tooDeep = Code(base: .tooDeep)
        /// A string is not valid UTF-8.
        public static let invalidUTF8 = Code(base: .invalidUTF8)
        /// A required field is absent.
        public static let missingField = Code(base: .missingField)
        /// A field has the wrong JSON type.
        public static let wrongType = Code(base: .wrongType)
        /// A number is outside its valid range (NaN, negative battery, latitude > 90 …).
        public static let outOfRange = Code(base: .outOfRange)
        /// A timestamp could not be parsed.
        public static let badTimestamp = Code(base: .badTimestamp)
        /// An identifier is longer than rtlsd stores inline.
        public static let idTooLong = Code(base: .idTooLong)
        /// A well-formed event of a kind rtlsd does not store (counted and skipped).
        public static let unsupportedEvent = Code(base: .unsupportedEvent)
        /// No decoder is configured for the topic.
        public static let noDecoder = Code(base: .noDecoder)
        /// The payload holds no readings.
        public static let empty = Code(base: .empty)
        /// An identifier holds a control, bidi or separator character (or NUL), which could forge a
        /// log line or disguise a name (``UntrustedText``).
        public static let controlCharacter = Code(base: .controlCharacter)

        /// Stable snake_case name, used as the `reason` metric label and in logs.
        public var description: String { self.base.rawValue }
    }

    /// The reason.
    public var code: Code
    /// Where in the payload, as a path (`data.antenna`, `[2].ts`); empty when it concerns the whole message.
    public var field: String
    /// A short explanation a person can act on ("is a string, expected an integer").
    public var detail: String

    /// Creates a decode error.
    public init(_ code: Code, field: String = "", detail: String = "") {
        self.code = code
        self.field = field
        self.detail = detail
    }

    public var description: String {
        var s = self.code.description
        if !self.field.isEmpty { s += " at \(self.field)" }
        if !self.detail.isEmpty { s += ": \(self.detail)" }
        return s
    }
}
