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

    /// `count` bytes from byte `i` decoded once into a fixed buffer (the rest zero), for a reader that
    /// reads many fields of them; bytes past the end of the text read as 0.
    ///
    /// - Important: The text must be valid (``isValid``, as ``BLEAdvertisement/init(_:)`` checks): each
    ///   digit is converted without a check (a non-hex byte would give a wrong value, never a crash).
    ///   `count` must be at most `n` (a programming error otherwise).
    func decoded<let n: Int>(from i: Int, count: Int) -> InlineArray<n, UInt8> {
        precondition(count <= n, "HexText.decoded: \(count) bytes do not fit in \(n)")
        var out = InlineArray<n, UInt8>(repeating: 0)
        let start = self.range.lowerBound + 2 * i
        guard i >= 0, start < self.range.upperBound else { return out }
        let available = (self.range.upperBound - start) / 2
        let digits = self.bytes.span.extracting(start..<(start + 2 * min(count, available)))
        var j = 0
        while digits.count - 2 * j >= 8 {
            let four = Self.decodedWord(loadWord(digits, 2 * j))
            out[j] = UInt8(truncatingIfNeeded: four)
            out[j + 1] = UInt8(truncatingIfNeeded: four >> 8)
            out[j + 2] = UInt8(truncatingIfNeeded: four >> 16)
            out[j + 3] = UInt8(truncatingIfNeeded: four >> 24)
            j += 4
        }
        while j < digits.count / 2 {
            out[j] = Self.digitValue(digits[2 * j]) << 4 | Self.digitValue(digits[2 * j + 1])
            j += 1
        }
        return out
    }

    /// Eight hex digits known to be valid (a little-endian word: the first digit in the low byte) as the
    /// four bytes they encode, the first in the low byte: ``digitValue(_:)`` on every byte at once, then
    /// each pair of nibbles joined and the four results packed.
    @inline(__always)
    static func decodedWord(_ w: UInt64) -> UInt32 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let nibbles = (w & (ones &* 0x0F)) &+ ((w >> 6) & ones) &* 9
        let lanes: UInt64 = 0x00FF_00FF_00FF_00FF
        let pairs = (nibbles & lanes) << 4 | (nibbles >> 8) & lanes
        let packed = pairs & 0xFF | (pairs >> 8) & 0xFF00 | (pairs >> 16) & 0xFF_0000 | (pairs >> 24) & 0xFF00_0000
        return UInt32(truncatingIfNeeded: packed)
    }

    /// The value of a hex digit known to be one (`0`–`9`, `A`–`F`, `a`–`f`), without a branch: the low
    /// nibble, plus 9 for a letter (bit 6 set).
    @inline(__always)
    static func digitValue(_ c: UInt8) -> UInt8 { (c & 0x0F) &+ (c >> 6) &* 9 }

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

    /// `true` when every character is a hex digit and the length is even (eight characters at a time,
    /// ``allHexDigits(_:)``, then the rest).
    var isValid: Bool {
        guard self.range.count % 2 == 0 else { return false }
        let span = self.bytes.span
        var k = self.range.lowerBound
        let end = self.range.upperBound
        while end - k >= 8 {
            guard Self.allHexDigits(loadWord(span, k)) else { return false }
            k += 8
        }
        while k < end {
            guard hexValue(span[k]) != nil else { return false }
            k += 1
        }
        return true
    }

    /// `true` when all eight bytes of `w` are ASCII hex digits. Each byte is tested on its own: with bit 7
    /// cleared, adding `0x80 − lo` sets bit 7 exactly when the byte is ≥ `lo`, and no sum carries into the
    /// next byte.
    @inline(__always)
    static func allHexDigits(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        let x = w & ~high
        let digit = (x &+ ones &* (0x80 - 0x30)) & ~(x &+ ones &* (0x7F - 0x39))
        let y = (w | ones &* 0x20) & ~high  // 'A'…'F' as 'a'…'f'
        let letter = (y &+ ones &* (0x80 - 0x61)) & ~(y &+ ones &* (0x7F - 0x66))
        return w & high == 0 && (digit | letter) & high == high
    }
}
