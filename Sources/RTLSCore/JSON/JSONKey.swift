/// An object key to look up on a ``JSONTape``, kept as UTF-8 bytes so lookups compare bytes.
///
/// Declare keys once (`static let rssi: JSONKey = "rssi"`) rather than per message.
struct JSONKey: Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The key's UTF-8 bytes.
    let bytes: [UInt8]
    /// The key as written, for error paths.
    let name: String

    /// Creates a key from a literal.
    init(stringLiteral value: String) {
        self.bytes = Array(value.utf8)
        self.name = value
    }

    var description: String { self.name }
}
