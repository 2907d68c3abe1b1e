import RTLSCore

/// Little-endian appends for the spool codec.
extension Array where Element == UInt8 {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        var v = value.littleEndian
        for _ in 0..<MemoryLayout<T>.size {
            self.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    /// An identifier as a `u8` length and its UTF-8 bytes.
    mutating func appendInline<let n: Int>(_ s: InlineString<n>) {
        self.append(UInt8(truncatingIfNeeded: s.count))
        s.withUTF8Span { span in
            for i in 0..<span.count { self.append(span[i]) }
        }
    }
}

/// A bounds-checked little-endian cursor over spool bytes; every read past the end throws
/// `SpoolError.Code.corrupt` (the caller adds the file and offset).
struct SpoolByteReader {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int

    init(_ bytes: [UInt8], from start: Int = 0, end: Int? = nil) {
        self.bytes = bytes
        self.offset = start
        self.end = end ?? bytes.count
    }

    var remaining: Int { self.end - self.offset }

    mutating func read<T: FixedWidthInteger>(_: T.Type) throws(SpoolError) -> T {
        let size = MemoryLayout<T>.size
        guard self.remaining >= size else { throw SpoolError(.corrupt, detail: "record ends early") }
        var value: T = 0
        for i in 0..<size {
            value |= T(truncatingIfNeeded: self.bytes[self.offset + i]) << (8 * i)
        }
        self.offset += size
        return value
    }

    /// An identifier written by `appendInline`.
    mutating func readInline<let n: Int>() throws(SpoolError) -> InlineString<n> {
        let length = Int(try self.read(UInt8.self))
        let bytes = Array(try self.readBytes(length))
        guard let value = InlineString<n>(utf8: bytes.span) else {
            throw SpoolError(.corrupt, detail: "identifier longer than \(n) bytes")
        }
        return value
    }

    mutating func readBytes(_ count: Int) throws(SpoolError) -> ArraySlice<UInt8> {
        guard count >= 0, self.remaining >= count else { throw SpoolError(.corrupt, detail: "record ends early") }
        defer { self.offset += count }
        return self.bytes[self.offset..<(self.offset + count)]
    }
}
