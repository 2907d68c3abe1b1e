/// The one rule for text that came from the network (tag, gateway, zone and metric names, topics)
/// on its way into a log line or an alert sentence: characters that could forge or disguise a line
/// are escaped visibly, everything else is kept.
///
/// Escaped: C0 controls (`\n`, `\r`, `\t`, ESC as `\u{1B}` …), DEL, C1 controls (U+0080–U+009F),
/// the bidirectional marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F,
/// U+202A–U+202E, U+2066–U+2069), the line and paragraph separators (U+2028, U+2029), and the
/// backslash itself (`\\`), so an escape in the output is always one rtlsd wrote. A `<0>` prefix
/// stays harmless text once no line break can come before it.
public enum UntrustedText {
    /// `text` with every character above escaped; returned unchanged (no allocation) when it holds
    /// none of them, which is the common case.
    public static func escaped(_ text: String) -> String {
        guard text.utf8.contains(where: { Self.mayNeedEscape($0) }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Self.isUnsafe(scalar) {
                    out += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }

    /// Whether `scalar` is a control, bidi or separator character that is escaped.
    public static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069, 0x2028, 0x2029: true
        default: false
        }
    }

    /// Whether UTF-8 `bytes` hold a character ``isUnsafe(_:)`` escapes (identifiers are checked
    /// with this at decode).
    public static func containsUnsafe(_ bytes: borrowing Span<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b < 0x20 || b == 0x7F { return true }
            if b == 0xC2, i + 1 < bytes.count, bytes[i + 1] <= 0x9F { return true }  // U+0080–U+009F
            if b == 0xD8, i + 1 < bytes.count, bytes[i + 1] == 0x9C { return true }  // U+061C
            if b == 0xE2, i + 2 < bytes.count {
                let b1 = bytes[i + 1]
                let b2 = bytes[i + 2]
                // U+200E/F, U+2028/9, U+202A–E (E2 80 xx), U+2066–9 (E2 81 A6–A9)
                if b1 == 0x80, b2 == 0x8E || b2 == 0x8F || (0xA8...0xAE).contains(b2) { return true }
                if b1 == 0x81, (0xA6...0xA9).contains(b2) { return true }
            }
            i += 1
        }
        return false
    }

    /// A cheap first test on one UTF-8 byte: ASCII controls, DEL, backslash, and the lead bytes
    /// of the multi-byte characters above.
    @inline(__always)
    static func mayNeedEscape(_ b: UInt8) -> Bool {
        b < 0x20 || b == 0x7F || b == 0x5C || b == 0xC2 || b == 0xD8 || b == 0xE2
    }
}
