/// A short hex rendering of payload bytes for debug logs (never the whole payload).
public enum HexPreview {
    /// The first `limit` bytes as lowercase hex, with `…(N bytes)` when truncated.
    public static func of(_ bytes: [UInt8], limit: Int = 32) -> String {
        let digits: [Character] = Array("0123456789abcdef")
        var s = ""
        s.reserveCapacity(min(bytes.count, limit) * 2 + 16)
        for b in bytes.prefix(limit) {
            s.append(digits[Int(b >> 4)])
            s.append(digits[Int(b & 0xF)])
        }
        if bytes.count > limit { s += "…(\(bytes.count) bytes)" }
        return s
    }
}
