/// Builds a binary `COPY … FROM STDIN (FORMAT binary)` stream in one reusable byte buffer.
///
/// Write the rows with ``beginRow(fieldCount:)`` and the `append` methods, call ``finish()`` to add
/// the trailer, send ``bytes``, then ``reset()`` to start the next batch without giving back the
/// buffer's capacity (no allocation per batch once warmed up).
///
/// ```swift
/// var writer = BinaryCopyWriter()
/// writer.beginRow(fieldCount: 2)
/// writer.append(Int32(7))
/// writer.append(nil as Double?)
/// writer.finish()
/// try connection.copyIn("COPY t (a, b) FROM STDIN (FORMAT binary)", data: writer.bytes)
/// ```
public struct BinaryCopyWriter: Sendable {
    /// The stream so far: header, rows and, after ``finish()``, the trailer.
    public private(set) var bytes: [UInt8]
    /// Rows begun since the last reset.
    public private(set) var rowCount: Int = 0
    /// `true` once ``finish()`` appended the trailer.
    public private(set) var isFinished: Bool = false

    /// Creates a writer holding just the stream header.
    ///
    /// - Parameter capacity: bytes to reserve up front (a location row is ~110 bytes).
    public init(reservingCapacity capacity: Int = 64 * 1024) {
        self.bytes = []
        self.bytes.reserveCapacity(max(capacity, CopyHeader.bytes.count + 2))
        self.bytes.append(contentsOf: CopyHeader.bytes)
    }

    /// Empties the stream back to just the header, keeping the buffer's capacity.
    public mutating func reset() {
        self.bytes.removeAll(keepingCapacity: true)
        self.bytes.append(contentsOf: CopyHeader.bytes)
        self.rowCount = 0
        self.isFinished = false
    }

    /// `true` when no row has been written since the last reset.
    public var isEmpty: Bool { self.rowCount == 0 }

    /// Starts a row; exactly `fieldCount` fields must follow.
    public mutating func beginRow(fieldCount: Int16) {
        precondition(!self.isFinished, "BinaryCopyWriter: row after finish(); call reset() first")
        self.bytes.appendBigEndian(fieldCount)
        self.rowCount += 1
    }

    /// Writes one row through a ``CopyRowEncoder``: the row's exact size is added to the buffer once
    /// and the fields are stored into it directly. The bytes equal those of
    /// ``beginRow(fieldCount:)`` followed by the same `append` calls.
    ///
    /// - Parameters:
    ///   - fieldCount: fields `body` writes.
    ///   - byteCount: the row's size, field-count word included: 2, plus 4 per field, plus each
    ///     non-NULL value's size (``CopyRowEncoder/valueSize(_:)``). A row that writes any other
    ///     amount stops the process rather than overrun the buffer or leave a gap in the stream.
    @inline(__always)
    mutating func appendRow(fieldCount: Int16, byteCount: Int, _ body: (inout CopyRowEncoder) -> Void) {
        precondition(!self.isFinished, "BinaryCopyWriter: row after finish(); call reset() first")
        precondition(byteCount >= 2, "BinaryCopyWriter: a row takes at least its field-count word")
        let start = self.bytes.count
        self.bytes.append(contentsOf: repeatElement(0, count: byteCount))
        // SAFETY: the array was just grown by `byteCount` bytes from `start`; the raw buffer covers
        // them for the closure's duration, and the encoder (non-copyable, confined to the closure)
        // bounds every store by `byteCount`, so it writes only inside `start..<start + byteCount`.
        let written = unsafe self.bytes.withUnsafeMutableBytes { raw in
            guard let base = raw.baseAddress else { preconditionFailure("BinaryCopyWriter: no row storage") }
            var encoder = unsafe CopyRowEncoder(base: base + start, limit: byteCount)
            encoder.writeFieldCount(fieldCount)
            body(&encoder)
            return encoder.count
        }
        precondition(written == byteCount, "BinaryCopyWriter: row wrote \(written) bytes, sized \(byteCount)")
        self.rowCount += 1
    }

    /// Appends one non-NULL field.
    public mutating func append<Field: CopyField>(_ value: Field) {
        value.appendCopyField(to: &self.bytes)
    }

    /// Appends one field, or NULL when `value` is `nil`.
    public mutating func append<Field: CopyField>(_ value: Field?) {
        if let value {
            value.appendCopyField(to: &self.bytes)
        } else {
            self.appendNull()
        }
    }

    /// Appends a NULL field (length `-1`, no bytes).
    public mutating func appendNull() {
        self.bytes.appendBigEndian(CopyHeader.nullLength)
    }

    /// Forgets the bytes built so far once they were sent (a stream sent in pieces while it is being
    /// encoded), keeping the row count; the stream goes on without a new header.
    public mutating func removeSentBytes() {
        self.bytes.removeAll(keepingCapacity: true)
    }

    /// Appends the end-of-stream marker; further rows need a ``reset()`` first. Idempotent.
    public mutating func finish() {
        guard !self.isFinished else { return }
        self.bytes.appendBigEndian(CopyHeader.trailer)
        self.isFinished = true
    }
}
