/// `double precision` (`float8`): the IEEE 754 double-precision bit pattern, big-endian.
extension Double: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(8))
        buffer.appendBigEndian(self.bitPattern)
    }
}
