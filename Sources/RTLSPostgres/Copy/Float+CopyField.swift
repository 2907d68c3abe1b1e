/// `real` (`float4`): the IEEE 754 single-precision bit pattern, big-endian (NaN and ±Inf pass through).
extension Float: CopyField {
    public func appendCopyField(to buffer: inout [UInt8]) {
        buffer.appendBigEndian(Int32(4))
        buffer.appendBigEndian(self.bitPattern)
    }
}
