/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum iSCSI (RFC 3720), ext4 and
/// many log formats use. Table-driven, one byte at a time: the spool checks a batch record of a few
/// hundred kilobytes per write, far below the cost of the `fsync` that follows it.
public enum CRC32C {
    private static let table: [UInt32] = (0..<256).map { index in
        var crc = UInt32(index)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1
        }
        return crc
    }

    /// The CRC-32C of `bytes`.
    /// - Parameter bytes: the data to check.
    /// - Returns: the checksum, as RFC 3720 appendix B.4 lists it (e.g. 32 zero bytes → `0x8A9136AA`).
    public static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        self.update(0, with: bytes)
    }

    /// Continues a checksum over more bytes: `update(checksum(a), with: b) == checksum(a + b)`.
    /// - Parameters:
    ///   - crc: the checksum of the bytes so far (0 for none).
    ///   - bytes: the next bytes.
    /// - Returns: the checksum of all the bytes.
    public static func update(_ crc: UInt32, with bytes: some Sequence<UInt8>) -> UInt32 {
        var value = ~crc
        let table = self.table
        for byte in bytes {
            value = table[Int((value ^ UInt32(byte)) & 0xFF)] ^ (value >> 8)
        }
        return ~value
    }
}
