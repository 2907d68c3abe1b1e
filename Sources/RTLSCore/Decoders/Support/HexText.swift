/// Hex text inside a payload (BLE advertisement `rawData`, Ruuvi `data`), read byte by byte in place;
/// multi-byte values are big-endian, as in every BLE format rtlsd reads.
struct HexText {
    let bytes: [UInt8]
    let range: Range<Int>

    /// Number of whole bytes the text encodes, or `nil` when its length is odd.
    var count: Int? { self.range.count % 2 == 0 ? self.range.count / 2 : nil }

    /// The byte at position `i`, or `nil` when the digits are not hex or `i` is past the end.
    func byte(_ i: Int) -> UInt8? {
        let k = self.range.lowerBound + 2 * i
        let span = self.bytes.span
        guard i >= 0, k + 1 < self.range.upperBound, let hi = hexValue(span[k]), let lo = hexValue(span[k + 1])
        else { return nil }
        return hi << 4 | lo
    }

    /// Big-endian unsigned 16-bit value at byte `i`.
    func uint16(_ i: Int) -> UInt16? {
        guard let a = self.byte(i), let b = self.byte(i + 1) else { return nil }
        return UInt16(a) << 8 | UInt16(b)
    }

    /// Big-endian unsigned 24-bit value at byte `i`.
    func uint24(_ i: Int) -> UInt32? {
        guard let a = self.byte(i), let b = self.uint16(i + 1) else { return nil }
        return UInt32(a) << 16 | UInt32(b)
    }

    /// Big-endian unsigned 32-bit value at byte `i`.
    func uint32(_ i: Int) -> UInt32? {
        guard let a = self.uint16(i), let b = self.uint16(i + 2) else { return nil }
        return UInt32(a) << 16 | UInt32(b)
    }

    /// Big-endian signed 16-bit value at byte `i`.
    func int16(_ i: Int) -> Int16? { self.uint16(i).map { Int16(bitPattern: $0) } }

    /// `true` when every character is a hex digit and the length is even.
    var isValid: Bool {
        guard self.range.count % 2 == 0 else { return false }
        let span = self.bytes.span
        for k in self.range where hexValue(span[k]) == nil { return false }
        return true
    }
}
