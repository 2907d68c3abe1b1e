import RTLSCore

/// Writes the fields of one binary COPY row straight into storage that
/// ``BinaryCopyWriter/appendRow(fieldCount:byteCount:_:)`` set aside for it.
///
/// The bytes are exactly those of the ``CopyField`` conformances (a big-endian `int32` length, then
/// the value; NULL is length `-1`), but each field costs two stores instead of two array appends.
/// Only ``BinaryCopyWriter`` makes one, for the duration of one row, and lends it `inout` to the row's
/// closure; being non-copyable, it cannot be kept past that.
@safe
struct CopyRowEncoder: ~Copyable {
    /// Start of the bytes set aside for the row.
    private let base: UnsafeMutableRawPointer
    /// Bytes set aside for the row; no write goes past it.
    private let limit: Int
    /// Bytes written so far.
    private(set) var count: Int = 0

    /// Views `limit` writable bytes at `base`; the caller keeps them alive while the encoder exists.
    init(base: UnsafeMutableRawPointer, limit: Int) {
        unsafe self.base = base
        self.limit = limit
    }

    /// The bytes `value` takes after its length word: its size, or 0 for NULL. Rows add these up
    /// for ``BinaryCopyWriter/appendRow(fieldCount:byteCount:_:)``.
    @inline(__always)
    static func valueSize<T: BitwiseCopyable>(_ value: T?) -> Int {
        value == nil ? 0 : MemoryLayout<T>.size
    }

    @inline(__always)
    private mutating func store<T: FixedWidthInteger>(_ value: T) {
        let size = MemoryLayout<T>.size
        precondition(self.count &+ size <= self.limit, "CopyRowEncoder: row longer than its byteCount")
        // SAFETY: `base` points at `limit` writable bytes that stay reserved and alive while the encoder
        // exists (it is non-copyable, created only by `appendRow` and lent `inout` to its closure); the
        // precondition keeps `count + size` within them. `storeBytes` allows unaligned offsets.
        unsafe self.base.storeBytes(of: value.bigEndian, toByteOffset: self.count, as: T.self)
        self.count &+= size
    }

    /// Writes the 16-bit field-count word that opens a row.
    @inline(__always)
    mutating func writeFieldCount(_ fieldCount: Int16) { self.store(fieldCount) }

    /// Appends a NULL field (length `-1`).
    @inline(__always)
    mutating func appendNull() { self.store(CopyHeader.nullLength) }

    /// Appends an `int2` field.
    @inline(__always)
    mutating func append(_ value: Int16) {
        self.store(Int32(2))
        self.store(value)
    }

    /// Appends an `int4` field.
    @inline(__always)
    mutating func append(_ value: Int32) {
        self.store(Int32(4))
        self.store(value)
    }

    /// Appends an `int8` field.
    @inline(__always)
    mutating func append(_ value: Int64) {
        self.store(Int32(8))
        self.store(value)
    }

    /// Appends a `real` field (bit pattern; NaN and ±Inf pass through).
    @inline(__always)
    mutating func append(_ value: Float) {
        self.store(Int32(4))
        self.store(value.bitPattern)
    }

    /// Appends a `double precision` field (bit pattern; NaN and ±Inf pass through).
    @inline(__always)
    mutating func append(_ value: Double) {
        self.store(Int32(8))
        self.store(value.bitPattern)
    }

    /// Appends a `timestamptz` field (microseconds since 2000-01-01 UTC).
    @inline(__always)
    mutating func append(_ value: Timestamp) {
        self.store(Int32(8))
        self.store(value.postgresMicroseconds)
    }

    /// Appends an `int2` field, or NULL when `value` is `nil`.
    @inline(__always)
    mutating func append(_ value: Int16?) {
        if let value { self.append(value) } else { self.appendNull() }
    }

    /// Appends an `int4` field, or NULL when `value` is `nil`.
    @inline(__always)
    mutating func append(_ value: Int32?) {
        if let value { self.append(value) } else { self.appendNull() }
    }

    /// Appends a `real` field, or NULL when `value` is `nil`.
    @inline(__always)
    mutating func append(_ value: Float?) {
        if let value { self.append(value) } else { self.appendNull() }
    }

    /// Appends a `double precision` field, or NULL when `value` is `nil`.
    @inline(__always)
    mutating func append(_ value: Double?) {
        if let value { self.append(value) } else { self.appendNull() }
    }
}
