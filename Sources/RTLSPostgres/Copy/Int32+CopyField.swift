/// `integer` (`int4`): 4 bytes, big-endian two's complement.
extension Int32: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(4))
        buffer.appendBigEndian(self)
    }
}
