/// Bare-text payloads (`Online`, `ON`, `23.5`) that some devices publish instead of JSON.
enum PlainText {
    /// The payload's range without surrounding ASCII whitespace.
    static func trimmed(_ bytes: [UInt8]) -> Range<Int> {
        var start = 0
        var end = bytes.count
        func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        return start..<end
    }

    /// `true` when the trimmed payload equals `word`, ignoring ASCII case.
    static func equals(_ bytes: [UInt8], _ word: JSONKey) -> Bool {
        let range = Self.trimmed(bytes)
        guard range.count == word.bytes.count else { return false }
        for (k, w) in zip(range, word.bytes) where bytes[k] | 0x20 != w | 0x20 { return false }
        return true
    }

    /// Parses a decimal number (`23.5`, `-4`, `1e3`, `+0.50`), or `nil` for anything else (`nan`, `inf`, hex).
    static func number(_ bytes: [UInt8]) -> Double? {
        let range = Self.trimmed(bytes)
        guard !range.isEmpty, range.count <= 64 else { return nil }
        var text = ""
        var sawDigit = false
        for k in range {
            let c = bytes[k]
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): break
            default: return nil
            }
            text.unicodeScalars.append(Unicode.Scalar(c))
        }
        guard sawDigit, let value = Double(text), value.isFinite else { return nil }
        return value
    }
}
