/// `smallint` (`int2`): 2 bytes, big-endian two's complement.
extension Int16: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(2))
        buffer.appendBigEndian(self)
    }
}
