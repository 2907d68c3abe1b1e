/// String scanning: escapes and UTF-8 validation (RFC 8259 §7, Unicode Table 3-7).
extension JSONTape {
    /// Scans a string whose opening quote is at `quote`.
    ///
    /// Plain runs (printable ASCII other than `"`, `\` and DEL) are skipped eight bytes at a time
    /// (``specialBytes(_:)``); only the bytes that end a run are looked at one by one.
    ///
    /// - Returns: The offset of the closing quote and the token flags (``JSONToken/escaped``,
    ///   ``JSONToken/unusual``).
    /// - Throws: `notJSON` for bare control characters, bad escapes or truncation; `invalidUTF8`.
    @inline(__always)
    static func scanString(_ bytes: Span<UInt8>, _ quote: Int) throws(DecodeError) -> (Int, UInt8) {
        var i = quote + 1
        var flags: UInt8 = 0
        let n = bytes.count
        while i < n {
            if i &+ 8 <= n {  // i < n <= Int.max - 8 (a payload is under 2 GiB): no overflow
                let special = Self.specialBytes(Self.word(bytes, i))
                if special == 0 {
                    i &+= 8
                    continue
                }
                i &+= special.trailingZeroBitCount &>> 3
            }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return (i, flags) }
            if c >= 0x20 && c < 0x7F && c != UInt8(ascii: "\\") {
                i += 1
            } else if c == UInt8(ascii: "\\") {
                flags |= JSONToken.escaped
                i = try Self.scanEscape(bytes, i)
            } else if c < 0x20 {
                throw DecodeError(.notJSON, detail: "control character in a string at offset \(i)")
            } else if c == 0x7F {
                flags |= JSONToken.unusual
                i += 1
            } else {
                flags |= JSONToken.unusual
                i = try Self.scanUTF8Sequence(bytes, i)
            }
        }
        throw Self.truncated
    }

    /// The eight bytes at `i` as a little-endian word (the caller checked `i + 8 <= bytes.count`).
    @inline(__always)
    static func word(_ bytes: Span<UInt8>, _ i: Int) -> UInt64 { loadWord(bytes, i) }

    /// Bit 7 of each byte of `w` that is not plain string text: `"`, `\`, a control character (< 0x20),
    /// DEL or a non-ASCII byte. Only the lowest set bit is exact (the borrow of a match can set bits
    /// above it), which is all ``scanString(_:_:)`` uses: it stops at the first such byte.
    @inline(__always)
    static func specialBytes(_ w: UInt64) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22)
        let backslash = w ^ (ones &* 0x5C)
        let del = w ^ (ones &* 0x7F)
        let zeroQuote = (quote &- ones) & ~quote
        let zeroBackslash = (backslash &- ones) & ~backslash
        let zeroDel = (del &- ones) & ~del
        let control = (w &- ones &* 0x20) & ~w
        return (zeroQuote | zeroBackslash | zeroDel | control | w) & high
    }

    /// Validates the escape whose backslash is at `i`; returns the offset after it.
    private static func scanEscape(_ bytes: Span<UInt8>, _ i: Int) throws(DecodeError) -> Int {
        guard i + 1 < bytes.count else { throw Self.truncated }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
            UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            let unit = try Self.hex4(bytes, i + 2)
            if unit >= 0xDC00 && unit <= 0xDFFF {
                throw DecodeError(.invalidUTF8, detail: "unpaired low surrogate escape at offset \(i)")
            }
            guard unit >= 0xD800 && unit <= 0xDBFF else { return i + 6 }
            guard i + 7 < bytes.count, bytes[i + 6] == UInt8(ascii: "\\"), bytes[i + 7] == UInt8(ascii: "u") else {
                throw DecodeError(.invalidUTF8, detail: "unpaired high surrogate escape at offset \(i)")
            }
            let low = try Self.hex4(bytes, i + 8)
            guard low >= 0xDC00 && low <= 0xDFFF else {
                throw DecodeError(.invalidUTF8, detail: "unpaired high surrogate escape at offset \(i)")
            }
            return i + 12
        default:
            throw DecodeError(.notJSON, detail: "invalid escape at offset \(i)")
        }
    }

    /// Reads four hex digits at `i` as a UTF-16 code unit.
    static func hex4(_ bytes: Span<UInt8>, _ i: Int) throws(DecodeError) -> UInt32 {
        guard i + 4 <= bytes.count else { throw Self.truncated }
        var value: UInt32 = 0
        for k in i..<(i + 4) {
            guard let digit = hexValue(bytes[k]) else {
                throw DecodeError(.notJSON, detail: "invalid \\u escape at offset \(i)")
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Validates one multi-byte UTF-8 sequence starting at `i`; returns the offset after it.
    private static func scanUTF8Sequence(_ bytes: Span<UInt8>, _ i: Int) throws(DecodeError) -> Int {
        let lead = bytes[i]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw DecodeError(.invalidUTF8, detail: "invalid UTF-8 lead byte at offset \(i)")
        }
        guard i + length <= bytes.count else { throw Self.truncated }
        let second = bytes[i + 1]
        guard second >= low && second <= high else {
            throw DecodeError(.invalidUTF8, detail: "invalid UTF-8 sequence at offset \(i)")
        }
        for k in (i + 2)..<(i + length) where bytes[k] & 0xC0 != 0x80 {
            throw DecodeError(.invalidUTF8, detail: "invalid UTF-8 sequence at offset \(i)")
        }
        return i + length
    }
}

/// The eight bytes at `i` as a little-endian word; traps unless `i + 8 <= bytes.count`.
///
/// One bounds check (the 8-byte slice) instead of eight, so the compiler can fuse the byte loads into a
/// single 64-bit load, without `unsafe`.
@inline(__always)
func loadWord(_ bytes: Span<UInt8>, _ i: Int) -> UInt64 {
    let eight = bytes.extracting(i..<(i &+ 8))
    var w: UInt64 = 0
    for k in 0..<8 { w |= UInt64(eight[k]) << UInt64(8 * k) }
    return w
}

/// The value of an ASCII hex digit, or `nil`.
@inline(__always)
func hexValue(_ c: UInt8) -> UInt8? {
    let digit = c &- UInt8(ascii: "0")
    if digit < 10 { return digit }
    let letter = (c | 0x20) &- UInt8(ascii: "a")  // 'A'…'F' and 'a'…'f' alike
    return letter < 6 ? letter &+ 10 : nil
}
