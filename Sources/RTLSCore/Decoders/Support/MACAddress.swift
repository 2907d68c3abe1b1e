/// BLE MAC addresses as tag and gateway ids: twelve upper-case hex digits, separators dropped, so
/// `ac:23:3f:a0:b1:c2`, `AC233FA0B1C2` and `ac-23-3f-a0-b1-c2` are the same tag.
enum MACAddress {
    /// The normalized MAC in a string value, or the value unchanged (upper-cased) when it is not a MAC.
    static func normalized<let capacity: Int>(_ raw: InlineString<capacity>) -> InlineString<capacity> {
        var out = InlineString<capacity>()
        var digits = 0
        for k in 0..<raw.count {
            let c = raw.storage[k]
            if hexValue(c) != nil {
                if digits < capacity { out.storage[digits] = c >= UInt8(ascii: "a") ? c - 32 : c }
                digits += 1
            } else if c != UInt8(ascii: ":") && c != UInt8(ascii: "-") {
                return raw.uppercasedASCII()
            }
        }
        guard digits == 12, digits <= capacity else { return raw.uppercasedASCII() }
        out.length = UInt8(digits)
        return out
    }
}
