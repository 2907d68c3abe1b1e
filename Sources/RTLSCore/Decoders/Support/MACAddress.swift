/// BLE MAC addresses as tag and gateway ids: twelve upper-case hex digits, separators dropped, so
/// `ac:23:3f:a0:b1:c2`, `AC233FA0B1C2` and `ac-23-3f-a0-b1-c2` are the same tag.
enum MACAddress {
    /// The normalized MAC in a string value, or the value unchanged (upper-cased) when it is not a MAC.
    static func normalized<let capacity: Int>(_ raw: InlineString<capacity>) -> InlineString<capacity> {
        raw.withUTF8Span { bytes in Self.normalized(bytes) } ?? raw.uppercasedASCII()
    }

    /// ``normalized(_:)`` of UTF-8 bytes read in place (a topic segment), without copying them into an
    /// inline string first; `nil` when they do not fit in `capacity` bytes (never truncated).
    static func normalized<let capacity: Int>(utf8 bytes: Span<UInt8>) -> InlineString<capacity>? {
        guard bytes.count <= capacity else { return nil }
        if let mac: InlineString<capacity> = Self.normalized(bytes) { return mac }
        return InlineString(utf8: bytes)?.uppercasedASCII()
    }

    /// The twelve digits upper-cased when `bytes` are exactly twelve hex digits with any number of `:`
    /// and `-` between them; `nil` otherwise (including when `capacity` is below twelve).
    @inline(__always)
    private static func normalized<let capacity: Int>(_ bytes: Span<UInt8>) -> InlineString<capacity>? {
        guard capacity >= 12, bytes.count >= 12 else { return nil }
        if bytes.count == 17, let mac: InlineString<capacity> = Self.separatedPairs(bytes) { return mac }
        var out = InlineString<capacity>()
        var digits = 0
        for k in 0..<bytes.count {
            let c = bytes[k]
            if hexValue(c) != nil {
                guard digits < 12 else { return nil }
                // 'a'…'f' become 'A'…'F'; digits and upper-case letters are below 'a'.
                out.storage[digits] = c >= UInt8(ascii: "a") ? c &- 32 : c
                digits += 1
            } else if c != UInt8(ascii: ":") && c != UInt8(ascii: "-") {
                return nil
            }
        }
        guard digits == 12 else { return nil }
        out.length = 12
        return out
    }

    /// The common `AC:23:3F:A0:B1:C2` (or `-`) form, read pair by pair without a branch per character
    /// kind; `nil` when `bytes` (17 of them) are not in that form, for the general loop to decide.
    @inline(__always)
    private static func separatedPairs<let capacity: Int>(_ bytes: Span<UInt8>) -> InlineString<capacity>? {
        var out = InlineString<capacity>()
        for j in 0..<6 {
            let p = 3 * j
            if j < 5 {
                let separator = bytes[p + 2]
                guard separator == UInt8(ascii: ":") || separator == UInt8(ascii: "-") else { return nil }
            }
            let hi = bytes[p]
            let lo = bytes[p + 1]
            guard hexValue(hi) != nil, hexValue(lo) != nil else { return nil }
            out.storage[2 * j] = hi >= UInt8(ascii: "a") ? hi &- 32 : hi
            out.storage[2 * j + 1] = lo >= UInt8(ascii: "a") ? lo &- 32 : lo
        }
        out.length = 12
        return out
    }
}
