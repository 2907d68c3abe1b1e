/// `text` (also `varchar`, `name`): the UTF-8 bytes, no terminator.
///
/// PostgreSQL rejects a NUL byte in text (SQLSTATE 22021), so the COPY would fail; callers that take
/// text from payloads must strip NULs first (``ReferenceIDCache`` does for reference names).
extension String: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        let utf8 = self.utf8
        buffer.appendBigEndian(Int32(truncatingIfNeeded: utf8.count))
        buffer.append(contentsOf: utf8)
    }
}
