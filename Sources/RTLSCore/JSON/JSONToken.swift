/// The type of a JSON value on a ``JSONTape``.
enum JSONKind: UInt8, Sendable, BitwiseCopyable, CustomStringConvertible {
    case object, array, string, number, bool, null

    /// The article and name used in error details ("an object", "a string").
    var description: String {
        switch self {
        case .object: "an object"
        case .array: "an array"
        case .string: "a string"
        case .number: "a number"
        case .bool: "a boolean"
        case .null: "null"
        }
    }
}

/// One value on a ``JSONTape``: its kind, where its bytes are, and where the next sibling starts.
///
/// Containers are followed on the tape by their children (objects alternate key string, value);
/// `next` is the tape index just past the whole value, so a reader skips a subtree in one step.
struct JSONToken: Sendable, BitwiseCopyable {
    /// Set on a string token whose bytes contain backslash escapes.
    static let escaped: UInt8 = 1
    /// Set on a number token without fraction or exponent.
    static let integer: UInt8 = 2
    /// Set on a `true` token.
    static let isTrue: UInt8 = 4
    /// Set on a string token whose raw bytes hold DEL or non-ASCII UTF-8: only such a string (or an
    /// escaped one) can hold a character ``UntrustedText`` refuses in an identifier, so identifiers
    /// without either flag skip that check.
    static let unusual: UInt8 = 8

    var kind: JSONKind
    /// Bits from ``escaped``, ``integer``, ``isTrue``, ``unusual``.
    var flags: UInt8
    /// First byte: after the opening quote for strings, the bracket for containers.
    var start: Int32
    /// One past the last byte: the closing quote for strings.
    var end: Int32
    /// Tape index just past this value and all its children.
    var next: Int32
}

/// A reference to a value on a ``JSONTape`` (its token index); valid until the tape parses again.
struct JSONValue: Sendable, BitwiseCopyable, Hashable {
    /// Index of the value's token.
    var index: Int32
}
