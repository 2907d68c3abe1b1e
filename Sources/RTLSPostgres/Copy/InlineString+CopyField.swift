public import RTLSCore

/// `text` from an inline identifier (tag, gateway, zone name) without making a `String`.
extension InlineString: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(self.count))
        self.withUTF8Span { span in
            // SAFETY: the buffer pointer views the span's bytes (the string's inline storage) only for
            // the closure's duration; `append(contentsOf:)` copies them and keeps no pointer.
            unsafe span.withUnsafeBufferPointer { bytes in
                unsafe buffer.append(contentsOf: bytes)
            }
        }
    }
}
