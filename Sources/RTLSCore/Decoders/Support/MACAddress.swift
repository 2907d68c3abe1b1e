/// BLE MAC addresses as tag and gateway ids: twelve upper-case hex digits, separators dropped, so
/// `ac:23:3f:a0:b1:c2`, `AC233FA0B1C2` and `ac-23-3f-a0-b1-c2` are the same tag.
enum MACAddress {
    /// The normalized MAC in a string value, or the value unchanged (upper-cased) when it is not a MAC.
    static func normalized<let capacity: Int>(_ raw: InlineString<capacity>) -> InlineString<capacity> {
        var out = InlineString<capacity>()
        var digits = 0
        var isMAC = true
        raw.withUTF8Span { span in
            for k in 0..<span.count {
                let c = span[k]
                if hexValue(c) != nil {
                    digits += 1
                    out.append(c >= UInt8(ascii: "a") ? c - 32 : c)
                } else if c != UInt8(ascii: ":") && c != UInt8(ascii: "-") {
                    isMAC = false
                }
            }
        }
        return isMAC && digits == 12 ? out : raw.uppercasedASCII()
    }
}
