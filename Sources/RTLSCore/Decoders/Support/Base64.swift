/// Standard base64 (RFC 4648 §4, padding optional) decoded into hex, for EPCs sent as base64.
enum Base64 {
    private static func value(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"), UInt8(ascii: "-"): 62
        case UInt8(ascii: "/"), UInt8(ascii: "_"): 63
        default: nil
        }
    }

    /// Decodes `bytes[range]` and appends the result as upper-case hex to a tag id.
    ///
    /// - Returns: `nil` when the text is not base64 or the hex does not fit.
    static func hexTag(_ bytes: [UInt8], _ range: Range<Int>) -> TagID? {
        var tag = TagID()
        var accumulator: UInt32 = 0
        var bits = 0
        var end = range.upperBound
        while end > range.lowerBound && bytes[end - 1] == UInt8(ascii: "=") { end -= 1 }
        for k in range.lowerBound..<end {
            guard let v = Self.value(bytes[k]) else { return nil }
            accumulator = accumulator << 6 | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                guard tag.append(hex: UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)), uppercase: true) else {
                    return nil
                }
            }
        }
        return tag.isEmpty ? nil : tag
    }
}
