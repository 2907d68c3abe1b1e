/// `boolean`: one byte, 1 for true and 0 for false.
extension Bool: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(1))
        buffer.append(self ? 1 : 0)
    }
}
