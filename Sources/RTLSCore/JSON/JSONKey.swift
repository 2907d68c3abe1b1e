/// An object key to look up on a ``JSONTape``, kept as UTF-8 bytes so lookups compare bytes.
///
/// Declare keys once (`static let rssi: JSONKey = "rssi"`) rather than per message. A key read through
/// a ``JSONKeySet`` is declared with its position in that set (`JSONKey("rssi", slot: 4)`).
struct JSONKey: Sendable, ExpressibleByStringLiteral, CustomStringConvertible {
    /// The key's UTF-8 bytes.
    let bytes: [UInt8]
    /// The key as written, for error paths.
    let name: String
    /// The key's position in its ``JSONKeySet``, or -1 for a key looked up with ``JSONTape/field(_:in:)``.
    let slot: Int

    /// Creates a key from a literal.
    init(stringLiteral value: String) {
        self.bytes = Array(value.utf8)
        self.name = value
        self.slot = -1
    }

    /// Creates a key that is position `slot` of a ``JSONKeySet``.
    init(_ name: String, slot: Int) {
        self.bytes = Array(name.utf8)
        self.name = name
        self.slot = slot
    }

    var description: String { self.name }
}
