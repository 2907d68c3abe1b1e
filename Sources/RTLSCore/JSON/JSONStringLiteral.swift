/// Writing JSON string literals (alert JSON for MQTT, the `details` jsonb column).
public enum JSONStringLiteral {
    /// `s` as a JSON string literal, quotes included. A NUL becomes U+FFFD (PostgreSQL's jsonb
    /// refuses `\u0000`, and no consumer needs it).
    public static func quote(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\0": out += "\u{FFFD}"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
