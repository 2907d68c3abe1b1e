public import RTLSCore

/// `text` from an inline identifier (tag, gateway, zone name) without making a `String`.
extension InlineString: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(self.count))
        self.withUTF8Span { span in
            for i in span.indices { buffer.append(span[i]) }
        }
    }
}
