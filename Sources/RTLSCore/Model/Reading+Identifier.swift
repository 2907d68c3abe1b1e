/// Second identifiers of a tag, read beside the one it is known by: an RFID tag's TID (the chip's
/// factory serial, from the TID memory bank) next to its EPC.
///
/// Such an identifier travels as a reading of its own, flagged ``ReadingFlags/identifier``, so that
/// ``Reading`` keeps its size (every reading crosses the ring and the write-ahead log): `tag` is the
/// tag, `metric` the scheme, and `zone`'s 32 bytes hold the identifier as binary (two hex digits a
/// byte), so up to 64 hex digits fit — the same limit as a hex EPC in ``TagID``. The writer stores it
/// in `tag_identifiers` (tag, scheme, value, first and last seen), never as a sighting.
public enum TagIdentifierScheme {
    /// An RFID tag's TID memory bank, as hex (Impinj `tidHex`/`tid`, Zebra `TID`).
    public static let tid: MetricName = "tid"
    /// Longest identifier in bytes (``ZoneName``'s capacity): 64 hex digits.
    public static let maximumBytes = 32
}

extension Reading {
    /// Keeps what identifies the observation (time, receive time, tag, gateway, flags), sets `kind`
    /// to `sensor` (like the read's metric rows) and replaces the rest with an identifier of `scheme` whose bytes are `value`.
    ///
    /// Built on ``becomeSensor(metric:value:unit:)``, which resets every other field.
    @inline(__always)
    mutating func becomeIdentifier(scheme: MetricName, value: ZoneName) {
        // Not a sighting: counted with the sensor rows of the read, not as one more.
        self.becomeSensor(metric: scheme, value: nil, unit: UnitName())
        self.flags.insert(.identifier)
        self.zone = value
    }

    /// The identifier an ``isIdentifier`` reading carries, as upper-case hex; `nil` for other readings.
    public var identifierHex: String? { self.isIdentifier ? Self.hex(self.zone) : nil }

    /// An identifier's bytes (``ZoneName`` storage of an identifier reading) as upper-case hex.
    public static func hex(_ value: ZoneName) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(value.count * 2)
        value.withUTF8Span { bytes in
            for i in 0..<bytes.count {
                text.append(digits[Int(bytes[i] >> 4)])
                text.append(digits[Int(bytes[i] & 0xF)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }
}
