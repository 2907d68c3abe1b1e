/// `bigint` (`int8`): 8 bytes, big-endian two's complement.
extension Int64: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(8))
        buffer.appendBigEndian(self)
    }
}
