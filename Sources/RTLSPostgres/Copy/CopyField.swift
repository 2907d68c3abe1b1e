/// A Swift value that can be written as one field of a binary `COPY` row.
///
/// Each conformance lives in its own file (`Int32+CopyField.swift`, `Timestamp+CopyField.swift` …)
/// and appends the field exactly as PostgreSQL's binary format wants it: a big-endian `int32`
/// length, then that many bytes of the type's binary send format. NULL is written by
/// ``BinaryCopyWriter/appendNull()``, not by a conformance.
public protocol CopyField {
    /// Appends the length word and the value's bytes to `buffer`.
    func appendCopyField(to buffer: inout [UInt8])
}

extension Array where Element == UInt8 {
    /// Appends `value` in network byte order (big-endian), as every binary COPY integer is sent.
    mutating func appendBigEndian<T: FixedWidthInteger>(_ value: T) {
        let big = value.bigEndian
        // SAFETY: the raw buffer views the local `big` only for the duration of the closure, which
        // copies its `MemoryLayout<T>.size` bytes into the array and keeps no pointer.
        unsafe Swift.withUnsafeBytes(of: big) { bytes in
            unsafe self.append(contentsOf: bytes)
        }
    }
}
