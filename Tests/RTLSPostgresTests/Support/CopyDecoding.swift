import RTLSCore
import RTLSPostgres

/// Test-side decoder for the binary COPY format, independent of the encoder: it reads what the
/// server would read, so round trips prove the bytes, not just symmetry of two helpers.
enum CopyDecodeError: Error { case truncated, badSignature, badFlags, badLength(Int), trailingBytes }

struct CopyBytesReader {
    let bytes: [UInt8]
    var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func take(_ n: Int) throws -> ArraySlice<UInt8> {
        guard n >= 0, self.offset + n <= self.bytes.count else { throw CopyDecodeError.truncated }
        defer { self.offset += n }
        return self.bytes[self.offset..<(self.offset + n)]
    }

    mutating func bigEndian<T: FixedWidthInteger>(_: T.Type) throws -> T {
        var value = T.zero
        for byte in try self.take(T.bitWidth / 8) { value = (value << 8) | T(truncatingIfNeeded: byte) }
        return value
    }

    /// Reads one field: `nil` for NULL, else its payload bytes.
    mutating func field() throws -> [UInt8]? {
        let length = try self.bigEndian(Int32.self)
        if length == -1 { return nil }
        guard length >= 0 else { throw CopyDecodeError.badLength(Int(length)) }
        return Array(try self.take(Int(length)))
    }

    var isAtEnd: Bool { self.offset == self.bytes.count }
}

/// Parses a whole stream into rows of optional field payloads.
func decodeCopyStream(_ bytes: [UInt8]) throws -> [[[UInt8]?]] {
    var reader = CopyBytesReader(bytes)
    guard Array(try reader.take(11)) == [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00] else {
        throw CopyDecodeError.badSignature
    }
    guard try reader.bigEndian(Int32.self) == 0 else { throw CopyDecodeError.badFlags }
    let extensionLength = try reader.bigEndian(Int32.self)
    _ = try reader.take(Int(extensionLength))
    var rows: [[[UInt8]?]] = []
    while true {
        let count = try reader.bigEndian(Int16.self)
        if count == -1 { break }
        var row: [[UInt8]?] = []
        for _ in 0..<count { row.append(try reader.field()) }
        rows.append(row)
    }
    guard reader.isAtEnd else { throw CopyDecodeError.trailingBytes }
    return rows
}

/// Decodes one field as written by `CopyField.appendCopyField(to:)`: returns its payload or nil for NULL.
func decodeSingleField(_ bytes: [UInt8]) throws -> [UInt8]? {
    var reader = CopyBytesReader(bytes)
    let payload = try reader.field()
    guard reader.isAtEnd else { throw CopyDecodeError.trailingBytes }
    return payload
}

func integer<T: FixedWidthInteger>(_ payload: [UInt8], as _: T.Type) throws -> T {
    guard payload.count == T.bitWidth / 8 else { throw CopyDecodeError.badLength(payload.count) }
    var reader = CopyBytesReader(payload)
    return try reader.bigEndian(T.self)
}

func float4(_ payload: [UInt8]) throws -> Float { Float(bitPattern: try integer(payload, as: UInt32.self)) }
func float8(_ payload: [UInt8]) throws -> Double { Double(bitPattern: try integer(payload, as: UInt64.self)) }
func text(_ payload: [UInt8]) -> String { String(decoding: payload, as: UTF8.self) }
/// timestamptz payload → Unix microseconds (adds the 2000-01-01 epoch back, computed here from days).
func timestamptz(_ payload: [UInt8]) throws -> Timestamp {
    let daysFrom1970To2000: Int64 = 10_957
    return Timestamp(microseconds: try integer(payload, as: Int64.self) + daysFrom1970To2000 * 86_400 * 1_000_000)
}

func encodeField<F: CopyField>(_ value: F) -> [UInt8] {
    var buffer: [UInt8] = []
    value.appendCopyField(to: &buffer)
    return buffer
}
